// Screening runs that raise alerts, and delta re-screening by reverse screening.
#include <algorithm>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "cases/retry.h"
#include "cases/store_impl.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "engine/json.h"

namespace cordon::cases {

using nlohmann::json;

struct StoreImpl::RunContext {
  const Screener* screener = nullptr;
  const ScreenRunOptions* options = nullptr;
  std::string actor;
  int64_t run_id = 0;
  std::string lists_json;  // ListsJson of the screener's lists
  std::string lists_key;
  // The run's screen_marks row: what the subjects it screens were screened against (ScreenBlock
  // takes a new one when a delta moved this one to other list versions meanwhile).
  int64_t mark = 0;
  std::unordered_map<std::string, std::string> entity_hashes;  // entity id -> content hash
  RunResult result;
};

namespace {

// Reverse screening finds the subjects an added or changed entity may alert on by screening the
// entity's names against an index of the subjects' names. Scores are not symmetric (token weights
// come from the indexed side, and the forward screening adds date, country and identifier
// evidence), so the reverse pass takes every subject within this margin below the alert
// threshold; the subjects found are then screened forward, which alone decides the alerts. The
// delta test (screening_test.cc) checks on the real UN update that the delta raises exactly the
// alerts a full re-screening raises.
constexpr double kReverseMargin = 0.2;
// Most subjects one entity name may bring back in the reverse pass (a name as common as "Muhammad
// Khan" in a customer base of millions). When a name reaches it, the delta gives up and every
// subject is screened in full against the new lists: nothing is missed, it only costs time.
constexpr size_t kReverseLimit = 100000;

// The parts of a stored subject the screening needs.
struct DueSubject {
  std::string id, data, hash;
  absl::StatusOr<std::vector<Hit>> hits = std::vector<Hit>();
};

// What a failed run tells the user to do (WithRetry's `again`).
constexpr std::string_view kRunAgain = "the next run goes on from there";

}  // namespace

absl::StatusOr<RunResult> StoreImpl::Screen(std::string_view actor, const Screener& screener,
                                            const ScreenRunOptions& options) {
  if (!options.subject_id.empty()) {
    // A run for a subject that does not exist would record an empty run.
    if (auto s = GetSubject(options.subject_id); !s.ok()) return s.status();
    return RunScreening(actor, screener, options, "one");
  }
  return RunScreening(actor, screener, options, "full");
}

absl::StatusOr<RunResult> StoreImpl::RunScreening(std::string_view actor, const Screener& screener,
                                                  const ScreenRunOptions& options,
                                                  std::string_view kind) {
  RunContext ctx{.screener = &screener, .options = &options, .actor = std::string(actor)};
  ctx.lists_json = Canonical(ListsJson(screener.lists()));
  ctx.lists_key = ListsKey(screener.lists());
  const int wait = options.db_wait_ms;
  auto start = [&]() -> absl::Status {
    Transaction tx(db_.get());
    if (auto st = tx.Begin(); !st.ok()) return st;
    auto run = db_->Query(
        "INSERT INTO runs (kind, actor, started_at, lists, lists_key, status) "
        "VALUES (?, ?, ?, ?, ?, 'running') RETURNING run_id",
        {std::string(kind), ctx.actor, NowUtc(), ctx.lists_json, ctx.lists_key});
    if (!run.ok()) return run.status();
    ctx.run_id = run->Int(0, 0);
    ctx.result.run_id = ctx.run_id;
    auto mark =
        db_->Query("INSERT INTO screen_marks (lists_key, run_id) VALUES (?, ?) RETURNING mark_id",
                   {ctx.lists_key, ctx.run_id});
    if (!mark.ok()) return mark.status();
    ctx.mark = mark->Int(0, 0);
    if (auto st = Audit(actor, "run_start", StrCat("run:", ctx.run_id),
                        {{"kind", kind},
                         {"lists", json::parse(ctx.lists_json)},
                         {"lists_key", ctx.lists_key},
                         {"all", options.all},
                         {"subject_id", options.subject_id}});
        !st.ok()) {
      return st;
    }
    return tx.Commit();
  };
  // The run's row exists only if its first transaction was saved.
  auto run_saved = [&]() -> absl::StatusOr<bool> {
    auto r = db_->Query("SELECT run_id FROM runs WHERE run_id = ?", {ctx.run_id});
    if (!r.ok()) return r.status();
    return !r->empty();
  };
  if (auto st = WithRetry("starting the run", kRunAgain, wait, start, run_saved); !st.ok())
    return st;
  const bool one = !options.subject_id.empty();
  if (!one) {
    if (auto st = CloseDelisted(ctx); !st.ok()) return st;
  }

  auto due = DueSubjects(ctx);
  if (!due.ok()) return due.status();
  // Blocks of due subjects in id order. A subject screened by another run meanwhile is screened
  // again (its alerts come back "already open"); one re-imported meanwhile is screened with its
  // new data and stays due (ScreenBlock).
  constexpr size_t kBlock = 4096;
  for (size_t begin = 0; begin < due->size(); begin += kBlock) {
    const size_t end = std::min(due->size(), begin + kBlock);
    std::vector<SqlValue> ids(due->begin() + static_cast<std::ptrdiff_t>(begin),
                              due->begin() + static_cast<std::ptrdiff_t>(end));
    auto rows = QueryWithRetry(*db_, "reading the subjects due", wait,
                               StrCat("SELECT id, data, data_hash FROM subjects WHERE id IN (",
                                      Placeholders(end - begin), ") ORDER BY id"),
                               ids);
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) {
      if (auto st = ScreenBlock(ctx, *rows); !st.ok()) return st;
    }
    if (options.progress) options.progress(ctx.result.screened, due->size());
  }

  auto finish = [&]() -> absl::Status {
    Transaction tx(db_.get());
    if (auto st = tx.Begin(); !st.ok()) return st;
    const RunResult& r = ctx.result;
    if (auto st =
            db_->Exec("UPDATE runs SET finished_at = ?, status = 'done', screened = ?, alerts = ? "
                      "WHERE run_id = ?",
                      {NowUtc(), static_cast<int64_t>(r.screened),
                       static_cast<int64_t>(r.alerts_created), ctx.run_id});
        !st.ok()) {
      return st;
    }
    if (auto st = Audit(actor, "run", StrCat("run:", ctx.run_id),
                        {{"screened", r.screened},
                         {"hits", r.hits},
                         {"alerts_created", r.alerts_created},
                         {"already_open", r.already_open},
                         {"suppressed", r.suppressed},
                         {"already_decided", r.already_decided},
                         {"delisted", r.delisted}});
        !st.ok()) {
      return st;
    }
    return tx.Commit();
  };
  auto finished = [&]() -> absl::StatusOr<bool> {
    auto r = db_->Query("SELECT status FROM runs WHERE run_id = ?", {ctx.run_id});
    if (!r.ok()) return r.status();
    return !r->empty() && r->Text(0, 0) == "done";
  };
  if (auto st = WithRetry("finishing the run", kRunAgain, wait, finish, finished); !st.ok())
    return st;
  // The index of the subjects' names the next delta searches, made now unless one that knows
  // nearly all of them is at hand: the run is saved, so a failure here only leaves the build
  // to the delta.
  if (kind == "full") (void)Names(wait, /*load=*/false);
  return ctx.result;
}

absl::StatusOr<std::vector<std::string>> StoreImpl::DueSubjects(const RunContext& ctx) {
  const ScreenRunOptions& o = *ctx.options;
  if (!o.subject_id.empty()) return std::vector<std::string>{o.subject_id};
  // Due: marked for screening (new, changed, a good-guy entry revoked), or screened against
  // other list versions than the run's. Read through the index on (needs_screening, mark): a
  // delta that left most subjects up to date reads only the few due, not every subject. (A
  // subject not marked for screening always has a mark: the migration and the runs see to it.)
  std::vector<std::pair<std::string, std::vector<SqlValue>>> reads;
  if (o.all) {
    reads.push_back({"SELECT id FROM subjects", {}});
  } else {
    reads.push_back({"SELECT id FROM subjects WHERE needs_screening = 1", {}});
    reads.push_back(
        {"SELECT id FROM subjects WHERE needs_screening = 0 AND mark IN "
         "(SELECT mark_id FROM screen_marks WHERE lists_key <> ?)",
         {ctx.lists_key}});
  }
  std::vector<std::string> ids;
  for (const auto& [sql, params] : reads) {
    auto rows = QueryWithRetry(*db_, "reading which subjects are due", o.db_wait_ms, sql, params);
    if (!rows.ok()) return rows.status();
    for (size_t i = 0; i < rows->size(); ++i) ids.push_back(rows->Text(i, 0));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

absl::Status StoreImpl::ScreenBlock(RunContext& ctx, const SqlRows& rows) {
  std::vector<DueSubject> subjects(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    subjects[i] = {rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2)};
  }
  const ScreenRunOptions& o = *ctx.options;
  const unsigned threads =
      std::max(1u, o.threads ? o.threads : std::thread::hardware_concurrency());
  auto work = [&](unsigned t) {
    for (size_t i = t; i < subjects.size(); i += threads) {
      DueSubject& s = subjects[i];
      json j = json::parse(s.data, nullptr, false);
      auto q = engine::QueryFromJson(j, s.id);
      if (!q.ok()) {
        s.hits = q.status();
        continue;
      }
      s.hits = ctx.screener->Screen(q->query, o.screen);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();

  // The block's writes, in one transaction, run again whole on a fresh connection when the
  // database was locked or unreachable (WithRetry). A block run again can neither duplicate nor
  // lose an alert: the failed attempt committed nothing (the server rolled it back), and what a
  // block writes is keyed, not appended blindly: an alert only where the subject-entity pair has
  // no active alert (RaiseAlert reads that first, and the unique index alerts_active_pair would
  // refuse a second), the subject's screened stamp (lists_key, needs_screening) set to the same
  // values, and the run's row set to its cumulative counts. So a block whose COMMIT was lost
  // (kUnknown) is known to be saved when the run's row shows this block's count of subjects
  // screened (the counts grow with every block), and is run again otherwise; were it run again
  // after all, its alerts would come back "already open", never twice.
  const RunResult before = ctx.result;
  const int64_t mark_before = ctx.mark;
  RunResult attempted;
  auto write = [&]() -> absl::Status {
    ctx.result = before;
    ctx.mark = mark_before;
    Transaction tx(db_.get());
    absl::Status st = tx.Begin();
    if (st.ok()) st = HoldMark(ctx);
    const std::string now = NowUtc();
    for (size_t i = 0; st.ok() && i < subjects.size(); ++i) {
      const DueSubject& s = subjects[i];
      if (s.hits.ok()) {
        for (size_t h = 0; st.ok() && h < s.hits->size(); ++h) {
          ++ctx.result.hits;
          st = RecordHit(ctx, s.id, s.data, s.hash, (*s.hits)[h]);
        }
      }
      // A subject re-imported with other data while it was screened stays due.
      if (st.ok()) {
        st = db_->Exec(
            "UPDATE subjects SET needs_screening = 0, lists_key = ?, mark = ?, screened_at = ? "
            "WHERE id = ? AND data_hash = ?",
            {ctx.lists_key, ctx.mark, now, s.id, s.hash});
      }
      ++ctx.result.screened;
    }
    if (st.ok()) {
      st = db_->Exec("UPDATE runs SET screened = ?, alerts = ? WHERE run_id = ?",
                     {static_cast<int64_t>(ctx.result.screened),
                      static_cast<int64_t>(ctx.result.alerts_created), ctx.run_id});
    }
    attempted = ctx.result;
    if (st.ok()) st = tx.Commit();
    if (!st.ok()) {
      ctx.result = before;
      ctx.mark = mark_before;
    }
    return st;
  };
  auto saved = [&]() -> absl::StatusOr<bool> {
    auto r = db_->Query("SELECT screened FROM runs WHERE run_id = ?", {ctx.run_id});
    if (!r.ok()) return r.status();
    if (r->empty() || r->Int(0, 0) != static_cast<int64_t>(attempted.screened)) return false;
    ctx.result = attempted;
    return true;
  };
  return WithRetry(StrCat("saving the screening of ", subjects.size(), " subjects from id ",
                          subjects.front().id),
                   kRunAgain, o.db_wait_ms, write, saved);
}

absl::Status StoreImpl::HoldMark(RunContext& ctx) {
  // The mark's row stays locked until the block's COMMIT (SQLite: the block holds the write
  // lock), so a delta cannot move it to new list versions between this check and the subjects
  // the block marks with it: either the delta moved it before (the block takes a new mark, and
  // its subjects stay due against the new versions) or it moves it after, with the subjects
  // (the delta's reverse screening saw their names, and marks for screening those it must).
  const std::string lock = db_->dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
  auto mark =
      db_->Query(StrCat("SELECT lists_key FROM screen_marks WHERE mark_id = ?", lock), {ctx.mark});
  if (!mark.ok()) return mark.status();
  if (!mark->empty() && mark->Text(0, 0) == ctx.lists_key) return absl::OkStatus();
  auto fresh =
      db_->Query("INSERT INTO screen_marks (lists_key, run_id) VALUES (?, ?) RETURNING mark_id",
                 {ctx.lists_key, ctx.run_id});
  if (!fresh.ok()) return fresh.status();
  ctx.mark = fresh->Int(0, 0);
  return absl::OkStatus();
}

absl::Status StoreImpl::RecordHit(RunContext& ctx, const std::string& subject_id,
                                  const std::string& subject_data, const std::string& subject_hash,
                                  const Hit& hit) {
  auto [it, fresh] = ctx.entity_hashes.try_emplace(hit.entity_id);
  if (fresh) it->second = hit.entity ? EntityContentHash(*hit.entity) : "";
  NewAlert a{.subject_id = subject_id,
             .subject_data = subject_data,
             .subject_hash = subject_hash,
             .hit = {.entity_id = hit.entity_id,
                     .list = hit.list,
                     .entity_name = hit.name,
                     .matched_name = hit.matched_name,
                     .score = engine::RoundScore(hit.score),
                     .hit = Canonical(engine::HitToJson(hit)),
                     .entity_hash = it->second,
                     .normalizer_version = hit.explanation.normalizer_version},
             .lists_json = ctx.lists_json,
             .engine_version = ctx.options->engine_version,
             .actor = ctx.actor,
             .created_reason = StrCat("screening run ", ctx.run_id),
             .run_id = ctx.run_id};
  auto outcome = RaiseAlert(a);
  if (!outcome.ok()) return outcome.status();
  switch (outcome->first) {
    case AlertOutcome::kCreated: ++ctx.result.alerts_created; break;
    case AlertOutcome::kAlreadyOpen: ++ctx.result.already_open; break;
    case AlertOutcome::kSuppressed: ++ctx.result.suppressed; break;
    case AlertOutcome::kAlreadyDecided: ++ctx.result.already_decided; break;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::pair<StoreImpl::AlertOutcome, int64_t>> StoreImpl::RaiseAlert(
    const NewAlert& a) {
  const RequestHit& hit = a.hit;
  auto open = db_->Query(
      "SELECT alert_id FROM alerts WHERE subject_id = ? AND entity_id = ? "
      "AND active = 1 AND kind = 'subject'",
      {a.subject_id, hit.entity_id});
  if (!open.ok()) return open.status();
  if (!open->empty()) return std::make_pair(AlertOutcome::kAlreadyOpen, int64_t{0});
  const std::string& entity_hash = hit.entity_hash;
  auto good_guy = db_->Query(
      "SELECT suppression_id FROM suppressions WHERE subject_id = ? AND entity_id = ? AND "
      "subject_hash = ? AND entity_hash = ? AND revoked_at = '' AND "
      "(expires_at = '' OR expires_at > ?)",
      {a.subject_id, hit.entity_id, a.subject_hash, entity_hash, NowUtc()});
  if (!good_guy.ok()) return good_guy.status();
  if (!good_guy->empty()) return std::make_pair(AlertOutcome::kSuppressed, int64_t{0});
  auto last = db_->Query(
      "SELECT alert_id, status, subject_hash, entity_hash, decided_by, reason, updated_at "
      "FROM alerts WHERE subject_id = ? AND entity_id = ? ORDER BY alert_id DESC LIMIT 1",
      {a.subject_id, hit.entity_id});
  if (!last.ok()) return last.status();
  int64_t previous_id = 0;
  std::string previous;
  if (!last->empty()) {
    const bool same = last->Text(0, 2) == a.subject_hash && last->Text(0, 3) == entity_hash;
    // A confirmed match on the same data stays decided: the customer is already handled.
    if (same && last->Text(0, 1) == AlertStatusName(AlertStatus::kTrueMatch)) {
      return std::make_pair(AlertOutcome::kAlreadyDecided, int64_t{0});
    }
    previous_id = last->Int(0, 0);
    previous = StrCat(last->Text(0, 1), " by ", last->Text(0, 4), " at ", last->Text(0, 6), ": ",
                      last->Text(0, 5),
                      same ? "" : " (since then the subject's data or the list entry changed)");
  }
  const std::string now = NowUtc();
  auto alert = db_->Query(
      "INSERT INTO alerts (subject_id, entity_id, list, entity_name, matched_name, score, status, "
      "active, subject_data, subject_hash, entity_hash, hit, lists, engine_version, "
      "normalizer_version, run_id, previous_alert_id, previous_decision, created_at, updated_at, "
      "request_key) VALUES (?, ?, ?, ?, ?, ?, 'open', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING alert_id",
      {a.subject_id, hit.entity_id, hit.list, hit.entity_name, hit.matched_name, hit.score,
       a.subject_data, a.subject_hash, entity_hash, hit.hit, a.lists_json, a.engine_version,
       hit.normalizer_version, a.run_id, previous_id, previous, now, now, a.request_key});
  if (!alert.ok()) return alert.status();
  const int64_t id = alert->Int(0, 0);
  if (auto st = db_->Exec("INSERT INTO alert_events (alert_id, time, user_name, action, "
                          "from_status, to_status, reason) VALUES (?, ?, ?, 'created', '', "
                          "'open', ?)",
                          {id, now, a.actor, a.created_reason});
      !st.ok()) {
    return st;
  }
  json detail = {{"subject_id", a.subject_id},
                 {"entity_id", hit.entity_id},
                 {"score", hit.score},
                 {"run_id", a.run_id},
                 {"subject_hash", a.subject_hash},
                 {"entity_hash", entity_hash},
                 {"previous_alert_id", previous_id}};
  if (!a.request_key.empty()) detail["request_key"] = a.request_key;
  if (auto st = Audit(a.actor, "alert", StrCat("alert:", id), detail); !st.ok()) return st;
  return std::make_pair(AlertOutcome::kCreated, id);
}

absl::StatusOr<RequestRecordResult> StoreImpl::RecordRequest(const RequestRecord& record) {
  if (record.request_key.empty()) return absl::InvalidArgumentError("a request key is required");
  if (record.subject_id.empty()) return absl::InvalidArgumentError("a subject id is required");
  if (record.lists == nullptr) return absl::InvalidArgumentError("the list versions are required");
  const json data = json::parse(record.subject_data, nullptr, false);
  if (data.is_discarded()) return absl::InvalidArgumentError("the subject data is not JSON");
  const std::string subject_data = Canonical(data);
  const std::string subject_hash = "sha256:" + Sha256Hex(subject_data);
  const std::string lists_json = Canonical(ListsJson(*record.lists));
  // Two processes recording the same request at once (a redelivery while the first worker is
  // still at it) both get here; the loser of a unique key (the request's, or an active pair's
  // raised by another request) starts again and finds what the winner committed.
  absl::Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    RequestRecordResult r;
    Transaction tx(db_.get());
    if (auto st = tx.Begin(); !st.ok()) return st;
    // The key first: PostgreSQL makes a second inserter of it wait here for the first one's
    // commit, holding nothing else.
    auto fresh = db_->Query(
        "INSERT INTO requests (request_key, source, actor, subject_id, subject_hash, hits, "
        "alert_ids, recorded_at) VALUES (?, ?, ?, ?, ?, ?, '', ?) ON CONFLICT (request_key) DO "
        "NOTHING RETURNING request_key",
        {record.request_key, record.source, record.actor, record.subject_id, subject_hash,
         static_cast<int64_t>(record.hits.size()), NowUtc()});
    if (!fresh.ok()) return fresh.status();
    if (fresh->empty()) {
      auto prior = db_->Query("SELECT alert_id FROM alerts WHERE request_key = ? ORDER BY alert_id",
                              {record.request_key});
      if (!prior.ok()) return prior.status();
      r.duplicate = true;
      for (size_t i = 0; i < prior->size(); ++i) r.alert_ids.push_back(prior->Int(i, 0));
      return r;
    }
    // The audit chain's head next (the row lock every writer takes), before any alert: two
    // requests on the same pair then never hold each other's locks.
    absl::Status st = Audit(record.actor, "request", "request:" + record.request_key,
                            {{"source", record.source},
                             {"subject_id", record.subject_id},
                             {"subject_hash", subject_hash},
                             {"hits", record.hits.size()},
                             {"lists", json::parse(lists_json)}});
    for (size_t i = 0; st.ok() && i < record.hits.size(); ++i) {
      NewAlert a{.subject_id = record.subject_id,
                 .subject_data = subject_data,
                 .subject_hash = subject_hash,
                 .hit = record.hits[i],
                 .lists_json = lists_json,
                 .engine_version = record.engine_version,
                 .actor = record.actor,
                 .created_reason = StrCat("request ", record.request_key),
                 .request_key = record.request_key};
      a.hit.score = engine::RoundScore(a.hit.score);
      auto outcome = RaiseAlert(a);
      if (!outcome.ok()) {
        st = outcome.status();
        break;
      }
      switch (outcome->first) {
        case AlertOutcome::kCreated:
          ++r.alerts_created;
          r.alert_ids.push_back(outcome->second);
          break;
        case AlertOutcome::kAlreadyOpen: ++r.already_open; break;
        case AlertOutcome::kSuppressed: ++r.suppressed; break;
        case AlertOutcome::kAlreadyDecided: ++r.already_decided; break;
      }
    }
    if (st.ok()) {
      std::string ids;
      for (int64_t id : r.alert_ids) ids += StrCat(ids.empty() ? "" : " ", id);
      st = db_->Exec("UPDATE requests SET alert_ids = ? WHERE request_key = ?",
                     {ids, record.request_key});
    }
    if (st.ok()) st = tx.Commit();
    if (st.ok()) return r;
    if (st.code() != absl::StatusCode::kAlreadyExists) return st;
    last = st;
  }
  return last;
}

absl::Status StoreImpl::CloseDelisted(RunContext& ctx) {
  // Only lists this run screens against can say an entry left them: a run against the UN list
  // alone says nothing about OFAC entries.
  std::unordered_set<std::string> codes, ids;
  for (const LoadedList& l : ctx.screener->lists()) {
    codes.insert(l.version.list);
    for (const Entity& e : l.entities) ids.insert(e.id);
  }
  const int wait = ctx.options->db_wait_ms;
  auto rows = QueryWithRetry(*db_, "reading the active alerts", wait,
                             "SELECT DISTINCT entity_id, list FROM alerts WHERE active = 1");
  if (!rows.ok()) return rows.status();
  std::vector<std::string> gone;
  for (size_t i = 0; i < rows->size(); ++i) {
    if (codes.count(rows->Text(i, 1)) && !ids.count(rows->Text(i, 0))) {
      gone.push_back(rows->Text(i, 0));
    }
  }
  if (gone.empty()) return absl::OkStatus();
  // Run again whole when the database was unavailable: it closes what is still active.
  size_t closed = 0;
  auto close = [&]() -> absl::Status {
    closed = 0;
    Transaction tx(db_.get());
    if (auto st = tx.Begin(); !st.ok()) return st;
    for (const std::string& entity : gone) {
      auto alerts = db_->Query(
          "SELECT alert_id, status FROM alerts WHERE entity_id = ? AND active = 1", {entity});
      if (!alerts.ok()) return alerts.status();
      for (size_t i = 0; i < alerts->size(); ++i) {
        Alert a;
        a.alert_id = alerts->Int(i, 0);
        a.status = ParseAlertStatus(alerts->Text(i, 1)).value_or(AlertStatus::kOpen);
        auto st = Transition(a, AlertStatus::kDelisted, ctx.actor, "delisted",
                             StrCat(entity, " is no longer on its list (run ", ctx.run_id, ")"),
                             {{"run_id", ctx.run_id}});
        if (!st.ok()) return st;
        ++closed;
      }
    }
    return tx.Commit();
  };
  // A lost COMMIT: saved if none of the entities has an active alert left.
  auto saved = [&]() -> absl::StatusOr<bool> {
    for (const std::string& entity : gone) {
      auto r = db_->Query("SELECT alert_id FROM alerts WHERE entity_id = ? AND active = 1 LIMIT 1",
                          {entity});
      if (!r.ok()) return r.status();
      if (!r->empty()) return false;
    }
    return true;
  };
  auto st = WithRetry("closing the alerts of delisted entities", kRunAgain, wait, close, saved);
  if (st.ok()) ctx.result.delisted += closed;
  return st;
}

absl::StatusOr<RunResult> StoreImpl::Rescreen(std::string_view actor,
                                              const std::vector<LoadedList>& old_lists,
                                              const Screener& new_screener,
                                              const ScreenRunOptions& options) {
  // What changed: entities added, or changed in any field.
  std::unordered_map<std::string_view, const Entity*> old_entities;
  for (const LoadedList& l : old_lists) {
    for (const Entity& e : l.entities) old_entities.emplace(e.id, &e);
  }
  std::vector<const Entity*> changed;
  size_t added = 0;
  for (const LoadedList& l : new_screener.lists()) {
    for (const Entity& e : l.entities) {
      auto it = old_entities.find(e.id);
      if (it == old_entities.end()) {
        ++added;
        changed.push_back(&e);
      } else if (!(*it->second == e)) {
        changed.push_back(&e);
      }
    }
  }
  const std::string old_key = ListsKey(old_lists), new_key = ListsKey(new_screener.lists());

  // The reverse index: the subjects' names, kept between runs (subject_index.cc). The subjects
  // it does not know (changed since it was built) are screened forward whatever their names.
  // With no entry added or changed (only removals) no subject can alert anew: no index needed.
  SubjectNames names{.source = "none"};
  if (!changed.empty()) {
    auto got = Names(options.db_wait_ms);
    if (!got.ok()) return got.status();
    names = std::move(*got);
  }
  const size_t indexed = names.index ? names.index->subjects : 0;
  std::vector<std::string> candidates = names.changed_since;
  bool saturated = false;
  if (indexed > 0) {
    const ScreenOptions ro{.threshold = std::max(0.0, options.screen.threshold - kReverseMargin),
                           .limit = kReverseLimit};
    std::vector<const Name*> queries;
    for (const Entity* e : changed) {
      for (const Name& n : e->names) queries.push_back(&n);
    }
    // On the run's threads, as the forward screening (each name is screened alone; the
    // candidates are sorted below, so the order they are found in does not matter).
    const unsigned threads = static_cast<unsigned>(std::min<size_t>(
        std::max(1u, options.threads ? options.threads : std::thread::hardware_concurrency()),
        std::max<size_t>(1, queries.size())));
    std::vector<std::vector<std::string>> found(threads);
    std::vector<char> full(threads, 0);
    auto work = [&](unsigned t) {
      for (size_t i = t; i < queries.size(); i += threads) {
        ScreenQuery q;
        q.name = queries[i]->full;
        const std::vector<Hit> hits = names.index->screener->Screen(q, ro);
        if (hits.size() >= kReverseLimit) full[t] = 1;
        for (const Hit& h : hits) found[t].push_back(h.entity_id);
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (std::thread& th : pool) th.join();
    for (unsigned t = 0; t < threads; ++t) {
      saturated = saturated || full[t];
      candidates.insert(candidates.end(), std::make_move_iterator(found[t].begin()),
                        std::make_move_iterator(found[t].end()));
    }
  }
  // In id order, as the runs' blocks update subjects: two transactions that lock subjects in
  // the same order never wait for each other in a cycle.
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // The plan in one transaction, run again when the database was locked or unreachable (it
  // committed nothing then). A plan whose COMMIT was lost is known saved by its audit record
  // (AuditSaved), and is run again only if it was not: it is never audited twice.
  AuditMark audited;
  auto plan = [&]() -> absl::Status {
    last_audit_ = {};
    Transaction tx(db_.get());
    if (auto st = tx.Begin(); !st.ok()) return st;
    // Everyone who was up to date with the old lists is up to date with the new ones, but the
    // candidates: no added or changed entry can alert on them, and removed entries are closed
    // as delisted by the run. One row per run that marked subjects moves, not one per subject.
    // The marks first (a run's block locks its mark before its subjects, HoldMark).
    if (!saturated) {
      if (auto st = db_->Exec("UPDATE screen_marks SET lists_key = ? WHERE lists_key = ?",
                              {new_key, old_key});
          !st.ok()) {
        return st;
      }
    }
    // Many subjects a statement, not one each (16,635 at a million subjects), in id order.
    constexpr size_t kMarkBlock = 500;
    for (size_t begin = 0; begin < candidates.size(); begin += kMarkBlock) {
      const size_t end = std::min(candidates.size(), begin + kMarkBlock);
      std::vector<SqlValue> ids(candidates.begin() + static_cast<std::ptrdiff_t>(begin),
                                candidates.begin() + static_cast<std::ptrdiff_t>(end));
      if (auto st = db_->Exec(StrCat("UPDATE subjects SET needs_screening = 1 WHERE id IN (",
                                     Placeholders(end - begin), ")"),
                              ids);
          !st.ok()) {
        return st;
      }
    }
    if (auto st = Audit(actor, "rescreen_plan", "lists:" + new_key,
                        {{"old_lists_key", old_key},
                         {"new_lists_key", new_key},
                         {"entities_added", added},
                         {"entities_changed", changed.size() - added},
                         {"subjects_indexed", indexed},
                         {"subject_index", names.source},
                         {"subjects_changed_since_index", names.changed_since.size()},
                         {"subjects_matched", candidates.size()},
                         {"full_rescreen", saturated}});
        !st.ok()) {
      return st;
    }
    audited = last_audit_;
    return tx.Commit();
  };
  if (auto st = WithRetry("saving the re-screening plan", kRunAgain, options.db_wait_ms, plan,
                          [&] { return AuditSaved(audited); });
      !st.ok()) {
    return st;
  }
  return RunScreening(actor, new_screener, options, "delta");
}

}  // namespace cordon::cases
