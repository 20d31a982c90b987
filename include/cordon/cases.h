// Case management: the customer and counterparty base (subjects), screening runs that raise
// alerts, the alert lifecycle with decisions, a good-guy list (suppressions) and a tamper-evident
// audit trail, in SQLite (a file) or PostgreSQL (docs/cases.md).
//
// Example:
//   auto store = cordon::CaseStore::Open("cases.db");         // or "postgresql://..."
//   if (!store.ok()) { std::cerr << store.status() << "\n"; return 1; }
//   (*store)->AddUser("admin", "alice", cordon::Role::kAdmin);  // the first user: anyone may add
//   auto imported = (*store)->ImportSubjects("alice", "customers.jsonl", file_text);
//   auto screener = cordon::OpenScreener(cordon::DefaultListPaths());   // cordon/sources.h
//   auto run = (*store)->Screen("alice", **screener, {});
//   for (const cordon::Alert& a : *(*store)->ListAlerts({.status = "open"})) ...
//   (*store)->Decide({.alert_id = 1, .decision = cordon::AlertDecision::kFalsePositive,
//                     .reason = "different date of birth", .user = "alice"});
//   auto v = (*store)->VerifyAudit();                          // v->ok, v->checked
//
// Every change (import, run, alert, assignment, decision, suppression, user) appends an audit
// record in the same transaction; each record carries the SHA-256 of the previous one.
//
// Errors: kInvalidArgument for bad input (a reason missing, a decision the alert's status does not
// allow), kNotFound (an unknown alert or subject), kPermissionDenied (an unknown user, or a role
// that may not do this), kFailedPrecondition (a database written by a newer cordon),
// kUnavailable (a database locked or unreachable after a bounded wait).
//
// Thread safety: a CaseStore is one database connection: use it from one thread at a time (open
// one per thread). Several processes may use the same database at once.
#ifndef CORDON_CASES_H_
#define CORDON_CASES_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/entity.h"
#include "cordon/inspect.h"
#include "cordon/messages.h"
#include "cordon/screen.h"

namespace cordon {

// The database schema version this build writes. A database with a higher version (written by a
// newer cordon) is refused; a lower one is migrated on open.
inline constexpr int kCaseSchemaVersion = 8;

enum class Role : uint8_t { kAnalyst, kSupervisor, kAdmin };
std::string_view RoleName(Role r);  // "analyst", "supervisor", "admin"
std::optional<Role> ParseRole(std::string_view name);

enum class AlertStatus : uint8_t {
  kOpen,             // raised, nobody assigned
  kInReview,         // assigned to a user
  kEscalated,        // sent to a supervisor
  kPendingApproval,  // a decision waits for a second person (four eyes)
  kTrueMatch,        // closed: the subject is the listed entity
  kFalsePositive,    // closed: not the listed entity (suppresses the pair)
  kDelisted,         // closed: the entity left the list
};
std::string_view AlertStatusName(AlertStatus s);  // "open", "in_review", ..., "true_match"
std::optional<AlertStatus> ParseAlertStatus(std::string_view name);
bool IsClosed(AlertStatus s);

enum class AlertDecision : uint8_t {
  kTrueMatch,
  kFalsePositive,
  kEscalate,
  kApprove,  // the second person confirms a pending decision (four eyes)
  kReject,   // the second person rejects it: the alert returns to review
};
std::string_view AlertDecisionName(
    AlertDecision d);  // "true_match", "false_positive", "escalate", ...
std::optional<AlertDecision> ParseAlertDecision(std::string_view name);

struct Policy {
  // Four eyes: a true match or a false positive (which makes a good-guy entry) waits in
  // pending_approval until a supervisor or admin other than the decider approves it.
  bool four_eyes = false;
  // A good-guy entry expires this many days after it is made; 0: never.
  int good_guy_days = 0;
};

struct User {
  std::string name;
  Role role = Role::kAnalyst;
  std::string created_at;
  bool has_password = false;  // may sign in to the web application
  bool disabled = false;      // may do nothing (DisableUser); their sessions are ended
};

// What signing in needs of a user (the service checks the password: service/auth.h).
struct Credentials {
  std::string name;
  Role role = Role::kAnalyst;
  std::string password_hash;  // a libsodium Argon2id string; "" none: cannot sign in
  bool disabled = false;
  int failed_sign_ins = 0;     // consecutive failures since the last success
  std::string last_failed_at;  // "" none
};

// A signed-in session of the web application. The store knows a session by the SHA-256 of its
// token only, so a copy of the database signs nobody in.
struct SessionInfo {
  std::string user;
  Role role = Role::kAnalyst;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;           // idle expiry: last seen + the idle timeout
  std::string absolute_expires_at;  // created + the absolute lifetime
};

// How long a session lasts: it ends `idle_seconds` after its last use and at most
// `absolute_seconds` after sign-in, whichever comes first.
struct SessionTimes {
  int64_t idle_seconds = 30 * 60;
  int64_t absolute_seconds = 8 * 3600;
};

// One bad line of an import file.
struct LineError {
  size_t line = 0;
  std::string id;  // when it could be read
  std::string message;
};

struct ImportResult {
  size_t added = 0;
  size_t updated = 0;    // changed, and marked for re-screening
  size_t unchanged = 0;  // same data as stored
  std::vector<LineError> errors;
};

struct Subject {
  std::string id;
  std::string data;       // the subject's record as canonical JSON
  std::string data_hash;  // "sha256:<hex>" of `data`
  std::string name;
  bool needs_screening = true;
  std::string lists_key;  // the list versions it was last screened against ("" never)
  std::string screened_at;
  std::string updated_at;
};

struct ScreenRunOptions {
  ScreenOptions screen;        // threshold and hits per subject
  unsigned threads = 0;        // screening threads; 0: one per core
  bool all = false;            // screen every subject, not only those due
  std::string engine_version;  // written on alerts ("cordon 0.1.0")
  // Called after each block of subjects with (done, total); may print progress.
  std::function<void(size_t, size_t)> progress;
  // Screen only this subject (whether due or not): the HTTP API's "screen one". Alerts of
  // entities that left the lists are not closed by such a run (a full or delta run does that).
  std::string subject_id;
  // A database that is locked or unreachable (a PostgreSQL restart or failover, a network cut):
  // each of the run's transactions and reads is run again on a fresh connection, with a growing
  // pause, until it has failed for this long (milliseconds, from its first failure; each
  // reconnection may wait up to 5 s more); then the run fails with kUnavailable naming the cause,
  // nothing of the failed transaction saved, and the next run goes on from there. 0: no retry
  // (the first failure is the answer; the HTTP API's screen-one retries by itself).
  int db_wait_ms = 60000;
};

struct RunResult {
  int64_t run_id = 0;
  size_t screened = 0;
  size_t hits = 0;
  size_t alerts_created = 0;
  size_t already_open = 0;     // hits on a pair with an open alert: no second alert
  size_t suppressed = 0;       // hits on a pair with a valid good-guy entry
  size_t already_decided = 0;  // hits on a pair closed as true match with the same data
  size_t delisted = 0;         // open alerts closed because their entity left the lists
  // Message runs (RecordMessages): hits an earlier run recorded already (same idempotency key).
  size_t already_recorded = 0;
};

// A screened message whose hits are to be recorded as alerts (cordon message --db, POST
// /v1/messages under serve --db). Neither pointer is owned; both must outlive the call.
struct MessageScreening {
  const Message* message = nullptr;
  const MessageResult* result = nullptr;  // MessageInspector::Inspect(*message)
  size_t index = 0;                       // the message's place in its input (0-based)
  std::string source;                     // the file name, or "POST /v1/messages"
  // "sha256:<hex>" of the whole input the message came in (the file, or the request body): with
  // the message's byte offset it names the message's content (the idempotency key, below).
  std::string input_hash;
};

struct MessageRunOptions {
  std::string engine_version;  // written on alerts ("cordon 0.1.0")
  std::string source;          // what the run read (file names, "POST /v1/messages")
  // The idempotency key of the request that carried the messages (`cordon worker --db`:
  // "nats:<request id>"), "" for none. When set, its alerts carry it (Alert::request_key) and,
  // once every message is recorded, the key is recorded with the alerts of its hits (table
  // `requests`); a call with a key recorded before records nothing (MessageRunResult::duplicate).
  std::string request_key;
};

// What recording one hit of a message did.
enum class MessageHitOutcome : uint8_t {
  kCreated,     // a new alert
  kRecorded,    // an earlier run recorded this hit already (same key): that alert, no new one
  kSuppressed,  // a valid good-guy entry for the party and the entity: no alert
};
std::string_view MessageHitOutcomeName(MessageHitOutcome o);  // "created", "recorded", ...

struct MessageHitAlert {
  MessageHitOutcome outcome = MessageHitOutcome::kCreated;
  int64_t alert_id = 0;  // the alert (created or recorded before); 0 when suppressed
};

struct MessageRunResult {
  RunResult run;  // screened = messages recorded; hits, alerts_created, already_recorded,
                  // suppressed
  // One entry per message given, one per MessageResult::hits of it.
  std::vector<std::vector<MessageHitAlert>> messages;
  // MessageRunOptions::request_key was recorded before (a redelivered request): no run, nothing
  // written; each hit gives the alert recorded for it (kRecorded) or kSuppressed when it has
  // none, and run.run_id is the run of the first such alert (0 when none).
  bool duplicate = false;
};

// A hit as recorded on an alert.
struct Alert {
  int64_t alert_id = 0;
  std::string subject_id;
  std::string entity_id;
  std::string list;
  std::string entity_name;
  std::string matched_name;
  double score = 0;
  AlertStatus status = AlertStatus::kOpen;
  std::string assigned_to;
  std::string subject_data;  // the subject as screened (canonical JSON)
  std::string subject_hash;
  std::string entity_hash;  // "sha256:<hex>" of the entity as listed when screened
  std::string hit;          // the hit with its explanation (JSON)
  std::string lists;        // list versions and content hashes screened against (JSON array)
  std::string engine_version;
  std::string normalizer_version;
  int64_t run_id = 0;
  int64_t previous_alert_id = 0;  // the earlier alert on the same pair, if any (its decision)
  std::string previous_decision;  // its closing status and reason, when re-alerted after a change
  std::string pending_decision;   // under four eyes: what waits for approval
  std::string pending_by;
  std::string decided_by;
  std::string reason;  // of the last transition
  std::string created_at;
  std::string updated_at;
  // The idempotency key of the screened request that raised it (RecordRequest, or RecordMessages
  // with MessageRunOptions::request_key), "" for an alert of a screening run.
  std::string request_key;
  // A message hit (RecordMessages): "message"; a subject of the customer base: "subject".
  std::string kind = "subject";
  // Message alerts: {"type","family","reference","locators","field_path","role","hit_kind",
  // "source","index","offset","input_hash"} (JSON; "" for subject alerts). docs/cases.md.
  std::string message;
  std::string message_key;  // the idempotency key of a message alert ("" for subjects)
};

// One transition of an alert.
struct AlertEvent {
  int64_t alert_id = 0;
  std::string time;
  std::string user;
  std::string action;  // "created", "assign", "true_match", "approve", "delisted", ...
  std::string from_status;
  std::string to_status;
  std::string reason;
};

struct AlertFilter {
  std::string status;  // an AlertStatus name, "active" (open, in review, escalated, pending), ""
  std::string subject_id;
  std::string entity_id;
  std::string list;  // the list code of the entity ("un", "ofac", ...)
  std::string assigned_to;
  std::string kind;  // "subject", "message" or "" (both)
  double min_score = 0;
  // Created at or after / before these times ("2026-12-03T01:50:00.000Z"; "": no bound). An
  // alert's age is the time since it was created.
  std::string created_after;
  std::string created_before;
  std::string sort = "score";  // "score" (highest first), "created" (newest first), "id"
  size_t limit = 50;
  // Keyset paging (stable while alerts are added or change status; no OFFSET scan): the alerts
  // after the last one of the previous page, in the sort's order. 0: from the start. With sort
  // "score", `after_score` is that alert's score.
  int64_t after_id = 0;
  double after_score = 0;
  size_t offset = 0;  // skip this many (the CLI's --offset); prefer keyset paging
};

struct DecisionRequest {
  int64_t alert_id = 0;
  AlertDecision decision = AlertDecision::kFalsePositive;
  std::string reason;
  std::string user;
  // A database that is locked or unreachable (a PostgreSQL restart): the decision is made again
  // whole on a fresh connection, reading the alert afresh, until it has failed for this long
  // (milliseconds; as ScreenRunOptions::db_wait_ms), then kUnavailable saying it was not applied.
  // A commit whose reply was lost is resolved by reading the decision's audit record back: never
  // applied twice. 0: the first failure is the answer (kUnknown for a lost commit: reload first),
  // as the HTTP API, which retries by itself, wants.
  int db_wait_ms = 0;
};

struct Suppression {
  int64_t suppression_id = 0;
  std::string subject_id;
  std::string entity_id;
  std::string subject_hash;
  std::string entity_hash;
  int64_t alert_id = 0;
  std::string created_by;
  std::string created_at;
  std::string expires_at;  // "" never
  std::string revoked_at;  // "" not revoked
  std::string revoked_by;
  std::string reason;
  bool active = false;  // neither expired nor revoked
};

struct AuditRecord {
  int64_t seq = 0;
  std::string time;
  std::string actor;
  std::string action;  // "import", "run", "alert", "assign", "decide", "suppress", ...
  std::string object;  // "alert:12", "subject:c-1", ...
  std::string detail;  // JSON
  std::string prev_hash;
  std::string hash;
};

// A hit of a request screened outside the stored subjects (a party sent to `cordon worker`), as
// the screening API answered it, to be recorded as an alert.
struct RequestHit {
  std::string entity_id;
  std::string list;
  std::string entity_name;
  std::string matched_name;
  double score = 0;
  std::string hit;                 // the hit with its explanation (JSON)
  std::string entity_hash;         // EntityContentHash of the entity as listed when screened
  std::string normalizer_version;  // of the explanation
};

// One screened request with hits (a hold), recorded exactly once: a second record with the same
// key (a redelivered request) changes nothing.
struct RequestRecord {
  std::string request_key;   // idempotency key, unique in the store ("nats:<Nats-Msg-Id>")
  std::string source;        // where it came from ("nats")
  std::string actor;         // who screened it, for the audit trail ("worker:host:pid")
  std::string subject_id;    // the party's id
  std::string subject_data;  // the party as screened (JSON)
  std::vector<RequestHit> hits;
  const std::vector<LoadedList>* lists = nullptr;  // the list versions screened against
  std::string engine_version;
};

struct RequestRecordResult {
  bool duplicate = false;  // the key was recorded before: nothing was changed
  size_t alerts_created = 0;
  size_t already_open = 0;         // hits on a pair with an open alert: no second alert
  size_t suppressed = 0;           // hits on a pair with a valid good-guy entry
  size_t already_decided = 0;      // hits on a pair closed as true match with the same data
  std::vector<int64_t> alert_ids;  // the alerts it raised (the first time, when a duplicate)
};

struct AuditVerifyResult {
  bool ok = true;
  int64_t checked = 0;
  int64_t bad_seq = 0;  // the first record that fails
  std::string reason;   // why
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;

  // Opens (creating if needed) the database at `db`: a file path, "sqlite:PATH" or a
  // "postgresql://" URL. Applies the schema migrations this build knows; refuses a database
  // written by a newer schema.
  static absl::StatusOr<std::unique_ptr<CaseStore>> Open(std::string_view db);

  virtual int SchemaVersion() = 0;

  // How long each of the one-transaction writes (AddUser, SetPasswordHash, SetUserDisabled,
  // SetPolicy, Assign, RevokeSuppression) waits for a database that is locked or unreachable (a
  // PostgreSQL restart): its transaction is run again on a fresh connection, as the
  // transactions of a screening run (ScreenRunOptions::db_wait_ms), and a COMMIT whose reply was
  // lost is resolved by the write's audit record; then kUnavailable saying whether it may have
  // been saved. Milliseconds; 0 (the default): the first failure is the answer (the HTTP API
  // retries by itself). Decide and ImportSubjects take their own wait. Not thread-safe: set it
  // before the store is used.
  virtual void SetDbWait(int db_wait_ms) = 0;

  // Users. The first user may be added by anyone (actor ignored); afterwards only an admin.
  virtual absl::Status AddUser(std::string_view actor, std::string_view name, Role role) = 0;
  virtual absl::StatusOr<std::vector<User>> Users() = 0;

  // Sign-in (the web application, docs/web.md). A password hash is set by an admin or by the
  // user themself and ends all the user's sessions. Disabling (admin only; not oneself) ends the
  // user's sessions and refuses every later action by them, of any kind; enabling undoes it.
  // Each is audited (user_passwd, user_disable, user_enable).
  virtual absl::Status SetPasswordHash(std::string_view actor, std::string_view name,
                                       std::string_view password_hash) = 0;
  virtual absl::Status SetUserDisabled(std::string_view actor, std::string_view name,
                                       bool disabled) = 0;
  // kNotFound for an unknown user.
  virtual absl::StatusOr<Credentials> GetCredentials(std::string_view name) = 0;
  // One more failed sign-in of a known user (consecutive; reset by a sign-in). Not audited: it
  // goes to the service's log.
  virtual absl::Status RecordSignInFailure(std::string_view name) = 0;
  // Records a session for a user whose password the caller has checked (audited as sign_in,
  // with `remote`); resets the failure count. kPermissionDenied for a disabled user.
  virtual absl::StatusOr<SessionInfo> CreateSession(std::string_view name,
                                                    std::string_view token_hash,
                                                    const SessionTimes& times,
                                                    std::string_view remote) = 0;
  // The live session with this token hash, its idle expiry moved on (written at most once a
  // minute); kNotFound when unknown, expired or its user disabled.
  virtual absl::StatusOr<SessionInfo> GetSession(std::string_view token_hash,
                                                 const SessionTimes& times) = 0;
  // Ends a session (audited as sign_out); kNotFound when there is none.
  virtual absl::Status EndSession(std::string_view token_hash) = 0;
  // Deletes expired sessions; returns how many.
  virtual absl::StatusOr<size_t> PurgeExpiredSessions() = 0;

  // The policy (set by a supervisor or admin).
  virtual absl::Status SetPolicy(std::string_view actor, const Policy& policy) = 0;
  virtual absl::StatusOr<Policy> GetPolicy() = 0;

  // Imports subjects from the JSON lines or CSV of `cordon screen --input` (`id` required and
  // unique within the file). `name` (the file's name) prefixes errors. Subjects are saved in
  // blocks of 2,000, each in one transaction with its audit record. `db_wait_ms`: a database that
  // is locked or unreachable (a PostgreSQL restart) is waited for as ScreenRunOptions::db_wait_ms
  // says, each block run again whole on a fresh connection; then kUnavailable naming the lines
  // not saved (the blocks before them are). 0: the first failure is the answer.
  virtual absl::StatusOr<ImportResult> ImportSubjects(std::string_view actor, std::string_view name,
                                                      std::string_view text,
                                                      int db_wait_ms = 0) = 0;
  virtual absl::StatusOr<Subject> GetSubject(std::string_view id) = 0;
  virtual absl::StatusOr<size_t> CountSubjects() = 0;

  // Screens every subject that is new, changed, or was last screened against other list versions
  // (or every subject with options.all) and raises alerts.
  virtual absl::StatusOr<RunResult> Screen(std::string_view actor, const Screener& screener,
                                           const ScreenRunOptions& options) = 0;

  // Delta re-screening after a list update, by reverse screening: an index of the subjects'
  // names is built and the names of the entities added or changed between `old_lists` and
  // `new_screener`'s lists are screened against it; only the subjects found are screened
  // (forward, against `new_screener`). Removed entities close their open alerts as delisted.
  // Every other subject that was up to date with `old_lists` is marked screened against the
  // new versions. Subjects that are due anyway (new, changed) are screened too.
  virtual absl::StatusOr<RunResult> Rescreen(std::string_view actor,
                                             const std::vector<LoadedList>& old_lists,
                                             const Screener& new_screener,
                                             const ScreenRunOptions& options) = 0;

  // Records the hits of one screened request as alerts, with the same rules as a screening run
  // (an open alert on the pair, a good-guy entry or a true match on the same data raise none),
  // and its key, in one transaction: exactly once per key, whichever process records it and
  // however often. Audited as "request". kInvalidArgument without a key, subject id or lists.
  virtual absl::StatusOr<RequestRecordResult> RecordRequest(const RequestRecord& record) = 0;
  // Records the hits of screened messages as alerts, in one run (audited as run_start, an alert
  // record per alert, run), each message in a transaction of its own. One alert per hit: its
  // idempotency key is the SHA-256 of (input hash, message offset, hit kind, field path, entity),
  // so recording the same input again creates nothing (those hits come back kRecorded). A hit on
  // a party with a valid good-guy entry for the party as screened (subject id "party:<hash>")
  // and the entity as listed is kSuppressed. docs/cases.md "Message alerts". With a request key
  // (a message request of `cordon worker --db`) the key is recorded with the run's last
  // transaction, after every message: a request whose recording died half way records the rest
  // when it comes again, and one recorded whole comes back as MessageRunResult::duplicate.
  virtual absl::StatusOr<MessageRunResult> RecordMessages(
      std::string_view actor, const std::vector<LoadedList>& lists,
      const MessageRunOptions& options, const std::vector<MessageScreening>& messages) = 0;

  // Alerts.
  virtual absl::StatusOr<std::vector<Alert>> ListAlerts(const AlertFilter& filter) = 0;
  virtual absl::StatusOr<size_t> CountAlerts(const AlertFilter& filter) = 0;
  virtual absl::StatusOr<Alert> GetAlert(int64_t alert_id) = 0;
  virtual absl::StatusOr<std::vector<AlertEvent>> AlertHistory(int64_t alert_id) = 0;
  virtual absl::Status Assign(int64_t alert_id, std::string_view assignee, std::string_view user,
                              std::string_view reason) = 0;
  virtual absl::StatusOr<Alert> Decide(const DecisionRequest& request) = 0;

  // Good-guy list.
  virtual absl::StatusOr<std::vector<Suppression>> ListSuppressions(bool include_inactive) = 0;
  virtual absl::Status RevokeSuppression(int64_t suppression_id, std::string_view user,
                                         std::string_view reason) = 0;

  // Audit trail.
  virtual absl::StatusOr<std::vector<AuditRecord>> AuditPage(int64_t after_seq, size_t limit) = 0;
  virtual absl::StatusOr<AuditVerifyResult> VerifyAudit() = 0;
};

// "sha256:<hex>" of an entity's content as listed (every field), for suppressions and alerts.
std::string EntityContentHash(const Entity& e);

}  // namespace cordon

#endif  // CORDON_CASES_H_
