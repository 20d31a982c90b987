// The store on both backends: migrations, users and policy, and the audit chain with tampering.
#include <gtest/gtest.h>

#include "cases/backend_fixture_test.h"
#include "cases/db.h"
#include "cases/store_impl.h"

namespace cordon::cases {
namespace {

class StoreTest : public BackendTest {
 protected:
  // A second, raw connection to the same database: what someone with database access could do.
  std::unique_ptr<Db> Raw() {
    auto where = ParseDbLocation(url_);
    EXPECT_TRUE(where.ok());
    auto db = OpenDb(*where);
    EXPECT_TRUE(db.ok()) << db.status();
    return std::move(*db);
  }

  // Five audited changes: three users and the policy twice.
  void MakeHistory() {
    ASSERT_TRUE(store_->AddUser("", "alice", Role::kAdmin).ok());
    ASSERT_TRUE(store_->AddUser("alice", "bob", Role::kAnalyst).ok());
    ASSERT_TRUE(store_->AddUser("alice", "carol", Role::kSupervisor).ok());
    ASSERT_TRUE(store_->SetPolicy("carol", {.four_eyes = true}).ok());
    ASSERT_TRUE(store_->SetPolicy("alice", {.four_eyes = false, .good_guy_days = 365}).ok());
  }
};

TEST_P(StoreTest, MigratesOnceAndReopens) {
  EXPECT_EQ(store_->SchemaVersion(), kCaseSchemaVersion);
  store_.reset();
  auto again = CaseStore::Open(url_);
  ASSERT_TRUE(again.ok()) << again.status();
  auto rows = Raw()->Query("SELECT COUNT(*), MAX(version) FROM schema_version");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->Int(0, 0), kCaseSchemaVersion);  // one row per migration, not per open
  EXPECT_EQ(rows->Int(0, 1), kCaseSchemaVersion);
}

TEST_P(StoreTest, RefusesANewerSchema) {
  ASSERT_TRUE(store_->AddUser("", "alice", Role::kAdmin).ok());
  store_.reset();
  ASSERT_TRUE(Raw()
                  ->Exec("INSERT INTO schema_version (version) VALUES (?)",
                         {int64_t{kCaseSchemaVersion + 1}})
                  .ok());
  auto s = CaseStore::Open(url_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("newer"), std::string_view::npos) << s.status();
  // Nothing was changed: the user is still there.
  auto users = Raw()->Query("SELECT name FROM users");
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ(users->Text(0, 0), "alice");
}

TEST_P(StoreTest, UsersAndRoles) {
  // The first user must be an admin; then only an admin adds users.
  EXPECT_EQ(store_->AddUser("", "bob", Role::kAnalyst).code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->AddUser("", "alice", Role::kAdmin).ok());
  EXPECT_EQ(store_->AddUser("nobody", "bob", Role::kAnalyst).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(store_->AddUser("alice", "bob", Role::kAnalyst).ok());
  EXPECT_EQ(store_->AddUser("bob", "eve", Role::kAdmin).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->AddUser("alice", "bob", Role::kAdmin).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->AddUser("alice", "two words", Role::kAdmin).code(),
            absl::StatusCode::kInvalidArgument);
  auto users = store_->Users();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "alice");
  EXPECT_EQ((*users)[0].role, Role::kAdmin);
  EXPECT_EQ((*users)[1].name, "bob");
  EXPECT_EQ((*users)[1].role, Role::kAnalyst);
  // Policy: analysts may not change it.
  EXPECT_EQ(store_->SetPolicy("bob", {.four_eyes = true}).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_FALSE(store_->GetPolicy()->four_eyes);
  EXPECT_EQ(store_->SetPolicy("alice", {.good_guy_days = -1}).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->SetPolicy("alice", {.four_eyes = true, .good_guy_days = 90}).ok());
  EXPECT_TRUE(store_->GetPolicy()->four_eyes);
  EXPECT_EQ(store_->GetPolicy()->good_guy_days, 90);
}

TEST_P(StoreTest, AuditChainVerifies) {
  MakeHistory();
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->checked, 5);
  auto page = store_->AuditPage(0, 100);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 5u);
  EXPECT_EQ((*page)[0].action, "user_add");
  EXPECT_EQ((*page)[0].object, "user:alice");
  EXPECT_EQ((*page)[0].prev_hash, "");
  EXPECT_EQ((*page)[1].prev_hash, (*page)[0].hash);
  EXPECT_EQ((*page)[3].actor, "carol");
  EXPECT_EQ((*page)[3].detail, R"({"four_eyes":true,"good_guy_days":0})");
  // A failed change leaves no record.
  EXPECT_FALSE(store_->AddUser("bob", "eve", Role::kAdmin).ok());
  EXPECT_EQ(store_->VerifyAudit()->checked, 5);
}

TEST_P(StoreTest, AuditDetectsAnUpdate) {
  MakeHistory();
  ASSERT_TRUE(Raw()->Exec("UPDATE audit SET actor = 'mallory' WHERE seq = 3").ok());
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 3);
  EXPECT_NE(v->reason.find("altered"), std::string::npos) << v->reason;
  EXPECT_EQ(v->checked, 2);
}

TEST_P(StoreTest, AuditDetectsAnUpdateWithRecomputedHash) {
  MakeHistory();
  // The forger recomputes record 2's own hash; record 3 still names the old one.
  auto page = store_->AuditPage(0, 100);
  ASSERT_TRUE(page.ok());
  AuditRecord r = (*page)[1];
  r.detail = R"({"role":"admin"})";
  auto hash = AuditRecordHash(r);
  ASSERT_TRUE(hash.ok());
  ASSERT_TRUE(
      Raw()->Exec("UPDATE audit SET detail = ?, hash = ? WHERE seq = 2", {r.detail, *hash}).ok());
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 3);
  EXPECT_NE(v->reason.find("does not follow record 2"), std::string::npos) << v->reason;
}

TEST_P(StoreTest, AuditDetectsADeletion) {
  MakeHistory();
  ASSERT_TRUE(Raw()->Exec("DELETE FROM audit WHERE seq = 2").ok());
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 2);
  EXPECT_NE(v->reason.find("missing"), std::string::npos) << v->reason;
}

TEST_P(StoreTest, AuditDetectsADeletionAtTheEnd) {
  MakeHistory();
  ASSERT_TRUE(Raw()->Exec("DELETE FROM audit WHERE seq >= 4").ok());
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 4);
  EXPECT_EQ(v->checked, 3);
}

TEST_P(StoreTest, AuditDetectsAnInsertion) {
  MakeHistory();
  auto page = store_->AuditPage(0, 100);
  ASSERT_TRUE(page.ok());
  // Make room after record 2 and insert a record that claims to follow it.
  auto raw = Raw();
  ASSERT_TRUE(raw->Exec("UPDATE audit SET seq = seq + 100 WHERE seq >= 3").ok());
  ASSERT_TRUE(raw->Exec("UPDATE audit SET seq = seq - 99 WHERE seq >= 103").ok());
  ASSERT_TRUE(raw->Exec("INSERT INTO audit (seq, time, actor, action, object, detail, prev_hash, "
                        "hash) VALUES (3, ?, 'mallory', 'user_add', 'user:mallory', "
                        "'{\"role\":\"admin\"}', ?, 'forged')",
                        {(*page)[1].time, (*page)[1].hash})
                  .ok());
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 3);
}

TEST_P(StoreTest, AuditDetectsAnAppendedForgery) {
  MakeHistory();
  auto page = store_->AuditPage(0, 100);
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(Raw()
                  ->Exec("INSERT INTO audit (seq, time, actor, action, object, detail, "
                         "prev_hash, hash) VALUES (6, ?, 'mallory', 'x', 'y', '{}', ?, 'z')",
                         {(*page)[4].time, (*page)[4].hash})
                  .ok());
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 6);
}

CORDON_BACKENDS(StoreTest);

TEST(DbLocation, Parses) {
  EXPECT_EQ(ParseDbLocation("cases.db")->dialect, Dialect::kSqlite);
  EXPECT_EQ(ParseDbLocation("sqlite:/tmp/x.db")->target, "/tmp/x.db");
  EXPECT_EQ(ParseDbLocation("postgresql://u@h/db")->dialect, Dialect::kPostgres);
  EXPECT_EQ(ParseDbLocation("postgres://u@h/db")->dialect, Dialect::kPostgres);
  EXPECT_FALSE(ParseDbLocation("").ok());
  EXPECT_FALSE(ParseDbLocation("sqlite:").ok());
  EXPECT_FALSE(ParseDbLocation("mysql://h/db").ok());
}

TEST(Postgres, UnreachableIsUnavailableAfterABoundedWait) {
  auto where = ParseDbLocation("postgresql://postgres@127.0.0.1:1/none?connect_timeout=1");
  ASSERT_TRUE(where.ok());
  auto db = OpenDb(*where, {.busy_timeout_ms = 300});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(db.status().message().find("cannot connect"), std::string_view::npos);
}

TEST(Sqlite, LockedIsUnavailable) {
  char tmpl[] = "/tmp/cordon-lock-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/x.db";
  auto a = OpenDb({Dialect::kSqlite, path}, {.busy_timeout_ms = 100});
  auto b = OpenDb({Dialect::kSqlite, path}, {.busy_timeout_ms = 100});
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->Exec("CREATE TABLE t (x INTEGER)").ok());
  ASSERT_TRUE((*a)->Begin().ok());
  auto st = (*b)->Begin();
  EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable) << st;
  EXPECT_TRUE((*a)->Rollback().ok());
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace cordon::cases
