// `cordon worker --max-list-age` (issue 14): a worker never screens with lists older than the
// limit. Against a real JetStream nats-server started on loopback, with snapshots of the real UN
// list (two versions) distributed by `cordon lists publish`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nats/nats.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "stream_count.h"
#include "testing/nats_server.h"
#include "worker_process.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using testing::ChildProcess;
using ::testing::HasSubstr;
using testing::NatsServer;

// --max-list-age: a worker whose lists were last published longer ago takes no request and says
// so on /healthz, /readyz and /metrics; the request waits in the stream and is screened once a
// newer snapshot is published, and its result names that version.
TEST(WorkerTest, TakesNoRequestsWithListsPastTheirMaxAge) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_list_age");
  const std::string v1 = dir + "/un-2026-02-27.cordsnap", v2 = dir + "/un-2025-08-02.cordsnap";
  ASSERT_EQ(RunCordon({"index", "build", "--lists", kUnList, "-o", v1}).exit_code, 0);
  ASSERT_EQ(
      RunCordon({"index", "build", "--lists",
                 CORDON_TESTDATA_DIR "/lists/un/un_consolidated_2025-08-02_by_prn.xml", "-o", v2})
          .exit_code,
      0);
  const std::string local = dir + "/lists.cordsnap";
  ASSERT_EQ(RunCordon({"lists", "publish", "--nats", nats.url(), v1}).exit_code, 0);
  const int port = testing::FreeLoopbackPort();
  // 15 s: long enough for a loaded (or sanitizer-built) worker to install a snapshot within it,
  // short for the test.
  auto worker = StartWorker(nats.url(), "w1",
                            {"--follow-lists", local, "--max-list-age", "15", "--listen",
                             "127.0.0.1:" + std::to_string(port)},
                            dir + "/w1.log");
  WriteFileBytes(dir + "/names.txt", "Sanaullah Ghafari\n");
  // Fresh: published again until the worker is ready (its start may take a while), then a
  // request is screened at once.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (HttpGet(port, "/readyz").status != 200 && std::chrono::steady_clock::now() < deadline) {
    ASSERT_EQ(RunCordon({"lists", "publish", "--nats", nats.url(), v1}).exit_code, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_EQ(RunCordon({"lists", "publish", "--nats", nats.url(), v1}).exit_code, 0);
  const CliResult fresh = RunCordon({"submit", "--nats", nats.url(), dir + "/names.txt"});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err << ReadFileBytes(dir + "/w1.log");
  const std::vector<json> first = JsonLines(fresh.out);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["result"]["hits"][0]["entity_id"], "un:QDi.431");

  // Nothing published for 15 s: both probes say why, the metrics too.
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (HttpGet(port, "/readyz").status != 503 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const auto ready = HttpGet(port, "/readyz"), health = HttpGet(port, "/healthz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_THAT(ready.body, HasSubstr("over --max-list-age 15 s"));
  EXPECT_EQ(health.status, 503);
  EXPECT_THAT(health.body, HasSubstr("over --max-list-age"));
  EXPECT_THAT(HttpGet(port, "/metrics").body, HasSubstr("\ncordon_worker_lists_stale 1\n"));

  // A request now waits: no result for 3 s, the request still in the stream.
  ChildProcess waiting(
      {CORDON_BIN, "submit", "--nats", nats.url(), "--timeout", "120", dir + "/names.txt"},
      dir + "/submit.out");
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_TRUE(waiting.running()) << ReadFileBytes(dir + "/submit.out");
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), 1u);
  EXPECT_EQ(Count(nats.url(), "CORDON_REQUESTS"), 1u);

  // A newer snapshot: installed, and the waiting request is screened with it.
  ASSERT_EQ(RunCordon({"lists", "publish", "--nats", nats.url(), v2}).exit_code, 0);
  EXPECT_EQ(waiting.Wait(120000), 0) << ReadFileBytes(dir + "/w1.log");
  // The results (submit's summary on stderr shares the file).
  std::vector<json> second;
  std::istringstream out(ReadFileBytes(dir + "/submit.out"));
  for (std::string line; std::getline(out, line);) {
    if (!line.empty() && line[0] == '{') second.push_back(json::parse(line));
  }
  ASSERT_EQ(second.size(), 1u) << ReadFileBytes(dir + "/submit.out");
  EXPECT_EQ(second[0]["status"], 200);
  EXPECT_NE(second[0]["lists"], first[0]["lists"]);  // the 2025-08-02 list, not the first
  EXPECT_EQ(ReadFileBytes(local), ReadFileBytes(v2));
  EXPECT_EQ(HttpGet(port, "/readyz").status, 200);
  EXPECT_THAT(ReadFileBytes(dir + "/w1.log"), HasSubstr("taking no requests until newer lists"));
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(60000), 0);
}

}  // namespace
}  // namespace cordon::e2e
