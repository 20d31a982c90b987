// End-to-end tests of `cordon worker` and `cordon submit` against a real JetStream nats-server
// started on loopback by the test (testing/nats_server.h), over the real UN list: the same hits
// as `cordon screen`, poison requests in the dead-letter stream with their reasons, a request
// delivered max_deliver times without an acknowledgement, the drain at SIGTERM, and (heavy) the
// fault test of issue 14: several workers, SIGKILLed at random and restarted, the NATS server
// restarted once, every request answered exactly once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nats/nats.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "testing/nats_server.h"
#include "worker_process.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::NatsServer;
using ::testing::UnorderedElementsAreArray;

// A message stored in a stream, with the headers the tests read.
struct Stored {
  std::string subject, id, status, reason, worker, data;
};

std::string Header(natsMsg* m, const char* name) {
  const char* v = nullptr;
  return natsMsgHeader_Get(m, name, &v) == NATS_OK && v != nullptr ? v : "";
}

// A plain NATS client for the checks: what the streams hold, publishing and pulling by hand.
class Client {
 public:
  explicit Client(const std::string& url) {
    EXPECT_EQ(natsConnection_ConnectTo(&nc_, url.c_str()), NATS_OK);
    EXPECT_EQ(natsConnection_JetStream(&js_, nc_, nullptr), NATS_OK);
  }
  ~Client() {
    jsCtx_Destroy(js_);
    natsConnection_Destroy(nc_);
  }
  jsCtx* js() const { return js_; }

  uint64_t Count(const char* stream) {
    jsStreamInfo* si = nullptr;
    if (js_GetStreamInfo(&si, js_, stream, nullptr, nullptr) != NATS_OK) return 0;
    const uint64_t n = si->State.Msgs;
    jsStreamInfo_Destroy(si);
    return n;
  }

  // Every message of `stream`, read with an ordered consumer.
  std::vector<Stored> ReadAll(const char* stream, const char* filter) {
    std::vector<Stored> out;
    const uint64_t n = Count(stream);
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = stream;
    so.Ordered = true;
    natsSubscription* sub = nullptr;
    if (js_SubscribeSync(&sub, js_, filter, nullptr, &so, nullptr) != NATS_OK) return out;
    while (out.size() < n) {
      natsMsg* m = nullptr;
      if (natsSubscription_NextMsg(&m, sub, 10000) != NATS_OK) break;
      out.push_back({natsMsg_GetSubject(m), Header(m, "Nats-Msg-Id"), Header(m, "Cordon-Status"),
                     Header(m, "Cordon-Reason"), Header(m, "Cordon-Worker"),
                     std::string(natsMsg_GetData(m), natsMsg_GetDataLength(m))});
      natsMsg_Destroy(m);
    }
    natsSubscription_Destroy(sub);
    return out;
  }

 private:
  natsConnection* nc_ = nullptr;
  jsCtx* js_ = nullptr;
};

// The results of a submit run's output by the source ("file:line").
std::map<std::string, json> BySource(const std::string& out) {
  std::map<std::string, json> m;
  for (const json& j : JsonLines(out)) m[j["source"].get<std::string>()] = j;
  return m;
}

TEST(WorkerTest, ScreensAsCordonScreenDoes) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_same");
  auto worker = StartWorker(nats.url(), "w1", {"--lists", kUnList}, dir + "/w1.log");
  // Listed people of the UN list (a primary name, an alias spelling), a listed organisation
  // and a name that is not listed.
  const std::vector<std::string> names = {"Saddam Hussein Al-Tikriti", "Sanaullah Ghafari",
                                          "Al-Qaida", "Maria Schmidt"};
  std::string text;
  for (const std::string& n : names) text += n + "\n";
  WriteFileBytes(dir + "/names.txt", text);
  const CliResult sub = RunCordon({"submit", "--nats", nats.url(), dir + "/names.txt"});
  ASSERT_EQ(sub.exit_code, 0) << sub.err << "\nworker log:\n" << ReadFileBytes(dir + "/w1.log");
  std::vector<std::string> args = {"screen", "--lists", kUnList};
  args.insert(args.end(), names.begin(), names.end());
  const CliResult screen = RunCordon(args);
  ASSERT_EQ(screen.exit_code, 0) << screen.err;
  const std::vector<json> expected = JsonLines(screen.out);
  const std::map<std::string, json> got = BySource(sub.out);
  ASSERT_EQ(got.size(), names.size()) << sub.out;
  for (size_t i = 0; i < names.size(); ++i) {
    const json& r = got.at(dir + "/names.txt:" + std::to_string(i + 1));
    EXPECT_EQ(r["status"], 200);
    EXPECT_EQ(r["worker"], "w1");
    EXPECT_THAT(r["lists"].get<std::string>(), HasSubstr("un:"));
    EXPECT_EQ(r["result"]["hits"], expected[i]["hits"]) << names[i];
  }
  ASSERT_FALSE(expected[0]["hits"].empty());
  EXPECT_EQ(expected[0]["hits"][0]["entity_id"], "un:IQi.001");
  EXPECT_TRUE(expected[3]["hits"].empty());
  // Nothing went to the dead letters; the worker drains and exits 0 at SIGTERM.
  EXPECT_EQ(Client(nats.url()).Count("CORDON_DEAD"), 0u);
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(60000), 0) << ReadFileBytes(dir + "/w1.log");
}

TEST(WorkerTest, PoisonRequestsGoToTheDeadLetters) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_poison");
  auto worker = StartWorker(nats.url(), "w1", {"--lists", kUnList}, dir + "/w1.log");
  WriteFileBytes(dir + "/names.txt",
                 "Sanaullah Ghafari\n"
                 "{\"id\":\"noname\",\"birth_date\":\"1994-10-28\"}\n"
                 "{\"id\":\"broken\",\n"
                 "{\"id\":\"numeric\",\"name\":17}\n");
  const CliResult parties = RunCordon({"submit", "--nats", nats.url(), dir + "/names.txt"});
  ASSERT_EQ(parties.exit_code, 0) << parties.err;
  const std::map<std::string, json> got = BySource(parties.out);
  ASSERT_EQ(got.size(), 4u) << parties.out;
  EXPECT_EQ(got.at(dir + "/names.txt:1")["status"], 200);
  EXPECT_EQ(got.at(dir + "/names.txt:1")["result"]["hits"][0]["entity_id"], "un:QDi.431");
  for (int line = 2; line <= 4; ++line) {
    const json& r = got.at(dir + "/names.txt:" + std::to_string(line));
    EXPECT_EQ(r["status"], 400) << r.dump();
    EXPECT_TRUE(r["result"].contains("error")) << r.dump();
  }
  // A message file that is no message at all.
  WriteFileBytes(dir + "/junk.txt", "this is not a payment message\n");
  const CliResult message =
      RunCordon({"submit", "--nats", nats.url(), "--messages", dir + "/junk.txt"});
  ASSERT_EQ(message.exit_code, 0) << message.err;
  const std::vector<json> m = JsonLines(message.out);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_GE(m[0]["status"].get<int>(), 400);

  // The dead letters hold exactly the four poison requests, each once, with the reason and the
  // request as it was sent.
  Client c(nats.url());
  const std::vector<Stored> dead = c.ReadAll("CORDON_DEAD", "cordon.dead.>");
  std::set<std::string> poison_ids = {
      got.at(dir + "/names.txt:2")["request_id"], got.at(dir + "/names.txt:3")["request_id"],
      got.at(dir + "/names.txt:4")["request_id"], m[0]["request_id"]};
  std::set<std::string> dead_ids;
  for (const Stored& d : dead) {
    dead_ids.insert(d.id);
    EXPECT_THAT(d.reason, HasSubstr("refused (4")) << d.id;
    EXPECT_EQ(d.worker, "w1");
  }
  EXPECT_EQ(dead.size(), 4u);
  EXPECT_EQ(dead_ids, poison_ids);
  for (const Stored& d : dead) {
    if (d.id == got.at(dir + "/names.txt:2")["request_id"]) {
      EXPECT_EQ(d.data, "{\"id\":\"noname\",\"birth_date\":\"1994-10-28\"}");
      EXPECT_EQ(d.subject, "cordon.dead.party");
      EXPECT_THAT(d.reason, HasSubstr("name: missing"));
    }
    if (d.id == m[0]["request_id"]) {
      EXPECT_EQ(d.subject, "cordon.dead.message");
    }
  }
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(60000), 0);
}

// `cordon submit --batch`: parties travel several to a request (cordon.screen.batch), yet each
// is screened, recorded and refused on its own (on a requests stream made before batches, which
// the worker extends): the same hits as `cordon screen`, one result
// line a party, a refused party alone in the dead letters (a line of broken JSON goes in no
// batch), a hold recorded under the party's own key, and the batch delivered again (through
// another NATS server, as a redelivery after a lost acknowledgement looks to the store) raises
// no second alert.
TEST(WorkerTest, BatchesScreenEachPartyOnItsOwn) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_batch");
  const std::string db = dir + "/cases.db";
  {
    // The requests stream as a cordon before batches made it: the worker adds the subject.
    Client old(nats.url());
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    cfg.Name = "CORDON_REQUESTS";
    const char* subjects[] = {"cordon.screen.party", "cordon.screen.message"};
    cfg.Subjects = subjects;
    cfg.SubjectsLen = 2;
    cfg.Retention = js_WorkQueuePolicy;
    cfg.Storage = js_FileStorage;
    ASSERT_EQ(js_AddStream(nullptr, old.js(), &cfg, nullptr, nullptr), NATS_OK);
  }
  auto worker = StartWorker(nats.url(), "w1", {"--lists", kUnList, "--db", db}, dir + "/w1.log");
  const std::vector<std::string> lines = {"Sanaullah Ghafari",
                                          R"({"id":"noname","birth_date":"1994-10-28"})",
                                          R"({"id":"broken",)",
                                          "Maria Schmidt",
                                          R"({"id":"numeric","name":17})",
                                          "Saddam Hussein Al-Tikriti",
                                          "Al-Qaida"};
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  WriteFileBytes(dir + "/names.txt", text);
  const CliResult sub =
      RunCordon({"submit", "--nats", nats.url(), "--batch", "3", dir + "/names.txt"});
  ASSERT_EQ(sub.exit_code, 0) << sub.err << ReadFileBytes(dir + "/w1.log");
  // [1, 2], 3 alone (broken), [4, 5, 6], [7].
  EXPECT_THAT(sub.err, HasSubstr("7 requests in 4 batches, 7 results (3 refused"));
  const std::map<std::string, json> got = BySource(sub.out);
  ASSERT_EQ(got.size(), lines.size()) << sub.out;
  auto at = [&](int line) { return got.at(dir + "/names.txt:" + std::to_string(line)); };
  const std::vector<int> screened = {1, 4, 6, 7};
  std::vector<std::string> args = {"screen", "--lists", kUnList};
  for (int line : screened) args.push_back(lines[line - 1]);
  const CliResult screen = RunCordon(args);
  ASSERT_EQ(screen.exit_code, 0) << screen.err;
  const std::vector<json> expected = JsonLines(screen.out);
  ASSERT_EQ(expected.size(), screened.size());
  for (size_t i = 0; i < screened.size(); ++i) {
    const json r = at(screened[i]);
    EXPECT_EQ(r["status"], 200) << r.dump();
    EXPECT_EQ(r["result"]["hits"], expected[i]["hits"]) << lines[screened[i] - 1];
  }
  ASSERT_FALSE(expected[0]["hits"].empty());
  EXPECT_EQ(expected[0]["hits"][0]["entity_id"], "un:QDi.431");
  EXPECT_TRUE(expected[1]["hits"].empty());
  for (int line : {2, 3, 5}) EXPECT_EQ(at(line)["status"], 400) << at(line).dump();
  // A batched party's request id is its batch's with its position; the broken line's is plain.
  const std::string batch_id = at(6)["request_id"].get<std::string>().substr(
      0, at(6)["request_id"].get<std::string>().find('#'));
  EXPECT_EQ(at(4)["request_id"], batch_id + "#1");
  EXPECT_EQ(at(5)["request_id"], batch_id + "#2");
  EXPECT_EQ(at(6)["request_id"], batch_id + "#3");
  EXPECT_EQ(at(3)["request_id"].get<std::string>().find('#'), std::string::npos);

  // The dead letters: exactly the three refused parties, each alone, as sent.
  Client c(nats.url());
  const std::vector<Stored> dead = c.ReadAll("CORDON_DEAD", "cordon.dead.>");
  std::map<std::string, Stored> dead_by_id;
  for (const Stored& d : dead) dead_by_id[d.id] = d;
  EXPECT_EQ(dead.size(), 3u);
  for (int line : {2, 3, 5}) {
    const std::string id = at(line)["request_id"];
    ASSERT_TRUE(dead_by_id.count(id)) << id;
    EXPECT_EQ(dead_by_id[id].subject, "cordon.dead.party");
    EXPECT_THAT(dead_by_id[id].reason, HasSubstr("refused (400)"));
  }
  EXPECT_EQ(json::parse(dead_by_id[at(2)["request_id"].get<std::string>()].data),
            json::parse(lines[1]));
  EXPECT_EQ(dead_by_id[at(3)["request_id"].get<std::string>()].data, lines[2]);

  // Holds: one per listed party, under its own key.
  auto alert_keys = [&] {
    const CliResult list = RunCordon({"alerts", "list", "--db", db});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    std::map<std::string, int> keys;
    for (const json& a : JsonLines(list.out)) ++keys[a["request_key"].get<std::string>()];
    return keys;
  };
  worker->Signal(SIGTERM);
  ASSERT_EQ(worker->Wait(60000), 0) << ReadFileBytes(dir + "/w1.log");
  const std::map<std::string, int> first = alert_keys();
  std::set<std::string> held;
  for (int line : screened) {
    if (!at(line)["result"]["hits"].empty())
      held.insert("nats:" + at(line)["request_id"].get<std::string>());
  }
  EXPECT_EQ(held.size(), 3u);  // Ghafari, Saddam Hussein, Al-Qaida; not Maria Schmidt
  std::set<std::string> first_keys;
  for (const auto& [k, n] : first) first_keys.insert(k);
  EXPECT_EQ(first_keys, held);

  // The batch [4, 5, 6] once more, with its request id, through a fresh NATS server.
  NatsServer nats2;
  ASSERT_TRUE(nats2.ok()) << nats2.error();
  auto worker2 = StartWorker(nats2.url(), "w2", {"--lists", kUnList, "--db", db}, dir + "/w2.log");
  json batch = {{"queries",
                 {{{"id", dir + "/names.txt:4"}, {"name", lines[3]}},
                  json::parse(lines[4]),
                  {{"id", dir + "/names.txt:6"}, {"name", lines[5]}}}}};
  ASSERT_EQ(PublishRequests(nats2.url(), "cordon.screen.batch", {{batch_id, batch.dump()}},
                            "cordon.results.again"),
            "");
  Client c2(nats2.url());
  ASSERT_TRUE(WaitFor([&] { return c2.Count("CORDON_RESULTS") == 1; }, std::chrono::seconds(60)))
      << ReadFileBytes(dir + "/w2.log");
  const std::vector<Stored> again = c2.ReadAll("CORDON_RESULTS", "cordon.results.again");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, batch_id);
  const json results = json::parse(again[0].data)["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[2]["result"]["hits"], at(6)["result"]["hits"]);
  worker2->Signal(SIGTERM);
  ASSERT_EQ(worker2->Wait(60000), 0) << ReadFileBytes(dir + "/w2.log");
  EXPECT_EQ(alert_keys(), first);
  EXPECT_EQ(RunCordon({"audit", "verify", "--db", db}).exit_code, 0);
}

// --db with a SQLite file (one node): a held payment message becomes message alerts under its
// request's key, and its result says so as POST /v1/messages under serve --db does; the same
// bytes sent again (another request) raise none; a clean message records nothing.
TEST(WorkerTest, HeldMessagesBecomeAlertsInASqliteStore) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_sqlite");
  const std::string db = dir + "/cases.db";
  auto worker = StartWorker(nats.url(), "w1", {"--lists", kUnList, "--db", db}, dir + "/w1.log");
  const std::string held = CORDON_TESTDATA_DIR "/messages/injected/pacs.008_listed_creditor.xml";
  const std::string clean = CORDON_TESTDATA_DIR
      "/messages/iso20022/ballerina_iso20022_to_swiftmt/p_2_1_1__CBPR_p.2.1.1_pacs.008-AtoB.xml";
  auto submit = [&](const std::string& file) {
    const CliResult r = RunCordon({"submit", "--nats", nats.url(), "--messages", file});
    EXPECT_EQ(r.exit_code, 0) << r.err << ReadFileBytes(dir + "/w1.log");
    const std::vector<json> lines = JsonLines(r.out);
    return lines.size() == 1 ? lines[0] : json();
  };
  const json first = submit(held);
  ASSERT_EQ(first["status"], 200) << first.dump();
  const json& m = first["result"]["messages"][0];
  EXPECT_EQ(m["decision"], "hold");
  ASSERT_EQ(m["alerts"].size(), 1u) << first.dump();  // the UN list: the creditor, QDi.431
  EXPECT_EQ(m["alerts"][0]["outcome"], "created");
  EXPECT_TRUE(first["result"].contains("run_id"));
  const json again = submit(held);
  EXPECT_EQ(again["result"]["messages"][0]["alerts"][0]["outcome"], "recorded");
  EXPECT_EQ(again["result"]["messages"][0]["alerts"][0]["alert_id"], m["alerts"][0]["alert_id"]);
  const json passed = submit(clean);
  EXPECT_EQ(passed["result"]["decision"], "pass") << passed.dump();
  EXPECT_FALSE(passed["result"].contains("run_id"));
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(60000), 0);

  const CliResult list = RunCordon({"alerts", "list", "--db", db});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const std::vector<json> alerts = JsonLines(list.out);
  ASSERT_EQ(alerts.size(), 1u) << list.out;
  EXPECT_EQ(alerts[0]["kind"], "message");
  EXPECT_EQ(alerts[0]["entity_id"], "un:QDi.431");
  EXPECT_EQ(alerts[0]["alert_id"], m["alerts"][0]["alert_id"]);
  EXPECT_EQ(alerts[0]["request_key"], "nats:" + first["request_id"].get<std::string>());
  EXPECT_EQ(alerts[0]["message"]["source"], alerts[0]["request_key"]);
  EXPECT_EQ(RunCordon({"audit", "verify", "--db", db}).exit_code, 0);
}

// A request that no worker acknowledged max_deliver - 1 times (here: taken by hand and left)
// goes to the dead letters unscreened at its last delivery, with an error result.
TEST(WorkerTest, MaxDeliverGoesToTheDeadLetters) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_maxdeliver");
  const std::vector<std::string> extra = {"--lists", kUnList,         "--ack-wait",
                                          "1",       "--max-deliver", "3"};
  {
    // The first worker creates the streams and the consumer, then drains and exits.
    auto first = StartWorker(nats.url(), "w1", extra, dir + "/w1.log");
    Client c(nats.url());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    jsConsumerInfo* ci = nullptr;
    while (js_GetConsumerInfo(&ci, c.js(), "CORDON_REQUESTS", "cordon-workers", nullptr, nullptr) !=
               NATS_OK &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_NE(ci, nullptr) << ReadFileBytes(dir + "/w1.log");
    jsConsumerInfo_Destroy(ci);
    first->Signal(SIGTERM);
    ASSERT_EQ(first->Wait(60000), 0) << ReadFileBytes(dir + "/w1.log");
  }
  Client c(nats.url());
  natsMsg* req = nullptr;
  const std::string body = "{\"name\":\"Sanaullah Ghafari\"}";
  ASSERT_EQ(natsMsg_Create(&req, "cordon.screen.party", nullptr, body.data(),
                           static_cast<int>(body.size())),
            NATS_OK);
  natsMsgHeader_Set(req, "Nats-Msg-Id", "md-1");
  natsMsgHeader_Set(req, "Cordon-Reply", "cordon.results.md");
  ASSERT_EQ(js_PublishMsg(nullptr, c.js(), req, nullptr, nullptr), NATS_OK);
  natsMsg_Destroy(req);
  // Two deliveries taken and never acknowledged, as by two workers that died.
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = "CORDON_REQUESTS";
  so.Consumer = "cordon-workers";
  natsSubscription* pull = nullptr;
  ASSERT_EQ(
      js_PullSubscribe(&pull, c.js(), "cordon.screen.>", "cordon-workers", nullptr, &so, nullptr),
      NATS_OK);
  for (int delivery = 1; delivery <= 2; ++delivery) {
    natsMsgList list{};
    // The second delivery comes after the 1 s ack wait.
    ASSERT_EQ(natsSubscription_Fetch(&list, pull, 1, 30000, nullptr), NATS_OK) << delivery;
    ASSERT_EQ(list.Count, 1);
    natsMsgList_Destroy(&list);
  }
  natsSubscription_Destroy(pull);
  auto second = StartWorker(nats.url(), "w2", extra, dir + "/w2.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (c.Count("CORDON_DEAD") == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::vector<Stored> dead = c.ReadAll("CORDON_DEAD", "cordon.dead.>");
  ASSERT_EQ(dead.size(), 1u) << ReadFileBytes(dir + "/w2.log");
  EXPECT_EQ(dead[0].id, "md-1");
  EXPECT_EQ(dead[0].data, body);
  EXPECT_THAT(dead[0].reason, HasSubstr("delivered 3 times without an acknowledgement"));
  const std::vector<Stored> results = c.ReadAll("CORDON_RESULTS", "cordon.results.md");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].id, "md-1");
  EXPECT_EQ(results[0].status, "500");
  EXPECT_THAT(results[0].data, HasSubstr("max_deliver"));
  second->Signal(SIGTERM);
  EXPECT_EQ(second->Wait(60000), 0);
}

// Requests wait in a lane's hand behind long ones (here eight batch requests of 1,500 parties,
// a second or more of screening, against an ack wait of 0.5 s): the worker keeps them alive (+WPI)
// so that none is delivered a second time, and its next pulls ask for about --batch parties,
// not --batch batch requests.
TEST(WorkerTest, RequestsInHandAreKeptAlive) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_keep_alive");
  std::string names;
  int n = 0;
  std::istringstream in(ReadFileBytes(CORDON_DATA_DIR "/names/negatives/names.tsv"));
  for (std::string line; n < 12000 && std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    names += line.substr(line.rfind('\t') + 1) + "\n";
    ++n;
  }
  ASSERT_EQ(n, 12000);
  WriteFileBytes(dir + "/names.txt", names);
  auto worker =
      StartWorker(nats.url(), "w1", {"--lists", kUnList, "--ack-wait", "0.5"}, dir + "/w1.log");
  const CliResult sub =
      RunCordon({"submit", "--nats", nats.url(), "--batch", "1500", dir + "/names.txt"});
  ASSERT_EQ(sub.exit_code, 0) << sub.err << ReadFileBytes(dir + "/w1.log");
  EXPECT_THAT(sub.err, HasSubstr("12000 requests in 8 batches, 12000 results (0 refused"));
  Client c(nats.url());
  jsConsumerInfo* ci = nullptr;
  ASSERT_EQ(js_GetConsumerInfo(&ci, c.js(), "CORDON_REQUESTS", "cordon-workers", nullptr, nullptr),
            NATS_OK);
  // Eight deliveries in all: each request once.
  EXPECT_EQ(ci->Delivered.Consumer, 8u) << ReadFileBytes(dir + "/w1.log");
  EXPECT_EQ(ci->NumAckPending, 0);
  jsConsumerInfo_Destroy(ci);
  EXPECT_EQ(c.Count("CORDON_DEAD"), 0u);
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(60000), 0);
}

// List distribution: `cordon lists publish` makes a snapshot current; a worker with
// --follow-lists installs it before screening and switches to a newer one without a restart; a
// file that does not open as lists is never published.
TEST(WorkerTest, FollowsPublishedLists) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_lists");
  const std::string v1 = dir + "/un-2026-02-27.cordsnap", v2 = dir + "/un-2025-08-02.cordsnap";
  ASSERT_EQ(RunCordon({"index", "build", "--lists", kUnList, "-o", v1}).exit_code, 0);
  ASSERT_EQ(
      RunCordon({"index", "build", "--lists",
                 CORDON_TESTDATA_DIR "/lists/un/un_consolidated_2025-08-02_by_prn.xml", "-o", v2})
          .exit_code,
      0);
  const std::string local = dir + "/worker/lists.cordsnap";
  std::filesystem::create_directories(dir + "/worker");
  // Nothing published and no file: the worker does not start.
  const CliResult none = RunCordon({"worker", "--nats", nats.url(), "--follow-lists", local});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_THAT(none.err, HasSubstr("no lists published"));

  const CliResult pub1 = RunCordon({"lists", "publish", "--nats", nats.url(), v1});
  ASSERT_EQ(pub1.exit_code, 0) << pub1.err;
  EXPECT_THAT(pub1.out, HasSubstr("published"));
  auto worker = StartWorker(nats.url(), "w1", {"--follow-lists", local}, dir + "/w1.log");
  WriteFileBytes(dir + "/names.txt", "Sanaullah Ghafari\n");
  auto screened_with = [&] {
    const CliResult r = RunCordon({"submit", "--nats", nats.url(), dir + "/names.txt"});
    const std::vector<json> lines = JsonLines(r.out);
    return lines.size() == 1 ? lines[0]["lists"].get<std::string>() : "error: " + r.err;
  };
  const std::string first = screened_with();
  EXPECT_THAT(first, HasSubstr("un:")) << ReadFileBytes(dir + "/w1.log");
  EXPECT_EQ(ReadFileBytes(local), ReadFileBytes(v1));

  const CliResult pub2 = RunCordon({"lists", "publish", "--nats", nats.url(), v2});
  ASSERT_EQ(pub2.exit_code, 0) << pub2.err;
  std::string now = first;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (now == first && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    now = screened_with();
  }
  EXPECT_NE(now, first) << ReadFileBytes(dir + "/w1.log");
  EXPECT_THAT(now, HasSubstr("un:"));
  EXPECT_EQ(ReadFileBytes(local), ReadFileBytes(v2));
  EXPECT_THAT(ReadFileBytes(dir + "/w1.log"), HasSubstr("installed at"));

  WriteFileBytes(dir + "/broken.cordsnap", "not a snapshot");
  const CliResult broken =
      RunCordon({"lists", "publish", "--nats", nats.url(), dir + "/broken.cordsnap"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.err, HasSubstr("does not open as lists"));
  EXPECT_EQ(screened_with(), now);
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(60000), 0);
}

}  // namespace
}  // namespace cordon::e2e
