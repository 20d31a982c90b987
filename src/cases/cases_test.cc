// Subjects, screening runs, delta re-screening and the alert lifecycle, on both backends, with the
// real UN list (two versions: testdata 2025-08-02 and the bundled 2026-02-27).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "absl/strings/escaping.h"
#include "cases/backend_fixture_test.h"
#include "cases/db.h"
#include "cordon/snapshot.h"
#include "cordon/sources.h"
#include "core/arrays.h"
#include "core/strcat.h"
#include "normalize/normalizer.h"
#include "testing/files.h"

namespace cordon::cases {
namespace {

using Pair = std::pair<std::string, std::string>;  // subject id, entity id

const std::string kNewUn = std::string(CORDON_DATA_DIR) + "/lists/un";
const std::string kOldUn =
    std::string(CORDON_TESTDATA_DIR) + "/lists/un/un_consolidated_2025-08-02_by_prn.xml";

struct Lists {
  std::unique_ptr<Screener> old_un, new_un;
};

const Lists& UnLists() {
  static const Lists* lists = [] {
    auto* l = new Lists;
    auto o = OpenScreener({kOldUn});
    auto n = OpenScreener({kNewUn});
    if (o.ok()) l->old_un = std::move(*o);
    if (n.ok()) l->new_un = std::move(*n);
    return l;
  }();
  return *lists;
}

std::string SamplesJsonl() {
  return test_support::ReadTestFile(std::string(CORDON_DATA_DIR) + "/samples/names.jsonl");
}

// Person names of people on no list (data/names/negatives), every `step`-th one, as JSON lines
// with ids "n1", "n2", ...
std::string Negatives(size_t count, size_t step) {
  std::ifstream in(std::string(CORDON_DATA_DIR) + "/names/negatives/names.tsv");
  std::string line, out;
  size_t seen = 0, taken = 0;
  while (taken < count && std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string culture, schema, name;
    std::getline(f, culture, '\t');
    std::getline(f, schema, '\t');
    std::getline(f, name);
    if (schema != "Person" || seen++ % step != 0) continue;
    out += nlohmann::json{{"id", "n" + std::to_string(++taken)}, {"name", name}}.dump() + "\n";
  }
  return out;
}

std::set<Pair> ActivePairs(CaseStore& store) {
  std::set<Pair> out;
  auto alerts = store.ListAlerts({.status = "active", .sort = "id", .limit = 10000});
  EXPECT_TRUE(alerts.ok()) << alerts.status();
  for (const Alert& a : *alerts) out.insert({a.subject_id, a.entity_id});
  return out;
}

// The pairs `screener` finds for every subject in the store: what a full screening must alert.
std::set<Pair> DirectPairs(CaseStore& store, const Screener& screener,
                           const std::vector<std::string>& ids) {
  std::set<Pair> out;
  for (const std::string& id : ids) {
    auto s = store.GetSubject(id);
    EXPECT_TRUE(s.ok()) << s.status();
    auto j = nlohmann::json::parse(s->data);
    ScreenQuery q;
    q.name = j["name"];
    for (const Hit& h : screener.Screen(q)) out.insert({id, h.entity_id});
  }
  return out;
}

class CasesTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(UnLists().old_un && UnLists().new_un) << "UN lists did not load";
    ASSERT_TRUE(store_->AddUser("", "admin", Role::kAdmin).ok());
    ASSERT_TRUE(store_->AddUser("admin", "ana", Role::kAnalyst).ok());
    ASSERT_TRUE(store_->AddUser("admin", "andy", Role::kAnalyst).ok());
    ASSERT_TRUE(store_->AddUser("admin", "sue", Role::kSupervisor).ok());
  }

  RunResult Run(const Screener& s, bool all = false) {
    auto r = store_->Screen("ana", s, {.threads = 2, .all = all, .engine_version = "test"});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : RunResult{};
  }

  // The one active alert of a pair.
  Alert AlertOf(const std::string& subject, const std::string& entity) {
    auto a = store_->ListAlerts(
        {.status = "active", .subject_id = subject, .entity_id = entity, .limit = 10});
    EXPECT_TRUE(a.ok() && a->size() == 1) << subject << " " << entity;
    return a.ok() && !a->empty() ? a->front() : Alert{};
  }

  // The sample subjects and 200 population names imported and screened against the old UN list
  // (which stores their index), and the database under the store opened on its own, to tamper
  // with the stored index; null (with a test failure) when it cannot be opened.
  std::unique_ptr<Db> StoredIndexAfterFirstRun(const Lists& un) {
    EXPECT_TRUE(store_->ImportSubjects("ana", "s.jsonl", SamplesJsonl() + Negatives(200, 97)).ok());
    Run(*un.old_un);
    auto where = ParseDbLocation(url_);
    EXPECT_TRUE(where.ok()) << where.status();
    if (!where.ok()) return nullptr;
    auto raw = OpenDb(*where);
    EXPECT_TRUE(raw.ok()) << raw.status();
    return raw.ok() ? std::move(*raw) : nullptr;
  }

  // A delta run by another process on the database (a store opened afresh), from `from` to
  // `to`: its plan says where the subject index came from, and the active alerts are those of
  // screening the subjects directly against `to`.
  void ExpectDeltaInAnotherProcess(const Screener& from, const Screener& to,
                                   const std::string& index_source);

  void ExpectAuditVerifies() {
    auto v = store_->VerifyAudit();
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_TRUE(v->ok) << v->reason;
    EXPECT_GT(v->checked, 4);
  }
};

TEST_P(CasesTest, ImportReportsBadLinesAndKeepsTheRest) {
  const std::string text = R"({"id": "c1", "name": "Sanaullah Ghafary", "schema": "Person"})"
                           "\n"
                           R"({"id": "c2", "name": "Maria Schmidt", "birth_date": "1984-03-02"})"
                           "\n"
                           "{not json\n"
                           R"({"name": "No Id"})"
                           "\n"
                           R"({"id": "c3"})"
                           "\n"
                           R"({"id": "c1", "name": "Someone Else"})"
                           "\n"
                           R"({"id": 17, "name": "Numeric Id"})"
                           "\n";
  auto r = store_->ImportSubjects("ana", "customers.jsonl", text);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->added, 3u);
  ASSERT_EQ(r->errors.size(), 4u);
  EXPECT_EQ(r->errors[0].line, 3u);
  EXPECT_EQ(r->errors[0].message, "not valid JSON");
  EXPECT_EQ(r->errors[1].line, 4u);
  EXPECT_NE(r->errors[1].message.find("id: required"), std::string::npos);
  EXPECT_EQ(r->errors[2].line, 5u);
  EXPECT_EQ(r->errors[2].id, "c3");
  EXPECT_NE(r->errors[2].message.find("name"), std::string::npos) << r->errors[2].message;
  EXPECT_EQ(r->errors[3].line, 6u);
  EXPECT_EQ(r->errors[3].message, "id c1 repeats line 1 (ignored)");
  EXPECT_EQ(store_->GetSubject("c1")->name, "Sanaullah Ghafary");
  EXPECT_EQ(store_->GetSubject("17")->name, "Numeric Id");
  EXPECT_EQ(*store_->CountSubjects(), 3u);

  // Screen them, then re-import: the same data (other spacing and key order) is unchanged, a
  // changed subject is marked for re-screening.
  Run(*UnLists().new_un);
  EXPECT_FALSE(store_->GetSubject("c2")->needs_screening);
  auto again = store_->ImportSubjects(
      "ana", "customers.csv",
      "id,name,birth_date,schema\nc1,Sanaullah Ghafary,,Person\nc2,Maria Schmidt,1984-03-03,\n");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->added, 0u);
  EXPECT_EQ(again->updated, 1u);
  EXPECT_EQ(again->unchanged, 1u);
  EXPECT_TRUE(again->errors.empty());
  EXPECT_FALSE(store_->GetSubject("c1")->needs_screening);
  EXPECT_TRUE(store_->GetSubject("c2")->needs_screening);
  EXPECT_NE(store_->GetSubject("c2")->data.find("1984-03-03"), std::string::npos);
  ExpectAuditVerifies();
}

TEST_P(CasesTest, ScreeningRaisesTheAlertsScreeningFinds) {
  ASSERT_TRUE(store_->ImportSubjects("ana", "names.jsonl", SamplesJsonl()).ok());
  const Screener& un = *UnLists().new_un;
  RunResult r = Run(un);
  EXPECT_EQ(r.screened, 6u);
  const std::set<Pair> expected = DirectPairs(*store_, un, {"1", "2", "3", "4", "5", "6"});
  EXPECT_EQ(ActivePairs(*store_), expected);
  EXPECT_TRUE(expected.count({"1", "un:QDi.431"}));  // Sanaullah Ghafary (README)
  EXPECT_TRUE(expected.count({"4", "un:QDe.161"}));  // Islamic State Khorasan
  EXPECT_EQ(r.alerts_created, expected.size());

  // The alert keeps what it was decided on.
  Alert a = AlertOf("1", "un:QDi.431");
  EXPECT_EQ(a.status, AlertStatus::kOpen);
  EXPECT_EQ(a.entity_name, "SANAULLAH GHAFARI");
  EXPECT_GE(a.score, 0.9);
  EXPECT_EQ(a.subject_data, R"({"id":"1","name":"Sanaullah Ghafary","schema":"Person"})");
  EXPECT_EQ(a.entity_hash.substr(0, 7), "sha256:");
  EXPECT_NE(a.hit.find(R"("how":"phonetic")"), std::string::npos) << a.hit;
  const auto lists = nlohmann::json::parse(a.lists);
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0]["list"], "un");
  EXPECT_EQ(lists[0]["content_hash"], un.lists()[0].version.content_hash);
  EXPECT_EQ(a.normalizer_version.substr(0, 10), "normalize/");
  EXPECT_EQ(a.engine_version, "test");
  auto history = store_->AlertHistory(a.alert_id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].action, "created");

  // Nothing is due on the same lists; screening everything again raises no second alert.
  EXPECT_EQ(Run(un).screened, 0u);
  RunResult all = Run(un, /*all=*/true);
  EXPECT_EQ(all.screened, 6u);
  EXPECT_EQ(all.alerts_created, 0u);
  EXPECT_EQ(all.already_open, expected.size());
  EXPECT_EQ(ActivePairs(*store_), expected);
  ExpectAuditVerifies();
}

TEST_P(CasesTest, LifecycleAndGoodGuyList) {
  ASSERT_TRUE(store_->ImportSubjects("ana", "names.jsonl", SamplesJsonl()).ok());
  const Screener& un = *UnLists().new_un;
  Run(un);
  const Alert a = AlertOf("1", "un:QDi.431");

  // Bad input: nothing changes.
  EXPECT_EQ(store_->Decide({a.alert_id, AlertDecision::kFalsePositive, " ", "ana"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      store_->Decide({a.alert_id, AlertDecision::kFalsePositive, "x", "mallory"}).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Decide({999999, AlertDecision::kFalsePositive, "x", "ana"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Assign(a.alert_id, "andy", "ana", "his queue").code(),
            absl::StatusCode::kPermissionDenied);

  ASSERT_TRUE(store_->Assign(a.alert_id, "ana", "ana", "taking it").ok());
  EXPECT_EQ(store_->GetAlert(a.alert_id)->status, AlertStatus::kInReview);
  EXPECT_EQ(store_->GetAlert(a.alert_id)->assigned_to, "ana");
  auto closed = store_->Decide({a.alert_id, AlertDecision::kFalsePositive,
                                "customer born 1990 in Lyon; listed man born 1977", "ana"});
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->status, AlertStatus::kFalsePositive);
  EXPECT_EQ(closed->decided_by, "ana");
  EXPECT_EQ(store_->Decide({a.alert_id, AlertDecision::kTrueMatch, "changed my mind", "sue"})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto history = store_->AlertHistory(a.alert_id);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[2].action, "false_positive");
  EXPECT_EQ((*history)[2].from_status, "in_review");
  EXPECT_EQ((*history)[2].user, "ana");

  // The good-guy entry: the same subject against the unchanged entry does not alert again.
  auto good = store_->ListSuppressions(false);
  ASSERT_TRUE(good.ok());
  ASSERT_EQ(good->size(), 1u);
  EXPECT_EQ((*good)[0].subject_id, "1");
  EXPECT_EQ((*good)[0].entity_hash, a.entity_hash);
  RunResult again = Run(un, /*all=*/true);
  EXPECT_EQ(again.alerts_created, 0u);
  EXPECT_EQ(again.suppressed, 1u);
  EXPECT_FALSE(ActivePairs(*store_).count({"1", "un:QDi.431"}));

  // A change to the subject re-alerts, showing the earlier decision.
  ASSERT_TRUE(store_
                  ->ImportSubjects("ana", "update.jsonl",
                                   R"({"id": "1", "name": "Sanaullah Ghafary", "schema": )"
                                   R"("Person", "birth_date": "1990"})")
                  .ok());
  RunResult changed = Run(un);
  EXPECT_EQ(changed.screened, 1u);
  EXPECT_EQ(changed.alerts_created, 1u);
  const Alert b = AlertOf("1", "un:QDi.431");
  EXPECT_EQ(b.previous_alert_id, a.alert_id);
  EXPECT_NE(b.previous_decision.find("false_positive by ana"), std::string::npos)
      << b.previous_decision;
  EXPECT_NE(b.previous_decision.find("born 1990 in Lyon"), std::string::npos);

  // Revoking a good-guy entry: the pair alerts again at the next run.
  ASSERT_TRUE(
      store_->Decide({b.alert_id, AlertDecision::kFalsePositive, "still not him", "ana"}).ok());
  good = store_->ListSuppressions(false);
  ASSERT_EQ(good->size(), 2u);
  EXPECT_EQ(store_->RevokeSuppression((*good)[1].suppression_id, "ana", "wrong").code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(store_->RevokeSuppression((*good)[1].suppression_id, "sue", "new evidence").ok());
  EXPECT_EQ(store_->ListSuppressions(false)->size(), 1u);  // the first one, for the old data
  EXPECT_EQ(store_->ListSuppressions(true)->size(), 2u);
  RunResult revoked = Run(un);
  EXPECT_EQ(revoked.alerts_created, 1u);
  EXPECT_EQ(AlertOf("1", "un:QDi.431").previous_alert_id, b.alert_id);
  ExpectAuditVerifies();
}

TEST_P(CasesTest, FourEyesAndEscalation) {
  ASSERT_TRUE(store_->ImportSubjects("ana", "names.jsonl", SamplesJsonl()).ok());
  Run(*UnLists().new_un);
  ASSERT_TRUE(store_->SetPolicy("sue", {.four_eyes = true}).ok());
  const Alert a = AlertOf("1", "un:QDi.431");
  auto pending =
      store_->Decide({a.alert_id, AlertDecision::kTrueMatch, "same name and place", "ana"});
  ASSERT_TRUE(pending.ok()) << pending.status();
  EXPECT_EQ(pending->status, AlertStatus::kPendingApproval);
  EXPECT_EQ(pending->pending_decision, "true_match");
  EXPECT_EQ(pending->pending_by, "ana");
  EXPECT_EQ(store_->Decide({a.alert_id, AlertDecision::kFalsePositive, "x", "ana"}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Decide({a.alert_id, AlertDecision::kApprove, "ok", "andy"}).status().code(),
            absl::StatusCode::kPermissionDenied);  // an analyst
  ASSERT_TRUE(store_->AddUser("admin", "sam", Role::kSupervisor).ok());
  ASSERT_TRUE(store_->SetPolicy("sam", {.four_eyes = true}).ok());
  auto rejected = store_->Decide({a.alert_id, AlertDecision::kReject, "check the passport", "sam"});
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->status, AlertStatus::kInReview);
  // The supervisor who proposes cannot approve her own decision.
  ASSERT_TRUE(
      store_->Decide({a.alert_id, AlertDecision::kTrueMatch, "passport matches", "sue"}).ok());
  EXPECT_EQ(store_->Decide({a.alert_id, AlertDecision::kApprove, "ok", "sue"}).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto approved = store_->Decide({a.alert_id, AlertDecision::kApprove, "agreed", "sam"});
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->status, AlertStatus::kTrueMatch);
  EXPECT_EQ(approved->decided_by, "sue, approved by sam");
  EXPECT_TRUE(store_->ListSuppressions(true)->empty());  // a true match makes no good-guy entry

  // Escalation: an analyst may not decide an escalated alert.
  const Alert c = AlertOf("4", "un:QDe.161");
  ASSERT_TRUE(store_->Decide({c.alert_id, AlertDecision::kEscalate, "group names", "ana"}).ok());
  EXPECT_EQ(store_->GetAlert(c.alert_id)->status, AlertStatus::kEscalated);
  EXPECT_EQ(
      store_->Decide({c.alert_id, AlertDecision::kFalsePositive, "x", "andy"}).status().code(),
      absl::StatusCode::kPermissionDenied);
  // A confirmed match on unchanged data is not raised again.
  RunResult again = Run(*UnLists().new_un, /*all=*/true);
  EXPECT_EQ(again.already_decided, 1u);
  EXPECT_EQ(again.alerts_created, 0u);
  ExpectAuditVerifies();
}

TEST_P(CasesTest, DeltaRescreeningRaisesWhatAFullRescreeningRaises) {
  const Lists& un = UnLists();
  // Subjects: the samples, 300 people on no list, and the primary names of UN entries the update
  // adds, changes and removes (so the delta has something to find and to close).
  std::map<std::string, const Entity*> old_by_id;
  for (const Entity& e : un.old_un->lists()[0].entities) old_by_id[e.id] = &e;
  std::string listed;
  std::set<std::string> new_ids;
  size_t added = 0, changed = 0, removed = 0;
  for (const Entity& e : un.new_un->lists()[0].entities) {
    new_ids.insert(e.id);
    auto it = old_by_id.find(e.id);
    const bool is_added = it == old_by_id.end();
    if ((is_added && added++ < 8) || (!is_added && !(*it->second == e) && changed++ < 4)) {
      listed += nlohmann::json{{"id", "l-" + e.id}, {"name", e.names[0].full}}.dump() + "\n";
    }
  }
  for (const auto& [id, e] : old_by_id) {
    if (!new_ids.count(id) && removed++ < 3) {
      listed += nlohmann::json{{"id", "l-" + id}, {"name", e->names[0].full}}.dump() + "\n";
    }
  }
  ASSERT_EQ(removed, 3u);  // `cordon lists diff`: added 127, removed 3, changed 12
  ASSERT_TRUE(
      store_->ImportSubjects("ana", "s.jsonl", SamplesJsonl() + Negatives(300, 97) + listed).ok());
  const size_t subjects = *store_->CountSubjects();
  ASSERT_EQ(subjects, 6u + 300u + 8u + 4u + 3u);
  Run(*un.old_un);
  const size_t alerts_before = *store_->CountAlerts({});

  auto delta = store_->Rescreen("ana", un.old_un->lists(), *un.new_un,
                                {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(delta.ok()) << delta.status();
  // Only the subjects an added or changed entry can match were screened again.
  EXPECT_LT(delta->screened, 40u);
  EXPECT_GE(delta->screened, 8u);
  EXPECT_EQ(delta->delisted, 3u);

  std::vector<std::string> ids;
  for (size_t i = 1; i <= 6; ++i) ids.push_back(std::to_string(i));
  for (size_t i = 1; i <= 300; ++i) ids.push_back("n" + std::to_string(i));
  std::istringstream lines(listed);
  for (std::string line; std::getline(lines, line);) {
    ids.push_back(nlohmann::json::parse(line)["id"]);
  }
  // After the delta, the open alerts are exactly those a full screening against the new list
  // raises: nothing missed, nothing left open for a removed entry.
  EXPECT_EQ(ActivePairs(*store_), DirectPairs(*store_, *un.new_un, ids));
  auto gone = store_->ListAlerts({.status = "delisted", .limit = 100});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->size(), 3u);
  EXPECT_GT(alerts_before, 3u);
  // And nothing is due any more against the new list.
  EXPECT_EQ(Run(*un.new_un).screened, 0u);
  ExpectAuditVerifies();
}

// What the re-screening plans of the store recorded (audit "rescreen_plan"), oldest first.
std::vector<nlohmann::json> Plans(CaseStore& store) {
  std::vector<nlohmann::json> out;
  auto page = store.AuditPage(0, 100000);
  EXPECT_TRUE(page.ok()) << page.status();
  for (const AuditRecord& r : *page) {
    if (r.action == "rescreen_plan") out.push_back(nlohmann::json::parse(r.detail));
  }
  return out;
}

// Subjects for the tests of the stored index: the samples and 200 people on no list.
std::vector<std::string> IndexTestIds() {
  std::vector<std::string> ids;
  for (size_t i = 1; i <= 6; ++i) ids.push_back(std::to_string(i));
  for (size_t i = 1; i <= 200; ++i) ids.push_back("n" + std::to_string(i));
  return ids;
}

// The primary name of an entry the UN update adds.
std::string AddedEntityName(const Lists& un, std::string* id) {
  std::set<std::string> old_ids;
  for (const Entity& e : un.old_un->lists()[0].entities) old_ids.insert(e.id);
  for (const Entity& e : un.new_un->lists()[0].entities) {
    if (!old_ids.count(e.id) && e.schema == Schema::kPerson) {
      *id = e.id;
      return e.names[0].full;
    }
  }
  return "";
}

void CasesTest::ExpectDeltaInAnotherProcess(const Screener& from, const Screener& to,
                                            const std::string& index_source) {
  auto delta = (*CaseStore::Open(url_))
                   ->Rescreen("ana", from.lists(), to, {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(delta.ok()) << delta.status();
  EXPECT_EQ(Plans(*store_).back()["subject_index"], index_source);
  EXPECT_EQ(ActivePairs(*store_), DirectPairs(*store_, to, IndexTestIds()));
}

TEST_P(CasesTest, DeltaScreensTheSubjectsChangedSinceTheStoredIndex) {
  const Lists& un = UnLists();
  ASSERT_TRUE(store_->ImportSubjects("ana", "s.jsonl", SamplesJsonl() + Negatives(200, 97)).ok());
  Run(*un.old_un);  // the first full run builds the index of the subjects' names and stores it
  // n5 changes after that: it now has the name of a person the update adds to the UN list, and
  // is screened (against the old list) before the delta, so it is up to date but for its name
  // unknown to the stored index.
  std::string added_id;
  const std::string added = AddedEntityName(un, &added_id);
  ASSERT_FALSE(added.empty());
  ASSERT_TRUE(store_
                  ->ImportSubjects("ana", "n5.jsonl",
                                   nlohmann::json{{"id", "n5"}, {"name", added}}.dump() + "\n")
                  .ok());
  Run(*un.old_un);
  EXPECT_FALSE(store_->GetSubject("n5")->needs_screening);

  // The delta from another store on the database (another process): the stored index is
  // loaded, not built, and n5 is screened because it changed after the index was made.
  auto other = CaseStore::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status();
  auto delta = (*other)->Rescreen("ana", un.old_un->lists(), *un.new_un,
                                  {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(delta.ok()) << delta.status();
  const std::vector<nlohmann::json> plans = Plans(**other);
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0]["subject_index"], "stored");
  EXPECT_EQ(plans[0]["subjects_indexed"], 206);
  EXPECT_EQ(plans[0]["subjects_changed_since_index"], 1);
  EXPECT_TRUE(ActivePairs(**other).count({"n5", added_id}));
  EXPECT_EQ(ActivePairs(**other), DirectPairs(**other, *un.new_un, IndexTestIds()));
  EXPECT_EQ(Run(*un.new_un).screened, 0u);
  ExpectAuditVerifies();
}

TEST_P(CasesTest, AStoredIndexThatCannotServeIsBuiltAgain) {
  const Lists& un = UnLists();
  std::unique_ptr<Db> raw = StoredIndexAfterFirstRun(un);
  ASSERT_NE(raw, nullptr);
  auto head = raw->Query("SELECT version, parts FROM subject_index_head WHERE id = 1");
  ASSERT_TRUE(head.ok()) << head.status();
  ASSERT_EQ(head->size(), 1u);
  EXPECT_GE(head->Int(0, 1), 1);
  // Corrupt: a byte of the snapshot changed (its checksums no longer hold).
  ASSERT_TRUE(raw->Exec("UPDATE subject_index SET bytes = 'QUJD' || substr(bytes, 5) "
                        "WHERE part = 0")
                  .ok());
  ExpectDeltaInAnotherProcess(*un.old_un, *un.new_un, "built");
  // From a later version of the subjects than the database's (a database put back from a copy
  // older than its index): not used either.
  ASSERT_TRUE(raw->Exec("UPDATE subject_index_head SET version = version + 5").ok());
  ASSERT_TRUE(raw->Exec("UPDATE subject_index SET version = version + 5").ok());
  ExpectDeltaInAnotherProcess(*un.new_un, *un.old_un, "built");
  ExpectAuditVerifies();
}

// The stored subject index as a snapshot (its parts joined, from base64) and its version.
absl::StatusOr<Snapshot> StoredIndex(Db& raw, int64_t* version) {
  auto head = raw.Query("SELECT version, parts FROM subject_index_head WHERE id = 1");
  if (!head.ok()) return head.status();
  *version = head->Int(0, 0);
  auto parts =
      raw.Query("SELECT bytes FROM subject_index WHERE version = ? ORDER BY part", {*version});
  if (!parts.ok()) return parts.status();
  // Every part the head names, and no other (none left from an earlier store of the version).
  if (static_cast<int64_t>(parts->size()) != head->Int(0, 1)) {
    return absl::DataLossError(
        StrCat(parts->size(), " parts stored, the head says ", head->Int(0, 1)));
  }
  std::string text, bytes;
  for (size_t i = 0; i < parts->size(); ++i) text += parts->Text(i, 0);
  if (!absl::Base64Unescape(text, &bytes)) return absl::DataLossError("not base64");
  return ParseSnapshot("stored", std::move(bytes));
}

// The subject index is stored bare: the subjects' IDs and the compiled engine, no list of
// entities (loading decodes no Entity record). An index stored by an earlier cordon, the subjects
// as a list of entities in more parts, is still loaded, and its parts are replaced whole when the
// index is stored again.
TEST_P(CasesTest, TheSubjectIndexIsStoredBareAndAnIndexOfEntitiesStillLoads) {
  const Lists& un = UnLists();
  std::unique_ptr<Db> raw = StoredIndexAfterFirstRun(un);
  ASSERT_NE(raw, nullptr);
  int64_t version = 0;
  auto snap = StoredIndex(*raw, &version);
  ASSERT_TRUE(snap.ok()) << snap.status();
  const std::optional<std::string_view> ids = snap->Section("subject_ids");
  ASSERT_TRUE(ids.has_value());
  ASSERT_EQ(snap->lists().size(), 1u);
  EXPECT_EQ(snap->lists()[0].version.list, "subjects");
  EXPECT_TRUE(snap->lists()[0].entities.empty());
  const std::string engine(snap->Section(kEngineSnapshotSection).value_or(""));
  auto bare = Screener::CreateBare(*ids, engine);
  ASSERT_TRUE(bare.ok()) << bare.status();

  // As an earlier cordon stored it: the subjects as entities (id order, as the index is built),
  // the same engine section, in parts of 4,000 characters.
  LoadedList subjects;
  subjects.version.list = "subjects";
  auto rows = raw->Query("SELECT id, name FROM subjects ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 206u);
  for (size_t i = 0; i < rows->size(); ++i) {
    Entity& e = subjects.entities.emplace_back();
    e.id = e.source_id = rows->Text(i, 0);
    e.list = "subjects";
    e.names.push_back({.full = rows->Text(i, 1)});
  }
  SnapshotWriter w;
  w.AddLists({subjects});
  ASSERT_TRUE(w.AddSection(kEngineSnapshotSection, engine).ok());
  auto old_bytes = w.Finish();
  ASSERT_TRUE(old_bytes.ok());
  const std::string text = absl::Base64Escape(*old_bytes);
  constexpr size_t kOldPart = 4000;
  const int64_t old_parts = static_cast<int64_t>((text.size() + kOldPart - 1) / kOldPart);
  ASSERT_TRUE(raw->Exec("DELETE FROM subject_index WHERE version = ?", {version}).ok());
  for (int64_t p = 0; p < old_parts; ++p) {
    ASSERT_TRUE(raw->Exec("INSERT INTO subject_index (version, part, bytes) VALUES (?, ?, ?)",
                          {version, p, text.substr(static_cast<size_t>(p) * kOldPart, kOldPart)})
                    .ok());
  }
  ASSERT_TRUE(raw->Exec("UPDATE subject_index_head SET parts = ?", {old_parts}).ok());
  ExpectDeltaInAnotherProcess(*un.old_un, *un.new_un, "stored");

  // Stored again at the same version (the older engine line makes the next delta build it):
  // bare, and in fewer parts than the index of entities, none of whose parts is left behind.
  WireReader r(engine);
  GetString(&r);
  std::string old_engine;
  PutString(&old_engine, "normalize/0 tables:none");
  old_engine += engine.substr(r.pos());
  SnapshotWriter w2;
  w2.AddLists({subjects});
  ASSERT_TRUE(w2.AddSection(kEngineSnapshotSection, old_engine).ok());
  auto stale = w2.Finish();
  ASSERT_TRUE(stale.ok());
  const std::string stale_text = absl::Base64Escape(*stale);
  ASSERT_TRUE(raw->Exec("DELETE FROM subject_index WHERE version = ?", {version}).ok());
  for (int64_t p = 0; p < old_parts; ++p) {
    ASSERT_TRUE(
        raw->Exec("INSERT INTO subject_index (version, part, bytes) VALUES (?, ?, ?)",
                  {version, p, stale_text.substr(static_cast<size_t>(p) * kOldPart, kOldPart)})
            .ok());
  }
  ExpectDeltaInAnotherProcess(*un.new_un, *un.old_un, "built");
  auto again = StoredIndex(*raw, &version);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->Section("subject_ids").has_value());
  ExpectAuditVerifies();
}

// A stored index written by another engine version (here the index/1 form: its version line is
// the normaliser's version alone) is built again and stored in this version's form, not compiled
// afresh from its subjects on every delta and left as it was.
TEST_P(CasesTest, AStoredIndexOfAnotherEngineVersionIsBuiltAgainAndStored) {
  const Lists& un = UnLists();
  std::unique_ptr<Db> raw = StoredIndexAfterFirstRun(un);
  ASSERT_NE(raw, nullptr);
  int64_t version = 0;
  auto stored = [&] { return StoredIndex(*raw, &version); };
  auto stored_engine = [&]() -> std::string {
    auto snap = stored();
    EXPECT_TRUE(snap.ok()) << snap.status();
    return snap.ok() ? std::string(snap->Section(kEngineSnapshotSection).value_or("")) : "";
  };
  auto snap = stored();
  ASSERT_TRUE(snap.ok()) << snap.status();
  const std::string engine = stored_engine();
  ASSERT_TRUE(Screener::IsCurrentCompiled(engine));
  // The same index under the older version line, written back as one part.
  auto norm = normalize::Normalizer::Shared();
  ASSERT_TRUE(norm.ok());
  WireReader r(engine);
  GetString(&r);
  std::string old_engine;
  PutString(&old_engine, (*norm)->version());
  old_engine += engine.substr(r.pos());
  SnapshotWriter w;
  w.AddLists(snap->lists());
  ASSERT_TRUE(w.AddSection(kEngineSnapshotSection, old_engine).ok());
  auto old_bytes = w.Finish();
  ASSERT_TRUE(old_bytes.ok());
  ASSERT_TRUE(raw->Exec("DELETE FROM subject_index WHERE version = ?", {version}).ok());
  ASSERT_TRUE(raw->Exec("INSERT INTO subject_index (version, part, bytes) VALUES (?, 0, ?)",
                        {version, absl::Base64Escape(*old_bytes)})
                  .ok());
  ASSERT_TRUE(raw->Exec("UPDATE subject_index_head SET parts = 1").ok());
  ASSERT_FALSE(Screener::IsCurrentCompiled(stored_engine()));

  ExpectDeltaInAnotherProcess(*un.old_un, *un.new_un, "built");
  // Stored again in this version's form: the next delta (another process) loads it.
  EXPECT_TRUE(stored_engine() == engine);
  ExpectDeltaInAnotherProcess(*un.new_un, *un.old_un, "stored");
  ExpectAuditVerifies();
}

TEST_P(CasesTest, ARunAgainstOtherListsAfterADeltaLeavesItsSubjectsDue) {
  // The delta moves the old lists' marks to the new lists; a run against the old lists after
  // it marks the subjects it screens with a mark of its own, so they are due again for the new.
  const Lists& un = UnLists();
  ASSERT_TRUE(store_->ImportSubjects("ana", "s.jsonl", SamplesJsonl() + Negatives(50, 97)).ok());
  Run(*un.old_un);
  ASSERT_TRUE(store_
                  ->Rescreen("ana", un.old_un->lists(), *un.new_un,
                             {.threads = 2, .engine_version = "test"})
                  .ok());
  EXPECT_EQ(Run(*un.new_un).screened, 0u);
  EXPECT_EQ(Run(*un.old_un, /*all=*/true).screened, 56u);
  EXPECT_EQ(Run(*un.new_un).screened, 56u);
  EXPECT_EQ(Run(*un.new_un).screened, 0u);
  EXPECT_EQ(Run(*un.old_un).screened, 56u);
}

TEST_P(CasesTest, ASchemaSixDatabaseKeepsWhatItsSubjectsWereScreenedAgainst) {
  const Lists& un = UnLists();
  ASSERT_TRUE(store_->ImportSubjects("ana", "s.jsonl", SamplesJsonl() + Negatives(200, 97)).ok());
  Run(*un.old_un);
  // n7 changed and not screened since.
  ASSERT_TRUE(
      store_
          ->ImportSubjects("ana", "n7.jsonl",
                           nlohmann::json{{"id", "n7"}, {"name", "Maria Schmidt"}}.dump() + "\n")
          .ok());
  store_.reset();
  {
    // Back to schema 6 as the previous cordon wrote it.
    auto where = ParseDbLocation(url_);
    ASSERT_TRUE(where.ok());
    auto raw = OpenDb(*where);
    ASSERT_TRUE(raw.ok()) << raw.status();
    for (const char* sql :
         {"DROP TABLE subject_index", "DROP TABLE subject_index_head",
          "DROP TABLE subjects_version", "DROP TABLE screen_marks", "DROP INDEX subjects_changed",
          "DROP INDEX subjects_due", "ALTER TABLE subjects DROP COLUMN mark",
          "ALTER TABLE subjects DROP COLUMN changed_seq",
          "CREATE INDEX subjects_due ON subjects (needs_screening, lists_key)",
          "DELETE FROM schema_version WHERE version >= 7"}) {
      ASSERT_TRUE((*raw)->Exec(sql).ok()) << sql;
    }
  }
  auto s = CaseStore::Open(url_);
  ASSERT_TRUE(s.ok()) << s.status();
  store_ = std::move(*s);
  // Up to date with the old list but n7; the delta finds what a full screening finds.
  auto delta = store_->Rescreen("ana", un.old_un->lists(), *un.new_un,
                                {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(delta.ok()) << delta.status();
  EXPECT_LT(delta->screened, 40u);
  EXPECT_GE(delta->screened, 1u);
  EXPECT_EQ(ActivePairs(*store_), DirectPairs(*store_, *un.new_un, IndexTestIds()));
  EXPECT_EQ(Run(*un.new_un).screened, 0u);
  EXPECT_FALSE(store_->GetSubject("n7")->needs_screening);
  ExpectAuditVerifies();
}

TEST_P(CasesTest, ASchemaSevenDatabaseGetsTheActiveAlertsByEntity) {
  const Lists& un = UnLists();
  ASSERT_TRUE(store_->ImportSubjects("ana", "s.jsonl", SamplesJsonl() + Negatives(200, 97)).ok());
  Run(*un.new_un);
  store_.reset();
  auto where = ParseDbLocation(url_);
  ASSERT_TRUE(where.ok());
  auto raw = OpenDb(*where);
  ASSERT_TRUE(raw.ok()) << raw.status();
  const bool sqlite = (*raw)->dialect() == Dialect::kSqlite;
  const std::string has_index =
      sqlite ? "SELECT name FROM sqlite_master WHERE name = 'alerts_active_entity'"
             : "SELECT indexname FROM pg_indexes WHERE indexname = 'alerts_active_entity'";
  // Back to schema 7 as the previous cordon wrote it.
  for (const char* sql :
       {"DROP INDEX alerts_active_entity", "DELETE FROM schema_version WHERE version >= 8"}) {
    ASSERT_TRUE((*raw)->Exec(sql).ok()) << sql;
  }
  ASSERT_TRUE((*raw)->Query(has_index)->empty());
  auto s = CaseStore::Open(url_);
  ASSERT_TRUE(s.ok()) << s.status();
  store_ = std::move(*s);
  EXPECT_EQ(store_->SchemaVersion(), 8);
  EXPECT_EQ((*raw)->Query(has_index)->size(), 1u);
  if (sqlite) {
    // The reads of CloseDelisted take it (SQLite took alerts_active_age, walking every active
    // alert's row, before it existed).
    for (const char* sql : {"EXPLAIN QUERY PLAN SELECT DISTINCT entity_id, list FROM alerts "
                            "WHERE active = 1",
                            "EXPLAIN QUERY PLAN SELECT alert_id, status FROM alerts WHERE "
                            "entity_id = 'x' AND active = 1"}) {
      auto plan = (*raw)->Query(sql);
      ASSERT_TRUE(plan.ok()) << plan.status();
      ASSERT_EQ(plan->size(), 1u) << sql;
      EXPECT_NE(plan->Text(0, 3).find("alerts_active_entity"), std::string::npos)
          << sql << ": " << plan->Text(0, 3);
    }
  }
  // Back to the old list: its entries' alerts come back, those of entries it lacks are
  // delisted; the same alerts a full screening raises.
  auto delta = store_->Rescreen("ana", un.new_un->lists(), *un.old_un,
                                {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(delta.ok()) << delta.status();
  EXPECT_EQ(ActivePairs(*store_), DirectPairs(*store_, *un.old_un, IndexTestIds()));
  ExpectAuditVerifies();
}

CORDON_BACKENDS(CasesTest);

}  // namespace
}  // namespace cordon::cases
