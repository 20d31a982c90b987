// The case endpoints (case_api.h): a pool of case-store connections, one handler per endpoint,
// and the re-screening thread. The JSON shapes are those of the CLI (cases/json.h).
#include "service/case_api.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "cases/json.h"
#include "core/strcat.h"
#include "engine/json.h"

namespace cordon::service {

using nlohmann::json;

namespace {

// Alerts per page of GET /v1/alerts, and audit records per page of GET /v1/audit.
constexpr size_t kDefaultAlertPage = 50, kMaxAlertPage = 1000;
constexpr size_t kDefaultAuditPage = 100, kMaxAuditPage = 1000;
// The active alerts shown with a subject (GET /v1/subjects/{id}, screen one).
constexpr size_t kSubjectAlerts = 100;
// Re-screening after a swap: the pause between attempts to open the store while the database
// is unreachable (each attempt itself waits up to 5 s for a PostgreSQL server that restarts).
constexpr std::chrono::seconds kRescreenOpenPause{1};
// The pause before a case call that found the database unavailable is run again (cases/db.h:
// it committed nothing). The connection itself waits up to 5 s for a PostgreSQL server that is
// restarting; this adds a moment for a SQLite writer to finish.
constexpr std::chrono::milliseconds kRetryPause{250};
// The header that names the acting user when authentication is off (--no-auth, local use).
constexpr const char* kUserHeader = "x-cordon-user";

std::string IsoNow() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

// The time `days` before now, in the store's format (created_at compares as text).
std::string IsoDaysAgo(double days) {
  const auto t = std::chrono::system_clock::now() -
                 std::chrono::milliseconds(static_cast<int64_t>(days * 86400000.0));
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

absl::Status Field(std::string_view field, std::string_view why) {
  return ApiError(ApiErrorCode::kInvalidRequest, StrCat(field, ": ", why), field);
}

// The response for a failed case-store call: the store's canonical codes onto the API's table.
HttpResponse CaseError(const absl::Status& s) {
  const std::string_view msg = StatusText(s);
  HttpResponse r;
  switch (s.code()) {
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      // The alert's state does not allow it (closed, pending approval, changed meanwhile).
      return StatusResponse(ApiError(ApiErrorCode::kConflict, msg));
    case absl::StatusCode::kInvalidArgument:
      if (msg.starts_with("a reason is required")) {
        return StatusResponse(ApiError(ApiErrorCode::kInvalidRequest, msg, "reason"));
      }
      return StatusResponse(s);
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kUnknown:  // a commit whose outcome is unknown: reload, then retry
      r = StatusResponse(ApiError(ApiErrorCode::kUnavailable, StrCat("case database: ", msg)));
      r.headers.emplace_back("Retry-After", "1");
      return r;
    default: return StatusResponse(s);
  }
}

absl::StatusOr<int64_t> ParseId(std::string_view text, std::string_view field) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 1) {
    return Field(field, "not a positive integer");
  }
  return v;
}

absl::StatusOr<double> ParseNumber(const std::string& text, std::string_view field, double lo,
                                   double hi) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v >= lo && v <= hi)) {
    return Field(field, StrCat("not a number from ", lo, " to ", hi));
  }
  return v;
}

absl::StatusOr<bool> ParseBool(const Target& t, std::string_view key) {
  const std::string* v = t.Param(key);
  if (v == nullptr || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1" || v->empty()) return true;
  return Field(key, "true or false");
}

// A string field of a request body: required (non-blank) or optional ("" when absent).
absl::StatusOr<std::string> StringField(const json& body, const char* key, bool required) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return Field(key, "required");
    return std::string();
  }
  if (!it->is_string()) return Field(key, "not a string");
  std::string v = it->get<std::string>();
  if (required && v.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Field(key, "required (not blank)");
  }
  return v;
}

json SubjectJson(const Subject& s) {
  json data = json::parse(s.data, nullptr, false);
  return {{"id", s.id},
          {"name", s.name},
          {"data", data.is_discarded() ? json(s.data) : data},
          {"data_hash", s.data_hash},
          {"needs_screening", s.needs_screening},
          {"lists_key", s.lists_key},
          {"screened_at", s.screened_at},
          {"updated_at", s.updated_at}};
}

json RunJson(const RunResult& r) { return cases::RunResultToJson(r); }

// "score:id" (sort score) or "id": where the next page starts.
std::string Cursor(const AlertFilter& f, const Alert& last) {
  if (f.sort == "score") return StrCat(engine::RoundScore(last.score), ":", last.alert_id);
  return std::to_string(last.alert_id);
}

absl::Status ApplyCursor(const std::string& cursor, AlertFilter* f) {
  std::string_view id = cursor;
  if (f->sort == "score") {
    const size_t colon = cursor.find(':');
    if (colon == std::string::npos) return Field("after", "not a cursor of this sort (score:id)");
    absl::StatusOr<double> score = ParseNumber(cursor.substr(0, colon), "after", 0, 1);
    if (!score.ok()) return score.status();
    f->after_score = *score;
    id = std::string_view(cursor).substr(colon + 1);
  }
  absl::StatusOr<int64_t> v = ParseId(id, "after");
  if (!v.ok()) return v.status();
  f->after_id = *v;
  return absl::OkStatus();
}

// The filter of GET /v1/alerts from its query parameters.
absl::StatusOr<AlertFilter> AlertFilterOf(const Target& t) {
  AlertFilter f;
  f.limit = kDefaultAlertPage;
  auto text = [&](const char* key, std::string* out) {
    if (const std::string* v = t.Param(key)) *out = *v;
  };
  text("status", &f.status);
  text("subject_id", &f.subject_id);
  text("entity_id", &f.entity_id);
  text("list", &f.list);
  text("assigned_to", &f.assigned_to);
  text("kind", &f.kind);
  text("created_after", &f.created_after);
  text("created_before", &f.created_before);
  if (!f.status.empty() && f.status != "active" && !ParseAlertStatus(f.status)) {
    return Field("status",
                 StrCat("\"", f.status,
                        "\" is not open, in_review, escalated, pending_approval, true_match, "
                        "false_positive, delisted or active"));
  }
  if (!f.kind.empty() && f.kind != "subject" && f.kind != "message") {
    return Field("kind", "subject or message");
  }
  if (const std::string* v = t.Param("sort")) {
    if (*v != "score" && *v != "created" && *v != "id") {
      return Field("sort", "score, created or id");
    }
    f.sort = *v;
  }
  if (const std::string* v = t.Param("min_score")) {
    absl::StatusOr<double> x = ParseNumber(*v, "min_score", 0, 1);
    if (!x.ok()) return x.status();
    f.min_score = *x;
  }
  // Age: older than min_age_days (created before now - N days), younger than max_age_days.
  if (const std::string* v = t.Param("min_age_days")) {
    absl::StatusOr<double> x = ParseNumber(*v, "min_age_days", 0, 36500);
    if (!x.ok()) return x.status();
    const std::string bound = IsoDaysAgo(*x);
    if (f.created_before.empty() || bound < f.created_before) f.created_before = bound;
  }
  if (const std::string* v = t.Param("max_age_days")) {
    absl::StatusOr<double> x = ParseNumber(*v, "max_age_days", 0, 36500);
    if (!x.ok()) return x.status();
    const std::string bound = IsoDaysAgo(*x);
    if (bound > f.created_after) f.created_after = bound;
  }
  if (const std::string* v = t.Param("limit")) {
    absl::StatusOr<int64_t> n = ParseId(*v, "limit");
    if (!n.ok() || *n > static_cast<int64_t>(kMaxAlertPage)) {
      return Field("limit", StrCat("not an integer from 1 to ", kMaxAlertPage));
    }
    f.limit = static_cast<size_t>(*n);
  }
  if (const std::string* v = t.Param("after"); v != nullptr && !v->empty()) {
    if (absl::Status s = ApplyCursor(*v, &f); !s.ok()) return s;
  }
  return f;
}

// A pool of case-store connections (a CaseStore is one connection, used by one thread at a
// time): a request takes an idle one or opens one, and gives it back unless it failed with
// kUnavailable (a PostgreSQL connection that was lost is then not reused).
class StorePool {
 public:
  explicit StorePool(std::string db) : db_(std::move(db)) {}

  absl::StatusOr<std::unique_ptr<CaseStore>> Take() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        std::unique_ptr<CaseStore> s = std::move(idle_.back());
        idle_.pop_back();
        return s;
      }
    }
    return CaseStore::Open(db_);
  }
  void Give(std::unique_ptr<CaseStore> s) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(s));
  }

 private:
  const std::string db_;
  std::mutex mu_;
  std::vector<std::unique_ptr<CaseStore>> idle_;
};

}  // namespace

struct CaseApi::Impl {
  Impl(const std::string& db, Options o) : pool(db), options(std::move(o)) {}

  // Runs `f(store)` on a pooled connection. A call that fails with kUnavailable (SQLite locked
  // past the busy timeout; PostgreSQL unreachable past the reconnect wait, or its connection lost
  // inside a transaction, which the server then rolled back) committed nothing, reads and
  // writes alike (cases/db.h), so it is run once more, after a pause, on a new connection; a
  // second failure is the answer (503 with the cause). A commit whose outcome is unknown
  // (kUnknown) is not run again. `f` reports the store's failure in *failed; a read it makes
  // after its write committed must not (the write would be run twice).
  template <typename F>
  HttpResponse WithStore(bool /*read*/, F f) {
    for (int attempt = 0;; ++attempt) {
      absl::StatusOr<std::unique_ptr<CaseStore>> store = pool.Take();
      if (!store.ok()) {
        if (attempt == 0 && absl::IsUnavailable(store.status())) {
          std::this_thread::sleep_for(kRetryPause);
          continue;
        }
        return CaseError(store.status());
      }
      absl::Status failed = absl::OkStatus();
      HttpResponse r = f(**store, &failed);
      if (!absl::IsUnavailable(failed)) {
        pool.Give(std::move(*store));
        return r;
      }
      if (attempt > 0) return r;
      std::this_thread::sleep_for(kRetryPause);
    }
  }

  // The case-store user acting for a write: the key's name (a user header, if sent, must agree),
  // or with authentication off the X-Cordon-User header. Must be a user of the store.
  absl::StatusOr<std::string> ActingUser(const CaseRequest& r, CaseStore& store);

  HttpResponse AddSubject(const CaseRequest& r, const std::string& path_id);
  HttpResponse GetSubject(const CaseRequest& r);
  HttpResponse ScreenSubject(const CaseRequest& r);
  HttpResponse ListAlerts(const CaseRequest& r);
  HttpResponse GetAlert(const CaseRequest& r);
  HttpResponse Assign(const CaseRequest& r);
  HttpResponse Decide(const CaseRequest& r);
  HttpResponse ListSuppressions(const CaseRequest& r);
  HttpResponse Revoke(const CaseRequest& r);
  HttpResponse AuditPage(const CaseRequest& r);
  HttpResponse AuditVerify(const CaseRequest& r);
  HttpResponse Users(const CaseRequest& r);

  // The alert with its history, as GET /v1/alerts/{id} shows it.
  absl::StatusOr<json> AlertWithHistory(CaseStore& store, int64_t id);
  // 200 with AlertWithHistory, or the store's error (also left in *failed for WithStore).
  HttpResponse AlertReply(CaseStore& store, int64_t id, absl::Status* failed);
  absl::StatusOr<json> ActiveAlertsOf(CaseStore& store, const std::string& subject_id);

  void RescreenLoop();
  // One delta re-screening from `from`'s lists to `to`'s, waiting for the database once, up to
  // options.db_wait_ms (opening the store, then each of the run's transactions and reads).
  absl::StatusOr<RunResult> Rescreen(const State& from, const State& to);
  void Log(std::string_view level, std::string_view msg, const json& fields);

  StorePool pool;
  Options options;

  mutable std::mutex mu;
  std::condition_variable cv;
  std::shared_ptr<const State> pending_from, pending_to;  // queued re-screening
  bool stop = false;
  RescreenStatus status;
  std::thread worker;
};

absl::StatusOr<std::string> CaseApi::Impl::ActingUser(const CaseRequest& r, CaseStore& store) {
  auto it = r.request.headers.find(kUserHeader);
  const std::string header = it == r.request.headers.end() ? "" : it->second;
  std::string user = r.key_user;
  if (!user.empty() && !header.empty() && header != user) {
    return ApiError(ApiErrorCode::kForbidden,
                    StrCat("the key acts as the user \"", user, "\"; X-Cordon-User names \"",
                           header, "\" (a key cannot act for another user)"));
  }
  if (user.empty()) user = header;
  if (user.empty()) {
    return ApiError(ApiErrorCode::kUnknownUser,
                    "no acting user: with authentication off, name the case-store user in the "
                    "X-Cordon-User header");
  }
  absl::StatusOr<std::vector<User>> users = store.Users();
  if (!users.ok()) return users.status();
  for (const User& u : *users) {
    if (u.name == user) return user;
  }
  return ApiError(ApiErrorCode::kUnknownUser,
                  StrCat("unknown user \"", user,
                         "\": the case store has no such user (an API key acts as the case-store "
                         "user of its name: cordon users add --db D ",
                         user, " --role ROLE)"));
}

absl::StatusOr<json> CaseApi::Impl::ActiveAlertsOf(CaseStore& store,
                                                   const std::string& subject_id) {
  absl::StatusOr<std::vector<Alert>> alerts = store.ListAlerts(
      {.status = "active", .subject_id = subject_id, .sort = "score", .limit = kSubjectAlerts});
  if (!alerts.ok()) return alerts.status();
  json out = json::array();
  for (const Alert& a : *alerts) out.push_back(cases::AlertToJson(a, false));
  return out;
}

HttpResponse CaseApi::Impl::AlertReply(CaseStore& store, int64_t id, absl::Status* failed) {
  absl::StatusOr<json> j = AlertWithHistory(store, id);
  if (!j.ok()) return CaseError(*failed = j.status());
  return JsonResponse(200, *j);
}

absl::StatusOr<json> CaseApi::Impl::AlertWithHistory(CaseStore& store, int64_t id) {
  absl::StatusOr<Alert> a = store.GetAlert(id);
  if (!a.ok()) return a.status();
  absl::StatusOr<std::vector<AlertEvent>> h = store.AlertHistory(id);
  if (!h.ok()) return h.status();
  json j = cases::AlertToJson(*a, true);
  j["history"] = json::array();
  for (const AlertEvent& e : *h) j["history"].push_back(cases::AlertEventToJson(e));
  return j;
}

// POST /v1/subjects (path_id "") and PUT /v1/subjects/{id}: the subject record of `cordon
// subjects import` (one JSON object); added, updated (and due for screening) or unchanged.
HttpResponse CaseApi::Impl::AddSubject(const CaseRequest& r, const std::string& path_id) {
  absl::StatusOr<json> body = ParseJsonObject(r.request.body);
  if (!body.ok()) return StatusResponse(body.status());
  if (!path_id.empty()) {
    if (!body->contains("id")) (*body)["id"] = path_id;
    if (engine::QueryIdOf(*body, "") != path_id) {
      return StatusResponse(Field("id", StrCat("the body's id is not the path's (", path_id, ")")));
    }
  }
  return WithStore(false, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<std::string> user = ActingUser(r, store);
    if (!user.ok()) return CaseError(*failed = user.status());
    absl::StatusOr<ImportResult> res = store.ImportSubjects(
        *user, "api", body->dump(-1, ' ', false, json::error_handler_t::strict));
    if (!res.ok()) return CaseError(*failed = res.status());
    if (!res->errors.empty()) {
      return StatusResponse(ApiError(ApiErrorCode::kInvalidRequest, res->errors[0].message));
    }
    const std::string id = engine::QueryIdOf(*body, "");
    absl::StatusOr<Subject> s = store.GetSubject(id);
    if (!s.ok()) return CaseError(*failed = s.status());
    const char* result = res->added ? "added" : res->updated ? "updated" : "unchanged";
    return JsonResponse(res->added ? 201 : 200, {{"result", result}, {"subject", SubjectJson(*s)}});
  });
}

HttpResponse CaseApi::Impl::GetSubject(const CaseRequest& r) {
  return WithStore(true, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<Subject> s = store.GetSubject(r.path_params[0]);
    if (!s.ok()) return CaseError(*failed = s.status());
    absl::StatusOr<json> alerts = ActiveAlertsOf(store, s->id);
    if (!alerts.ok()) return CaseError(*failed = alerts.status());
    json j = SubjectJson(*s);
    j["alerts"] = std::move(*alerts);
    return JsonResponse(200, j);
  });
}

// Screens one subject now against the lists serving, whether it is due or not.
HttpResponse CaseApi::Impl::ScreenSubject(const CaseRequest& r) {
  return WithStore(false, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<std::string> user = ActingUser(r, store);
    if (!user.ok()) return CaseError(*failed = user.status());
    ScreenRunOptions o{.screen = {.threshold = options.threshold, .limit = options.limit},
                       .threads = 1,
                       .engine_version = StrCat("cordon ", CORDON_VERSION),
                       .subject_id = r.path_params[0],
                       // No wait inside the request: WithStore runs it once more on a new
                       // connection, then answers 503 with the cause.
                       .db_wait_ms = 0};
    absl::StatusOr<RunResult> run = store.Screen(*user, *r.state.screener, o);
    if (!run.ok()) return CaseError(*failed = run.status());
    absl::StatusOr<json> alerts = ActiveAlertsOf(store, r.path_params[0]);
    if (!alerts.ok()) return CaseError(*failed = alerts.status());
    return JsonResponse(200, {{"run", RunJson(*run)},
                              {"alerts", std::move(*alerts)},
                              {"generation", r.state.generation}});
  });
}

HttpResponse CaseApi::Impl::ListAlerts(const CaseRequest& r) {
  absl::StatusOr<AlertFilter> f = AlertFilterOf(r.target);
  if (!f.ok()) return StatusResponse(f.status());
  absl::StatusOr<bool> count = ParseBool(r.target, "count");
  if (!count.ok()) return StatusResponse(count.status());
  return WithStore(true, [&](CaseStore& store, absl::Status* failed) {
    AlertFilter page = *f;
    ++page.limit;  // one more tells whether there is a next page
    absl::StatusOr<std::vector<Alert>> alerts = store.ListAlerts(page);
    if (!alerts.ok()) return CaseError(*failed = alerts.status());
    const bool more = alerts->size() > f->limit;
    if (more) alerts->pop_back();
    json out = {{"alerts", json::array()},
                {"next", more ? json(Cursor(*f, alerts->back())) : json(nullptr)}};
    for (const Alert& a : *alerts) out["alerts"].push_back(cases::AlertToJson(a, false));
    if (*count) {
      absl::StatusOr<size_t> n = store.CountAlerts(*f);
      if (!n.ok()) return CaseError(*failed = n.status());
      out["total"] = *n;
    }
    return JsonResponse(200, out);
  });
}

HttpResponse CaseApi::Impl::GetAlert(const CaseRequest& r) {
  absl::StatusOr<int64_t> id = ParseId(r.path_params[0], "id");
  if (!id.ok()) return StatusResponse(id.status());
  return WithStore(
      true, [&](CaseStore& store, absl::Status* failed) { return AlertReply(store, *id, failed); });
}

// {"to": user (default: the acting user), "reason": text}
HttpResponse CaseApi::Impl::Assign(const CaseRequest& r) {
  absl::StatusOr<int64_t> id = ParseId(r.path_params[0], "id");
  if (!id.ok()) return StatusResponse(id.status());
  absl::StatusOr<json> body = ParseJsonObject(r.request.body);
  if (!body.ok()) return StatusResponse(body.status());
  absl::StatusOr<std::string> reason = StringField(*body, "reason", true);
  if (!reason.ok()) return StatusResponse(reason.status());
  absl::StatusOr<std::string> to = StringField(*body, "to", false);
  if (!to.ok()) return StatusResponse(to.status());
  return WithStore(false, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<std::string> user = ActingUser(r, store);
    if (!user.ok()) return CaseError(*failed = user.status());
    const std::string assignee = to->empty() ? *user : *to;
    if (absl::Status s = store.Assign(*id, assignee, *user, *reason); !s.ok()) {
      // The assignee is checked like the acting user: a name the store does not know.
      if (absl::IsPermissionDenied(s) && StatusText(s).starts_with("unknown user")) {
        return StatusResponse(ApiError(ApiErrorCode::kUnknownUser, StatusText(s), "to"));
      }
      return CaseError(*failed = s);
    }
    absl::Status after_commit;  // not *failed: the assignment is committed
    return AlertReply(store, *id, &after_commit);
  });
}

// {"decision": true_match|false_positive|escalate|approve|reject, "reason": text}
HttpResponse CaseApi::Impl::Decide(const CaseRequest& r) {
  absl::StatusOr<int64_t> id = ParseId(r.path_params[0], "id");
  if (!id.ok()) return StatusResponse(id.status());
  absl::StatusOr<json> body = ParseJsonObject(r.request.body);
  if (!body.ok()) return StatusResponse(body.status());
  absl::StatusOr<std::string> decision = StringField(*body, "decision", true);
  if (!decision.ok()) return StatusResponse(decision.status());
  const std::optional<AlertDecision> d = ParseAlertDecision(*decision);
  if (!d) {
    return StatusResponse(
        Field("decision", "true_match, false_positive, escalate, approve or reject"));
  }
  absl::StatusOr<std::string> reason = StringField(*body, "reason", true);
  if (!reason.ok()) return StatusResponse(reason.status());
  return WithStore(false, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<std::string> user = ActingUser(r, store);
    if (!user.ok()) return CaseError(*failed = user.status());
    absl::StatusOr<Alert> a = store.Decide({*id, *d, *reason, *user});
    if (!a.ok()) return CaseError(*failed = a.status());
    absl::Status after_commit;  // not *failed: the decision is committed
    return AlertReply(store, *id, &after_commit);
  });
}

HttpResponse CaseApi::Impl::ListSuppressions(const CaseRequest& r) {
  absl::StatusOr<bool> all = ParseBool(r.target, "all");
  if (!all.ok()) return StatusResponse(all.status());
  return WithStore(true, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<std::vector<Suppression>> rows = store.ListSuppressions(*all);
    if (!rows.ok()) return CaseError(*failed = rows.status());
    json out = {{"suppressions", json::array()}};
    for (const Suppression& s : *rows) out["suppressions"].push_back(cases::SuppressionToJson(s));
    return JsonResponse(200, out);
  });
}

// {"reason": text}
HttpResponse CaseApi::Impl::Revoke(const CaseRequest& r) {
  absl::StatusOr<int64_t> id = ParseId(r.path_params[0], "id");
  if (!id.ok()) return StatusResponse(id.status());
  absl::StatusOr<json> body = ParseJsonObject(r.request.body);
  if (!body.ok()) return StatusResponse(body.status());
  absl::StatusOr<std::string> reason = StringField(*body, "reason", true);
  if (!reason.ok()) return StatusResponse(reason.status());
  return WithStore(false, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<std::string> user = ActingUser(r, store);
    if (!user.ok()) return CaseError(*failed = user.status());
    if (absl::Status s = store.RevokeSuppression(*id, *user, *reason); !s.ok()) {
      return CaseError(*failed = s);
    }
    // Not *failed from here: the revocation is committed.
    absl::StatusOr<std::vector<Suppression>> rows = store.ListSuppressions(true);
    if (!rows.ok()) return CaseError(rows.status());
    for (const Suppression& s : *rows) {
      if (s.suppression_id == *id) {
        return JsonResponse(200, {{"suppression", cases::SuppressionToJson(s)}});
      }
    }
    return StatusResponse(absl::NotFoundError(StrCat("no good-guy entry ", *id)));
  });
}

HttpResponse CaseApi::Impl::AuditPage(const CaseRequest& r) {
  int64_t after = 0;
  size_t limit = kDefaultAuditPage;
  if (const std::string* v = r.target.Param("after"); v != nullptr && *v != "0") {
    absl::StatusOr<int64_t> n = ParseId(*v, "after");
    if (!n.ok()) return StatusResponse(n.status());
    after = *n;
  }
  if (const std::string* v = r.target.Param("limit")) {
    absl::StatusOr<int64_t> n = ParseId(*v, "limit");
    if (!n.ok() || *n > static_cast<int64_t>(kMaxAuditPage)) {
      return StatusResponse(Field("limit", StrCat("not an integer from 1 to ", kMaxAuditPage)));
    }
    limit = static_cast<size_t>(*n);
  }
  return WithStore(true, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<std::vector<AuditRecord>> page = store.AuditPage(after, limit + 1);
    if (!page.ok()) return CaseError(*failed = page.status());
    const bool more = page->size() > limit;
    if (more) page->pop_back();
    json out = {{"records", json::array()},
                {"next", more ? json(std::to_string(page->back().seq)) : json(nullptr)}};
    for (const AuditRecord& a : *page) out["records"].push_back(cases::AuditRecordToJson(a));
    return JsonResponse(200, out);
  });
}

HttpResponse CaseApi::Impl::AuditVerify(const CaseRequest&) {
  return WithStore(true, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<AuditVerifyResult> v = store.VerifyAudit();
    if (!v.ok()) return CaseError(*failed = v.status());
    return JsonResponse(200, {{"ok", v->ok},
                              {"checked", v->checked},
                              {"bad_seq", v->ok ? json(nullptr) : json(v->bad_seq)},
                              {"reason", v->ok ? json(nullptr) : json(v->reason)}});
  });
}

HttpResponse CaseApi::Impl::Users(const CaseRequest& r) {
  return WithStore(true, [&](CaseStore& store, absl::Status* failed) {
    absl::StatusOr<std::vector<User>> users = store.Users();
    if (!users.ok()) return CaseError(*failed = users.status());
    absl::StatusOr<Policy> policy = store.GetPolicy();
    if (!policy.ok()) return CaseError(*failed = policy.status());
    json out = {
        {"users", json::array()},
        {"policy", {{"four_eyes", policy->four_eyes}, {"good_guy_days", policy->good_guy_days}}},
        {"you", r.key_user.empty() ? json(nullptr) : json(r.key_user)}};
    for (const User& u : *users) {
      out["users"].push_back(
          {{"name", u.name}, {"role", RoleName(u.role)}, {"created_at", u.created_at}});
    }
    return JsonResponse(200, out);
  });
}

absl::StatusOr<MessageRunResult> CaseApi::RecordMessages(
    const std::string& actor, const State& state, const std::vector<MessageScreening>& held) {
  const MessageRunOptions o{.engine_version = StrCat("cordon ", CORDON_VERSION),
                            .source = "POST /v1/messages"};
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<std::unique_ptr<CaseStore>> store = impl_->pool.Take();
    absl::StatusOr<MessageRunResult> r =
        store.ok() ? (*store)->RecordMessages(actor, state.screener->lists(), o, held)
                   : absl::StatusOr<MessageRunResult>(store.status());
    if (store.ok() && !absl::IsUnavailable(r.status())) impl_->pool.Give(std::move(*store));
    // Recording is idempotent (the alerts' keys): a second attempt adds only what the first
    // did not commit.
    if (r.ok() || !absl::IsUnavailable(r.status()) || attempt > 0) return r;
    std::this_thread::sleep_for(kRetryPause);
  }
}

// ---- re-screening after a list swap ------------------------------------------------------------

void CaseApi::Impl::Log(std::string_view level, std::string_view msg, const json& fields) {
  const bool quiet =
      options.log_level == "error" || (options.log_level == "warn" && level != "error");
  if (quiet) return;
  nlohmann::ordered_json line = {{"ts", IsoNow()}, {"level", level}, {"msg", msg}};
  for (const auto& [k, v] : fields.items()) line[k] = v;
  const std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
  if (options.log) {
    options.log(text);
  } else {
    std::cerr << text + "\n" << std::flush;
  }
}

absl::StatusOr<RunResult> CaseApi::Impl::Rescreen(const State& from, const State& to) {
  const ScreenRunOptions o{
      .screen = {.threshold = options.threshold, .limit = options.limit},
      // Half the cores: the service goes on answering requests while it runs.
      .threads = std::max(1u, std::thread::hardware_concurrency() / 2),
      .engine_version = StrCat("cordon ", CORDON_VERSION),
      // Each transaction and read of the run waits this long for the database (a restart), on
      // a fresh connection; then the run fails and its subjects stay due for the next one.
      .db_wait_ms = options.db_wait_ms};
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options.db_wait_ms);
  absl::StatusOr<std::unique_ptr<CaseStore>> store = pool.Take();
  while (!store.ok() && absl::IsUnavailable(store.status()) &&
         std::chrono::steady_clock::now() + kRescreenOpenPause < deadline) {
    Log("warn", "re-screening: the case database is unavailable; waiting",
        {{"error", std::string(StatusText(store.status()))}});
    std::unique_lock<std::mutex> pause(mu);
    if (cv.wait_for(pause, kRescreenOpenPause, [this] { return stop; })) return store.status();
    pause.unlock();
    store = pool.Take();
  }
  if (!store.ok()) return store.status();
  absl::StatusOr<RunResult> run =
      (*store)->Rescreen("cordon-serve", from.screener->lists(), *to.screener, o);
  if (run.ok()) pool.Give(std::move(*store));
  return run;
}

void CaseApi::Impl::RescreenLoop() {
  std::unique_lock<std::mutex> lock(mu);
  while (true) {
    cv.wait(lock, [this] { return stop || pending_to != nullptr; });
    if (stop) return;
    std::shared_ptr<const State> from = std::move(pending_from), to = std::move(pending_to);
    pending_from.reset();
    pending_to.reset();
    status.running = true;
    status.started_at = IsoNow();
    status.finished_at.clear();
    status.from_generation = from->generation;
    status.to_generation = to->generation;
    lock.unlock();

    const auto start = std::chrono::steady_clock::now();
    const absl::StatusOr<RunResult> run = Rescreen(*from, *to);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (run.ok()) {
      Log("info", "re-screening done",
          {{"from_generation", from->generation},
           {"to_generation", to->generation},
           {"run", RunJson(*run)},
           {"duration_ms", ms}});
    } else {
      Log("error", "re-screening failed; the subjects stay due for the next run",
          {{"from_generation", from->generation},
           {"to_generation", to->generation},
           {"error", std::string(StatusText(run.status()))},
           {"duration_ms", ms}});
    }

    lock.lock();
    status.running = false;
    status.finished_at = IsoNow();
    status.ok = run.ok();
    status.error = run.ok() ? "" : std::string(StatusText(run.status()));
    status.result = run.ok() ? *run : RunResult{};
    ++status.runs;
    // A failed run leaves the subjects it did not finish due against `to`'s lists (their
    // lists_key differs), so a later run from `to` still screens them.
  }
}

// ---- CaseApi -----------------------------------------------------------------------------------

CaseApi::CaseApi(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CaseApi::~CaseApi() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->cv.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
}

absl::StatusOr<std::unique_ptr<CaseApi>> CaseApi::Open(const std::string& db, Options options) {
  auto impl = std::make_unique<Impl>(db, std::move(options));
  // The first connection opens (and migrates) the database now: a newer schema or an
  // unreachable server stops the start with its reason.
  absl::StatusOr<std::unique_ptr<CaseStore>> first = impl->pool.Take();
  if (!first.ok()) {
    return absl::Status(first.status().code(),
                        StrCat("case database ", db, ": ", StatusText(first.status())));
  }
  impl->pool.Give(std::move(*first));
  std::unique_ptr<CaseApi> api(new CaseApi(std::move(impl)));
  Impl* i = api->impl_.get();
  i->worker = std::thread([i] { i->RescreenLoop(); });
  return api;
}

HttpResponse CaseApi::Handle(CaseEndpoint endpoint, const CaseRequest& r) {
  Impl& i = *impl_;
  switch (endpoint) {
    case CaseEndpoint::kAddSubject: return i.AddSubject(r, "");
    case CaseEndpoint::kPutSubject: return i.AddSubject(r, r.path_params[0]);
    case CaseEndpoint::kGetSubject: return i.GetSubject(r);
    case CaseEndpoint::kScreenSubject: return i.ScreenSubject(r);
    case CaseEndpoint::kListAlerts: return i.ListAlerts(r);
    case CaseEndpoint::kGetAlert: return i.GetAlert(r);
    case CaseEndpoint::kAssign: return i.Assign(r);
    case CaseEndpoint::kDecide: return i.Decide(r);
    case CaseEndpoint::kListSuppressions: return i.ListSuppressions(r);
    case CaseEndpoint::kRevoke: return i.Revoke(r);
    case CaseEndpoint::kAuditPage: return i.AuditPage(r);
    case CaseEndpoint::kAuditVerify: return i.AuditVerify(r);
    case CaseEndpoint::kUsers: return i.Users(r);
  }
  return StatusResponse(ApiError(ApiErrorCode::kInternal, "unknown case endpoint"));
}

void CaseApi::ListsSwapped(const std::shared_ptr<const State>& replaced,
                           const std::shared_ptr<const State>& serving) {
  if (replaced == nullptr || serving == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->pending_from == nullptr) impl_->pending_from = replaced;
    impl_->pending_to = serving;
  }
  impl_->cv.notify_all();
}

RescreenStatus CaseApi::LastRescreen() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->status;
}

json CaseApi::RescreenJson() const {
  const RescreenStatus s = LastRescreen();
  bool queued = false;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    queued = impl_->pending_to != nullptr;
  }
  auto text_or_null = [](const std::string& t) { return t.empty() ? json(nullptr) : json(t); };
  return {{"running", s.running},
          {"queued", queued},
          {"runs", s.runs},
          {"started_at", text_or_null(s.started_at)},
          {"finished_at", text_or_null(s.finished_at)},
          {"from_generation", s.started_at.empty() ? json(nullptr) : json(s.from_generation)},
          {"to_generation", s.started_at.empty() ? json(nullptr) : json(s.to_generation)},
          {"ok", s.runs == 0 ? json(nullptr) : json(s.ok)},
          {"error", text_or_null(s.error)},
          {"result", s.runs == 0 || !s.ok ? json(nullptr) : RunJson(s.result)}};
}

}  // namespace cordon::service
