// Test fixture for the case store on PostgreSQL under faults: a database with the six sample
// subjects (data/samples/names.jsonl) and two users, other sessions that hold a row lock or watch
// the store's session, and LostCommits, which makes every COMMIT lose its reply. Real UN list.
// Test code only (hence the _test name, which lets it use src/testing like the *_test.cc files).
#ifndef CORDON_CASES_PG_FAULT_FIXTURE_TEST_H_
#define CORDON_CASES_PG_FAULT_FIXTURE_TEST_H_

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cases/db.h"
#include "cordon/cases.h"
#include "cordon/sources.h"
#include "testing/files.h"
#include "testing/pg_cluster.h"

namespace cordon::cases {

inline const Screener& UnScreener() {
  static const Screener* un = [] {
    auto s = OpenScreener({std::string(CORDON_DATA_DIR) + "/lists/un"});
    return s.ok() ? s->release() : nullptr;
  }();
  return *un;
}

inline std::unique_ptr<Db> ConnectTo(const std::string& url) {
  auto where = ParseDbLocation(url);
  EXPECT_TRUE(where.ok());
  if (!where.ok()) return nullptr;
  auto db = OpenDb(*where);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? std::move(*db) : nullptr;
}

// Makes the reply to every COMMIT that writes get lost after the transaction was committed, as
// when the server or the network fails between the COMMIT being sent and its answer: the server
// is told to wait at every commit for a synchronous standby that does not exist
// (synchronous_standby_names; the commit is already written and durable locally then), and a
// watcher ends the session of every transaction waiting so (pg_terminate_backend). PostgreSQL
// then drops the connection without a reply ("the transaction has already committed locally"),
// and the committed transaction becomes visible to other sessions. Reads and transactions that
// write nothing do not wait. The cluster's setting is put back by Disable() (and the destructor).
class LostCommits {
 public:
  explicit LostCommits(std::string url) : url_(std::move(url)) {}
  ~LostCommits() { Disable(); }

  // True once a commit was seen waiting (the setting has reached the server's processes).
  bool Enable() {
    admin_ = ConnectTo(url_);
    if (!admin_ || !admin_->ExecScript("CREATE TABLE lost_commit_probe (x int)").ok() ||
        !admin_->ExecScript("ALTER SYSTEM SET synchronous_standby_names = 'nobody'").ok() ||
        !admin_->Exec("SELECT pg_reload_conf()").ok()) {
      return false;
    }
    stop_ = false;
    watcher_ = std::thread([this] { Watch(); });
    // A probe commit on a session of its own: the reload reaches the server's processes a
    // moment later; the first probe whose reply is lost says it has.
    for (int i = 0; i < 500; ++i) {
      auto probe = ConnectTo(url_);
      if (!probe) return false;
      if (!probe->Exec("INSERT INTO lost_commit_probe VALUES (1)").ok()) {
        // The watcher counts the probe once its query returns: wait for that, then start at 0.
        while (lost_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        lost_ = 0;
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  void Disable() {
    if (watcher_.joinable()) {
      stop_ = true;
      watcher_.join();
    }
    if (admin_) {
      (void)admin_->ExecScript("ALTER SYSTEM RESET synchronous_standby_names");
      (void)admin_->Exec("SELECT pg_reload_conf()");
      admin_.reset();
    }
  }

  // How many commits lost their reply since Enable(). A client sees its connection drop while
  // the watcher's pass that ended it is still returning, so this waits until the pass under way
  // when it was called has finished (at most 5 s) before reading the count.
  int lost() const {
    const int pass = passes_;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (passes_ < pass + 2 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return lost_;
  }

 private:
  // A session being ended stays listed (still waiting on SyncRep) for a moment, and is ended
  // again on the next pass: each session counts once, by its pid.
  void Watch() {
    auto watcher = ConnectTo(url_);
    std::set<int64_t> ended;
    while (watcher && !stop_) {
      auto r = watcher->Query(
          "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = "
          "'SyncRep' AND backend_type = 'client backend' AND datname = current_database()");
      for (size_t i = 0; r.ok() && i < r->size(); ++i) {
        if (ended.insert(r->Int(i, 0)).second) ++lost_;
      }
      ++passes_;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  const std::string url_;
  std::unique_ptr<Db> admin_;
  std::thread watcher_;
  std::atomic<bool> stop_{false};
  std::atomic<int> lost_{0};
  std::atomic<int> passes_{0};  // the watcher's completed passes
};

class PgFaultTest : public ::testing::Test {
 protected:
  using Pair = std::pair<std::string, std::string>;  // subject id, entity id
  static constexpr size_t kSubjects = 6;

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
    ASSERT_EQ(imported->added, kSubjects);
  }

  // Screens the subjects (no fault) and returns the run's alerts.
  std::vector<Alert> ScreenAll() {
    auto r = store_->Screen("ana", UnScreener(), {.threads = 2, .engine_version = "test"});
    EXPECT_TRUE(r.ok()) << r.status();
    return AllAlerts();
  }

  // Another session locks the row `sql` (a SELECT ... FOR UPDATE with `params`) selects; the lock
  // lasts while the returned session lives.
  std::unique_ptr<Db> HoldLock(const std::string& sql, const std::vector<SqlValue>& params) {
    auto holder = ConnectTo(url_);
    if (!holder) return nullptr;
    EXPECT_TRUE(holder->Begin().ok());
    auto r = holder->Query(sql, params);
    EXPECT_TRUE(r.ok() && r->size() == 1u) << r.status();
    return holder;
  }

  // Waits until a session of this database waits for a lock (the store's, on the held row).
  bool WaitForLockWaiter() {
    auto watcher = ConnectTo(url_);
    for (int i = 0; watcher && i < 600; ++i) {
      auto r = watcher->Query(
          "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND "
          "wait_event_type = 'Lock'");
      if (r.ok() && r->Int(0, 0) > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::vector<Alert> AllAlerts() {
    auto a = store_->ListAlerts({.sort = "id", .limit = 10000});
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? *a : std::vector<Alert>{};
  }

  // The audit records with this action (and object, when given).
  std::vector<AuditRecord> AuditOf(const std::string& action, const std::string& object = "") {
    auto page = store_->AuditPage(0, 100000);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<AuditRecord> out;
    for (const AuditRecord& r : page.ok() ? *page : std::vector<AuditRecord>{}) {
      if (r.action == action && (object.empty() || r.object == object)) out.push_back(r);
    }
    return out;
  }

  void ExpectChainVerifies() {
    auto v = store_->VerifyAudit();
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_TRUE(v->ok) << v->reason;
  }

  // The pairs the UN list finds for the subjects: what a run must alert, once each.
  std::set<Pair> Expected() {
    std::set<Pair> out;
    for (size_t i = 1; i <= kSubjects; ++i) {
      auto s = store_->GetSubject(std::to_string(i));
      EXPECT_TRUE(s.ok()) << s.status();
      if (!s.ok()) continue;
      ScreenQuery q;
      q.name = nlohmann::json::parse(s->data)["name"];
      for (const Hit& h : UnScreener().Screen(q)) out.insert({s->id, h.entity_id});
    }
    return out;
  }

  // The alerts are one per expected pair, none twice, each audited once; the chain verifies.
  void ExpectOneAlertPerPair() {
    const std::set<Pair> expected = Expected();
    ASSERT_FALSE(expected.empty());
    std::vector<Alert> alerts = AllAlerts();
    std::set<Pair> got;
    for (const Alert& a : alerts) {
      EXPECT_TRUE(got.insert({a.subject_id, a.entity_id}).second)
          << "a second alert on " << a.subject_id << " " << a.entity_id;
    }
    EXPECT_EQ(got, expected);
    EXPECT_EQ(AuditOf("alert").size(), expected.size());
    ExpectChainVerifies();
  }

  cordon::testing::PgCluster* pg_ = nullptr;
  std::string url_;
  std::unique_ptr<CaseStore> store_;
};

}  // namespace cordon::cases

#endif  // CORDON_CASES_PG_FAULT_FIXTURE_TEST_H_
