// A screening run on PostgreSQL across a server restart (pg_ctl stop -m fast, then start) that
// ends a block's transaction half way, and across a server that stays down (stopped as by a
// crash, pg_ctl stop -m immediate): the run goes on on a fresh connection, or fails after its
// bounded wait naming the cause with nothing half written.
// The restart is made to land inside a block's transaction, not between two: another session
// holds a row lock on one subject, so the run's block waits on that subject's UPDATE (after the
// alerts of the subjects before it) until the server is stopped. Real UN list, real sample names.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "cases/db.h"
#include "cordon/cases.h"
#include "cordon/sources.h"
#include "testing/files.h"
#include "testing/pg_cluster.h"

namespace cordon::cases {
namespace {

using Pair = std::pair<std::string, std::string>;  // subject id, entity id
const std::vector<std::string> kIds = {"1", "2", "3", "4", "5", "6"};
// The subject another session locks: after "1" and "4" (both alert) in id order.
constexpr const char* kLocked = "5";

const Screener& Un() {
  static const Screener* un = [] {
    auto s = OpenScreener({std::string(CORDON_DATA_DIR) + "/lists/un"});
    return s.ok() ? s->release() : nullptr;
  }();
  return *un;
}

class RestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pg_ = cordon::testing::PgCluster::Shared();
    if (pg_->missing()) GTEST_SKIP() << pg_->error();
    ASSERT_TRUE(pg_->ok()) << pg_->error();
    url_ = pg_->CreateDatabase();
    ASSERT_FALSE(url_.empty());
    auto s = CaseStore::Open(url_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    ASSERT_TRUE(store_->AddUser("", "admin", Role::kAdmin).ok());
    ASSERT_TRUE(store_->AddUser("admin", "ana", Role::kAnalyst).ok());
    const std::string names =
        test_support::ReadTestFile(std::string(CORDON_DATA_DIR) + "/samples/names.jsonl");
    auto imported = store_->ImportSubjects("ana", "names.jsonl", names);
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_EQ(imported->added, kIds.size());
  }

  std::unique_ptr<Db> Connect() {
    auto where = ParseDbLocation(url_);
    EXPECT_TRUE(where.ok());
    auto db = OpenDb(*where);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  // Another session locks subject kLocked; returns it (the lock lasts while it lives).
  std::unique_ptr<Db> HoldSubjectLock() {
    auto holder = Connect();
    if (!holder) return nullptr;
    EXPECT_TRUE(holder->Begin().ok());
    auto r =
        holder->Query("SELECT id FROM subjects WHERE id = ? FOR UPDATE", {std::string(kLocked)});
    EXPECT_TRUE(r.ok() && r->size() == 1u) << r.status();
    return holder;
  }

  // Waits until a session of this database waits for a lock (the run's block, on kLocked).
  bool WaitForBlockedRun() {
    auto watcher = Connect();
    for (int i = 0; watcher && i < 600; ++i) {
      auto r = watcher->Query(
          "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND "
          "wait_event_type = 'Lock'");
      if (r.ok() && r->Int(0, 0) > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Every alert, whatever its status.
  std::vector<Alert> AllAlerts() {
    auto a = store_->ListAlerts({.sort = "id", .limit = 10000});
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? *a : std::vector<Alert>{};
  }

  // The pairs the UN list finds for the subjects: what the run must alert, once each.
  std::set<Pair> Expected() {
    std::set<Pair> out;
    for (const std::string& id : kIds) {
      auto s = store_->GetSubject(id);
      EXPECT_TRUE(s.ok()) << s.status();
      if (!s.ok()) continue;
      ScreenQuery q;
      q.name = nlohmann::json::parse(s->data)["name"];
      for (const Hit& h : Un().Screen(q)) out.insert({id, h.entity_id});
    }
    return out;
  }

  // The run's alerts: one per expected pair, none twice, each audited once; the chain verifies.
  void ExpectOneAlertPerPair(const RunResult& r) {
    const std::set<Pair> expected = Expected();
    ASSERT_FALSE(expected.empty());
    std::vector<Alert> alerts = AllAlerts();
    std::set<Pair> got;
    for (const Alert& a : alerts) {
      EXPECT_TRUE(got.insert({a.subject_id, a.entity_id}).second)
          << "a second alert on " << a.subject_id << " " << a.entity_id;
    }
    EXPECT_EQ(got, expected);
    EXPECT_EQ(alerts.size(), expected.size());
    EXPECT_EQ(r.alerts_created, expected.size());
    auto audit = store_->AuditPage(0, 10000);
    ASSERT_TRUE(audit.ok()) << audit.status();
    size_t alert_records = 0;
    for (const AuditRecord& rec : *audit) alert_records += rec.action == "alert";
    EXPECT_EQ(alert_records, expected.size());
    auto v = store_->VerifyAudit();
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_TRUE(v->ok) << v->reason;
    // Every subject screened once, by this run; nothing is left due.
    EXPECT_EQ(r.screened, kIds.size());
    auto again = store_->Screen("ana", Un(), {.threads = 2, .engine_version = "test"});
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(again->screened, 0u);
  }

  cordon::testing::PgCluster* pg_ = nullptr;
  std::string url_;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(RestartTest, RunCompletesAcrossAServerRestartInsideABlock) {
  auto holder = HoldSubjectLock();
  ASSERT_NE(holder, nullptr);
  absl::StatusOr<RunResult> run = absl::UnknownError("not run");
  std::thread t([&] {
    run =
        store_->Screen("ana", Un(), {.threads = 2, .engine_version = "test", .db_wait_ms = 30000});
  });
  const bool blocked = WaitForBlockedRun();
  const bool stopped = pg_->Stop();
  const bool started = pg_->Start();
  t.join();
  holder.reset();
  ASSERT_TRUE(blocked) << "the run never waited on the locked subject";
  ASSERT_TRUE(stopped && started) << "pg_ctl failed";
  ASSERT_TRUE(run.ok()) << run.status();
  ExpectOneAlertPerPair(*run);
}

// The server is stopped as by a crash (every server process killed at once): with a fast shutdown
// the holder's session could end before the run's, and the run take the lock and commit before
// its own session was ended (it did, 2 runs in 3).
TEST_F(RestartTest, ServerThatStaysDownFailsTheRunAfterTheBoundedWait) {
  auto holder = HoldSubjectLock();
  ASSERT_NE(holder, nullptr);
  absl::StatusOr<RunResult> run = absl::UnknownError("not run");
  std::chrono::steady_clock::time_point failed_at;
  std::thread t([&] {
    run = store_->Screen("ana", Un(), {.threads = 2, .engine_version = "test", .db_wait_ms = 1000});
    failed_at = std::chrono::steady_clock::now();
  });
  const bool blocked = WaitForBlockedRun();
  const auto stopped_at = std::chrono::steady_clock::now();
  const bool stopped = pg_->Stop(cordon::testing::PgCluster::StopMode::kImmediate);
  t.join();
  holder.reset();
  const bool started = pg_->Start();  // for the checks below and the tests after
  ASSERT_TRUE(blocked) << "the run never waited on the locked subject";
  ASSERT_TRUE(stopped && started) << "pg_ctl failed";
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), absl::StatusCode::kUnavailable) << run.status();
  const std::string msg(run.status().message());
  EXPECT_NE(msg.find("stayed unavailable for 1 s while saving the screening of 6 subjects from "
                     "id 1 (nothing of it was saved"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("postgresql: cannot connect"), std::string::npos) << msg;
  // It waited at least its bound, and not for ever (a loose upper bound: the bound, one more
  // reconnection's 5 s and pg_ctl's own time, with room for a loaded machine).
  const double waited = std::chrono::duration<double>(failed_at - stopped_at).count();
  EXPECT_GE(waited, 1.0);
  EXPECT_LT(waited, 60.0);

  // Nothing half written: the block's alerts (subjects 1 and 4, before the locked one) were
  // rolled back with it, and every subject is still due; a run now raises each alert once.
  EXPECT_TRUE(AllAlerts().empty());
  auto r = store_->Screen("ana", Un(), {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(r.ok()) << r.status();
  ExpectOneAlertPerPair(*r);
}

}  // namespace
}  // namespace cordon::cases
