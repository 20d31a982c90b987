// A screening run on SQLite while another connection holds the database's write lock (a second
// cordon process, an administrator's sqlite3 shell): the lock is taken during the run, after its
// block was saved and before it is finished. Held past SQLite's 5 s busy timeout and then
// released, the run waits (its transaction run again) and finishes once; held for good, the run
// fails after its bounded wait naming the lock, and the next run goes on from what was saved.
// Real UN list, the sample subjects.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "cases/db.h"
#include "cordon/cases.h"
#include "cordon/sources.h"
#include "testing/files.h"

namespace cordon::cases {
namespace {

const Screener& Un() {
  static const Screener* un = [] {
    auto s = OpenScreener({std::string(CORDON_DATA_DIR) + "/lists/un"});
    return s.ok() ? s->release() : nullptr;
  }();
  return *un;
}

class SqliteLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cordon-lock-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/cases.db";
    auto s = CaseStore::Open("sqlite:" + path_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    ASSERT_TRUE(store_->AddUser("", "ana", Role::kAdmin).ok());
    auto imported = store_->ImportSubjects(
        "ana", "names.jsonl",
        test_support::ReadTestFile(std::string(CORDON_DATA_DIR) + "/samples/names.jsonl"));
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_EQ(imported->added, 6u);
  }
  void TearDown() override {
    if (releaser_.joinable()) releaser_.join();
    other_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Run options whose progress callback (called once the block is saved) has another connection
  // take the write lock, and let it go after `hold_ms` (never when negative).
  ScreenRunOptions LockingRun(int hold_ms, int db_wait_ms) {
    ScreenRunOptions o{.threads = 2, .engine_version = "test", .db_wait_ms = db_wait_ms};
    o.progress = [this, hold_ms](size_t, size_t) {
      auto db = OpenDb({Dialect::kSqlite, path_});
      ASSERT_TRUE(db.ok()) << db.status();
      other_ = std::move(*db);
      ASSERT_TRUE(other_->Begin().ok());  // BEGIN IMMEDIATE: the write lock
      locked_ = true;
      if (hold_ms >= 0) {
        releaser_ = std::thread([this, hold_ms] {
          std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
          EXPECT_TRUE(other_->Rollback().ok());
        });
      }
    };
    return o;
  }

  // Each pair the UN list finds for a subject is alerted once; the chain verifies.
  void ExpectOneAlertPerPair() {
    std::set<std::pair<std::string, std::string>> expected, got;
    for (int i = 1; i <= 6; ++i) {
      auto s = store_->GetSubject(std::to_string(i));
      ASSERT_TRUE(s.ok()) << s.status();
      ScreenQuery q;
      q.name = nlohmann::json::parse(s->data)["name"];
      for (const Hit& h : Un().Screen(q)) expected.insert({s->id, h.entity_id});
    }
    ASSERT_FALSE(expected.empty());
    auto alerts = store_->ListAlerts({.sort = "id", .limit = 10000});
    ASSERT_TRUE(alerts.ok()) << alerts.status();
    for (const Alert& a : *alerts) {
      EXPECT_TRUE(got.insert({a.subject_id, a.entity_id}).second)
          << "a second alert on " << a.subject_id << " " << a.entity_id;
    }
    EXPECT_EQ(got, expected);
    auto v = store_->VerifyAudit();
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_TRUE(v->ok) << v->reason;
  }

  std::string dir_, path_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<Db> other_;
  std::thread releaser_;
  bool locked_ = false;
};

TEST_F(SqliteLockTest, RunWaitsForAWriterThatHoldsTheLockPastTheBusyTimeout) {
  // 6 s: the run's first try at finishing gives up after SQLite's 5 s busy timeout; the second
  // gets the lock when it is let go.
  auto run = store_->Screen("ana", Un(), LockingRun(6000, 30000));
  ASSERT_TRUE(locked_);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->screened, 6u);
  ExpectOneAlertPerPair();
  auto again = store_->Screen("ana", Un(), {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->screened, 0u);
}

TEST_F(SqliteLockTest, RunFailsNamingTheLockWhenTheWriterKeepsIt) {
  // A wait shorter than the pause before a second try: one busy timeout, then the answer.
  auto run = store_->Screen("ana", Un(), LockingRun(-1, 50));
  ASSERT_TRUE(locked_);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), absl::StatusCode::kUnavailable) << run.status();
  const std::string msg(run.status().message());
  EXPECT_NE(msg.find("while finishing the run (nothing of it was saved"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the database is locked by another writer"), std::string::npos) << msg;
  ASSERT_TRUE(other_->Rollback().ok());
  // The block saved before the lock stays saved, once: the next run has nothing left to screen.
  ExpectOneAlertPerPair();
  auto again = store_->Screen("ana", Un(), {.threads = 2, .engine_version = "test"});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->screened, 0u);
}

}  // namespace
}  // namespace cordon::cases
