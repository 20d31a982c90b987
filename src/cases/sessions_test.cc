// Sign-in persistence on both backends: password hashes, disabled users, failures, sessions.
#include <gtest/gtest.h>

#include "cases/backend_fixture_test.h"
#include "cases/db.h"
#include "cases/store_impl.h"

namespace cordon::cases {
namespace {

// Token hashes as the service makes them (SHA-256 hex of a random token); any 64 characters do.
const std::string kTokenA(64, 'a');
const std::string kTokenB(64, 'b');

class SessionsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(store_->AddUser("", "alice", Role::kAdmin).ok());
    ASSERT_TRUE(store_->AddUser("alice", "bob", Role::kAnalyst).ok());
  }

  std::unique_ptr<Db> Raw() {
    auto where = ParseDbLocation(url_);
    EXPECT_TRUE(where.ok());
    auto db = OpenDb(*where);
    EXPECT_TRUE(db.ok()) << db.status();
    return std::move(*db);
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    auto page = store_->AuditPage(0, 1000);
    EXPECT_TRUE(page.ok()) << page.status();
    for (const AuditRecord& r : *page) out.push_back(r.action + " " + r.actor + " " + r.object);
    return out;
  }
};

TEST_P(SessionsTest, PasswordsAreSetByTheUserOrAnAdminAndAudited) {
  auto none = store_->GetCredentials("bob");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->password_hash, "");
  EXPECT_EQ(none->role, Role::kAnalyst);
  ASSERT_TRUE(store_->SetPasswordHash("alice", "bob", "$argon2id$v=19$one").ok());
  ASSERT_TRUE(store_->SetPasswordHash("bob", "bob", "$argon2id$v=19$two").ok());
  auto denied = store_->SetPasswordHash("bob", "alice", "$argon2id$v=19$x");
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied) << denied;
  EXPECT_EQ(store_->SetPasswordHash("alice", "nobody", "h").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->SetPasswordHash("alice", "bob", "").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetCredentials("bob")->password_hash, "$argon2id$v=19$two");
  EXPECT_EQ(store_->GetCredentials("nobody").status().code(), absl::StatusCode::kNotFound);
  auto users = store_->Users();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_FALSE((*users)[0].has_password);  // alice
  EXPECT_TRUE((*users)[1].has_password);   // bob
  const std::vector<std::string> actions = AuditActions();
  ASSERT_EQ(actions.size(), 4u);
  EXPECT_EQ(actions[2], "user_passwd alice user:bob");
  EXPECT_EQ(actions[3], "user_passwd bob user:bob");
  // The hash is never written to the audit trail.
  auto page = store_->AuditPage(0, 100);
  ASSERT_TRUE(page.ok()) << page.status();
  for (const AuditRecord& r : *page) {
    EXPECT_EQ(r.detail.find("argon2"), std::string::npos) << r.detail;
  }
  EXPECT_TRUE(store_->VerifyAudit()->ok);
}

TEST_P(SessionsTest, SessionLivesUntilSignOutAndOnlyByItsHash) {
  auto s = store_->CreateSession("bob", kTokenA, {}, "127.0.0.1");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->user, "bob");
  EXPECT_LT(s->expires_at, s->absolute_expires_at);
  auto got = store_->GetSession(kTokenA, {});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->user, "bob");
  EXPECT_EQ(got->role, Role::kAnalyst);
  EXPECT_EQ(store_->GetSession(kTokenB, {}).status().code(), absl::StatusCode::kNotFound);
  // What is stored: the hash, never anything else that would let a copy sign in.
  auto rows = Raw()->Query("SELECT token_hash, user_name, remote FROM sessions");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->Text(0, 0), kTokenA);
  EXPECT_EQ(rows->Text(0, 2), "127.0.0.1");
  ASSERT_TRUE(store_->EndSession(kTokenA).ok());
  EXPECT_EQ(store_->GetSession(kTokenA, {}).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->EndSession(kTokenA).code(), absl::StatusCode::kNotFound);
  const std::vector<std::string> actions = AuditActions();
  ASSERT_EQ(actions.size(), 4u);
  EXPECT_EQ(actions[2], "sign_in bob user:bob");
  EXPECT_EQ(actions[3], "sign_out bob user:bob");
  EXPECT_TRUE(store_->VerifyAudit()->ok);
}

TEST_P(SessionsTest, ExpiredSessionsAreRefusedAndPurged) {
  ASSERT_TRUE(store_->CreateSession("bob", kTokenA, {}, "r").ok());
  ASSERT_TRUE(store_->CreateSession("alice", kTokenB, {}, "r").ok());
  // Bob's session went idle an hour ago (as if the clock had moved on).
  ASSERT_TRUE(Raw()
                  ->Exec("UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
                         {UtcAfterSeconds(-3600), kTokenA})
                  .ok());
  auto gone = store_->GetSession(kTokenA, {});
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(gone.status().message().find("expired"), std::string_view::npos);
  // Past its absolute lifetime, however recently used.
  ASSERT_TRUE(Raw()
                  ->Exec("UPDATE sessions SET absolute_expires_at = ? WHERE token_hash = ?",
                         {UtcAfterSeconds(-1), kTokenB})
                  .ok());
  EXPECT_EQ(store_->GetSession(kTokenB, {}).status().code(), absl::StatusCode::kNotFound);
  auto purged = store_->PurgeExpiredSessions();
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(*purged, 2u);
  EXPECT_EQ(Raw()->Query("SELECT COUNT(*) FROM sessions")->Int(0, 0), 0);
}

TEST_P(SessionsTest, IdleExpiryMovesOnWithUseButNotPastTheAbsoluteLifetime) {
  const SessionTimes times{.idle_seconds = 600, .absolute_seconds = 3600};
  ASSERT_TRUE(store_->CreateSession("bob", kTokenA, times, "r").ok());
  // Last seen two minutes ago, expiring in a minute: a use moves the expiry ten minutes on.
  ASSERT_TRUE(Raw()
                  ->Exec("UPDATE sessions SET last_seen_at = ?, expires_at = ?",
                         {UtcAfterSeconds(-120), UtcAfterSeconds(60)})
                  .ok());
  auto s = store_->GetSession(kTokenA, times);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_GT(s->expires_at, UtcAfterSeconds(500));
  EXPECT_EQ(Raw()->Query("SELECT expires_at FROM sessions")->Text(0, 0), s->expires_at);
  // Near the absolute end the idle expiry stops there.
  const std::string end = UtcAfterSeconds(100);
  ASSERT_TRUE(Raw()
                  ->Exec("UPDATE sessions SET last_seen_at = ?, absolute_expires_at = ?",
                         {UtcAfterSeconds(-120), end})
                  .ok());
  s = store_->GetSession(kTokenA, times);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->expires_at, end);
}

TEST_P(SessionsTest, DisablingEndsSessionsAndRefusesEveryAction) {
  ASSERT_TRUE(store_->CreateSession("bob", kTokenA, {}, "r").ok());
  EXPECT_EQ(store_->SetUserDisabled("bob", "alice", true).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->SetUserDisabled("alice", "alice", true).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->SetUserDisabled("alice", "nobody", true).code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(store_->SetUserDisabled("alice", "bob", true).ok());
  EXPECT_EQ(store_->GetSession(kTokenA, {}).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetCredentials("bob")->disabled);
  auto cannot = store_->CreateSession("bob", kTokenB, {}, "r");
  EXPECT_EQ(cannot.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(cannot.status().message().find("disabled"), std::string_view::npos);
  // Not only sign-in: any action by a disabled user is refused.
  auto policy = store_->SetPolicy("bob", {.four_eyes = true});
  EXPECT_EQ(policy.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(store_->Users()->at(1).disabled);
  ASSERT_TRUE(store_->SetUserDisabled("alice", "bob", false).ok());
  EXPECT_TRUE(store_->CreateSession("bob", kTokenB, {}, "r").ok());
  const std::vector<std::string> actions = AuditActions();
  ASSERT_EQ(actions.size(), 6u);
  EXPECT_EQ(actions[3], "user_disable alice user:bob");
  EXPECT_EQ(actions[4], "user_enable alice user:bob");
}

TEST_P(SessionsTest, FailuresCountUntilASignIn) {
  ASSERT_TRUE(store_->RecordSignInFailure("bob").ok());
  ASSERT_TRUE(store_->RecordSignInFailure("bob").ok());
  auto c = store_->GetCredentials("bob");
  EXPECT_EQ(c->failed_sign_ins, 2);
  EXPECT_FALSE(c->last_failed_at.empty());
  ASSERT_TRUE(store_->CreateSession("bob", kTokenA, {}, "r").ok());
  EXPECT_EQ(store_->GetCredentials("bob")->failed_sign_ins, 0);
}

TEST_P(SessionsTest, ASchemaOneDatabaseIsMigratedKeepingItsUsers) {
  // Back to schema 1 as the previous cordon wrote it: no sign-in columns, no sessions table (and
  // nothing of the later migrations: no requests table, no alerts.request_key, no message
  // alerts' columns and indexes, the one-active-alert-per-pair index over every alert, no
  // screen marks, subjects' version or stored subject index).
  store_.reset();
  {
    auto raw = Raw();
    const char* const kPairIndexOverEveryAlert =
        "CREATE UNIQUE INDEX alerts_active_pair ON alerts (subject_id, entity_id) WHERE active = 1";
    for (const char* sql : {"DROP TABLE subject_index",
                            "DROP TABLE subject_index_head",
                            "DROP TABLE subjects_version",
                            "DROP TABLE screen_marks",
                            "DROP INDEX subjects_changed",
                            "DROP INDEX subjects_due",
                            "ALTER TABLE subjects DROP COLUMN mark",
                            "ALTER TABLE subjects DROP COLUMN changed_seq",
                            "CREATE INDEX subjects_due ON subjects (needs_screening, lists_key)",
                            "DROP INDEX alerts_kind_active_queue",
                            "DROP INDEX alerts_kind_active_id",
                            "DROP INDEX alerts_kind_status_id",
                            "DROP INDEX alerts_kind_queue",
                            "DROP INDEX alerts_message_key",
                            "DROP INDEX alerts_active_pair",
                            "ALTER TABLE alerts DROP COLUMN message_key",
                            "ALTER TABLE alerts DROP COLUMN message",
                            "ALTER TABLE alerts DROP COLUMN kind",
                            kPairIndexOverEveryAlert,
                            "DROP TABLE requests",
                            "DROP INDEX alerts_request",
                            "ALTER TABLE alerts DROP COLUMN request_key",
                            "DROP TABLE sessions",
                            "ALTER TABLE users DROP COLUMN password_hash",
                            "ALTER TABLE users DROP COLUMN disabled_at",
                            "ALTER TABLE users DROP COLUMN failed_sign_ins",
                            "ALTER TABLE users DROP COLUMN last_failed_at",
                            "DELETE FROM schema_version WHERE version >= 2"}) {
      ASSERT_TRUE(raw->Exec(sql).ok()) << sql;
    }
  }
  auto s = CaseStore::Open(url_);
  ASSERT_TRUE(s.ok()) << s.status();
  store_ = std::move(*s);
  EXPECT_EQ(Raw()->Query("SELECT MAX(version) FROM schema_version")->Int(0, 0), kCaseSchemaVersion);
  auto c = store_->GetCredentials("bob");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->role, Role::kAnalyst);
  EXPECT_EQ(c->password_hash, "");
  EXPECT_FALSE(c->disabled);
  EXPECT_TRUE(store_->CreateSession("bob", kTokenA, {}, "r").ok());
  EXPECT_TRUE(store_->VerifyAudit()->ok);
}

CORDON_BACKENDS(SessionsTest);

}  // namespace
}  // namespace cordon::cases
