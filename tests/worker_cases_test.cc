// `cordon worker --db`: holds and alerts in a throwaway PostgreSQL shared by the workers, exactly
// once per request through SIGKILLs and redeliveries (issue 14, item 1).
//
// Two workers on a real JetStream nats-server record into one PostgreSQL database while one of
// them is SIGKILLed at random and started again (its unacknowledged requests are redelivered,
// some after their alerts were committed). Every listed party must end with exactly one alert
// (its own subject id, so no other request's alert stands in for it) carrying its request key,
// and the audit chain must verify. Then the same requests, with the same request ids, go
// through a fresh NATS server (as a redelivery after a commit whose acknowledgement was lost
// looks to the store): the worker finds every key recorded and raises no alert.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "cli_runner.h"
#include "stream_count.h"
#include "testing/nats_server.h"
#include "testing/pg_cluster.h"
#include "worker_process.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using testing::NatsServer;
using testing::PgCluster;

const std::string kNegatives = CORDON_DATA_DIR "/names/negatives/names.tsv";

struct Request {
  std::string id, body;
  bool listed = false;
};

// `n` requests: every 5th a listed UN name (Sanaullah Ghafari) for a party of its own, the rest
// people and companies on no list (data/names/negatives).
std::vector<Request> Requests(size_t n) {
  std::ifstream in(kNegatives);
  std::vector<Request> out;
  std::string line;
  while (out.size() < n && std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t i = out.size() + 1;
    Request r{.id = "req-" + std::to_string(i)};
    r.listed = i % 5 == 0;
    r.body = json{{"id", "party-" + std::to_string(i)},
                  {"name", r.listed ? "Sanaullah Ghafari" : line.substr(line.rfind('\t') + 1)}}
                 .dump();
    out.push_back(r);
  }
  return out;
}

// Each request as (request id, body).
std::vector<std::pair<std::string, std::string>> IdsAndBodies(
    const std::vector<Request>& requests) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Request& r : requests) out.emplace_back(r.id, r.body);
  return out;
}

// The alerts in the store, by request key.
std::map<std::string, std::vector<json>> AlertsByRequest(const std::string& db) {
  const CliResult r = RunCordon({"alerts", "list", "--db", db, "--sort", "id", "--limit", "10000"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::vector<json>> out;
  for (const json& a : JsonLines(r.out)) out[a["request_key"].get<std::string>()].push_back(a);
  return out;
}

TEST(WorkerCasesTest, AtMostOneAlertPerRequestThroughKillsAndRedeliveries) {
  PgCluster* pg = PgCluster::Shared();
  if (pg->missing()) GTEST_SKIP() << pg->error();
  ASSERT_TRUE(pg->ok()) << pg->error();
  const std::string db = pg->CreateDatabase();
  ASSERT_FALSE(db.empty());
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_cases");
  const std::vector<Request> requests = Requests(1500);
  size_t listed = 0;
  for (const Request& r : requests) listed += r.listed ? 1 : 0;

  auto start_worker = [&](const NatsServer& server, int i, int port) {
    std::vector<std::string> a = {"--lists", kUnList, "--db",          db,   "--ack-wait", "1",
                                  "--batch", "16",    "--max-deliver", "100"};
    if (port > 0) {
      a.push_back("--listen");
      a.push_back("127.0.0.1:" + std::to_string(port));
    }
    return StartWorker(server.url(), "w" + std::to_string(i), a,
                       dir + "/w" + std::to_string(i) + ".log");
  };
  std::vector<std::unique_ptr<testing::ChildProcess>> workers;
  for (int i = 0; i < 2; ++i) workers.push_back(start_worker(nats, i, 0));
  ASSERT_EQ(PublishRequests(nats.url(), "cordon.screen.party", IdsAndBodies(requests),
                            "cordon.results.cases"),
            "");

  // Chaos until every request has its result: every 0.3-1 s a random worker is SIGKILLed (with
  // the batch in hand: screened, some recorded in the store, not acknowledged) and started again.
  std::mt19937 rng(20261203);
  int kills = 0;
  // Where each worker's log was when its latest incarnation started (the logs are appended to).
  std::vector<size_t> log_at(workers.size(), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (Count(nats.url(), "CORDON_RESULTS") < requests.size() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 700));
    if (kills < 12) {
      const int w = static_cast<int>(rng() % workers.size());
      workers[w]->Kill();
      ++kills;
      log_at[w] = ReadFileBytes(dir + "/w" + std::to_string(w) + ".log").size();
      workers[w] = start_worker(nats, w, 0);
    }
  }
  ASSERT_EQ(Count(nats.url(), "CORDON_RESULTS"), requests.size())
      << ReadFileBytes(dir + "/w0.log") << ReadFileBytes(dir + "/w1.log");
  EXPECT_EQ(Count(nats.url(), "CORDON_DEAD"), 0u);
  // The drain at SIGTERM (exit 0) is for a worker that has started: one started again just now
  // may not handle signals yet. Its start line ("consuming") says it does.
  for (size_t i = 0; i < workers.size(); ++i) {
    WaitConsuming(dir + "/w" + std::to_string(i) + ".log", log_at[i]);
  }
  for (auto& w : workers) w->Signal(SIGTERM);
  for (auto& w : workers) EXPECT_EQ(w->Wait(60000), 0);
  std::cerr << "worker_cases_test: " << requests.size() << " requests, " << listed << " listed, "
            << kills << " worker kills\n";

  // Exactly one alert for each listed request, none for the others.
  const std::map<std::string, std::vector<json>> alerts = AlertsByRequest(db);
  EXPECT_EQ(alerts.size(), listed);
  for (const Request& r : requests) {
    auto it = alerts.find("nats:" + r.id);
    if (!r.listed) {
      EXPECT_TRUE(it == alerts.end()) << r.id;
      continue;
    }
    ASSERT_TRUE(it != alerts.end()) << r.id << ": no alert";
    ASSERT_EQ(it->second.size(), 1u) << r.id << ": " << it->second.size() << " alerts";
    EXPECT_EQ(it->second[0]["entity_id"], "un:QDi.431");
    EXPECT_EQ(it->second[0]["subject_id"], json::parse(r.body)["id"]);
    EXPECT_EQ(it->second[0]["status"], "open");
  }
  const CliResult verify = RunCordon({"audit", "verify", "--db", db});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;

  // The same requests through a fresh NATS server: each key is recorded already.
  NatsServer fresh;
  ASSERT_TRUE(fresh.ok()) << fresh.error();
  const int port = testing::FreeLoopbackPort();
  auto again = start_worker(fresh, 9, port);
  std::vector<Request> listed_only;
  for (const Request& r : requests) {
    if (r.listed) listed_only.push_back(r);
  }
  ASSERT_EQ(PublishRequests(fresh.url(), "cordon.screen.party", IdsAndBodies(listed_only),
                            "cordon.results.cases"),
            "");
  const auto deadline2 = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (Count(fresh.url(), "CORDON_RESULTS") < listed_only.size() &&
         std::chrono::steady_clock::now() < deadline2) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_EQ(Count(fresh.url(), "CORDON_RESULTS"), listed_only.size())
      << ReadFileBytes(dir + "/w9.log");
  const std::string metrics = HttpGet(port, "/metrics").body;
  EXPECT_EQ(Metric(metrics, "cordon_worker_holds_recorded_before_total"),
            static_cast<double>(listed))
      << metrics;
  EXPECT_EQ(Metric(metrics, "cordon_worker_alerts_total"), 0) << metrics;
  EXPECT_EQ(Metric(metrics, "cordon_worker_store_failures_total"), 0) << metrics;
  // Per-stage latency: each request delivered once, screened once, its hold looked up once.
  for (const char* stage : {"queue", "screen", "store"}) {
    EXPECT_EQ(
        Metric(metrics, std::string("cordon_worker_stage_seconds_count{stage=\"") + stage + "\"}"),
        static_cast<double>(listed))
        << stage << "\n"
        << metrics;
  }
  EXPECT_GE(Metric(metrics, "cordon_worker_stage_seconds_count{stage=\"batch\"}"), 1) << metrics;
  EXPECT_GT(Metric(metrics, "cordon_worker_stage_seconds_sum{stage=\"screen\"}"), 0) << metrics;
  again->Signal(SIGTERM);
  EXPECT_EQ(again->Wait(60000), 0);
  size_t total = 0;
  for (const auto& [key, list] : AlertsByRequest(db)) total += list.size();
  EXPECT_EQ(total, listed);
}

}  // namespace
}  // namespace cordon::e2e
