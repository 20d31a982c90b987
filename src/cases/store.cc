// Opening the store, schema migrations, users, policy and the audit chain.
#include <algorithm>
#include <array>
#include <chrono>

#include "cases/retry.h"
#include "cases/store_impl.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "snapshot/codec.h"

namespace cordon {

using nlohmann::json;

namespace {

// Spelling tables: one per enum (../shared/GUIDE.md, typed boundaries).
constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles = {{
    {Role::kAnalyst, "analyst"},
    {Role::kSupervisor, "supervisor"},
    {Role::kAdmin, "admin"},
}};
constexpr std::array<std::pair<AlertStatus, std::string_view>, 7> kStatuses = {{
    {AlertStatus::kOpen, "open"},
    {AlertStatus::kInReview, "in_review"},
    {AlertStatus::kEscalated, "escalated"},
    {AlertStatus::kPendingApproval, "pending_approval"},
    {AlertStatus::kTrueMatch, "true_match"},
    {AlertStatus::kFalsePositive, "false_positive"},
    {AlertStatus::kDelisted, "delisted"},
}};
constexpr std::array<std::pair<AlertDecision, std::string_view>, 5> kDecisions = {{
    {AlertDecision::kTrueMatch, "true_match"},
    {AlertDecision::kFalsePositive, "false_positive"},
    {AlertDecision::kEscalate, "escalate"},
    {AlertDecision::kApprove, "approve"},
    {AlertDecision::kReject, "reject"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, n] : table) {
    if (v == e) return n;
  }
  return "?";
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view RoleName(Role r) { return NameOf(kRoles, r); }
std::optional<Role> ParseRole(std::string_view name) { return Parse(kRoles, name); }
std::string_view AlertStatusName(AlertStatus s) { return NameOf(kStatuses, s); }
std::optional<AlertStatus> ParseAlertStatus(std::string_view name) {
  return Parse(kStatuses, name);
}
bool IsClosed(AlertStatus s) {
  return s == AlertStatus::kTrueMatch || s == AlertStatus::kFalsePositive ||
         s == AlertStatus::kDelisted;
}
std::string_view AlertDecisionName(AlertDecision d) { return NameOf(kDecisions, d); }
std::optional<AlertDecision> ParseAlertDecision(std::string_view name) {
  return Parse(kDecisions, name);
}

std::string EntityContentHash(const Entity& e) {
  // The snapshot encoding covers every field of the entity (snapshot/codec.cc), so any change an
  // analyst could care about changes the hash; a one-entity list keeps it independent of the
  // other entries.
  LoadedList one;
  one.entities.push_back(e);
  const snapshot::EncodedLists enc = snapshot::EncodeLists({one});
  Sha256 h;
  h.Update(enc.strings);
  h.Update(enc.entities);
  return "sha256:" + h.HexDigest();
}

absl::StatusOr<std::unique_ptr<CaseStore>> CaseStore::Open(std::string_view db) {
  auto where = cases::ParseDbLocation(db);
  if (!where.ok()) return where.status();
  auto conn = cases::OpenDb(*where);
  if (!conn.ok()) return conn.status();
  auto store = std::make_unique<cases::StoreImpl>(std::move(*conn));
  if (auto st = store->Migrate(); !st.ok()) return st;
  return std::unique_ptr<CaseStore>(std::move(store));
}

namespace cases {

std::string NowUtc() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

std::string UtcAfterDays(int days) { return UtcAfterSeconds(int64_t{days} * 24 * 3600); }

std::string UtcAfterSeconds(int64_t seconds) {
  const auto t = std::chrono::system_clock::now() + std::chrono::seconds(seconds);
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string Placeholders(size_t n, std::string_view one) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += StrCat(i ? "," : "", one);
  return s;
}

std::string Canonical(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json ListsJson(const std::vector<LoadedList>& lists) {
  json out = json::array();
  for (const LoadedList& l : lists) {
    out.push_back({{"list", l.version.list},
                   {"title", l.version.title},
                   {"format", l.version.format},
                   {"published", l.version.published},
                   {"content_hash", l.version.content_hash}});
  }
  return out;
}

std::string ListsKey(const std::vector<LoadedList>& lists) {
  std::vector<std::string> parts;
  parts.reserve(lists.size());
  for (const LoadedList& l : lists) parts.push_back(l.version.list + " " + l.version.content_hash);
  std::sort(parts.begin(), parts.end());
  std::string all;
  for (const std::string& p : parts) all += p + "\n";
  return "sha256:" + Sha256Hex(all);
}

namespace {

// Versioned migrations: migration N brings the schema from version N-1 to N. Never edit one that
// has shipped; add the next. {ID} and {REAL} are the dialect's auto-increment key and float type;
// a statement that starts with {PG} is PostgreSQL's only.
constexpr std::string_view kMigrations[] = {
    // 1: the whole model of issue 11.
    R"sql(
CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE subjects (
  id TEXT PRIMARY KEY, data TEXT NOT NULL, data_hash TEXT NOT NULL, name TEXT NOT NULL,
  needs_screening INTEGER NOT NULL, lists_key TEXT NOT NULL DEFAULT '',
  screened_at TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX subjects_due ON subjects (needs_screening, lists_key);
CREATE TABLE runs (
  run_id {ID}, kind TEXT NOT NULL, actor TEXT NOT NULL, started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '', lists TEXT NOT NULL, lists_key TEXT NOT NULL,
  status TEXT NOT NULL, screened BIGINT NOT NULL DEFAULT 0, alerts BIGINT NOT NULL DEFAULT 0);
CREATE TABLE alerts (
  alert_id {ID}, subject_id TEXT NOT NULL, entity_id TEXT NOT NULL, list TEXT NOT NULL,
  entity_name TEXT NOT NULL, matched_name TEXT NOT NULL, score {REAL} NOT NULL,
  status TEXT NOT NULL, active INTEGER NOT NULL, assigned_to TEXT NOT NULL DEFAULT '',
  subject_data TEXT NOT NULL, subject_hash TEXT NOT NULL, entity_hash TEXT NOT NULL,
  hit TEXT NOT NULL, lists TEXT NOT NULL, engine_version TEXT NOT NULL,
  normalizer_version TEXT NOT NULL, run_id BIGINT NOT NULL,
  previous_alert_id BIGINT NOT NULL DEFAULT 0, previous_decision TEXT NOT NULL DEFAULT '',
  pending_decision TEXT NOT NULL DEFAULT '', pending_by TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE UNIQUE INDEX alerts_active_pair ON alerts (subject_id, entity_id) WHERE active = 1;
CREATE INDEX alerts_queue ON alerts (status, score DESC, alert_id);
CREATE INDEX alerts_active_score ON alerts (active, score DESC, alert_id);
CREATE INDEX alerts_score ON alerts (score DESC, alert_id);
CREATE INDEX alerts_pair ON alerts (subject_id, entity_id, alert_id);
CREATE INDEX alerts_entity ON alerts (entity_id);
CREATE INDEX alerts_assignee ON alerts (assigned_to, status);
CREATE TABLE alert_events (
  event_id {ID}, alert_id BIGINT NOT NULL, time TEXT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL,
  from_status TEXT NOT NULL, to_status TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX alert_events_alert ON alert_events (alert_id);
CREATE TABLE suppressions (
  suppression_id {ID}, subject_id TEXT NOT NULL, entity_id TEXT NOT NULL,
  subject_hash TEXT NOT NULL, entity_hash TEXT NOT NULL, alert_id BIGINT NOT NULL,
  created_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL DEFAULT '',
  revoked_at TEXT NOT NULL DEFAULT '', revoked_by TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL);
CREATE INDEX suppressions_pair ON suppressions (subject_id, entity_id);
CREATE TABLE audit (
  seq BIGINT PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  object TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
)sql",
    // 2: sign-in to the web application (issue 13): password hashes, disabled users, consecutive
    // failures (the service's back-off), and sessions known by the SHA-256 of their token.
    R"sql(
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN disabled_at TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_failed_at TEXT NOT NULL DEFAULT '';
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL, expires_at TEXT NOT NULL, absolute_expires_at TEXT NOT NULL,
  remote TEXT NOT NULL);
CREATE INDEX sessions_user ON sessions (user_name);
CREATE INDEX sessions_expiry ON sessions (expires_at);
)sql",
    // 3: requests screened outside the stored subjects (`cordon worker --db`, issue 14): the
    // idempotency key of each request recorded, so that a redelivered request raises no second
    // alert, and on each alert the key of the request that raised it.
    R"sql(
CREATE TABLE requests (
  request_key TEXT PRIMARY KEY, source TEXT NOT NULL, actor TEXT NOT NULL,
  subject_id TEXT NOT NULL, subject_hash TEXT NOT NULL, hits BIGINT NOT NULL,
  alert_ids TEXT NOT NULL, recorded_at TEXT NOT NULL);
ALTER TABLE alerts ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
CREATE INDEX alerts_request ON alerts (request_key);
)sql",
    // 4: the alert queue at a million alerts (issue 13; bench/web_queue.mjs, bench/RESULTS.md):
    // the newest (or oldest) first within a status, and the list and assignee filters by score,
    // each read in order from an index instead of sorting or scanning the alerts (the list
    // filter on a list with no alert read every active alert: 54 s at a million, cold); the age
    // filter sorts index entries, not alerts. About 70 s to build at a million alerts, once.
    R"sql(
CREATE INDEX IF NOT EXISTS alerts_active_id ON alerts (active, alert_id);
CREATE INDEX IF NOT EXISTS alerts_status_id ON alerts (status, alert_id);
CREATE INDEX IF NOT EXISTS alerts_list_queue ON alerts (list, active, score DESC, alert_id);
CREATE INDEX IF NOT EXISTS alerts_assignee_queue ON alerts (assigned_to, active, score DESC, alert_id);
CREATE INDEX IF NOT EXISTS alerts_active_age ON alerts (active, created_at, score, alert_id);
)sql",
    // 5: message hits as alerts (docs/cases.md "Message alerts"): the kind of alert, the message
    // (reference, type, field path, ...) and its idempotency key, unique; a party of a message
    // may have several active alerts on one entry (one per message held), so the one-active-
    // alert-per-pair rule is the subjects' only.
    R"sql(
ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'subject';
ALTER TABLE alerts ADD COLUMN message TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN message_key TEXT NOT NULL DEFAULT '';
DROP INDEX alerts_active_pair;
CREATE UNIQUE INDEX alerts_active_pair ON alerts (subject_id, entity_id)
  WHERE active = 1 AND kind = 'subject';
CREATE UNIQUE INDEX alerts_message_key ON alerts (message_key) WHERE message_key <> '';
CREATE INDEX alerts_kind_queue ON alerts (kind, status, score DESC, alert_id);
)sql",
    // 6: the queue of one kind (the web queue's Kind filter, GET /v1/alerts?kind=) for every
    // alert not closed, by score or newest first, and within a status newest first, each read in
    // order from an index. Migration 5's index has the status, not `active`: kind=message with
    // status=active walked the active alerts by score reading each row for its kind, so with two
    // held messages among a million customers' alerts the page took 10 s (newest first 3.2 s;
    // bench/web_queue.mjs --message-every 0, bench/RESULTS.md).
    R"sql(
CREATE INDEX IF NOT EXISTS alerts_kind_active_queue ON alerts (kind, active, score DESC, alert_id);
CREATE INDEX IF NOT EXISTS alerts_kind_active_id ON alerts (kind, active, alert_id);
CREATE INDEX IF NOT EXISTS alerts_kind_status_id ON alerts (kind, status, alert_id);
)sql",
    // 7: delta re-screening that grows with the change, not with the subjects (issue 11,
    // bench/RESULTS.md). What a subject was last screened against is a mark: a row of
    // screen_marks (one per run) holding the list versions it stands for, so that a delta moves
    // every subject it need not screen to the new versions by changing the marks' rows, not
    // every subject's. The subjects' version counter, bumped by every change to the subjects
    // (changed_seq: the value of the change that last touched a subject), says which subjects
    // a stored index of their names (subject_index, written in parts) does not know. Existing
    // subjects get one mark per list versions they were screened against (one UPDATE over the
    // subjects, once).
    R"sql(
CREATE TABLE screen_marks (mark_id {ID}, lists_key TEXT NOT NULL, run_id BIGINT NOT NULL);
CREATE INDEX screen_marks_key ON screen_marks (lists_key);
ALTER TABLE subjects ADD COLUMN mark BIGINT NOT NULL DEFAULT 0;
ALTER TABLE subjects ADD COLUMN changed_seq BIGINT NOT NULL DEFAULT 0;
INSERT INTO screen_marks (lists_key, run_id)
  SELECT DISTINCT lists_key, 0 FROM subjects WHERE lists_key <> '';
UPDATE subjects SET mark = (SELECT MIN(m.mark_id) FROM screen_marks m
  WHERE m.lists_key = subjects.lists_key) WHERE lists_key <> '';
UPDATE subjects SET needs_screening = 1 WHERE needs_screening = 0 AND mark = 0;
DROP INDEX subjects_due;
CREATE INDEX subjects_due ON subjects (needs_screening, mark);
CREATE INDEX subjects_changed ON subjects (changed_seq);
CREATE TABLE subjects_version (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL);
INSERT INTO subjects_version (id, seq) VALUES (1, 0);
CREATE TABLE subject_index (
  version BIGINT NOT NULL, part INTEGER NOT NULL, bytes TEXT NOT NULL,
  PRIMARY KEY (version, part));
CREATE TABLE subject_index_head (
  id INTEGER PRIMARY KEY, version BIGINT NOT NULL, parts INTEGER NOT NULL,
  subjects BIGINT NOT NULL, written_at TEXT NOT NULL);
{PG}ALTER TABLE subject_index ALTER COLUMN bytes SET STORAGE EXTERNAL;
)sql",
    // 8: the active alerts by entity (issue 11, bench/RESULTS.md). Every run that is not for one
    // subject reads which entities have active alerts, to close those of entities gone from the
    // lists as delisted, then each such entity's active alerts. SQLite took alerts_active_age
    // for both (an equality on `active`, the first column it saw), so each read walked every
    // active alert's row: 1.2-1.7 s of a delta at a million subjects (125,150 alerts, 11
    // delisted). This index answers the first from its entries alone and the second directly.
    R"sql(
CREATE INDEX IF NOT EXISTS alerts_active_entity ON alerts (active, entity_id, list);
)sql",
};
constexpr int kKnownVersion = static_cast<int>(std::size(kMigrations));
static_assert(kKnownVersion == kCaseSchemaVersion);

std::string ForDialect(std::string_view sql, Dialect d) {
  std::string s(sql);
  auto replace = [&](std::string_view from, std::string_view to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
      s.replace(p, from.size(), to);
    }
  };
  replace("{ID}",
          d == Dialect::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY");
  replace("{REAL}", d == Dialect::kSqlite ? "REAL" : "DOUBLE PRECISION");
  for (size_t p = s.find("{PG}"); p != std::string::npos; p = s.find("{PG}", p)) {
    if (d == Dialect::kPostgres) {
      s.erase(p, 4);
    } else {
      s.erase(p, s.find(';', p) + 1 - p);
    }
  }
  return s;
}

}  // namespace

absl::Status StoreImpl::Migrate() {
  Transaction tx(db_.get());
  if (auto st = tx.Begin(); !st.ok()) return st;
  if (db_->dialect() == Dialect::kPostgres) {
    // Two processes opening a new database at once: one migrates, the other waits for it.
    if (auto st = db_->Exec("SELECT pg_advisory_xact_lock(7311011)"); !st.ok()) return st;
  }
  if (auto st =
          db_->ExecScript("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      !st.ok()) {
    return st;
  }
  auto rows = db_->Query("SELECT MAX(version) FROM schema_version");
  if (!rows.ok()) return rows.status();
  const int current = static_cast<int>(rows->Int(0, 0));
  if (current > kKnownVersion) {
    return absl::FailedPreconditionError(StrCat("the case database has schema version ", current,
                                                ", newer than this cordon knows (", kKnownVersion,
                                                "): use a newer cordon; nothing was changed"));
  }
  for (int v = current + 1; v <= kKnownVersion; ++v) {
    if (auto st = db_->ExecScript(ForDialect(kMigrations[v - 1], db_->dialect())); !st.ok()) {
      return absl::Status(st.code(),
                          StrCat("schema migration ", v, ": ", std::string(st.message())));
    }
    if (auto st = db_->Exec("INSERT INTO schema_version (version) VALUES (?)", {int64_t{v}});
        !st.ok()) {
      return st;
    }
  }
  schema_version_ = kKnownVersion;
  return tx.Commit();
}

absl::StatusOr<Role> StoreImpl::RoleOf(std::string_view user) {
  if (user.empty()) return absl::PermissionDeniedError("a user is required (--user NAME)");
  auto rows = db_->Query("SELECT role, disabled_at FROM users WHERE name = ?", {std::string(user)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return absl::PermissionDeniedError(
        StrCat("unknown user '", user, "' (cordon users add --db D NAME --role ROLE)"));
  }
  if (!rows->Text(0, 1).empty()) {
    return absl::PermissionDeniedError(
        StrCat("user '", user, "' is disabled (since ", rows->Text(0, 1), ")"));
  }
  auto role = ParseRole(rows->Text(0, 0));
  if (!role) return absl::DataLossError(StrCat("user ", user, ": unknown role in the database"));
  return *role;
}

absl::Status StoreImpl::AddUser(std::string_view actor, std::string_view name, Role role) {
  if (name.empty() || name.size() > 200 || name.find_first_of(" \t\r\n") != std::string::npos) {
    return absl::InvalidArgumentError("a user name is one word of at most 200 bytes");
  }
  return RetriedWrite(
      StrCat("adding user ", name), "they were not added: add them again", [&]() -> absl::Status {
        Transaction tx(db_.get());
        if (auto st = tx.Begin(); !st.ok()) return st;
        auto count = db_->Query("SELECT COUNT(*) FROM users");
        if (!count.ok()) return count.status();
        const bool first = count->Int(0, 0) == 0;
        std::string by(actor);
        if (!first) {
          auto r = RoleOf(actor);
          if (!r.ok()) return r.status();
          if (*r != Role::kAdmin) {
            return absl::PermissionDeniedError(
                StrCat("only an admin may add users; ", actor, " is ", RoleName(*r)));
          }
        } else if (role != Role::kAdmin) {
          return absl::InvalidArgumentError("the first user must be an admin (--role admin)");
        } else {
          by = name;
        }
        auto st = db_->Exec("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                            {std::string(name), std::string(RoleName(role)), NowUtc()});
        if (absl::IsAlreadyExists(st)) {
          return absl::AlreadyExistsError(StrCat("user ", name, " exists"));
        }
        if (!st.ok()) return st;
        if (auto a = Audit(by, "user_add", StrCat("user:", name), {{"role", RoleName(role)}});
            !a.ok()) {
          return a;
        }
        return tx.Commit();
      });
}

absl::StatusOr<std::vector<User>> StoreImpl::Users() {
  auto rows = db_->Query(
      "SELECT name, role, created_at, password_hash <> '', disabled_at <> '' FROM users "
      "ORDER BY name");
  if (!rows.ok()) return rows.status();
  std::vector<User> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    out.push_back({rows->Text(i, 0), ParseRole(rows->Text(i, 1)).value_or(Role::kAnalyst),
                   rows->Text(i, 2), IsTrue(rows->Text(i, 3)), IsTrue(rows->Text(i, 4))});
  }
  return out;
}

absl::Status StoreImpl::SetPolicy(std::string_view actor, const Policy& policy) {
  if (policy.good_guy_days < 0 || policy.good_guy_days > 36500) {
    return absl::InvalidArgumentError("good-guy expiry: 0 (never) to 36500 days");
  }
  return RetriedWrite(
      "saving the policy", "it was not changed: set it again", [&]() -> absl::Status {
        Transaction tx(db_.get());
        if (auto st = tx.Begin(); !st.ok()) return st;
        auto role = RoleOf(actor);
        if (!role.ok()) return role.status();
        if (*role == Role::kAnalyst) {
          return absl::PermissionDeniedError("only a supervisor or admin may set the policy");
        }
        const std::pair<std::string, std::string> values[] = {
            {"four_eyes", policy.four_eyes ? "on" : "off"},
            {"good_guy_days", std::to_string(policy.good_guy_days)}};
        for (const auto& [key, value] : values) {
          auto st = db_->Exec(
              "INSERT INTO settings (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
              {key, value});
          if (!st.ok()) return st;
        }
        if (auto a =
                Audit(actor, "policy", "policy",
                      {{"four_eyes", policy.four_eyes}, {"good_guy_days", policy.good_guy_days}});
            !a.ok()) {
          return a;
        }
        return tx.Commit();
      });
}

absl::StatusOr<Policy> StoreImpl::GetPolicy() {
  // One query for both settings: every decision reads the policy.
  auto rows =
      db_->Query("SELECT key, value FROM settings WHERE key IN ('four_eyes', 'good_guy_days')");
  if (!rows.ok()) return rows.status();
  Policy p{.four_eyes = false, .good_guy_days = 0};
  for (size_t i = 0; i < rows->size(); ++i) {
    if (rows->Text(i, 0) == "four_eyes") p.four_eyes = rows->Text(i, 1) == "on";
    if (rows->Text(i, 0) == "good_guy_days" && !rows->Text(i, 1).empty()) {
      p.good_guy_days = std::stoi(rows->Text(i, 1));
    }
  }
  return p;
}

// ---- Audit chain
// ---------------------------------------------------------------------------------

absl::StatusOr<std::string> AuditRecordHash(const AuditRecord& r) {
  json detail = json::parse(r.detail, nullptr, false);
  if (detail.is_discarded()) return absl::DataLossError("detail is not JSON");
  return Sha256Hex(Canonical(json{{"seq", r.seq},
                                  {"time", r.time},
                                  {"actor", r.actor},
                                  {"action", r.action},
                                  {"object", r.object},
                                  {"detail", detail},
                                  {"prev_hash", r.prev_hash}}));
}

absl::Status StoreImpl::Audit(std::string_view actor, std::string_view action,
                              std::string_view object, const json& detail) {
  // The head row is the chain's lock: this UPDATE serialises appenders (SQLite holds the write
  // lock already; PostgreSQL locks the row until the transaction ends).
  auto head = db_->Query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
  if (!head.ok()) return head.status();
  if (head->empty()) return absl::DataLossError("audit: the chain head row is missing");
  AuditRecord r{.seq = head->Int(0, 0),
                .time = NowUtc(),
                .actor = std::string(actor),
                .action = std::string(action),
                .object = std::string(object),
                .detail = Canonical(detail),
                .prev_hash = head->Text(0, 1)};
  auto hash = AuditRecordHash(r);
  if (!hash.ok()) return hash.status();
  r.hash = *hash;
  last_audit_ = {r.seq, r.hash};
  if (db_->dialect() == Dialect::kPostgres) {
    // The record and the new head in one statement: a network round trip less per record (a
    // decision writes two). Both or neither, as any statement.
    return db_->Exec(
        "WITH rec AS (INSERT INTO audit (seq, time, actor, action, object, detail, prev_hash, "
        "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)) UPDATE audit_head SET hash = ? WHERE id = 1",
        {r.seq, r.time, r.actor, r.action, r.object, r.detail, r.prev_hash, r.hash, r.hash});
  }
  auto st = db_->Exec(
      "INSERT INTO audit (seq, time, actor, action, object, detail, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {r.seq, r.time, r.actor, r.action, r.object, r.detail, r.prev_hash, r.hash});
  if (!st.ok()) return st;
  return db_->Exec("UPDATE audit_head SET hash = ? WHERE id = 1", {r.hash});
}

absl::StatusOr<bool> StoreImpl::AuditSaved(const AuditMark& mark) {
  if (mark.hash.empty()) return false;
  auto rows = db_->Query("SELECT seq FROM audit WHERE seq = ? AND hash = ?", {mark.seq, mark.hash});
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

absl::Status StoreImpl::RetriedWrite(std::string_view what, std::string_view again,
                                     const std::function<absl::Status()>& once) {
  AuditMark audited;
  auto attempt = [&] {
    last_audit_ = {};
    absl::Status st = once();
    audited = last_audit_;
    return st;
  };
  return WithRetry(what, again, db_wait_ms_, attempt, [&] { return AuditSaved(audited); });
}

absl::StatusOr<std::vector<AuditRecord>> StoreImpl::AuditPage(int64_t after_seq, size_t limit) {
  auto rows = db_->Query(
      "SELECT seq, time, actor, action, object, detail, prev_hash, hash FROM audit "
      "WHERE seq > ? ORDER BY seq LIMIT ?",
      {after_seq, static_cast<int64_t>(limit)});
  if (!rows.ok()) return rows.status();
  std::vector<AuditRecord> out;
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    out.push_back({rows->Int(i, 0), rows->Text(i, 1), rows->Text(i, 2), rows->Text(i, 3),
                   rows->Text(i, 4), rows->Text(i, 5), rows->Text(i, 6), rows->Text(i, 7)});
  }
  return out;
}

absl::StatusOr<AuditVerifyResult> StoreImpl::VerifyAudit() {
  // One read transaction: a consistent view while appenders go on.
  if (db_->dialect() == Dialect::kPostgres) {
    if (auto st = db_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ"); !st.ok()) return st;
  } else if (auto st = db_->Exec("BEGIN"); !st.ok()) {
    return st;
  }
  struct EndRead {
    Db* db;
    ~EndRead() { (void)db->Exec("COMMIT"); }
  } end{db_.get()};
  AuditVerifyResult v;
  auto fail = [&](int64_t seq, std::string reason) {
    v.ok = false;
    v.bad_seq = seq;
    v.reason = std::move(reason);
    return v;
  };
  int64_t last_seq = 0;
  std::string last_hash;
  constexpr size_t kPage = 10000;
  while (true) {
    auto page = AuditPage(last_seq, kPage);
    if (!page.ok()) return page.status();
    for (const AuditRecord& r : *page) {
      if (r.seq != last_seq + 1) {
        return fail(last_seq + 1, StrCat("record ", last_seq + 1,
                                         " is missing (removed); the next "
                                         "record is ",
                                         r.seq));
      }
      if (r.prev_hash != last_hash) {
        return fail(r.seq, StrCat("record ", r.seq, " does not follow record ", last_seq,
                                  " (its previous-record hash differs: record ", last_seq,
                                  " was altered, or this record was inserted)"));
      }
      auto hash = AuditRecordHash(r);
      if (!hash.ok() || *hash != r.hash) {
        return fail(r.seq, StrCat("record ", r.seq,
                                  " was altered (its hash does not match its "
                                  "content)"));
      }
      last_seq = r.seq;
      last_hash = r.hash;
      ++v.checked;
    }
    if (page->size() < kPage) break;
  }
  auto head = db_->Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head.ok()) return head.status();
  if (head->empty()) return fail(last_seq + 1, "the chain head is missing");
  if (head->Int(0, 0) != last_seq || head->Text(0, 1) != last_hash) {
    if (head->Int(0, 0) > last_seq) {
      return fail(last_seq + 1, StrCat("records ", last_seq + 1, " to ", head->Int(0, 0),
                                       " are missing (removed from the end)"));
    }
    return fail(head->Int(0, 0) + 1,
                StrCat("the chain ends at record ", head->Int(0, 0), " but records up to ",
                       last_seq, " are present (inserted at the end)"));
  }
  return v;
}

}  // namespace cases
}  // namespace cordon
