// COMMITs whose reply is lost (the transaction saved, the client never told: a server or network
// failure between the COMMIT and its answer), made deterministic by LostCommits
// (pg_fault_fixture_test.h): a screening run, a delta run, a decision, an import and the
// one-transaction writes (users, policy, assign, revoke) each finish once, with the counts of
// what was saved, no duplicate alert, decision or audit record, and an audit chain that
// verifies. And COMMITs whose connection is lost before the transaction was saved
// (LostBeforeCommit): a decision and an assignment are made again, once. Real UN lists, the
// sample subjects.
#include <gtest/gtest.h>

#include "cases/pg_fault_fixture_test.h"
#include "core/strcat.h"

namespace cordon::cases {
namespace {

const std::string kOldUn =
    std::string(CORDON_TESTDATA_DIR) + "/lists/un/un_consolidated_2025-08-02_by_prn.xml";

// Makes the connection of the first `n` transactions that write an audit record be lost during
// their COMMIT, before they are saved: a deferred constraint trigger on the audit table, which
// runs inside COMMIT, sleeps, and a watcher ends the sleeping session (pg_terminate_backend). The
// server rolls the transaction back; the client sees the connection lost while committing, as
// with LostCommits, but nothing was saved. A sequence counts the transactions (it is not rolled
// back), so the next attempt commits.
class LostBeforeCommit {
 public:
  explicit LostBeforeCommit(std::string url) : url_(std::move(url)) {}
  ~LostBeforeCommit() { Disable(); }

  bool Enable(int n) {
    admin_ = ConnectTo(url_);
    if (!admin_ ||
        !admin_
             ->ExecScript(StrCat(
                 "CREATE SEQUENCE lost_before_commit; "
                 "CREATE FUNCTION lose_before_commit() RETURNS trigger LANGUAGE plpgsql AS $$ "
                 "BEGIN IF nextval('lost_before_commit') <= ",
                 n,
                 " THEN PERFORM pg_sleep(60); END IF; RETURN NULL; END $$; "
                 "CREATE CONSTRAINT TRIGGER lose_before_commit AFTER INSERT ON audit DEFERRABLE "
                 "INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lose_before_commit();"))
             .ok()) {
      return false;
    }
    stop_ = false;
    watcher_ = std::thread([this] {
      auto watcher = ConnectTo(url_);
      std::set<int64_t> ended;
      while (watcher && !stop_) {
        // A session being ended is still listed for a moment: count each one once.
        auto r = watcher->Query(
            "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = "
            "'PgSleep' AND backend_type = 'client backend' AND datname = current_database()");
        for (size_t i = 0; r.ok() && i < r->size(); ++i) ended.insert(r->Int(i, 0));
        lost_ = static_cast<int>(ended.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
    return true;
  }

  void Disable() {
    if (watcher_.joinable()) {
      stop_ = true;
      watcher_.join();
    }
    if (admin_) {
      (void)admin_->ExecScript(
          "DROP TRIGGER lose_before_commit ON audit; DROP FUNCTION lose_before_commit(); "
          "DROP SEQUENCE lost_before_commit;");
      admin_.reset();
    }
  }

  int lost() const { return lost_; }

 private:
  const std::string url_;
  std::unique_ptr<Db> admin_;
  std::thread watcher_;
  std::atomic<bool> stop_{false};
  std::atomic<int> lost_{0};
};

class LostCommitTest : public PgFaultTest {
 protected:
  // The run's row as stored: status, subjects screened, alerts.
  std::tuple<std::string, int64_t, int64_t> RunRow(int64_t run_id) {
    auto db = ConnectTo(url_);
    if (!db) return {};
    auto r = db->Query("SELECT status, screened, alerts FROM runs WHERE run_id = ?", {run_id});
    EXPECT_TRUE(r.ok() && r->size() == 1u) << r.status();
    if (!r.ok() || r->empty()) return {};
    return {r->Text(0, 0), r->Int(0, 1), r->Int(0, 2)};
  }
};

// Every commit of the run loses its reply: the start, the block of six subjects, the end, the
// stored subject index. Each is found saved (the run's row, its running totals, the index's rows)
// and not run again.
TEST_F(LostCommitTest, RunWhoseEveryCommitReplyIsLostFinishesOnce) {
  const size_t expected = Expected().size();
  LostCommits lost(url_);
  ASSERT_TRUE(lost.Enable()) << "the server never made a commit wait";
  auto run = store_->Screen("ana", UnScreener(),
                            {.threads = 2, .engine_version = "test", .db_wait_ms = 30000});
  const int commits_lost = lost.lost();
  lost.Disable();
  ASSERT_TRUE(run.ok()) << run.status();
  // Start, the one block, finish, then the index of the subjects' names stored for the next
  // delta: its one part and its head.
  EXPECT_EQ(commits_lost, 5);
  EXPECT_EQ(run->screened, kSubjects);
  EXPECT_EQ(run->alerts_created, expected);
  EXPECT_EQ(RunRow(run->run_id),
            std::make_tuple(std::string("done"), static_cast<int64_t>(kSubjects),
                            static_cast<int64_t>(expected)));
  ExpectOneAlertPerPair();
  EXPECT_EQ(AuditOf("run_start").size(), 1u);
  EXPECT_EQ(AuditOf("run").size(), 1u);
  auto again = store_->Screen("ana", UnScreener(), {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->screened, 0u);
  auto head = ConnectTo(url_)->Query("SELECT parts, subjects FROM subject_index_head");
  ASSERT_TRUE(head.ok()) << head.status();
  ASSERT_EQ(head->size(), 1u);
  EXPECT_EQ(head->Int(0, 0), 1);
  EXPECT_EQ(head->Int(0, 1), static_cast<int64_t>(kSubjects));
}

// The delta from UN 2025-08-02 to the bundled UN list with every commit's reply lost: the plan
// (audited once), the closing of delisted entities' alerts, the run.
TEST_F(LostCommitTest, DeltaRunWhoseEveryCommitReplyIsLostFinishesOnce) {
  auto old_lists = LoadSources({kOldUn});
  ASSERT_TRUE(old_lists.ok()) << old_lists.status();
  auto old_screener = OpenScreener({kOldUn});
  ASSERT_TRUE(old_screener.ok()) << old_screener.status();
  auto first = store_->Screen("ana", **old_screener, {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(first.ok()) << first.status();
  // What the same delta gives without a fault, on a copy of the database made now (no session
  // may be connected to the database copied).
  store_.reset();
  const std::string name = url_.substr(url_.rfind('/') + 1), copy = name + "_copy";
  auto admin = ConnectTo(pg_->Url("postgres"));
  ASSERT_NE(admin, nullptr);
  ASSERT_TRUE(admin->ExecScript("CREATE DATABASE " + copy + " TEMPLATE " + name).ok());
  admin.reset();
  auto reopened = CaseStore::Open(url_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = std::move(*reopened);

  LostCommits lost(url_);
  ASSERT_TRUE(lost.Enable()) << "the server never made a commit wait";
  auto delta = store_->Rescreen("ana", *old_lists, UnScreener(),
                                {.threads = 2, .engine_version = "test", .db_wait_ms = 30000});
  const int commits_lost = lost.lost();
  lost.Disable();
  ASSERT_TRUE(delta.ok()) << delta.status();
  EXPECT_GE(commits_lost, 3);  // at least the plan, the start and the finish

  auto clean_store = CaseStore::Open(pg_->Url(copy));
  ASSERT_TRUE(clean_store.ok()) << clean_store.status();
  auto clean =
      (*clean_store)
          ->Rescreen("ana", *old_lists, UnScreener(), {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(clean.ok()) << clean.status();
  EXPECT_EQ(delta->screened, clean->screened);
  EXPECT_EQ(delta->alerts_created, clean->alerts_created);
  EXPECT_EQ(delta->delisted, clean->delisted);
  EXPECT_EQ(RunRow(delta->run_id),
            std::make_tuple(std::string("done"), static_cast<int64_t>(delta->screened),
                            static_cast<int64_t>(delta->alerts_created)));
  EXPECT_EQ(AuditOf("rescreen_plan").size(), 1u);
  auto alerts = AllAlerts();
  auto clean_alerts = (*clean_store)->ListAlerts({.sort = "id", .limit = 10000});
  ASSERT_TRUE(clean_alerts.ok()) << clean_alerts.status();
  std::multiset<std::tuple<std::string, std::string, std::string>> got, want;
  for (const Alert& a : alerts)
    got.insert({a.subject_id, a.entity_id, std::string(AlertStatusName(a.status))});
  for (const Alert& a : *clean_alerts) {
    want.insert({a.subject_id, a.entity_id, std::string(AlertStatusName(a.status))});
  }
  EXPECT_EQ(got, want);
  ExpectChainVerifies();
}

TEST_F(LostCommitTest, DecisionWhoseCommitReplyIsLostIsSavedOnce) {
  std::vector<Alert> alerts = ScreenAll();
  ASSERT_GE(alerts.size(), 2u);
  const Alert& a = alerts[0];
  LostCommits lost(url_);
  ASSERT_TRUE(lost.Enable()) << "the server never made a commit wait";
  auto decided = store_->Decide({.alert_id = a.alert_id,
                                 .decision = AlertDecision::kFalsePositive,
                                 .reason = "another person: born 1990 in Lahore",
                                 .user = "ana",
                                 .db_wait_ms = 30000});
  const int commits_lost = lost.lost();
  // Without a wait (the HTTP API's way) the lost reply is the answer: unknown, reload first.
  auto unknown = store_->Decide({.alert_id = alerts[1].alert_id,
                                 .decision = AlertDecision::kEscalate,
                                 .reason = "unsure",
                                 .user = "ana"});
  const int commits_lost_after = lost.lost();
  lost.Disable();

  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(commits_lost, 1);
  EXPECT_EQ(decided->status, AlertStatus::kFalsePositive);
  auto history = store_->AlertHistory(a.alert_id);
  ASSERT_TRUE(history.ok()) << history.status();
  size_t decisions = 0;
  for (const AlertEvent& e : *history) decisions += e.action == "false_positive";
  EXPECT_EQ(decisions, 1u);
  auto good_guys = store_->ListSuppressions(true);
  ASSERT_TRUE(good_guys.ok()) << good_guys.status();
  size_t of_alert = 0;
  for (const Suppression& s : *good_guys) of_alert += s.alert_id == a.alert_id;
  EXPECT_EQ(of_alert, 1u);
  EXPECT_EQ(AuditOf("false_positive", "alert:" + std::to_string(a.alert_id)).size(), 1u);
  EXPECT_EQ(AuditOf("suppress").size(), 1u);

  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(commits_lost_after, 2);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kUnknown) << unknown.status();
  EXPECT_NE(unknown.status().message().find("may or may not have been saved"), std::string::npos)
      << unknown.status();
  auto second = store_->GetAlert(alerts[1].alert_id);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->status, AlertStatus::kEscalated);  // it was saved: the reply was lost
  ExpectChainVerifies();
}

TEST_F(LostCommitTest, ImportWhoseCommitReplyIsLostCountsWhatWasSaved) {
  // Two new subjects, one changed (5), the other five as before.
  std::string text =
      test_support::ReadTestFile(std::string(CORDON_DATA_DIR) + "/samples/names.jsonl");
  const std::string was = "{\"id\": \"5\", \"name\": \"Muhammad Khan\"}";
  ASSERT_NE(text.find(was), std::string::npos);
  text.replace(text.find(was), was.size(),
               "{\"id\": \"5\", \"name\": \"Muhammad Khan\", \"birth_date\": \"1971\"}");
  text += "{\"id\": \"7\", \"name\": \"Abdul Baqi Basir Awal Shah\"}\n";
  text += "{\"id\": \"8\", \"name\": \"Anna Weber\"}\n";
  LostCommits lost(url_);
  ASSERT_TRUE(lost.Enable()) << "the server never made a commit wait";
  auto imported = store_->ImportSubjects("ana", "update.jsonl", text, 30000);
  const int commits_lost = lost.lost();
  lost.Disable();
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(commits_lost, 1);
  EXPECT_EQ(imported->added, 2u);
  EXPECT_EQ(imported->updated, 1u);
  EXPECT_EQ(imported->unchanged, 5u);
  const std::vector<AuditRecord> records = AuditOf("import", "file:update.jsonl");
  ASSERT_EQ(records.size(), 1u);
  const auto detail = nlohmann::json::parse(records[0].detail);
  EXPECT_EQ(detail["added"], 2);
  EXPECT_EQ(detail["updated"], 1);
  auto count = store_->CountSubjects();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 8u);
  auto five = store_->GetSubject("5");
  ASSERT_TRUE(five.ok()) << five.status();
  EXPECT_NE(five->data.find("1971"), std::string::npos);
  EXPECT_TRUE(five->needs_screening);
  ExpectChainVerifies();
}

// The writes of users, the policy, assignments and good-guy revocations, each one transaction,
// with the store's wait (CaseStore::SetDbWait, the CLI's --db-wait): every COMMIT's reply is
// lost after it was saved; each is found saved by its audit record and not made again.
TEST_F(LostCommitTest, OneTransactionWritesWhoseCommitReplyIsLostAreSavedOnce) {
  std::vector<Alert> alerts = ScreenAll();
  ASSERT_GE(alerts.size(), 2u);
  auto decided = store_->Decide({.alert_id = alerts[1].alert_id,
                                 .decision = AlertDecision::kFalsePositive,
                                 .reason = "another person",
                                 .user = "ana"});
  ASSERT_TRUE(decided.ok()) << decided.status();
  auto good_guys = store_->ListSuppressions(false);
  ASSERT_TRUE(good_guys.ok() && good_guys->size() == 1u) << good_guys.status();
  const int64_t good_guy = (*good_guys)[0].suppression_id;

  store_->SetDbWait(30000);
  LostCommits lost(url_);
  ASSERT_TRUE(lost.Enable()) << "the server never made a commit wait";
  const absl::Status writes[] = {
      store_->AddUser("admin", "sue", Role::kSupervisor),
      store_->SetPasswordHash("admin", "sue", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"),
      store_->SetPolicy("sue", {.four_eyes = true, .good_guy_days = 90}),
      store_->Assign(alerts[0].alert_id, "ana", "ana", "mine to review"),
      store_->RevokeSuppression(good_guy, "sue", "the customer's new address"),
      store_->SetUserDisabled("admin", "ana", true),
  };
  const int commits_lost = lost.lost();
  lost.Disable();
  for (const absl::Status& st : writes) EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(commits_lost, 6);

  for (const char* action :
       {"user_add", "user_passwd", "policy", "assign", "revoke", "user_disable"}) {
    EXPECT_EQ(AuditOf(action).size(), action == std::string("user_add") ? 3u : 1u) << action;
  }
  auto users = store_->Users();
  ASSERT_TRUE(users.ok()) << users.status();
  ASSERT_EQ(users->size(), 3u);
  for (const User& u : *users) {
    EXPECT_EQ(u.disabled, u.name == "ana") << u.name;
    EXPECT_EQ(u.has_password, u.name == "sue") << u.name;
  }
  auto policy = store_->GetPolicy();
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(policy->four_eyes);
  EXPECT_EQ(policy->good_guy_days, 90);
  auto assigned = store_->GetAlert(alerts[0].alert_id);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(assigned->status, AlertStatus::kInReview);
  EXPECT_EQ(assigned->assigned_to, "ana");
  auto history = store_->AlertHistory(alerts[0].alert_id);
  ASSERT_TRUE(history.ok()) << history.status();
  size_t assigns = 0;
  for (const AlertEvent& e : *history) assigns += e.action == "assign";
  EXPECT_EQ(assigns, 1u);
  good_guys = store_->ListSuppressions(true);
  ASSERT_TRUE(good_guys.ok() && good_guys->size() == 1u) << good_guys.status();
  EXPECT_FALSE((*good_guys)[0].active);
  EXPECT_EQ((*good_guys)[0].revoked_by, "sue");
  ExpectChainVerifies();
}

// The connection is lost during COMMIT before the transaction was saved: the decision's and the
// assignment's audit records are not in the table, so each is made again, and is there once.
// (Taken as saved, the decision and the assignment would be missing; made again without asking,
// the saved case above would make them twice.)
TEST_F(LostCommitTest, WritesWhoseCommitWasLostUnsavedAreMadeAgainOnce) {
  std::vector<Alert> alerts = ScreenAll();
  ASSERT_GE(alerts.size(), 2u);
  store_->SetDbWait(30000);
  LostBeforeCommit lost(url_);
  ASSERT_TRUE(lost.Enable(1));
  auto decided = store_->Decide({.alert_id = alerts[0].alert_id,
                                 .decision = AlertDecision::kEscalate,
                                 .reason = "same birth year",
                                 .user = "ana",
                                 .db_wait_ms = 30000});
  const int decision_lost = lost.lost();
  lost.Disable();
  ASSERT_TRUE(lost.Enable(1));
  const absl::Status assigned = store_->Assign(alerts[1].alert_id, "ana", "ana", "mine");
  const int assign_lost = lost.lost();
  lost.Disable();

  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decision_lost, 1);
  EXPECT_EQ(decided->status, AlertStatus::kEscalated);
  EXPECT_EQ(AuditOf("escalate", "alert:" + std::to_string(alerts[0].alert_id)).size(), 1u);
  ASSERT_TRUE(assigned.ok()) << assigned;
  EXPECT_EQ(assign_lost, 1);
  auto a = store_->GetAlert(alerts[1].alert_id);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status, AlertStatus::kInReview);
  EXPECT_EQ(a->assigned_to, "ana");
  EXPECT_EQ(AuditOf("assign").size(), 1u);
  ExpectChainVerifies();
}

}  // namespace
}  // namespace cordon::cases
