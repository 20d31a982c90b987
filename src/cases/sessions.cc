// Sign-in to the web application (cordon/cases.h; docs/web.md): password hashes, disabled users,
// failed sign-ins and sessions. The store keeps what the service computes and checks: it never
// sees a password or a session token, only an Argon2id string and the SHA-256 of a token.
#include <algorithm>

#include "cases/store_impl.h"
#include "core/strcat.h"

namespace cordon::cases {
namespace {

using nlohmann::json;

// A session's last use is written at most this often, so that a page making many requests does
// not write the database on each (the idle expiry is at least minutes, so a minute is no loss).
constexpr int64_t kTouchEverySeconds = 60;

// An Argon2id string of libsodium is about 100 bytes; anything far longer is not a hash.
constexpr size_t kMaxHashBytes = 512;

// The first hex digits of a token hash, named in the audit so that a sign-out can be matched to
// its sign-in. Not a secret: the hash of a 256-bit random token reveals nothing of it.
std::string SessionLabel(std::string_view token_hash) {
  return std::string(token_hash.substr(0, 12));
}

}  // namespace

absl::Status StoreImpl::SetPasswordHash(std::string_view actor, std::string_view name,
                                        std::string_view password_hash) {
  if (password_hash.empty() || password_hash.size() > kMaxHashBytes) {
    return absl::InvalidArgumentError("password hash: empty or too long");
  }
  return RetriedWrite(
      StrCat("setting the password of ", name), "it was not changed: set it again",
      [&]() -> absl::Status {
        Transaction tx(db_.get());
        if (auto st = tx.Begin(); !st.ok()) return st;
        auto role = RoleOf(actor);
        if (!role.ok()) return role.status();
        if (*role != Role::kAdmin && actor != name) {
          return absl::PermissionDeniedError(StrCat(
              "only an admin may set another user's password; ", actor, " is ", RoleName(*role)));
        }
        auto done = db_->Query(
            "UPDATE users SET password_hash = ?, failed_sign_ins = 0, last_failed_at = '' "
            "WHERE name = ? RETURNING name",
            {std::string(password_hash), std::string(name)});
        if (!done.ok()) return done.status();
        if (done->empty()) return absl::NotFoundError(StrCat("no user '", name, "'"));
        // A new password ends every session made with the old one.
        if (auto st = db_->Exec("DELETE FROM sessions WHERE user_name = ?", {std::string(name)});
            !st.ok()) {
          return st;
        }
        if (auto st = Audit(actor, "user_passwd", StrCat("user:", name), json::object());
            !st.ok()) {
          return st;
        }
        return tx.Commit();
      });
}

absl::Status StoreImpl::SetUserDisabled(std::string_view actor, std::string_view name,
                                        bool disabled) {
  return RetriedWrite(
      StrCat(disabled ? "disabling" : "enabling", " user ", name),
      "it was not changed: run it again", [&]() -> absl::Status {
        Transaction tx(db_.get());
        if (auto st = tx.Begin(); !st.ok()) return st;
        auto role = RoleOf(actor);
        if (!role.ok()) return role.status();
        if (*role != Role::kAdmin) {
          return absl::PermissionDeniedError(StrCat("only an admin may disable or enable users; ",
                                                    actor, " is ", RoleName(*role)));
        }
        // An admin who disables themself could leave nobody able to undo it.
        if (disabled && actor == name) {
          return absl::InvalidArgumentError("an admin cannot disable themself");
        }
        auto done = db_->Query(
            disabled ? "UPDATE users SET disabled_at = ? WHERE name = ? AND disabled_at = '' "
                       "RETURNING name"
                     : "UPDATE users SET disabled_at = '' WHERE name = ? AND disabled_at <> '' "
                       "RETURNING name",
            disabled ? std::vector<SqlValue>{NowUtc(), std::string(name)}
                     : std::vector<SqlValue>{std::string(name)});
        if (!done.ok()) return done.status();
        if (done->empty()) {
          auto known = GetCredentials(name);
          if (!known.ok()) return known.status();
          return absl::OkStatus();  // already so: nothing to record
        }
        if (disabled) {
          if (auto st = db_->Exec("DELETE FROM sessions WHERE user_name = ?", {std::string(name)});
              !st.ok()) {
            return st;
          }
        }
        if (auto st = Audit(actor, disabled ? "user_disable" : "user_enable", StrCat("user:", name),
                            json::object());
            !st.ok()) {
          return st;
        }
        return tx.Commit();
      });
}

absl::StatusOr<Credentials> StoreImpl::GetCredentials(std::string_view name) {
  auto rows = db_->Query(
      "SELECT name, role, password_hash, disabled_at, failed_sign_ins, last_failed_at "
      "FROM users WHERE name = ?",
      {std::string(name)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(StrCat("no user '", name, "'"));
  return Credentials{.name = rows->Text(0, 0),
                     .role = ParseRole(rows->Text(0, 1)).value_or(Role::kAnalyst),
                     .password_hash = rows->Text(0, 2),
                     .disabled = !rows->Text(0, 3).empty(),
                     .failed_sign_ins = static_cast<int>(rows->Int(0, 4)),
                     .last_failed_at = rows->Text(0, 5)};
}

absl::Status StoreImpl::RecordSignInFailure(std::string_view name) {
  return db_->Exec(
      "UPDATE users SET failed_sign_ins = failed_sign_ins + 1, last_failed_at = ? WHERE name = ?",
      {NowUtc(), std::string(name)});
}

absl::StatusOr<SessionInfo> StoreImpl::CreateSession(std::string_view name,
                                                     std::string_view token_hash,
                                                     const SessionTimes& times,
                                                     std::string_view remote) {
  if (token_hash.size() != 64) return absl::InvalidArgumentError("session: not a SHA-256 hash");
  if (times.idle_seconds <= 0 || times.absolute_seconds <= 0) {
    return absl::InvalidArgumentError("session: lifetimes must be positive");
  }
  Transaction tx(db_.get());
  if (auto st = tx.Begin(); !st.ok()) return st;
  auto role = RoleOf(name);
  if (!role.ok()) return role.status();
  const std::string now = NowUtc();
  const std::string absolute = UtcAfterSeconds(times.absolute_seconds);
  const std::string idle = std::min(UtcAfterSeconds(times.idle_seconds), absolute);
  auto st = db_->Exec(
      "INSERT INTO sessions (token_hash, user_name, created_at, last_seen_at, expires_at, "
      "absolute_expires_at, remote) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {std::string(token_hash), std::string(name), now, now, idle, absolute,
       std::string(remote.substr(0, 200))});
  if (!st.ok()) return st;
  if (auto r =
          db_->Exec("UPDATE users SET failed_sign_ins = 0 WHERE name = ?", {std::string(name)});
      !r.ok()) {
    return r;
  }
  if (auto a = Audit(
          name, "sign_in", StrCat("user:", name),
          {{"remote", std::string(remote.substr(0, 200))}, {"session", SessionLabel(token_hash)}});
      !a.ok()) {
    return a;
  }
  if (auto c = tx.Commit(); !c.ok()) return c;
  return SessionInfo{.user = std::string(name),
                     .role = *role,
                     .created_at = now,
                     .last_seen_at = now,
                     .expires_at = idle,
                     .absolute_expires_at = absolute};
}

absl::StatusOr<SessionInfo> StoreImpl::GetSession(std::string_view token_hash,
                                                  const SessionTimes& times) {
  auto rows = db_->Query(
      "SELECT s.user_name, u.role, s.created_at, s.last_seen_at, s.expires_at, "
      "s.absolute_expires_at, u.disabled_at FROM sessions s JOIN users u ON u.name = s.user_name "
      "WHERE s.token_hash = ?",
      {std::string(token_hash)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError("no such session (signed out or expired)");
  SessionInfo s{.user = rows->Text(0, 0),
                .role = ParseRole(rows->Text(0, 1)).value_or(Role::kAnalyst),
                .created_at = rows->Text(0, 2),
                .last_seen_at = rows->Text(0, 3),
                .expires_at = rows->Text(0, 4),
                .absolute_expires_at = rows->Text(0, 5)};
  const std::string now = NowUtc();
  if (now >= s.expires_at || now >= s.absolute_expires_at) {
    return absl::NotFoundError("the session has expired; sign in again");
  }
  if (!rows->Text(0, 6).empty()) return absl::NotFoundError("the user is disabled");
  if (s.last_seen_at < UtcAfterSeconds(-kTouchEverySeconds)) {
    s.last_seen_at = now;
    s.expires_at = std::min(UtcAfterSeconds(times.idle_seconds), s.absolute_expires_at);
    if (auto st =
            db_->Exec("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?",
                      {s.last_seen_at, s.expires_at, std::string(token_hash)});
        !st.ok()) {
      return st;
    }
  }
  return s;
}

absl::Status StoreImpl::EndSession(std::string_view token_hash) {
  Transaction tx(db_.get());
  if (auto st = tx.Begin(); !st.ok()) return st;
  auto rows = db_->Query("DELETE FROM sessions WHERE token_hash = ? RETURNING user_name",
                         {std::string(token_hash)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError("no such session (signed out or expired)");
  const std::string user = rows->Text(0, 0);
  if (auto a =
          Audit(user, "sign_out", StrCat("user:", user), {{"session", SessionLabel(token_hash)}});
      !a.ok()) {
    return a;
  }
  return tx.Commit();
}

absl::StatusOr<size_t> StoreImpl::PurgeExpiredSessions() {
  const std::string now = NowUtc();
  auto rows = db_->Query(
      "DELETE FROM sessions WHERE expires_at <= ? OR absolute_expires_at <= ? RETURNING 1",
      {now, now});
  if (!rows.ok()) return rows.status();
  return rows->size();
}

}  // namespace cordon::cases
