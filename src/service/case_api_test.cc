// The case API (case_api.h) in process through Api::Handle, on a SQLite case database and the
// real UN list: routing and roles, the acting user, decisions from several threads at once while
// the lists are swapped (each swap queues a re-screening on its own thread), and the
// re-screening status. Run by CI under ThreadSanitizer and AddressSanitizer; the end-to-end tests
// over HTTP on both backends are tests/serve_cases_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "cordon/cases.h"
#include "core/sha256.h"
#include "service/api.h"

namespace cordon::service {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kUnDir = CORDON_DATA_DIR "/lists/un";
const std::string kBobKey = "bob-key-0123456789abcdef";
const std::string kSueKey = "sue-key-0123456789abcdef";
const std::string kOpsKey = "ops-key-0123456789abcdef";     // admin, not a user of the store
const std::string kGatewayKey = "gw-key-0123456789abcdef";  // screen: a payment gateway

HttpRequest Req(std::string method, std::string target, const std::string& key,
                const json& body = nullptr) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  if (!body.is_null()) r.body = body.dump();
  if (!key.empty()) r.headers["authorization"] = "Bearer " + key;
  return r;
}

class CaseApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cordon_case_api_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "cases.db").string();
    auto store = CaseStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->AddUser("", "alice", cordon::Role::kAdmin).ok());
    ASSERT_TRUE((*store)->AddUser("alice", "bob", cordon::Role::kAnalyst).ok());
    ASSERT_TRUE((*store)->AddUser("alice", "sue", cordon::Role::kSupervisor).ok());
    // Ten subjects who are UN-listed people (the 2026-02-27 list's primary names), one who is not.
    std::string subjects;
    const char* listed[] = {"Sanaullah Ghafari",
                            "Khalil Ahmed Haqqani",
                            "Abdul Baqi Basir Awal Shah",
                            "Eric Badege",
                            "Dimitri Herard",
                            "Kempes Sanon",
                            "Ali Mohamed Ali Dawood",
                            "Aiman Muhammed Rabi al-Zawahiri",
                            "Sirajuddin Jallaloudine Haqqani",
                            "Abdul Qadeer Basir Abdul Baseer"};
    for (size_t i = 0; i < std::size(listed); ++i) {
      subjects += json{{"id", "s" + std::to_string(i)}, {"name", listed[i]}}.dump() + "\n";
    }
    subjects += json{{"id", "n1"}, {"name", "Louis Delaney"}}.dump() + "\n";
    auto imported = (*store)->ImportSubjects("alice", "subjects.jsonl", subjects);
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_EQ(imported->added, 11u);

    ServiceConfig o;
    o.lists = {kUnDir};
    o.db = db_;
    o.keys = {{"bob", Sha256Hex(kBobKey), static_cast<uint32_t>(Role::kAnalyst)},
              {"sue", Sha256Hex(kSueKey), static_cast<uint32_t>(Role::kSupervisor)},
              {"ops", Sha256Hex(kOpsKey), static_cast<uint32_t>(Role::kAdmin)},
              {"gateway", Sha256Hex(kGatewayKey), static_cast<uint32_t>(Role::kScreen)}};
    o.log = [](const std::string&) {};
    auto api = Api::Create(std::move(o));
    ASSERT_TRUE(api.ok()) << api.status();
    api_ = std::move(*api);
  }
  void TearDown() override {
    api_.reset();
    std::filesystem::remove_all(dir_);
  }
  HttpResponse Do(const HttpRequest& r) { return api_->Handle(r); }
  json Get(const std::string& target, const std::string& key = kBobKey) {
    HttpResponse r = Do(Req("GET", target, key));
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return json::parse(r.body, nullptr, false);
  }

  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<Api> api_;
};

TEST_F(CaseApiTest, ScreensSubjectsAndDecidesAsTheKeysUser) {
  std::set<std::string> entities;
  for (int i = 0; i < 10; ++i) {
    HttpResponse r = Do(Req("POST", "/v1/subjects/s" + std::to_string(i) + "/screen", kBobKey));
    ASSERT_EQ(r.status, 200) << r.body;
    const json body = json::parse(r.body);
    for (const json& a : body["alerts"]) entities.insert(a["entity_id"].get<std::string>());
  }
  // Every listed person alerts on their own UN entry.
  EXPECT_TRUE(entities.count("un:QDi.431")) << json(entities);
  EXPECT_TRUE(entities.count("un:TAi.150")) << json(entities);
  EXPECT_TRUE(entities.count("un:CDi.001")) << json(entities);
  HttpResponse none = Do(Req("POST", "/v1/subjects/n1/screen", kBobKey));
  EXPECT_EQ(json::parse(none.body)["alerts"].size(), 0u) << none.body;

  // The admin key "ops" is not a user of the store: it may read, not change.
  const json page = Get("/v1/alerts?sort=id&limit=1000", kOpsKey);
  ASSERT_GE(page["alerts"].size(), 5u);
  const int64_t id = page["alerts"][0]["alert_id"];
  const std::string decide = "/v1/alerts/" + std::to_string(id) + "/decision";
  HttpResponse ops = Do(Req("POST", decide, kOpsKey, {{"decision", "escalate"}, {"reason", "r"}}));
  EXPECT_EQ(ops.status, 403);
  EXPECT_THAT(ops.body, HasSubstr("unknown_user"));
  // A user header naming someone else than the key's user is refused.
  HttpRequest other = Req("POST", decide, kBobKey, {{"decision", "escalate"}, {"reason", "r"}});
  other.headers["x-cordon-user"] = "sue";
  EXPECT_EQ(Do(other).status, 403);

  HttpResponse esc = Do(Req("POST", decide, kBobKey, {{"decision", "escalate"}, {"reason", "r"}}));
  ASSERT_EQ(esc.status, 200) << esc.body;
  // An analyst may not decide an escalated alert; the supervisor may.
  HttpResponse bob =
      Do(Req("POST", decide, kBobKey, {{"decision", "true_match"}, {"reason", "r"}}));
  EXPECT_EQ(bob.status, 403) << bob.body;
  HttpResponse sue =
      Do(Req("POST", decide, kSueKey, {{"decision", "true_match"}, {"reason", "r"}}));
  ASSERT_EQ(sue.status, 200) << sue.body;
  EXPECT_EQ(json::parse(sue.body)["decided_by"], "sue");
  const json audit = Get("/v1/audit?limit=1000", kSueKey);
  ASSERT_FALSE(audit["records"].empty());
  EXPECT_EQ(audit["records"].back()["actor"], "sue");
  EXPECT_EQ(audit["records"].back()["action"], "true_match");
  EXPECT_EQ(Get("/v1/audit/verify", kSueKey)["ok"], true);
}

// Decisions from several threads while the lists are reloaded: every decision lands once, the
// swaps queue re-screenings that end, and the audit chain verifies.
// POST /v1/messages under --db: the held pacs.008 (a real CBPR+ sample, its creditor replaced by
// a UN-listed name) becomes an alert with its references; sent again, nothing new; a false
// positive suppresses the creditor in the next payment.
TEST_F(CaseApiTest, HeldMessagesBecomeAlertsOnce) {
  std::string body;
  {
    std::ifstream in(CORDON_TESTDATA_DIR "/messages/injected/pacs.008_listed_creditor.xml");
    std::stringstream ss;
    ss << in.rdbuf();
    body = ss.str();
  }
  ASSERT_FALSE(body.empty());
  auto post = [&](const std::string& text) {
    HttpRequest r = Req("POST", "/v1/messages", kGatewayKey);
    r.body = text;
    HttpResponse res = Do(r);
    EXPECT_EQ(res.status, 200) << res.body;
    return json::parse(res.body, nullptr, false);
  };
  const json first = post(body);
  EXPECT_EQ(first["decision"], "hold");
  ASSERT_EQ(first["messages"][0]["alerts"].size(), 1u) << first.dump();
  EXPECT_EQ(first["messages"][0]["alerts"][0]["outcome"], "created");
  const int64_t id = first["messages"][0]["alerts"][0]["alert_id"];
  EXPECT_TRUE(first["run_id"].is_number());

  const json page = Get("/v1/alerts?kind=message");
  ASSERT_EQ(page["alerts"].size(), 1u) << page.dump();
  const json& a = page["alerts"][0];
  EXPECT_EQ(a["alert_id"], id);
  EXPECT_EQ(a["kind"], "message");
  EXPECT_EQ(a["entity_id"], "un:QDi.431");
  EXPECT_EQ(a["message"]["reference"], "pacs8bizmsgidr01");
  EXPECT_EQ(a["message"]["type"], "pacs.008.001.12");
  EXPECT_EQ(a["message"]["field_path"], "CdtTrfTxInf[0]/Cdtr/Nm");
  EXPECT_EQ(a["message"]["transaction"]["uetr"], "8a562c67-ca16-48ba-b074-65581be6f001");
  EXPECT_EQ(a["message"]["source"], "POST /v1/messages");
  const json full = Get("/v1/alerts/" + std::to_string(id));
  EXPECT_EQ(full["subject"]["name"], "SANAULLAH GHAFARI");
  EXPECT_EQ(full["hit"]["match"]["entity_id"], "un:QDi.431");
  EXPECT_EQ(full["history"][0]["user"], "gateway");
  EXPECT_EQ(Get("/v1/alerts?kind=subject")["alerts"].size(), 0u);

  const json again = post(body);
  EXPECT_EQ(again["messages"][0]["alerts"][0]["outcome"], "recorded");
  EXPECT_EQ(again["messages"][0]["alerts"][0]["alert_id"], id);
  EXPECT_EQ(Get("/v1/alerts?kind=message")["alerts"].size(), 1u);

  HttpResponse d = Do(Req("POST", "/v1/alerts/" + std::to_string(id) + "/decision", kBobKey,
                          {{"decision", "false_positive"}, {"reason", "a Helsinki firm"}}));
  ASSERT_EQ(d.status, 200) << d.body;
  std::string next = body;
  next.replace(next.find("<MsgId>pacs8bizmsgidr01"), 23, "<MsgId>pacs8bizmsgidr02");
  const json suppressed = post(next);
  EXPECT_EQ(suppressed["decision"], "hold");  // the inspector's; the case store suppresses
  EXPECT_EQ(suppressed["messages"][0]["alerts"][0]["outcome"], "suppressed");
  EXPECT_TRUE(suppressed["messages"][0]["alerts"][0]["alert_id"].is_null());
  EXPECT_EQ(Get("/v1/audit/verify", kSueKey)["ok"], true);
  EXPECT_EQ(Do(Req("GET", "/v1/alerts?kind=nonsense", kBobKey)).status, 400);
}

TEST_F(CaseApiTest, ConcurrentDecisionsDuringSwaps) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Do(Req("POST", "/v1/subjects/s" + std::to_string(i) + "/screen", kBobKey)).status,
              200);
  }
  std::vector<int64_t> ids;
  const json open = Get("/v1/alerts?status=open&limit=1000");
  for (const json& a : open["alerts"]) ids.push_back(a["alert_id"].get<int64_t>());
  ASSERT_GE(ids.size(), 5u);
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::vector<std::thread> threads;
  threads.reserve(4);  // three deciders and one reloader
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      // Every thread tries every alert: one decision each succeeds, the others are 409.
      for (int64_t id : ids) {
        HttpResponse r = Do(Req("POST", "/v1/alerts/" + std::to_string(id) + "/decision", kBobKey,
                                {{"decision", "false_positive"}, {"reason", "not the person"}}));
        (r.status == 200 ? ok : r.status == 409 ? conflict : other)++;
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 2; ++i) EXPECT_TRUE(api_->Reload().ok());
  });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), static_cast<int>(ids.size()));
  EXPECT_EQ(conflict.load(), static_cast<int>(2 * ids.size()));
  EXPECT_EQ(other.load(), 0);
  json status;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    status = Get("/v1/lists")["rescreening"];
    if (status["runs"].get<int>() >= 1 && !status["running"].get<bool>() &&
        !status["queued"].get<bool>()) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status["ok"], true) << status;
  EXPECT_EQ(status["to_generation"], 3) << status;
  EXPECT_EQ(Get("/v1/suppressions")["suppressions"].size(), ids.size());
  EXPECT_EQ(Get("/v1/audit/verify", kSueKey)["ok"], true);
}

TEST_F(CaseApiTest, BadRequests) {
  EXPECT_EQ(Do(Req("GET", "/v1/alerts/x", kBobKey)).status, 400);
  EXPECT_EQ(Do(Req("GET", "/v1/alerts/99999", kBobKey)).status, 404);
  EXPECT_EQ(Do(Req("GET", "/v1/alerts?sort=name", kBobKey)).status, 400);
  EXPECT_EQ(Do(Req("GET", "/v1/alerts?min_score=2", kBobKey)).status, 400);
  EXPECT_EQ(Do(Req("GET", "/v1/alerts?after=0.5", kBobKey)).status, 400);  // score sort: s:id
  EXPECT_EQ(Do(Req("POST", "/v1/subjects", kBobKey, {{"name", "No Id"}})).status, 400);
  EXPECT_EQ(Do(Req("POST", "/v1/alerts/1/decision", kBobKey, {{"decision", "maybe"}})).status, 400);
  EXPECT_EQ(Do(Req("DELETE", "/v1/alerts/1", kBobKey)).status, 405);
  EXPECT_EQ(Do(Req("GET", "/v1/subjects/s1", "")).status, 401);
  // A subject id with a slash, percent-encoded in the path.
  ASSERT_EQ(Do(Req("PUT", "/v1/subjects/a%2Fb", kBobKey, {{"name", "Louis Delaney"}})).status, 201);
  EXPECT_EQ(Get("/v1/subjects/a%2Fb")["id"], "a/b");
}

}  // namespace
}  // namespace cordon::service
