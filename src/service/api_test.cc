// Tests of the HTTP JSON API (api.h) driven in process through Api::Handle, on the real UN
// consolidated list (data/lists/un, 1003 entries: grep -c '<REFERENCE_NUMBER>' on the file).
// Every endpoint, every authentication case and every error case; the yente shape field by
// field; reload success and failure; requests from several threads during reloads.
#include "service/api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "cordon/cases.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "service/auth.h"
#include "service/http.h"
#include "service/openapi.h"
#include "testing/files.h"

namespace cordon::service {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kUnDir = CORDON_DATA_DIR "/lists/un";
const std::string kUnFile = kUnDir + "/un_consolidated_2026-02-27.xml";
const std::string kPacs008 =
    CORDON_TESTDATA_DIR "/messages/iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml";
const std::string kRje = CORDON_TESTDATA_DIR "/messages/swift_mt/prowide-core/MT103-out-ack.rje";
constexpr size_t kUnEntries = 1003;

// Keys of the tests, in clear; the Api gets their SHA-256 only.
const std::string kScreenKey = "screen-key-0123456789abcdef";
const std::string kAdminKey = "admin-key-0123456789abcdef";
const std::string kBothKey = "both-key-0123456789abcdef";

std::vector<ApiKey> TestKeys() {
  return {{"screener", Sha256Hex(kScreenKey), static_cast<uint32_t>(Role::kScreen)},
          {"operator", Sha256Hex(kAdminKey), static_cast<uint32_t>(Role::kAdmin)},
          {"both", Sha256Hex(kBothKey),
           static_cast<uint32_t>(Role::kScreen) | static_cast<uint32_t>(Role::kAdmin)}};
}

std::string FreshDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("cordon_api_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

HttpRequest Req(std::string method, std::string target, std::string body = "",
                const std::string& key = kBothKey) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  if (!key.empty()) r.headers["authorization"] = "Bearer " + key;
  return r;
}

json Body(const HttpResponse& r) { return json::parse(r.body); }

// The Api over the UN list, shared by the tests that do not reload (loading takes a second).
class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServiceConfig o;
    o.lists = {kUnDir};
    o.keys = TestKeys();
    o.max_batch = 5;
    o.max_body_bytes = 64 << 10;
    auto api = Api::Create(std::move(o));
    ASSERT_TRUE(api.ok()) << api.status();
    api_ = api->release();
  }
  static void TearDownTestSuite() {
    delete api_;
    api_ = nullptr;
  }
  static HttpResponse Do(const HttpRequest& r) { return api_->Handle(r); }
  // Expects an error response of the given status, code and field; returns its message.
  static std::string ExpectError(const HttpResponse& r, int status, const std::string& code,
                                 const json& field = nullptr) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "application/json");
    const json j = json::parse(r.body, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.body;
    if (!j.is_object() || !j.contains("error")) return "";
    EXPECT_EQ(j["error"]["code"], code) << r.body;
    EXPECT_EQ(j["error"]["field"], field) << r.body;
    // Errors about a screened party also carry its id.
    EXPECT_EQ(j["error"].size(), j["error"].contains("id") ? 4u : 3u) << r.body;
    return j["error"]["message"].get<std::string>();
  }
  static Api* api_;
};
Api* ApiTest::api_ = nullptr;

// --- health, readiness, lists ------------------------------------------------------------------

TEST_F(ApiTest, HealthAndReadinessAreOpen) {
  HttpResponse h = Do(Req("GET", "/healthz", "", ""));
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(Body(h), json({{"status", "ok"}}));
  HttpResponse r = Do(Req("GET", "/readyz", "", ""));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["status"], "ready");
  EXPECT_EQ(Body(r)["generation"], 1);
  EXPECT_EQ(Body(r)["entities"], kUnEntries);
  EXPECT_TRUE(api_->ready());
}

TEST_F(ApiTest, ListsShowSourcesVersionsAndCounts) {
  HttpResponse r = Do(Req("GET", "/v1/lists", "", kScreenKey));
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["generation"], 1);
  EXPECT_EQ(j["entities"], kUnEntries);
  ASSERT_EQ(j["lists"].size(), 1u);
  const json& un = j["lists"][0];
  EXPECT_EQ(un["list"], "un");
  EXPECT_EQ(un["format"], "un-xml");
  EXPECT_EQ(un["entities"], kUnEntries);
  EXPECT_EQ(un["content_hash"], "sha256:" + Sha256Hex(test_support::ReadTestFile(kUnFile)));
  EXPECT_THAT(un["published"].get<std::string>(), HasSubstr("2026-02-27"));
  EXPECT_THAT(un["files"], ElementsAre(HasSubstr("un_consolidated_2026-02-27.xml")));
  EXPECT_EQ(j["last_reload"]["error"], nullptr);
  EXPECT_EQ(j["last_reload"]["ok"], true);
  EXPECT_EQ(j["loaded_at"].get<std::string>().size(), 20u);  // 2026-11-29T04:20:39Z
  // The admin key may read them too.
  EXPECT_EQ(Do(Req("GET", "/v1/lists", "", kAdminKey)).status, 200);
}

// --- screening -----------------------------------------------------------------------------------

TEST_F(ApiTest, ScreenFindsAListedPersonWithExplanation) {
  HttpResponse r = Do(Req("POST", "/v1/screen",
                          R"({"id": "c-1", "name": "Hamza Usama Muhammad bin Laden",
                              "schema": "Person", "birth_date": "1989-05-09"})"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["id"], "c-1");
  EXPECT_EQ(j["generation"], 1);
  ASSERT_GE(j["hits"].size(), 1u);
  const json& hit = j["hits"][0];
  EXPECT_EQ(hit["entity_id"], "un:QDi.421");
  EXPECT_EQ(hit["list"], "un");
  EXPECT_EQ(hit["schema"], "Person");
  EXPECT_EQ(hit["name"], "HAMZA USAMA MUHAMMAD BIN LADEN");
  EXPECT_GE(hit["score"].get<double>(), 0.95);
  bool birth_date_supports = false;
  for (const json& e : hit["explanation"]["evidence"]) {
    if (e["attribute"] == "birth_date" && e["effect"] == "supports") birth_date_supports = true;
  }
  EXPECT_TRUE(birth_date_supports) << hit["explanation"].dump();
  EXPECT_FALSE(hit["explanation"]["alignment"].empty());
}

// UN QDi.431 (Sanaullah GHAFARI, born 1994-10-28, Afghanistan): the list's own date and
// nationality written other ways give the ISO form's score and evidence; attributes that cannot
// be read give the name's hit and warnings, never an error.
TEST_F(ApiTest, ScreenFailsClosedOnAttributes) {
  auto top = [&](const std::string& body) {
    const HttpResponse r = Do(Req("POST", "/v1/screen", body));
    EXPECT_EQ(r.status, 200) << r.body;
    json j = json::parse(r.body, nullptr, false);
    if (!j.contains("hits") || j["hits"].empty()) return json();
    return j;
  };
  const json iso =
      top(R"({"name": "Sanaullah Ghafari", "birth_date": "1994-10-28", "nationality": "af"})");
  ASSERT_EQ(iso["hits"][0]["entity_id"], "un:QDi.431");
  EXPECT_FALSE(iso.contains("warnings"));
  const json other =
      top(R"({"name": "Sanaullah Ghafari", "birth_date": "28.10.1994", "nationality": "Afghan"})");
  EXPECT_EQ(other["hits"][0]["score"], iso["hits"][0]["score"]);
  EXPECT_EQ(other["hits"][0]["explanation"]["evidence"], iso["hits"][0]["explanation"]["evidence"]);
  EXPECT_FALSE(other.contains("warnings"));
  const json name_only = top(R"({"name": "Sanaullah Ghafari"})");
  const json bad = top(R"({"id": "g", "name": "Sanaullah Ghafari", "birth_date": 1994,
                           "nationality": "Atlantis", "schema": "Dog", "gender": "x",
                           "identifiers": [1]})");
  ASSERT_EQ(bad["hits"][0]["entity_id"], "un:QDi.431");
  EXPECT_EQ(bad["hits"][0]["score"], name_only["hits"][0]["score"]);
  EXPECT_EQ(bad["id"], "g");
  ASSERT_EQ(bad["warnings"].size(), 3u) << bad.dump();
  EXPECT_EQ(bad["warnings"][0], json({{"field", "schema"},
                                      {"value", "Dog"},
                                      {"message",
                                       "not Person, Organization, Vessel, Aircraft or Any: "
                                       "screened against every schema"}}));
  EXPECT_EQ(bad["warnings"][1]["field"], "birth_date");
  EXPECT_EQ(bad["warnings"][1]["value"], "1994");
  EXPECT_EQ(bad["warnings"][2]["field"], "nationality");
  // A batch: each result carries its own warnings.
  const HttpResponse b =
      Do(Req("POST", "/v1/screen/batch",
             R"({"queries": [{"name": "Sanaullah Ghafari", "birth_date": "1994-13-01"},
                                                {"name": "Sanaullah Ghafari", "birth_date": "1994"}]})"));
  ASSERT_EQ(b.status, 200) << b.body;
  const json results = Body(b)["results"];
  EXPECT_EQ(results[0]["warnings"][0]["message"], "month 13 is not 1-12");
  EXPECT_EQ(results[0]["hits"][0]["entity_id"], "un:QDi.431");
  EXPECT_FALSE(results[1].contains("warnings"));
}

TEST_F(ApiTest, ScreenNoHitForAnUnlistedName) {
  HttpResponse r = Do(Req("POST", "/v1/screen", R"({"name": "Margarethe Vollstedt-Kranich"})"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["hits"], json::array());
  EXPECT_EQ(Body(r)["id"], "");
}

TEST_F(ApiTest, ScreenThresholdAndLimitParameters) {
  const std::string q = R"({"name": "Muhammad"})";
  HttpResponse low = Do(Req("POST", "/v1/screen?threshold=0.3&limit=3", q));
  ASSERT_EQ(low.status, 200) << low.body;
  const json hits = Body(low)["hits"];
  EXPECT_EQ(hits.size(), 3u);
  for (const json& h : hits) EXPECT_GE(h["score"].get<double>(), 0.3);
  ExpectError(Do(Req("POST", "/v1/screen?threshold=2", q)), 400, "invalid_request", "threshold");
  ExpectError(Do(Req("POST", "/v1/screen?threshold=abc", q)), 400, "invalid_request", "threshold");
  ExpectError(Do(Req("POST", "/v1/screen?limit=0", q)), 400, "invalid_request", "limit");
  ExpectError(Do(Req("POST", "/v1/screen?limit=5000", q)), 400, "invalid_request", "limit");
}

TEST_F(ApiTest, BatchKeepsInputOrderAndDefaultIds) {
  HttpResponse r = Do(Req("POST", "/v1/screen/batch",
                          R"({"queries": [{"name": "Margarethe Vollstedt-Kranich"},
                                          {"id": "x", "name": "HAMZA USAMA MUHAMMAD BIN LADEN"},
                                          {"name": "Sanaullah Ghafari"}]})"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  const json& results = j["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["id"], "1");
  EXPECT_TRUE(results[0]["hits"].empty());
  EXPECT_EQ(results[1]["id"], "x");
  EXPECT_EQ(results[1]["hits"][0]["entity_id"], "un:QDi.421");
  EXPECT_EQ(results[2]["id"], "3");
  EXPECT_EQ(results[2]["hits"][0]["entity_id"], "un:QDi.431");
}

TEST_F(ApiTest, BatchErrorsNameTheItem) {
  const HttpResponse nameless =
      Do(Req("POST", "/v1/screen/batch", R"({"queries": [{"name": "A B"}, {"nam": 1}]})"));
  ExpectError(nameless, 400, "invalid_request", "queries[1].name");
  EXPECT_EQ(Body(nameless)["error"]["id"], "2");
  const HttpResponse with_id =
      Do(Req("POST", "/v1/screen/batch", R"({"queries": [{"id": "p-9", "birth_date": "1980"}]})"));
  ExpectError(with_id, 400, "invalid_request", "queries[0].name");
  EXPECT_EQ(Body(with_id)["error"]["id"], "p-9");
  ExpectError(Do(Req("POST", "/v1/screen/batch", R"({"queries": {"name": "A"}})")), 400,
              "invalid_request", "queries");
  ExpectError(Do(Req("POST", "/v1/screen/batch", R"({"parties": []})")), 400, "invalid_request",
              "queries");
  // max_batch is 5 in this fixture.
  json six = {{"queries", json::array()}};
  for (int i = 0; i < 6; ++i) six["queries"].push_back({{"name", "Some Name"}});
  const std::string m = ExpectError(Do(Req("POST", "/v1/screen/batch", six.dump())), 422,
                                    "too_many_parties", "queries");
  EXPECT_THAT(m, HasSubstr("6 parties; the limit is 5"));
  six["queries"].erase(0);
  EXPECT_EQ(Do(Req("POST", "/v1/screen/batch", six.dump())).status, 200);
}

TEST_F(ApiTest, CompareScoresTwoNames) {
  HttpResponse r = Do(Req("POST", "/v1/compare",
                          R"({"id": "p", "name1": "Usama bin Laden", "name2": "Osama bin Ladin",
                              "schema": "Person"})"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["id"], "p");
  EXPECT_GE(j["score"].get<double>(), 0.8);
  EXPECT_EQ(j["match"], true);
  EXPECT_FALSE(j["explanation"]["alignment"].empty());
  HttpResponse other = Do(Req("POST", "/v1/compare", R"({"name1": "Usama bin Laden",
                                                         "name2": "Margarethe Vollstedt"})"));
  ASSERT_EQ(other.status, 200);
  EXPECT_LT(Body(other)["score"].get<double>(), 0.5);
  EXPECT_EQ(Body(other)["match"], false);
  ExpectError(Do(Req("POST", "/v1/compare", R"({"name1": "A"})")), 400, "invalid_request", "name2");
  ExpectError(Do(Req("POST", "/v1/compare", R"({"name1": 3, "name2": "B"})")), 400,
              "invalid_request", "name1");
  ExpectError(Do(Req("POST", "/v1/compare", R"({"name1": "A", "name2": "B", "schema": "Dog"})")),
              400, "invalid_request", "schema");
  ExpectError(Do(Req("POST", "/v1/compare", R"({"name1": "A", "name2": "B", "schema": 1})")), 400,
              "invalid_request", "schema");
}

// --- messages ------------------------------------------------------------------------------------

TEST_F(ApiTest, MessagesHoldAListedCreditorWithItsPath) {
  std::string xml = test_support::ReadTestFile(kPacs008);
  const std::string from = "<pacs:Nm>LNM</pacs:Nm>";
  ASSERT_NE(xml.find(from), std::string::npos);
  xml.replace(xml.find(from), from.size(), "<pacs:Nm>SANAULLAH GHAFARI</pacs:Nm>");
  HttpResponse r = Do(Req("POST", "/v1/messages", xml, kScreenKey));
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["decision"], "hold");
  EXPECT_EQ(j["held"], 1);
  EXPECT_EQ(j["errors"], 0);
  ASSERT_EQ(j["messages"].size(), 1u);
  const json& m = j["messages"][0];
  EXPECT_EQ(m["index"], 0);
  EXPECT_EQ(m["format"], "pacs.008.001.08");
  EXPECT_EQ(m["id"], "925OTT250922015");
  EXPECT_EQ(m["decision"], "hold");
  bool found = false;
  for (const json& h : m["hits"]) {
    if (h["kind"] == "party" && h["path"] == "CdtTrfTxInf[0]/Cdtr/Nm") {
      EXPECT_EQ(h["text"], "SANAULLAH GHAFARI");
      EXPECT_EQ(h["match"]["entity_id"], "un:QDi.431");
      found = true;
    }
  }
  EXPECT_TRUE(found) << r.body;
}

TEST_F(ApiTest, MessagesPassAFileOfThirteenMt103AndCheckTheFormat) {
  const std::string rje = test_support::ReadTestFile(kRje);
  HttpResponse r = Do(Req("POST", "/v1/messages?format=swift-mt", rje));
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["decision"], "pass");
  EXPECT_EQ(j["passed"], 13);
  EXPECT_EQ(j["messages"].size(), 13u);
  EXPECT_EQ(j["messages"][0]["id"], "22342343");
  // The wrong reader for the content: each message is an error with the reader's reason, and
  // a request with an unreadable message is held as a whole.
  HttpResponse wrong = Do(Req("POST", "/v1/messages?format=paxlst", rje));
  ASSERT_EQ(wrong.status, 200) << wrong.body;
  const json w = Body(wrong);
  EXPECT_EQ(w["decision"], "hold");
  EXPECT_EQ(w["errors"], 1);
  EXPECT_EQ(w["held"], 0);
  EXPECT_EQ(w["messages"][0]["error"]["code"], "invalid_message");
  EXPECT_THAT(w["messages"][0]["error"]["message"].get<std::string>(), HasSubstr("byte 0"));
  ExpectError(Do(Req("POST", "/v1/messages?format=telex", rje)), 400, "invalid_request", "format");
  ExpectError(Do(Req("POST", "/v1/messages", "")), 400, "invalid_request", "body");
  ExpectError(Do(Req("POST", "/v1/messages", "hello, this is not a payment")), 400,
              "invalid_message", "body");
  ExpectError(Do(Req("POST", "/v1/messages", "<Document>\xff\xfe</Document>")), 400,
              "invalid_message", "body");
}

TEST(ApiJurisdictionTest, MessagesCheckConfiguredJurisdictions) {
  const std::string dir = FreshDir("jurisdictions");
  WriteFile(dir + "/j.tsv", "country\tlk\tSri Lanka (test rule)\n");
  ServiceConfig o;
  o.lists = {kUnDir};
  o.auth = false;
  o.jurisdictions = dir + "/j.tsv";
  auto api = Api::Create(o);
  ASSERT_TRUE(api.ok()) << api.status();
  HttpResponse r =
      (*api)->Handle(Req("POST", "/v1/messages", test_support::ReadTestFile(kPacs008), ""));
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["decision"], "hold");
  std::set<std::string> attributes;
  for (const json& h : j["messages"][0]["hits"]) {
    if (h["kind"] != "jurisdiction") continue;  // party hits: COMMERCIAL BANK ~ un:KPe.003
    EXPECT_EQ(h["rule"]["value"], "lk");
    attributes.insert(h["attribute"].get<std::string>());
  }
  EXPECT_TRUE(attributes.contains("bic")) << r.body;
  // A bad jurisdiction file stops the start.
  WriteFile(dir + "/bad.tsv", "country\tiran\n");
  o.jurisdictions = dir + "/bad.tsv";
  auto bad = Api::Create(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("bad.tsv:1"));
}

// --- entities ------------------------------------------------------------------------------------

TEST_F(ApiTest, EntityByCordonOrFollowTheMoneyId) {
  for (const std::string id : {"un:QDi.421", "un-QDi.421", "un%3AQDi.421"}) {
    HttpResponse r = Do(Req("GET", "/v1/entities/" + id, "", kScreenKey));
    ASSERT_EQ(r.status, 200) << id << " " << r.body;
    const json j = Body(r);
    EXPECT_EQ(j["id"], "un-QDi.421");
    EXPECT_EQ(j["entity_id"], "un:QDi.421");
    EXPECT_EQ(j["list"], "un");
    EXPECT_EQ(j["schema"], "Person");
    EXPECT_EQ(j["caption"], "HAMZA USAMA MUHAMMAD BIN LADEN");
    EXPECT_THAT(j["properties"]["birthDate"], ElementsAre("1989-05-09"));
    EXPECT_EQ(j["target"], true);
    EXPECT_EQ(j["datasets"], json::array({"un"}));
  }
  ExpectError(Do(Req("GET", "/v1/entities/un:QDi.999999", "", kScreenKey)), 404, "entity_not_found",
              "id");
  ExpectError(Do(Req("GET", "/v1/entities/", "", kScreenKey)), 404, "not_found");
}

// --- yente ---------------------------------------------------------------------------------------

TEST_F(ApiTest, YenteMatchShapeFieldByField) {
  HttpRequest req = Req("POST", "/match/default?limit=3",
                        R"({"queries": {"q1": {"schema": "Person", "properties": {
                              "name": ["Hamza Usama Muhammad bin Laden"],
                              "birthDate": ["1989-05-09"], "nationality": ["sa"]}},
                            "q2": {"schema": "Company", "properties": {
                              "name": "Vollstedt Kranich Feinkost GmbH"}}}})",
                        "");
  req.headers["authorization"] = "ApiKey " + kScreenKey;  // yente's client header
  HttpResponse r = Do(req);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.headers,
              ::testing::Contains(std::pair<std::string, std::string>("x-batch-size", "2")));
  const json j = Body(r);
  EXPECT_EQ(j["limit"], 3);
  ASSERT_TRUE(j["matcher"].is_object());
  for (const auto& [name, doc] : j["matcher"].items()) {
    EXPECT_TRUE(doc["description"].is_string()) << name;
    EXPECT_TRUE(doc["coefficient"].is_number()) << name;
    EXPECT_TRUE(doc["url"].is_string()) << name;
  }
  const json& q1 = j["responses"]["q1"];
  EXPECT_EQ(q1["status"], 200);
  EXPECT_EQ(q1["total"], json({{"value", 1}, {"relation", "eq"}}));
  EXPECT_EQ(q1["query"]["schema"], "Person");
  EXPECT_EQ(q1["query"]["id"], nullptr);
  EXPECT_EQ(q1["query"]["properties"]["name"], json::array({"Hamza Usama Muhammad bin Laden"}));
  EXPECT_EQ(q1["query"]["properties"]["birthDate"], json::array({"1989-05-09"}));
  ASSERT_EQ(q1["results"].size(), 1u);
  const json& res = q1["results"][0];
  EXPECT_EQ(res["id"], "un-QDi.421");
  EXPECT_EQ(res["caption"], "HAMZA USAMA MUHAMMAD BIN LADEN");
  EXPECT_EQ(res["schema"], "Person");
  EXPECT_THAT(res["properties"]["birthDate"], ElementsAre("1989-05-09"));
  EXPECT_THAT(res["properties"]["name"], ::testing::Contains("HAMZA USAMA MUHAMMAD BIN LADEN"));
  EXPECT_EQ(res["datasets"], json::array({"un"}));
  // Flat properties only, as yente's match results: the nested Sanction entity is left out.
  EXPECT_FALSE(res["properties"].contains("sanctions"));
  for (const auto& [key, values] : res["properties"].items()) {
    for (const json& v : values) EXPECT_TRUE(v.is_string()) << key;
  }
  EXPECT_THAT(res["properties"]["program"], ElementsAre("Al-Qaida"));
  EXPECT_EQ(res["referents"], json::array({"un:QDi.421"}));
  EXPECT_EQ(res["target"], true);
  EXPECT_EQ(res["first_seen"], "2019-02-28T00:00:00");   // LISTED_ON
  EXPECT_EQ(res["last_seen"], "2026-02-27T00:00:00");    // the list's publication date
  EXPECT_EQ(res["last_change"], "2025-03-11T00:00:00");  // the last LAST_DAY_UPDATED
  EXPECT_GE(res["score"].get<double>(), 0.95);
  EXPECT_EQ(res["match"], true);
  EXPECT_TRUE(res["features"]["name_score"].is_number());
  EXPECT_GT(res["features"]["birth_date"].get<double>(), 0);
  EXPECT_EQ(res["explanation"]["matched_name"], "HAMZA USAMA MUHAMMAD BIN LADEN");
  const json& q2 = j["responses"]["q2"];
  EXPECT_EQ(q2["status"], 200);
  EXPECT_EQ(q2["results"], json::array());
  EXPECT_EQ(q2["total"]["value"], 0);
  EXPECT_EQ(q2["query"]["properties"]["name"], json::array({"Vollstedt Kranich Feinkost GmbH"}));
}

TEST_F(ApiTest, YenteDatasetsAndFilters) {
  const std::string body =
      R"({"queries": {"a": {"schema": "Person", "properties": {"name": ["Sanaullah Ghafari"]}}}})";
  auto first_id = [&](const std::string& target) {
    HttpResponse r = Do(Req("POST", target, body));
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    const json j = Body(r);
    const json& results = j["responses"]["a"]["results"];
    return results.empty() ? std::string() : results[0]["id"].get<std::string>();
  };
  EXPECT_EQ(first_id("/match/default"), "un-QDi.431");
  EXPECT_EQ(first_id("/match/sanctions"), "un-QDi.431");
  EXPECT_EQ(first_id("/match/un"), "un-QDi.431");
  EXPECT_EQ(first_id("/match/default?include_dataset=un"), "un-QDi.431");
  EXPECT_EQ(first_id("/match/default?exclude_dataset=un"), "");
  EXPECT_EQ(first_id("/match/default?exclude_schema=Person"), "");
  EXPECT_EQ(first_id("/match/default?exclude_entity_ids=un-QDi.431"), "");
  EXPECT_EQ(first_id("/match/default?topics=sanction"), "un-QDi.431");
  EXPECT_EQ(first_id("/match/default?topics=role.pep"), "");
  EXPECT_EQ(first_id("/match/default?algorithm=logic-v1"), "un-QDi.431");
  // UN QDi.431 was last updated before 2030.
  EXPECT_EQ(first_id("/match/default?changed_since=2030-01-01"), "");
  // yente's default limit is 5 results, whatever the server's own limit (10).
  HttpResponse many = Do(Req("POST", "/match/default?threshold=0.3",
                             R"({"queries": {"a": {"schema": "Person", "properties": {
                                  "name": ["Muhammad"]}}}})"));
  ASSERT_EQ(many.status, 200);
  EXPECT_EQ(Body(many)["limit"], 5);
  EXPECT_EQ(Body(many)["responses"]["a"]["results"].size(), 5u);
  // firstName/lastName stand in for a missing name.
  HttpResponse parts = Do(Req("POST", "/match/default",
                              R"({"queries": {"a": {"schema": "Person", "properties": {
                                   "firstName": ["Sanaullah"], "lastName": ["Ghafari"]}}}})"));
  ASSERT_EQ(parts.status, 200) << parts.body;
  EXPECT_EQ(Body(parts)["responses"]["a"]["results"][0]["id"], "un-QDi.431");
}

// Nested FtM entities become yente's flat properties: UN QDi.003 has a passport with its issuing
// country (a nested Passport in FtM) and a street address (a nested Address).
TEST_F(ApiTest, YenteResultsHaveFlatProperties) {
  HttpResponse r = Do(Req("POST", "/match/un",
                          R"({"queries": {"a": {"schema": "Person", "properties": {
                               "name": ["Salim Ahmad Salim Hamdan"],
                               "passportNumber": ["00385937"]}}}})"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json a = Body(r)["responses"]["a"];
  ASSERT_FALSE(a["results"].empty()) << r.body;
  const json& res = a["results"][0];
  EXPECT_EQ(res["id"], "un-QDi.003");
  EXPECT_THAT(res["properties"]["passportNumber"], ElementsAre("00385937"));
  ASSERT_TRUE(res["properties"].contains("address")) << res["properties"].dump();
  EXPECT_THAT(res["properties"]["address"][0].get<std::string>(), HasSubstr("Shari Tunis"));
  EXPECT_FALSE(res["properties"].contains("addressEntity"));
  EXPECT_FALSE(res["properties"].contains("identification"));
  EXPECT_THAT(res["properties"]["nationality"], ElementsAre("ye"));
  EXPECT_GT(res["features"]["identifier"].get<double>(), 0) << res["features"].dump();
  // The same entity by its FtM ID keeps the nested form.
  const json e = Body(Do(Req("GET", "/v1/entities/un-QDi.003")));
  EXPECT_EQ(e["properties"]["identification"][0]["schema"], "Passport");
  EXPECT_EQ(e["properties"]["addressEntity"].size(), 2u);
}

// Results go down to the cutoff; `match` is score >= threshold and total counts the matches.
TEST_F(ApiTest, YenteCutoffBelowThreshold) {
  HttpResponse r = Do(Req("POST", "/match/default?threshold=0.99&cutoff=0.5&limit=20",
                          R"({"queries": {"a": {"schema": "Person", "properties": {
                               "name": ["Hamza bin Laden"]}}}})"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json a = Body(r)["responses"]["a"];
  size_t matches = 0, below = 0;
  double previous = 1.0;
  for (const json& res : a["results"]) {
    const double score = res["score"].get<double>();
    EXPECT_GE(score, 0.5);
    EXPECT_LE(score, previous);  // best first
    previous = score;
    EXPECT_EQ(res["match"].get<bool>(), score >= 0.99);
    ++(score >= 0.99 ? matches : below);
  }
  EXPECT_GT(below, 0u) << r.body;
  EXPECT_EQ(a["total"]["value"], matches);
  // The cutoff cannot be above the threshold: it is lowered to it.
  HttpResponse c = Do(Req("POST", "/match/default?threshold=0.5&cutoff=0.99&limit=20",
                          R"({"queries": {"a": {"schema": "Person", "properties": {
                               "name": ["Hamza bin Laden"]}}}})"));
  ASSERT_EQ(c.status, 200);
  const json capped = Body(c)["responses"]["a"];
  for (const json& res : capped["results"]) EXPECT_EQ(res["match"], true);
  EXPECT_EQ(capped["total"]["value"], capped["results"].size());
}

TEST_F(ApiTest, YenteErrorsInYenteShape) {
  auto detail = [&](const std::string& target, const std::string& body, int status) {
    HttpResponse r = Do(Req("POST", target, body));
    EXPECT_EQ(r.status, status) << r.body;
    const json j = json::parse(r.body, nullptr, false);
    EXPECT_TRUE(j.contains("detail")) << r.body;
    EXPECT_TRUE(j.contains("error")) << r.body;
    return j.value("detail", std::string());
  };
  const std::string ok =
      R"({"queries": {"a": {"schema": "Person", "properties": {"name": ["X Y"]}}}})";
  EXPECT_EQ(detail("/match/opensanctions_pep", ok, 404), "No such dataset.");
  EXPECT_EQ(detail("/match/default", R"({"queries": {}})", 400), "No queries provided.");
  // An unknown schema is screened against every schema, with a warning beside yente's keys.
  HttpResponse dog =
      Do(Req("POST", "/match/default",
             R"({"queries": {"a": {"schema": "Dog", "properties": {"name": "Sanaullah Ghafari",
                                                             "birthDate": ["soon", "28/10/1994"],
                                                             "nationality": "Afghan"}}}})"));
  ASSERT_EQ(dog.status, 200) << dog.body;
  const json a = Body(dog)["responses"]["a"];
  EXPECT_EQ(a["results"][0]["id"], "un-QDi.431");
  EXPECT_GT(a["results"][0]["features"]["birth_date"].get<double>(), 0);
  EXPECT_GT(a["results"][0]["features"]["nationality"].get<double>(), 0);
  ASSERT_EQ(a["warnings"].size(), 2u) << a.dump();
  EXPECT_EQ(a["warnings"][0]["field"], "schema");
  EXPECT_EQ(a["warnings"][1]["field"], "birthDate");
  EXPECT_EQ(a["warnings"][1]["value"], "soon");
  HttpResponse nameless =
      Do(Req("POST", "/match/default",
             R"({"queries": {"a": {"schema": "Person", "properties": {"name": [1, null]}}}})"));
  EXPECT_EQ(nameless.status, 400);
  EXPECT_EQ(Body(nameless)["error"]["field"], "queries.a.properties.name");
  EXPECT_THAT(
      detail("/match/default",
             R"({"queries": {"a": {"schema": "Person", "properties": {"birthDate": "1980"}}}})",
             400),
      HasSubstr("no name"));
  EXPECT_THAT(detail("/match/default", R"({"queries": {"a": {"schema": "Person"}}})", 400),
              HasSubstr("properties"));
  EXPECT_THAT(detail("/match/default", "{\"queries\": [", 400), HasSubstr("malformed JSON"));
  EXPECT_THAT(detail("/match/default?limit=0", ok, 400), HasSubstr("limit"));
  EXPECT_THAT(detail("/match/default?threshold=1.5", ok, 400), HasSubstr("threshold"));
  EXPECT_THAT(detail("/match/default?algorithm=magic", ok, 400), HasSubstr("algorithm"));
  EXPECT_THAT(detail("/match/default?changed_since=yesterday", ok, 400),
              HasSubstr("changed_since"));
  json many = {{"queries", json::object()}};
  for (int i = 0; i < 6; ++i) {
    many["queries"]["q" + std::to_string(i)] = {{"schema", "Person"},
                                                {"properties", {{"name", "X Y"}}}};
  }
  EXPECT_THAT(detail("/match/default", many.dump(), 422), HasSubstr("Too many queries"));
}

// --- authentication ------------------------------------------------------------------------------

TEST_F(ApiTest, AuthenticationCases) {
  const std::string q = R"({"name": "Sanaullah Ghafari"})";
  // Missing key.
  HttpResponse none = Do(Req("POST", "/v1/screen", q, ""));
  EXPECT_THAT(ExpectError(none, 401, "unauthorized"), HasSubstr("missing API key"));
  EXPECT_THAT(none.headers, ::testing::Contains(std::pair<std::string, std::string>(
                                "WWW-Authenticate", "Bearer realm=\"cordon\"")));
  // Wrong key, in each header form.
  EXPECT_THAT(
      ExpectError(Do(Req("POST", "/v1/screen", q, "not-a-key-0123456789")), 401, "unauthorized"),
      HasSubstr("invalid API key"));
  HttpRequest x = Req("POST", "/v1/screen", q, "");
  x.headers["x-api-key"] = "not-a-key-0123456789";
  ExpectError(Do(x), 401, "unauthorized");
  // An unknown scheme (Basic) is no key.
  HttpRequest basic = Req("POST", "/v1/screen", q, "");
  basic.headers["authorization"] = "Basic " + kScreenKey;
  ExpectError(Do(basic), 401, "unauthorized");
  HttpRequest bare = Req("POST", "/v1/screen", q, "");
  bare.headers["authorization"] = kScreenKey;
  ExpectError(Do(bare), 401, "unauthorized");
  // The right key in each accepted form.
  x.headers["x-api-key"] = kScreenKey;
  EXPECT_EQ(Do(x).status, 200);
  for (const std::string scheme : {"Bearer ", "bearer ", "ApiKey ", "APIKEY  "}) {
    HttpRequest r = Req("POST", "/v1/screen", q, "");
    r.headers["authorization"] = scheme + kScreenKey;
    EXPECT_EQ(Do(r).status, 200) << scheme;
  }
  // A key's prefix or the key with a character more is wrong.
  ExpectError(Do(Req("POST", "/v1/screen", q, kScreenKey.substr(0, 20))), 401, "unauthorized");
  ExpectError(Do(Req("POST", "/v1/screen", q, kScreenKey + "x")), 401, "unauthorized");
  // Wrong role.
  EXPECT_THAT(ExpectError(Do(Req("POST", "/v1/screen", q, kAdminKey)), 403, "forbidden"),
              HasSubstr("\"operator\" lacks the screen role"));
  EXPECT_THAT(ExpectError(Do(Req("POST", "/v1/lists/reload", "", kScreenKey)), 403, "forbidden"),
              HasSubstr("\"screener\" lacks the admin role"));
  ExpectError(Do(Req("POST", "/match/default", "{}", kAdminKey)), 403, "forbidden");
  ExpectError(Do(Req("GET", "/v1/entities/un:QDi.421", "", kAdminKey)), 403, "forbidden");
  // Open endpoints need no key; /metrics needs any valid key.
  EXPECT_EQ(Do(Req("GET", "/openapi.json", "", "")).status, 200);
  ExpectError(Do(Req("GET", "/metrics", "", "")), 401, "unauthorized");
  EXPECT_EQ(Do(Req("GET", "/metrics", "", kScreenKey)).status, 200);
  EXPECT_EQ(Do(Req("GET", "/metrics", "", kAdminKey)).status, 200);
  // Authentication comes before the body is looked at.
  ExpectError(Do(Req("POST", "/v1/screen", "{bad", "")), 401, "unauthorized");
}

TEST(ApiAuthOffTest, EveryRequestIsAllowedWithoutKeys) {
  ServiceConfig o;
  o.lists = {kUnDir};
  o.auth = false;
  auto api = Api::Create(o);
  ASSERT_TRUE(api.ok()) << api.status();
  EXPECT_EQ((*api)->Handle(Req("POST", "/v1/screen", R"({"name": "A B"})", "")).status, 200);
  EXPECT_EQ((*api)->Handle(Req("GET", "/metrics", "", "")).status, 200);
}

TEST(ApiCreateTest, RefusesToStartWithoutKeysOrLists) {
  ServiceConfig o;
  o.lists = {kUnDir};
  auto no_keys = Api::Create(o);
  ASSERT_FALSE(no_keys.ok());
  EXPECT_THAT(std::string(no_keys.status().message()), HasSubstr("no API keys"));
  o.keys = {{"k", "abc", 1}};
  EXPECT_FALSE(Api::Create(o).ok());
  o.keys = TestKeys();
  o.lists = {"/nonexistent/lists"};
  EXPECT_FALSE(Api::Create(o).ok());
}

// --- bad input -----------------------------------------------------------------------------------

TEST_F(ApiTest, BadBodiesGetJsonErrors) {
  EXPECT_THAT(
      ExpectError(Do(Req("POST", "/v1/screen", "{\"name\": \"A\",")), 400, "invalid_json", "body"),
      HasSubstr("malformed JSON"));
  ExpectError(Do(Req("POST", "/v1/screen", "")), 400, "invalid_json", "body");
  ExpectError(Do(Req("POST", "/v1/screen", "  \n")), 400, "invalid_json", "body");
  ExpectError(Do(Req("POST", "/v1/screen", "[1, 2]")), 400, "invalid_json", "body");
  ExpectError(Do(Req("POST", "/v1/screen", "\"name\"")), 400, "invalid_json", "body");
  ExpectError(Do(Req("POST", "/v1/screen", "{\"name\": \"Al\xc3\x28\"}")), 400, "invalid_utf8",
              "body");
  ExpectError(Do(Req("POST", "/v1/screen", "{\"name\": \"\\ud800\"}")), 400, "invalid_json",
              "body");  // a lone surrogate escape
  ExpectError(Do(Req("POST", "/v1/screen", std::string(100, '[') + std::string(100, ']'))), 400,
              "invalid_json", "body");
  // A NUL byte ends nlohmann's input: what follows it must not be ignored.
  EXPECT_THAT(ExpectError(Do(Req("POST", "/v1/screen", std::string("{\"name\": \"A\"}\0junk", 17))),
                          400, "invalid_json", "body"),
              HasSubstr("NUL byte at offset 13"));
  ExpectError(Do(Req("POST", "/v1/screen", R"({"id": "1"})")), 400, "invalid_request", "name");
  ExpectError(Do(Req("POST", "/v1/screen", R"({"name": ""})")), 400, "invalid_request", "name");
  ExpectError(Do(Req("POST", "/v1/screen", R"({"name": ["A"]})")), 400, "invalid_request", "name");
  EXPECT_EQ(Body(Do(Req("POST", "/v1/screen", R"({"id": "q1", "name": 7})")))["error"]["id"], "q1");
  // The fixture's limit is 64 KiB.
  const std::string big = "{\"name\": \"" + std::string(70 << 10, 'a') + "\"}";
  EXPECT_THAT(ExpectError(Do(Req("POST", "/v1/screen", big)), 413, "body_too_large"),
              HasSubstr("the limit is 65536"));
}

TEST_F(ApiTest, UnknownRoutesAndMethods) {
  ExpectError(Do(Req("GET", "/v2/screen")), 404, "not_found");
  ExpectError(Do(Req("GET", "/index.htm")), 404, "not_found");
  ExpectError(Do(Req("POST", "/")), 404, "not_found");  // "/" is a page of the web application
  ExpectError(Do(Req("POST", "/v1/screen/")), 404, "not_found");
  HttpResponse r = Do(Req("GET", "/v1/screen"));
  EXPECT_THAT(ExpectError(r, 405, "method_not_allowed"), HasSubstr("GET is not allowed"));
  EXPECT_THAT(r.headers, ::testing::Contains(std::pair<std::string, std::string>("Allow", "POST")));
  HttpResponse lists = Do(Req("DELETE", "/v1/lists"));
  ExpectError(lists, 405, "method_not_allowed");
  EXPECT_THAT(lists.headers,
              ::testing::Contains(std::pair<std::string, std::string>("Allow", "GET")));
  ExpectError(Do(Req("GET", "/match/default")), 405, "method_not_allowed");
  ExpectError(Do(Req("POST", "/healthz")), 405, "method_not_allowed");
  ExpectError(Do(Req("GET", "/v1/entities/%zz")), 400, "invalid_target", "target");
  ExpectError(Do(Req("GET", "/v1/entities/a%00b")), 400, "invalid_target", "target");
}

// The web application's files (web.h): served at / from --web-root, with CSP and ETags.
TEST(WebAssetsTest, ServesTheApplicationWithSecurityHeaders) {
  char tmpl[] = "/tmp/cordon-webroot-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  std::filesystem::create_directories(dir + "/assets");
  std::ofstream(dir + "/index.html") << "<!doctype html><title>cordon</title>";
  std::ofstream(dir + "/assets/app.js") << "console.log(1)";
  ServiceConfig o;
  o.lists = {kUnDir};
  o.keys = TestKeys();
  o.web_root = dir;
  auto api = Api::Create(o);
  ASSERT_TRUE(api.ok()) << api.status();
  auto header = [](const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return std::string();
  };
  HttpResponse page = (*api)->Handle(Req("GET", "/", "", ""));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page.body, "<!doctype html><title>cordon</title>");
  EXPECT_THAT(header(page, "Content-Security-Policy"), HasSubstr("script-src 'self'"));
  EXPECT_THAT(header(page, "Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(header(page, "X-Content-Type-Options"), "nosniff");
  HttpResponse js = (*api)->Handle(Req("GET", "/assets/app.js", "", ""));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  // Revalidation: the same ETag gets 304 and no body.
  HttpRequest again = Req("GET", "/assets/app.js", "", "");
  again.headers["if-none-match"] = header(js, "ETag");
  HttpResponse not_modified = (*api)->Handle(again);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, "");
  // Nothing outside the application's files, however the path is spelled.
  for (const char* path : {"/assets/../index.html", "/assets/%2e%2e/index.html", "/assets/",
                           "/etc/passwd", "/assets/app.js/"}) {
    EXPECT_EQ((*api)->Handle(Req("GET", path, "", "")).status, 404) << path;
  }
  // An explicit --web-root without the application stops the server at start.
  o.web_root = dir + "/missing";
  auto bad = Api::Create(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("no index.html"));
  std::filesystem::remove_all(dir);
}

// Web sign-in through the API (auth.h): a session authorises like a key with the screen role (an
// admin's also admin), changes need its CSRF token, and keys keep working beside it.
TEST(ApiSessionTest, SessionsAuthoriseRequestsAndKeysKeepWorking) {
  char tmpl[] = "/tmp/cordon-apisession-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  {
    auto store = CaseStore::Open(dir + "/cases.db");
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->AddUser("", "alice", cordon::Role::kAdmin).ok());
    ASSERT_TRUE((*store)->AddUser("alice", "bob", cordon::Role::kAnalyst).ok());
    ASSERT_TRUE((*store)->SetPasswordHash("alice", "bob", *HashPassword("bob's passphrase")).ok());
  }
  ServiceConfig o;
  o.lists = {kUnDir};
  o.keys = TestKeys();
  o.db = dir + "/cases.db";
  o.log = [](const std::string&) {};
  auto api = Api::Create(o);
  ASSERT_TRUE(api.ok()) << api.status();
  HttpRequest in =
      Req("POST", "/v1/session", R"({"user":"bob","password":"bob's passphrase"})", "");
  in.remote = "127.0.0.1:5000";
  HttpResponse signed_in = (*api)->Handle(in);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const json session = json::parse(signed_in.body);
  EXPECT_EQ(session["screening"]["threshold"], o.threshold);
  std::string cookie;
  for (const auto& [k, v] : signed_in.headers) {
    if (k == "Set-Cookie") cookie = v.substr(0, v.find(';'));
  }
  ASSERT_TRUE(cookie.starts_with("cordon_session=")) << cookie;
  auto with_cookie = [&](const std::string& method, const std::string& path,
                         const std::string& body, bool csrf) {
    HttpRequest r = Req(method, path, body, "");
    r.headers["cookie"] = cookie;
    if (csrf) r.headers["x-csrf-token"] = session["csrf_token"];
    return (*api)->Handle(r);
  };
  const std::string party = R"({"name":"Sanaullah Ghafari"})";
  EXPECT_EQ(with_cookie("POST", "/v1/screen", party, true).status, 200);
  HttpResponse no_csrf = with_cookie("POST", "/v1/screen", party, false);
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;
  EXPECT_THAT(no_csrf.body, HasSubstr("X-CSRF-Token"));
  EXPECT_EQ(with_cookie("GET", "/v1/lists", "", false).status, 200);
  // An analyst is not an admin.
  EXPECT_EQ(with_cookie("POST", "/v1/lists/reload", "", true).status, 403);
  // No cookie and no key: 401; a key with a stale cookie: the key decides.
  EXPECT_EQ((*api)->Handle(Req("POST", "/v1/screen", party, "")).status, 401);
  HttpRequest keyed = Req("POST", "/v1/screen", party);
  keyed.headers["cookie"] = "cordon_session=" + std::string(64, '0');
  EXPECT_EQ((*api)->Handle(keyed).status, 200);
  // Signed out, the cookie opens nothing.
  EXPECT_EQ(with_cookie("DELETE", "/v1/session", "", true).status, 200);
  EXPECT_EQ(with_cookie("POST", "/v1/screen", party, true).status, 401);
  std::filesystem::remove_all(dir);
}

// --- OpenAPI and metrics -------------------------------------------------------------------------

TEST_F(ApiTest, OpenApiDescribesEveryRoute) {
  HttpResponse r = Do(Req("GET", "/openapi.json", "", ""));
  ASSERT_EQ(r.status, 200);
  const json doc = json::parse(r.body);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"post", "/v1/screen"},
      {"post", "/v1/screen/batch"},
      {"post", "/v1/compare"},
      {"post", "/v1/messages"},
      {"post", "/match/{dataset}"},
      {"get", "/v1/entities/{id}"},
      {"get", "/v1/lists"},
      {"get", "/v1/lists/diff"},
      {"get", "/v1/validation"},
      {"post", "/v1/lists/reload"},
      {"get", "/healthz"},
      {"get", "/readyz"},
      {"get", "/metrics"},
      {"get", "/openapi.json"},
      // The case API (case_api.h; 404 here: no --db).
      {"post", "/v1/subjects"},
      {"put", "/v1/subjects/{id}"},
      {"get", "/v1/subjects/{id}"},
      {"post", "/v1/subjects/{id}/screen"},
      {"get", "/v1/alerts"},
      {"get", "/v1/alerts/{id}"},
      {"post", "/v1/alerts/{id}/assign"},
      {"post", "/v1/alerts/{id}/decision"},
      {"get", "/v1/suppressions"},
      {"post", "/v1/suppressions/{id}/revoke"},
      {"get", "/v1/audit"},
      {"get", "/v1/audit/verify"},
      {"get", "/v1/users"},
      // Web sign-in (auth.h; 404 here: no --db).
      {"post", "/v1/session"},
      {"get", "/v1/session"},
      {"delete", "/v1/session"}};
  for (const auto& [method, path] : routes) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    ASSERT_TRUE(doc["paths"][path].contains(method)) << method << " " << path;
    const json& op = doc["paths"][path][method];
    EXPECT_TRUE(op.contains("responses")) << path;
    EXPECT_TRUE(op["responses"].contains("200")) << path;
    // The route is really served: an unknown method on it is 405, not 404.
    HttpRequest probe = Req("PATCH", path == "/match/{dataset}"    ? "/match/default"
                                     : path == "/v1/entities/{id}" ? "/v1/entities/un:QDi.421"
                                                                   : path);
    EXPECT_EQ(Do(probe).status, 405) << path;
  }
  // Every path in the document is a route of the API (nothing documented that is not served).
  std::set<std::string> paths;
  for (const auto& [method, path] : routes) paths.insert(path);
  EXPECT_EQ(doc["paths"].size(), paths.size());
  // Every $ref resolves, and every shared response and schema is used.
  std::set<std::string> refs;
  std::function<void(const json&)> walk = [&](const json& j) {
    if (j.is_object()) {
      for (const auto& [key, value] : j.items()) {
        if (key == "$ref") {
          const std::string ref = value.get<std::string>();
          ASSERT_EQ(ref.substr(0, 2), "#/") << ref;
          EXPECT_TRUE(doc.contains(json::json_pointer(ref.substr(1)))) << ref;
          refs.insert(ref);
        }
        walk(value);
      }
    } else if (j.is_array()) {
      for (const json& v : j) walk(v);
    }
  };
  walk(doc);
  ASSERT_TRUE(doc["components"].contains("responses"));
  for (const char* part : {"responses", "schemas"}) {
    for (const auto& [name, value] : doc["components"][part].items()) {
      EXPECT_TRUE(refs.count(StrCat("#/components/", part, "/", name))) << part << " " << name;
    }
  }
  // The errors every authenticated endpoint shares are the shared ones, not copies.
  EXPECT_EQ(doc["paths"]["/v1/screen"]["post"]["responses"]["401"]["$ref"],
            "#/components/responses/Unauthorized");
}

TEST_F(ApiTest, MetricsCountRequestsHitsAndLists) {
  Do(Req("POST", "/v1/screen", R"({"name": "Sanaullah Ghafari"})"));
  Do(Req("POST", "/v1/screen", R"({"name": )"));
  Do(Req("GET", "/nowhere"));
  HttpResponse r = Do(Req("GET", "/metrics", "", kAdminKey));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(r.body,
              HasSubstr("cordon_http_requests_total{route=\"POST /v1/screen\",status=\"200\"}"));
  EXPECT_THAT(r.body,
              HasSubstr("cordon_http_requests_total{route=\"POST /v1/screen\",status=\"400\"}"));
  EXPECT_THAT(r.body, HasSubstr("cordon_http_requests_total{route=\"unmatched\",status=\"404\"}"));
  EXPECT_THAT(
      r.body,
      HasSubstr(
          "cordon_http_request_duration_seconds_bucket{route=\"POST /v1/screen\",le=\"+Inf\"}"));
  EXPECT_THAT(r.body, HasSubstr("cordon_hits_total{route=\"POST /v1/screen\"}"));
  EXPECT_THAT(r.body, HasSubstr("cordon_lists_generation 1\n"));
  EXPECT_THAT(r.body, HasSubstr("cordon_list_reloads_total{result=\"ok\"} 1\n"));
  EXPECT_THAT(r.body, HasSubstr("cordon_list_entities{list=\"un\",published=\""));
  EXPECT_THAT(r.body, HasSubstr("\"} 1003\n"));
  // Each sample line is "name{labels} value" or "name value".
  std::istringstream lines(r.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("#")) continue;
    EXPECT_THAT(line, ::testing::MatchesRegex("cordon_[a-z_]+(\\{.*\\})? [0-9.e+-]+")) << line;
  }
}

// --- keys ----------------------------------------------------------------------------------------

TEST(KeysTest, ParseKeysFile) {
  const std::string a = Sha256Hex("first-key-0123456789");
  const std::string b = Sha256Hex("second-key-0123456789");
  auto keys = ParseKeysFile(
      "keys.txt", "# comment\n\nalice " + a + " screen\r\n  bob\t" + b + "  screen,admin\n");
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].name, "alice");
  EXPECT_EQ((*keys)[0].sha256_hex, a);
  EXPECT_EQ((*keys)[0].roles, static_cast<uint32_t>(Role::kScreen));
  EXPECT_EQ((*keys)[1].roles, 3u);
  auto err = [](const std::string& text) {
    auto k = ParseKeysFile("keys.txt", text);
    return k.ok() ? std::string("ok") : std::string(k.status().message());
  };
  EXPECT_EQ(err("alice " + a + "\n"), "keys.txt:1: expected \"<name> <sha256-hex> <roles>\"");
  EXPECT_EQ(err("# x\nalice abc screen\n"),
            "keys.txt:2: the key hash is not 64 lower-case hex digits");
  EXPECT_THAT(err("alice " + a.substr(0, 63) + "G screen\n"), HasSubstr("64 lower-case hex"));
  EXPECT_EQ(err("alice " + a + " root\n"),
            "keys.txt:1: unknown role \"root\" (roles are screen, admin, analyst and supervisor)");
  EXPECT_EQ(err("alice " + a + " screen,\n"),
            "keys.txt:1: unknown role \"\" (roles are screen, admin, analyst and supervisor)");
  EXPECT_EQ(err("alice " + a + " screen\nalice " + b + " admin\n"),
            "keys.txt:2: key name \"alice\" used twice");
  EXPECT_EQ(err("# only comments\n"), "keys.txt: no keys");
}

TEST(KeysTest, KeyFileLineRoundTripsAndNewKeysDiffer) {
  auto key = NewApiKey();
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 64u);
  EXPECT_NE(*key, *NewApiKey());
  auto line = KeyFileLine("ci", *key, "screen,admin");
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(*line, "ci " + Sha256Hex(*key) + " screen,admin");
  auto parsed = ParseKeysFile("k", *line);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)[0].roles, 3u);
  EXPECT_FALSE(KeyFileLine("ci", "short", "screen").ok());
  EXPECT_FALSE(KeyFileLine("c i", *key, "screen").ok());
  EXPECT_FALSE(KeyFileLine("ci", *key, "root").ok());
  EXPECT_FALSE(KeyFileLine("ci", "has a space in the key", "screen").ok());
  // A key made of the line works against the Api.
  ServiceConfig o;
  o.lists = {kUnDir};
  o.keys = *parsed;
  auto api = Api::Create(o);
  ASSERT_TRUE(api.ok());
  EXPECT_EQ((*api)->Handle(Req("GET", "/v1/lists", "", *key)).status, 200);
}

// --- reload --------------------------------------------------------------------------------------

// The UN list of 2025-08-02 (testdata, ordered by PRN) then of 2026-02-27 (data/lists) in one
// folder, as an operator replaces a list file.
class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshDir("reload");
    std::filesystem::copy_file(
        CORDON_TESTDATA_DIR "/lists/un/un_consolidated_2025-08-02_by_prn.xml", dir_ + "/un.xml");
    ServiceConfig o;
    o.lists = {dir_};
    o.keys = TestKeys();
    auto api = Api::Create(o);
    ASSERT_TRUE(api.ok()) << api.status();
    api_ = std::move(*api);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  json Lists() { return Body(api_->Handle(Req("GET", "/v1/lists"))); }
  std::string dir_;
  std::unique_ptr<Api> api_;
};

TEST_F(ReloadTest, SuccessfulReloadSwapsTheLists) {
  const json before = Lists();
  EXPECT_EQ(before["generation"], 1);
  const auto modified = api_->ListsModified();
  EXPECT_NE(modified.time_since_epoch().count(), 0);
  std::filesystem::copy_file(kUnFile, dir_ + "/un.xml",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::last_write_time(
      dir_ + "/un.xml", std::filesystem::file_time_type::clock::now() + std::chrono::seconds(5));
  EXPECT_GT(api_->ListsModified(), modified);
  // A request in flight keeps its State: hold one across the reload.
  const std::shared_ptr<const State> old = api_->state();
  HttpResponse r = api_->Handle(Req("POST", "/v1/lists/reload", "", kAdminKey));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["status"], "reloaded");
  EXPECT_EQ(Body(r)["generation"], 2);
  const json after = Lists();
  EXPECT_EQ(after["generation"], 2);
  EXPECT_EQ(after["lists"][0]["entities"], kUnEntries);
  EXPECT_NE(after["lists"][0]["content_hash"], before["lists"][0]["content_hash"]);
  EXPECT_EQ(after["last_reload"]["ok"], true);
  EXPECT_EQ(old->generation, 1u);
  ScreenQuery q;
  q.name = "Sanaullah Ghafari";
  const std::vector<Hit> hits = old->screener->Screen(q);  // the old lists still work
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].entity_id, "un:QDi.431");
  EXPECT_EQ(old->entities.at("un:QDi.431")->list, "un");
  EXPECT_EQ(api_->state()->generation, 2u);
}

TEST_F(ReloadTest, FailedReloadKeepsTheOldListsServing) {
  WriteFile(dir_ + "/un.xml", "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>");
  HttpResponse r = api_->Handle(Req("POST", "/v1/lists/reload", "", kAdminKey));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(Body(r)["error"]["code"], "reload_failed");
  EXPECT_THAT(Body(r)["error"]["message"].get<std::string>(), HasSubstr("un.xml"));
  EXPECT_EQ(Body(r)["generation"], 1);
  const json lists = Lists();
  EXPECT_EQ(lists["generation"], 1);
  EXPECT_EQ(lists["last_reload"]["ok"], false);
  EXPECT_THAT(lists["last_reload"]["error"].get<std::string>(), HasSubstr("un.xml"));
  EXPECT_TRUE(lists["last_reload"]["error_at"].is_string());
  // Screening goes on with the old lists.
  HttpResponse s = api_->Handle(Req("POST", "/v1/screen", R"({"name": "Sanaullah Ghafari"})"));
  ASSERT_EQ(s.status, 200);
  EXPECT_EQ(Body(s)["hits"][0]["entity_id"], "un:QDi.431");
  EXPECT_EQ(Body(s)["generation"], 1);
  EXPECT_FALSE(api_->Reload().ok());
  HttpResponse m = api_->Handle(Req("GET", "/metrics", "", kAdminKey));
  EXPECT_THAT(m.body, HasSubstr("cordon_list_reloads_total{result=\"failed\"} 2\n"));
  // Fixing the file heals the next reload and clears the error.
  std::filesystem::copy_file(kUnFile, dir_ + "/un.xml",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_TRUE(api_->Reload().ok());
  EXPECT_EQ(Lists()["last_reload"]["error"], nullptr);
  EXPECT_EQ(Lists()["generation"], 2);
}

TEST_F(ReloadTest, RequestsFromManyThreadsDuringReloadsAllSucceed) {
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, requests{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      while (!stop.load()) {
        HttpResponse r =
            t % 2 == 0 ? api_->Handle(Req("POST", "/v1/screen", R"({"name": "Sanaullah Ghafari"})"))
                       : api_->Handle(Req("POST", "/match/default",
                                          R"({"queries": {"a": {"schema": "Person",
                                              "properties": {"name": "Sanaullah Ghafari"}}}})"));
        const json j = json::parse(r.body, nullptr, false);
        const bool ok = r.status == 200 && j.is_object() &&
                        (t % 2 == 0 ? j["hits"][0]["entity_id"] == "un:QDi.431"
                                    : j["responses"]["a"]["results"][0]["id"] == "un-QDi.431");
        if (!ok) failures.fetch_add(1);
        requests.fetch_add(1);
      }
    });
  }
  // Alternate the two list versions under the requests, and one bad file in between.
  for (int i = 0; i < 4; ++i) {
    std::filesystem::copy_file(i % 2 == 0 ? kUnFile
                                          : CORDON_TESTDATA_DIR
                                   "/lists/un/un_consolidated_2025-08-02_by_prn.xml",
                               dir_ + "/un.xml", std::filesystem::copy_options::overwrite_existing);
    EXPECT_TRUE(api_->Reload().ok());
  }
  WriteFile(dir_ + "/un.xml", "not a list");
  EXPECT_FALSE(api_->Reload().ok());
  // Two reloads at once are serialised: both succeed, generations 6 and 7.
  std::filesystem::copy_file(kUnFile, dir_ + "/un.xml",
                             std::filesystem::copy_options::overwrite_existing);
  std::thread other([&] { EXPECT_TRUE(api_->Reload().ok()); });
  EXPECT_TRUE(api_->Reload().ok());
  other.join();
  stop.store(true);
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(requests.load(), 0);
  EXPECT_EQ(api_->state()->generation, 7u);
}

}  // namespace
}  // namespace cordon::service

namespace cordon::service {
namespace {

TEST(HttpTest, ParseTargetDecodesPathAndParameters) {
  auto t = ParseTarget("/v1/entities/un%3AQDi.421?a=1&b=x+y&a=%C3%A9&flag&=v");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->path, "/v1/entities/un:QDi.421");
  EXPECT_EQ(*t->Param("a"), "\xC3\xA9");  // the last value
  EXPECT_THAT(t->Params("a"), ElementsAre("1", "\xC3\xA9"));
  EXPECT_EQ(*t->Param("b"), "x y");
  EXPECT_EQ(*t->Param("flag"), "");
  EXPECT_EQ(*t->Param(""), "v");
  EXPECT_EQ(t->Param("c"), nullptr);
  EXPECT_FALSE(ParseTarget("/a%2").ok());
  EXPECT_FALSE(ParseTarget("/a%g0").ok());
  EXPECT_FALSE(ParseTarget("/a?x=%00").ok());
  // '+' is a space in the query only.
  EXPECT_EQ(ParseTarget("/a+b")->path, "/a+b");
}

TEST(HttpTest, StatusResponseNamesTheField) {
  const json a = json::parse(
      StatusResponse(absl::InvalidArgumentError("birth_date: \"x\" is not a date"), "queries[2].")
          .body);
  EXPECT_EQ(a["error"]["field"], "queries[2].birth_date");
  EXPECT_EQ(a["error"]["code"], "invalid_request");
  // A path or a sentence before the colon is not a field.
  const json b = json::parse(StatusResponse(absl::InvalidArgumentError("/tmp/a.xml:3: bad")).body);
  EXPECT_EQ(b["error"]["field"], nullptr);
  const json c =
      json::parse(StatusResponse(ApiError(ApiErrorCode::kInvalidJson, "body: empty")).body);
  EXPECT_EQ(c["error"]["code"], "invalid_json");
  EXPECT_EQ(c["error"]["field"], "body");
  // A field given explicitly wins over the message's.
  const json d = json::parse(
      StatusResponse(ApiError(ApiErrorCode::kEntityNotFound, "no listed entity", "id")).body);
  EXPECT_EQ(d["error"]["field"], "id");
  EXPECT_EQ(StatusResponse(absl::NotFoundError("x")).status, 404);
  EXPECT_EQ(StatusResponse(absl::InternalError("x")).status, 500);
  EXPECT_EQ(StatusResponse(absl::UnauthenticatedError("x")).status, 401);
}

// The one table: every code comes back from the status that carries it, with its own spelling
// and an HTTP error status; statuses without a code get the canonical code's.
TEST(HttpTest, EveryApiErrorCodeMapsToItsOwnHttpStatus) {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(ApiErrorCode::kInternal); ++i) {
    const auto code = static_cast<ApiErrorCode>(i);
    const absl::Status s = ApiError(code, "reason");
    EXPECT_EQ(ApiErrorOf(s), code) << ApiErrorName(code);
    EXPECT_FALSE(s.ok());
    EXPECT_TRUE(names.insert(std::string(ApiErrorName(code))).second) << ApiErrorName(code);
    const int http = HttpStatusOf(code);
    EXPECT_TRUE(http >= 400 && http < 600) << ApiErrorName(code);
    EXPECT_EQ(StatusResponse(s).status, http);
  }
  EXPECT_EQ(HttpStatusOf(ApiErrorCode::kHeadersTooLarge), 431);
  EXPECT_EQ(HttpStatusOf(ApiErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatusOf(ApiErrorCode::kTooManyParties), 422);
  EXPECT_EQ(ApiErrorOf(absl::ResourceExhaustedError("x")), ApiErrorCode::kTooLarge);
  EXPECT_EQ(ApiErrorOf(absl::DataLossError("x")), ApiErrorCode::kInternal);
}

}  // namespace
}  // namespace cordon::service
