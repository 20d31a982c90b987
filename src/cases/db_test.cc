// The SQLite connection's WAL checkpoints, made by a thread of their own instead of inside the
// COMMIT that takes the log past 1,000 pages (cases/db.cc, SqliteCheckpointer).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "cases/db.h"

namespace cordon::cases {
namespace {

namespace fs = std::filesystem;

class SqliteCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cordon_db_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "store.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Db> Open() {
    auto db = OpenDb({Dialect::kSqlite, path_});
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  fs::path dir_;
  std::string path_;
};

// 3,000 commits of one 4 KiB row each (about 6,000 log pages, far below the point where the
// writer would checkpoint by itself): the rows reach the database file while the connection is
// open, the log is reused afterwards, and every row is there after closing and reopening.
TEST_F(SqliteCheckpointTest, CommitsReachTheDatabaseFileAndTheLogIsReused) {
  constexpr int kRows = 3000;
  auto db = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)").ok());
  const std::string body(4096, 'x');
  for (int i = 1; i <= kRows; ++i) {
    ASSERT_TRUE(db->Begin().ok());
    ASSERT_TRUE(db->Exec("INSERT INTO t (id, body) VALUES (?, ?)", {int64_t{i}, body}).ok());
    ASSERT_TRUE(db->Commit().ok());
  }
  // The checkpoints run beside the writer: wait for the last one (bounded; no timing is
  // asserted, only that it happens).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (fs::file_size(path_) < static_cast<uintmax_t>(kRows) * 4096 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GE(fs::file_size(path_), static_cast<uintmax_t>(kRows) * 4096)
      << "the rows did not reach the database file: no checkpoint ran";
  // Let a checkpoint begun by the last commits finish, then write once more: the log starts
  // again from its beginning, so it holds only that commit's pages.
  for (int i = 0; i < 100; ++i) {
    auto log = db->Query("PRAGMA wal_checkpoint(PASSIVE)");
    ASSERT_TRUE(log.ok()) << log.status();
    if (log->Int(0, 1) == log->Int(0, 2)) break;  // every log page is in the database file
  }
  ASSERT_TRUE(db->Begin().ok());
  ASSERT_TRUE(db->Exec("INSERT INTO t (id, body) VALUES (?, ?)", {int64_t{kRows + 1}, body}).ok());
  ASSERT_TRUE(db->Commit().ok());
  auto log = db->Query("PRAGMA wal_checkpoint(PASSIVE)");
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_LT(log->Int(0, 1), 100) << "the log was not reused";
  db.reset();
  db = Open();
  ASSERT_NE(db, nullptr);
  auto rows = db->Query("SELECT COUNT(*), SUM(length(body)) FROM t");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->Int(0, 0), kRows + 1);
  EXPECT_EQ(rows->Int(0, 1), int64_t{kRows + 1} * 4096);
}

}  // namespace
}  // namespace cordon::cases
