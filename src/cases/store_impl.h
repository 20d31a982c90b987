// The CaseStore over a Db connection: one implementation for both backends (the SQL is portable;
// the few dialect differences are in the migrations). Split by topic: store.cc (open,
// migrations, users, policy, audit chain), subjects.cc (import), screening.cc (runs, delta
// re-screening), alerts.cc (lifecycle, suppressions).
#ifndef CORDON_CASES_STORE_IMPL_H_
#define CORDON_CASES_STORE_IMPL_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "cases/db.h"
#include "cordon/cases.h"

namespace cordon::cases {

// The current time as "2026-12-03T01:50:00.123Z" (UTC, milliseconds): sorts as text.
std::string NowUtc();
// The time `days` days (`seconds` seconds) after NowUtc(), same format.
std::string UtcAfterDays(int days);
std::string UtcAfterSeconds(int64_t seconds);

// A boolean SQL result as text: "1" (SQLite) or "t" (PostgreSQL).
inline bool IsTrue(const std::string& v) { return v == "1" || v == "t" || v == "true"; }

// `n` copies of `one` separated by commas: the placeholders of an IN list or a VALUES list.
std::string Placeholders(size_t n, std::string_view one = "?");

// Canonical JSON: keys sorted (nlohmann's object order), no spaces, UTF-8 kept.
std::string Canonical(const nlohmann::json& j);

// The SHA-256 (hex) an audit record carries: over the canonical JSON of every field but the hash,
// the detail parsed as JSON. kDataLoss when the detail is not JSON.
absl::StatusOr<std::string> AuditRecordHash(const AuditRecord& r);

// The fingerprint of a set of list versions: which lists, with which content.
std::string ListsKey(const std::vector<LoadedList>& lists);
// The versions as stored on alerts and runs: [{"list","title","format","published",
// "content_hash"}, ...].
nlohmann::json ListsJson(const std::vector<LoadedList>& lists);

class StoreImpl : public CaseStore {
 public:
  explicit StoreImpl(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  absl::Status Migrate();

  int SchemaVersion() override { return schema_version_; }
  void SetDbWait(int db_wait_ms) override { db_wait_ms_ = db_wait_ms; }
  absl::Status AddUser(std::string_view actor, std::string_view name, Role role) override;
  absl::StatusOr<std::vector<User>> Users() override;
  absl::Status SetPasswordHash(std::string_view actor, std::string_view name,
                               std::string_view password_hash) override;
  absl::Status SetUserDisabled(std::string_view actor, std::string_view name,
                               bool disabled) override;
  absl::StatusOr<Credentials> GetCredentials(std::string_view name) override;
  absl::Status RecordSignInFailure(std::string_view name) override;
  absl::StatusOr<SessionInfo> CreateSession(std::string_view name, std::string_view token_hash,
                                            const SessionTimes& times,
                                            std::string_view remote) override;
  absl::StatusOr<SessionInfo> GetSession(std::string_view token_hash,
                                         const SessionTimes& times) override;
  absl::Status EndSession(std::string_view token_hash) override;
  absl::StatusOr<size_t> PurgeExpiredSessions() override;
  absl::Status SetPolicy(std::string_view actor, const Policy& policy) override;
  absl::StatusOr<Policy> GetPolicy() override;

  absl::StatusOr<ImportResult> ImportSubjects(std::string_view actor, std::string_view name,
                                              std::string_view text, int db_wait_ms) override;
  absl::StatusOr<Subject> GetSubject(std::string_view id) override;
  absl::StatusOr<size_t> CountSubjects() override;

  absl::StatusOr<RunResult> Screen(std::string_view actor, const Screener& screener,
                                   const ScreenRunOptions& options) override;
  absl::StatusOr<RunResult> Rescreen(std::string_view actor,
                                     const std::vector<LoadedList>& old_lists,
                                     const Screener& new_screener,
                                     const ScreenRunOptions& options) override;

  absl::StatusOr<RequestRecordResult> RecordRequest(const RequestRecord& record) override;
  absl::StatusOr<MessageRunResult> RecordMessages(
      std::string_view actor, const std::vector<LoadedList>& lists,
      const MessageRunOptions& options, const std::vector<MessageScreening>& messages) override;

  absl::StatusOr<std::vector<Alert>> ListAlerts(const AlertFilter& filter) override;
  absl::StatusOr<size_t> CountAlerts(const AlertFilter& filter) override;
  absl::StatusOr<Alert> GetAlert(int64_t alert_id) override;
  absl::StatusOr<std::vector<AlertEvent>> AlertHistory(int64_t alert_id) override;
  absl::Status Assign(int64_t alert_id, std::string_view assignee, std::string_view user,
                      std::string_view reason) override;
  absl::StatusOr<Alert> Decide(const DecisionRequest& request) override;

  absl::StatusOr<std::vector<Suppression>> ListSuppressions(bool include_inactive) override;
  absl::Status RevokeSuppression(int64_t suppression_id, std::string_view user,
                                 std::string_view reason) override;

  absl::StatusOr<std::vector<AuditRecord>> AuditPage(int64_t after_seq, size_t limit) override;
  absl::StatusOr<AuditVerifyResult> VerifyAudit() override;

  // Appends one audit record; call inside the transaction of the change it records. Sets
  // last_audit_.
  absl::Status Audit(std::string_view actor, std::string_view action, std::string_view object,
                     const nlohmann::json& detail);

  // One readable subject of an import file (subjects.cc).
  struct Incoming;

  // An audit record appended: its place in the chain and its hash, which holds its time to the
  // millisecond and all it says, so no other transaction's record has it.
  struct AuditMark {
    int64_t seq = 0;
    std::string hash;
  };
  // Whether the transaction that appended `mark` was committed: every transaction of the store
  // that changes anything audits it, so its record is there exactly when it was saved. The
  // answer to a COMMIT whose reply was lost (WithRetry's `committed`); false for an empty mark.
  absl::StatusOr<bool> AuditSaved(const AuditMark& mark);
  // Runs `once` (one write transaction, Begin to Commit, that audits what it changes) through
  // WithRetry with SetDbWait's wait: again on a fresh connection while the database is locked or
  // unreachable, a COMMIT whose reply was lost resolved by its audit record (AuditSaved).
  absl::Status RetriedWrite(std::string_view what, std::string_view again,
                            const std::function<absl::Status()>& once);

  Db& db() { return *db_; }

 private:
  // The role of a registered user; kPermissionDenied for an unknown one.
  absl::StatusOr<Role> RoleOf(std::string_view user);

  // Screening: one block of due subjects, screened and committed in one transaction.
  struct RunContext;
  absl::StatusOr<RunResult> RunScreening(std::string_view actor, const Screener& screener,
                                         const ScreenRunOptions& options, std::string_view kind);
  // The ids of the subjects the run screens, sorted.
  absl::StatusOr<std::vector<std::string>> DueSubjects(const RunContext& ctx);
  absl::Status ScreenBlock(RunContext& ctx, const SqlRows& rows);
  // Inside a block's transaction: locks the run's mark, or takes a new one when a delta moved
  // it to other list versions (ctx.mark).
  absl::Status HoldMark(RunContext& ctx);
  absl::Status RecordHit(RunContext& ctx, const std::string& subject_id,
                         const std::string& subject_data, const std::string& subject_hash,
                         const Hit& hit);
  // An alert for one hit, unless the pair has an open alert, a valid good-guy entry, or a true
  // match on the same data; call inside a transaction. Shared by runs and requests.
  struct NewAlert {
    std::string subject_id, subject_data, subject_hash;
    RequestHit hit;
    std::string lists_json, engine_version, actor, created_reason, request_key;
    int64_t run_id = 0;
  };
  enum class AlertOutcome : uint8_t { kCreated, kAlreadyOpen, kSuppressed, kAlreadyDecided };
  // The outcome and, when created, the new alert's id.
  absl::StatusOr<std::pair<AlertOutcome, int64_t>> RaiseAlert(const NewAlert& a);
  absl::Status CloseDelisted(RunContext& ctx);
  // One message of RecordMessages, in one transaction; adds to *res.
  absl::StatusOr<std::vector<MessageHitAlert>> RecordMessage(
      std::string_view actor, int64_t run_id, const std::string& lists_json,
      const MessageRunOptions& options, const MessageScreening& s,
      std::unordered_map<std::string, std::string>* entity_hashes, RunResult* res);
  // The request of a message run (MessageRunOptions::request_key) with the alerts of its hits;
  // call inside the run's last transaction.
  absl::Status RecordMessageRequest(std::string_view actor, const MessageRunOptions& options,
                                    const std::vector<MessageScreening>& messages,
                                    const MessageRunResult& recorded);
  // A message run whose request was recorded before: each hit's alert, read only.
  absl::StatusOr<MessageRunResult> RecordedBefore(const std::vector<MessageScreening>& messages);
  // `decided_by`, when given, is stored with the new status in the same UPDATE (and the pending
  // four-eyes decision cleared): a closing decision.
  absl::Status Transition(const Alert& a, AlertStatus to, std::string_view user,
                          std::string_view action, std::string_view reason,
                          const nlohmann::json& extra_audit,
                          const std::string* decided_by = nullptr);

  // The decision of Decide, up to its COMMIT (Decide runs it again when the database was
  // unavailable).
  absl::Status DecideOnce(const DecisionRequest& r);
  // One block of an import, [begin, end) of `good`, in one transaction; its counts in *result.
  absl::Status ImportBlock(std::string_view actor, std::string_view name,
                           const std::vector<Incoming>& good, size_t begin, size_t end,
                           ImportResult* result);

  // The index of the subjects' names that reverse screening searches (subject_index.cc): built
  // from the subjects at a version of them, stored in the database, kept here between runs.
  struct SubjectIndex {
    int64_t version = -1;  // the subjects' version it was built at (subjects_version.seq)
    size_t subjects = 0;
    std::unique_ptr<Screener> screener;
  };
  // The index to search and the subjects it does not know: changed (or added) after its
  // version, whose names it may not hold; how it was had: "memory" (kept from an earlier run of
  // this store), "stored" (loaded from the database) or "built" (and stored).
  struct SubjectNames {
    const SubjectIndex* index = nullptr;
    std::vector<std::string> changed_since;
    std::string source;
  };
  // An index that knows all but a few subjects: kept in memory, else loaded from the database
  // when the one stored there does, else built and stored. An index stored by another version
  // of the subjects is never taken for the current one: the subjects changed since its version
  // come with it (changed_since), to be screened forward, and one that misses too many of them
  // (subject_index.cc: 1 in 50), is from a later version than the database's, or cannot be read
  // (a part missing, a checksum) is built again. With
  // `load` false (a run making sure the next delta has one): a stored index that may serve is
  // left in the database, and `index` is null.
  absl::StatusOr<SubjectNames> Names(int wait_ms, bool load = true);
  absl::StatusOr<int64_t> SubjectsVersion(int wait_ms);
  absl::StatusOr<size_t> ChangedSince(int64_t version, int wait_ms);
  absl::StatusOr<SubjectIndex> BuildSubjectIndex(int wait_ms);
  absl::Status StoreSubjectIndex(const SubjectIndex& index, int wait_ms);
  absl::StatusOr<SubjectIndex> LoadSubjectIndex(int64_t version, int64_t parts, int64_t subjects,
                                                int wait_ms);

  std::unique_ptr<Db> db_;
  SubjectIndex subject_index_;
  int schema_version_ = 0;
  AuditMark last_audit_;  // the last record Audit() appended
  int db_wait_ms_ = 0;    // SetDbWait
};

}  // namespace cordon::cases

#endif  // CORDON_CASES_STORE_IMPL_H_
