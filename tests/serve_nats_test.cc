// `cordon serve --nats` (issue 14): POST /v1/screen/batch and /v1/messages handed to a real
// `cordon worker` through a real JetStream nats-server on loopback, answered as in process; a bad
// batch refused in process without reaching the workers; 503 with the cause when no worker
// answers in time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nats/nats.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
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

TEST(ServeNatsTest, BatchesAndMessagesGoToTheWorkers) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("serve_nats");
  auto worker = StartWorker(nats.url(), "w1", {"--lists", kUnList}, dir + "/w1.log");
  const int port = testing::FreeLoopbackPort();
  ChildProcess serve({CORDON_BIN, "serve", "--nats", nats.url(), "--nats-timeout", "5", "--lists",
                      kUnList, "--no-auth", "--listen", "127.0.0.1:" + std::to_string(port)},
                     dir + "/serve.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (Http(port, "GET", "/readyz").status != 200 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_EQ(Http(port, "GET", "/readyz").status, 200) << ReadFileBytes(dir + "/serve.log");

  // A batch: the parties through a worker, answered in input order as in process.
  const HttpReply batch = Http(port, "POST", "/v1/screen/batch?limit=3",
                               R"({"queries": [{"name": "Saddam Hussein Al-Tikriti"},)"
                               R"( {"id": "c-2", "name": "Maria Schmidt"},)"
                               R"( {"id": "c-3", "name": "Sanaullah Ghafari"}]})");
  ASSERT_EQ(batch.status, 200) << batch.body << ReadFileBytes(dir + "/serve.log")
                               << ReadFileBytes(dir + "/w1.log");
  const json b = json::parse(batch.body);
  ASSERT_EQ(b["results"].size(), 3u) << batch.body;
  EXPECT_EQ(b["generation"], 1);
  const CliResult screen =
      RunCordon({"screen", "--lists", kUnList, "--limit", "3", "Saddam Hussein Al-Tikriti",
                 "Maria Schmidt", "Sanaullah Ghafari"});
  ASSERT_EQ(screen.exit_code, 0) << screen.err;
  const std::vector<json> expected = JsonLines(screen.out);
  ASSERT_EQ(expected.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(b["results"][i]["hits"], expected[i]["hits"]) << i;
  EXPECT_EQ(b["results"][0]["id"], "1");
  EXPECT_EQ(b["results"][1]["id"], "c-2");
  EXPECT_EQ(b["results"][2]["hits"][0]["entity_id"], "un:QDi.431");
  // They did go through the workers: one request on cordon.screen.batch (up to 16 parties each).
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), 1u);

  // A longer batch goes in requests of 16 (16 + 16 + 3), answered in input order.
  json many = {{"queries", json::array()}};
  for (int i = 1; i <= 35; ++i) {
    many["queries"].push_back({{"id", "p-" + std::to_string(i)},
                               {"name", i % 2 ? "Sanaullah Ghafari" : "Maria Schmidt"}});
  }
  const HttpReply long_batch = Http(port, "POST", "/v1/screen/batch", many.dump());
  ASSERT_EQ(long_batch.status, 200) << long_batch.body;
  const json lb = json::parse(long_batch.body);
  ASSERT_EQ(lb["results"].size(), 35u);
  for (int i = 1; i <= 35; ++i) {
    const json& r = lb["results"][i - 1];
    EXPECT_EQ(r["id"], "p-" + std::to_string(i));
    EXPECT_EQ(r["hits"].empty(), i % 2 == 0) << i;
  }
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), 4u);

  // A message: the worker's /v1/messages answer.
  const std::string mt =
      ReadFileBytes(CORDON_TESTDATA_DIR "/messages/injected/mt110_listed_payee.fin");
  const HttpReply message = Http(port, "POST", "/v1/messages", mt);
  ASSERT_EQ(message.status, 200) << message.body;
  const json m = json::parse(message.body);
  EXPECT_EQ(m["decision"], "hold") << message.body;
  EXPECT_THAT(message.body, HasSubstr("un:QDi.431"));
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), 5u);

  // A bad batch is refused here, as in process; nothing goes to the workers.
  const HttpReply bad = Http(port, "POST", "/v1/screen/batch", R"({"queries": [{"id": "x"}]})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("queries[0].name"));
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), 5u);

  // No worker: 503 with the cause, after the 5 s deadline.
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(60000), 0);
  const HttpReply none =
      Http(port, "POST", "/v1/screen/batch", R"({"queries": [{"name": "Maria Schmidt"}]})");
  EXPECT_EQ(none.status, 503) << none.body;
  EXPECT_THAT(none.body, HasSubstr("no worker answered 1 of 1 request(s) within 5 s"));
  EXPECT_THAT(none.body, HasSubstr("\"unavailable\""));
  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.Wait(60000), 0);
}

}  // namespace
}  // namespace cordon::e2e
