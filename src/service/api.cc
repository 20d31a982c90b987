// The HTTP JSON API (api.h): routing, authentication, the State swap and the handlers of the
// native endpoints. The yente match endpoint is in yente.cc, metrics in metrics.cc, the OpenAPI
// document in openapi.cc. docs/service.md describes every endpoint.
#include "service/api.h"

#include <openssl/crypto.h>
#include <sys/stat.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cordon/lists.h"
#include "cordon/sources.h"
#include "cordon/updates.h"
#include "core/files.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "core/text.h"
#include "engine/json.h"
#include "inspect/result_json.h"
#include "lists/diff.h"
#include "lists/ftm_export.h"
#include "service/auth.h"
#include "service/case_api.h"
#include "service/hit_writer.h"
#include "service/http.h"
#include "service/metrics.h"
#include "service/openapi.h"
#include "service/web.h"
#include "service/yente.h"
#include "updates/version_files.h"

namespace cordon::service {

using nlohmann::json;

namespace {

// Most hits per party a caller may ask for with ?limit=.
constexpr size_t kMaxLimit = 1000;

std::string IsoTime(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

absl::StatusOr<std::vector<std::string>> ListPaths(const ServiceConfig& o) {
  if (o.lists.empty()) return DefaultListPaths();
  return o.lists;
}

// The first configured list path that is a list store, or "".
std::string StoreOf(const ServiceConfig& o) {
  for (const std::string& p : o.lists) {
    if (IsListStore(p)) return p;
  }
  return "";
}

absl::StatusOr<std::shared_ptr<const State>> BuildState(const ServiceConfig& o,
                                                        uint64_t generation) {
  auto state = std::make_shared<State>();
  if (!o.jurisdictions.empty()) {
    absl::StatusOr<std::string> text = ReadFileToString(o.jurisdictions);
    if (!text.ok()) return text.status();
    absl::StatusOr<JurisdictionRules> rules = ParseJurisdictionRules(o.jurisdictions, *text);
    if (!rules.ok()) return rules.status();
    state->jurisdictions = std::make_unique<JurisdictionRules>(std::move(*rules));
  }
  absl::StatusOr<std::vector<std::string>> paths = ListPaths(o);
  if (!paths.ok()) return paths.status();
  absl::StatusOr<std::unique_ptr<Screener>> screener = OpenScreener(*paths);
  if (!screener.ok()) return screener.status();
  state->screener = std::move(*screener);
  state->inspector = std::make_unique<MessageInspector>(
      state->screener.get(),
      InspectOptions{.threshold = o.threshold, .jurisdictions = state->jurisdictions.get()});
  for (const LoadedList& l : state->screener->lists()) {
    for (const Entity& e : l.entities) {
      // The first list holding an ID wins, as in the Screener (one entity per ID).
      state->entities.emplace(e.id, &e);
      if (!e.list.empty() && e.list != "ftm") {
        state->entities.emplace(StrCat(e.list, "-", e.source_id), &e);
      }
    }
  }
  state->loaded_at = std::chrono::system_clock::now();
  state->generation = generation;
  return std::shared_ptr<const State>(std::move(state));
}

bool CaseEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Header(const HttpRequest& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The key a request presents: "Authorization: Bearer <key>", "Authorization: ApiKey <key>"
// (yente's clients) or "X-API-Key: <key>". Empty if none.
std::string_view PresentedKey(const HttpRequest& r) {
  const std::string_view auth = Trim(Header(r, "authorization"));
  if (!auth.empty()) {
    const size_t space = auth.find(' ');
    if (space == std::string_view::npos) return {};
    const std::string_view scheme = auth.substr(0, space);
    if (!CaseEqual(scheme, "bearer") && !CaseEqual(scheme, "apikey")) return {};
    return Trim(auth.substr(space + 1));
  }
  return Trim(Header(r, "x-api-key"));
}

// ,"warnings":[...] after the last key of a screening result, only when there are some (the key
// sorts after "id"); docs/service.md.
void AppendWarnings(std::string* out, const std::vector<AttributeWarning>& warnings) {
  if (warnings.empty()) return;
  *out += ",\"warnings\":";
  *out += engine::WarningsToJson(warnings).dump(-1, ' ', false, json::error_handler_t::replace);
}

// A query that cannot be screened (no usable name): the error of StatusResponse with the
// query's id in "error.id", so a client finds which of its parties it was.
HttpResponse QueryErrorResponse(const absl::Status& s, std::string_view field_prefix,
                                const std::string& id) {
  json body = ErrorJson(s, field_prefix);
  body["error"]["id"] = id.empty() ? json(nullptr) : json(id);
  return JsonResponse(HttpStatusOf(ApiErrorOf(s)), body);
}

}  // namespace

// What a handler gets: the request, its parsed target, the State it runs on, the parameters of
// its path ({id}, percent-decoded) and the key that authenticated it (null with auth off).
struct Call {
  const HttpRequest& request;
  const Target& target;
  const State& state;
  size_t route;
  const std::vector<std::string>& params;
  const ApiKey* key;
  const MessageRecorder* recorder;  // POST /v1/messages: where held messages go; null: `cases`
};

namespace {

// The path's segments, each percent-decoded: "/v1/subjects/a%2Fb/screen" -> "", "v1",
// "subjects", "a/b", "screen" (an id may hold a '/').
std::vector<std::string> PathSegments(std::string_view target) {
  std::vector<std::string> out;
  const std::string_view path = target.substr(0, target.find('?'));
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    absl::StatusOr<std::string> seg = PercentDecode(path.substr(start, slash - start), false);
    out.push_back(seg.ok() ? *seg : std::string());
    start = slash + 1;
  }
  return out;
}

// "screen", "analyst, supervisor or admin": the roles of a bit set, for messages.
std::string RoleNames(uint32_t roles) {
  std::vector<std::string_view> names;
  for (const auto& [bit, name] :
       {std::pair{Role::kScreen, "screen"}, std::pair{Role::kAnalyst, "analyst"},
        std::pair{Role::kSupervisor, "supervisor"}, std::pair{Role::kAdmin, "admin"}}) {
    if (roles & static_cast<uint32_t>(bit)) names.push_back(name);
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += StrCat(i == 0 ? "" : i + 1 == names.size() ? " or " : ", ", names[i]);
  }
  return out;
}

}  // namespace

struct Api::Impl {
  using Handler = HttpResponse (Impl::*)(const Call&);
  struct Route {
    std::string method;
    // An exact path, the prefix of a path with one parameter, or a pattern of segments with
    // {parameters} ("/v1/alerts/{id}/decision").
    std::string path;
    bool prefix = false;  // "/v1/entities/" + {id}
    uint32_t roles = 0;   // roles allowed (any of); 0: open to everyone
    Handler handler = nullptr;
    std::string label;                                  // metrics label: "GET /v1/entities/{id}"
    CaseEndpoint case_endpoint = CaseEndpoint::kUsers;  // with handler Cases
    std::vector<std::string> pattern{};                 // the segments of a pattern path
  };

  explicit Impl(ServiceConfig o);

  std::shared_ptr<const State> Current() const {
    std::lock_guard<std::mutex> lock(state_mu);
    return state;
  }
  absl::Status Reload();
  absl::Status OpenWeb();  // sessions and the web application's files, as configured
  HttpResponse Dispatch(const HttpRequest& request, const MessageRecorder* recorder, size_t* route);
  // `session_key` holds what a session authorises (its user and roles) when *key points to it.
  HttpResponse Authorize(const HttpRequest& request, const Route& route, const ApiKey** key,
                         ApiKey* session_key);
  // Whether `route` serves `target` (setting its path parameters).
  static bool Matches(const Route& route, const Target& target,
                      const std::vector<std::string>& segments, std::vector<std::string>* params);
  absl::StatusOr<json> ParseBody(const HttpRequest& request);
  absl::StatusOr<ScreenOptions> ScreenOptionsOf(const Target& t) const;

  HttpResponse Screen(const Call& c);
  HttpResponse ScreenBatch(const Call& c);
  // The batch's parties screened by `remote` (checked already).
  HttpResponse RemoteBatch(const Call& c, const json& queries);
  HttpResponse Compare(const Call& c);
  HttpResponse Messages(const Call& c);
  HttpResponse Match(const Call& c);
  HttpResponse GetEntity(const Call& c);
  HttpResponse Lists(const Call& c);
  HttpResponse ListsDiff(const Call& c);
  HttpResponse Validation(const Call& c);
  HttpResponse ReloadLists(const Call& c);
  HttpResponse Healthz(const Call& c);
  HttpResponse Readyz(const Call& c);
  HttpResponse MetricsText(const Call& c);
  HttpResponse OpenApi(const Call& c);
  HttpResponse Cases(const Call& c);
  HttpResponse Session(const Call& c);
  // A request with a session cookie and no API key (auth.h): the session's user and roles, as
  // a key of the user's name would carry them (the case API acts as that user).
  HttpResponse AuthorizeSession(const HttpRequest& request, const Route& route, ApiKey* as_key);

  json ListsJson(const State& s) const;
  json SourcesJson() const;

  ServiceConfig options;
  std::vector<Route> routes;
  std::unique_ptr<Metrics> metrics;
  size_t unmatched_route = 0;  // metrics slot of requests no route takes

  mutable std::mutex state_mu;
  std::shared_ptr<const State> state;

  std::mutex reload_mu;  // one reload at a time
  mutable std::mutex status_mu;
  std::string last_reload_error;
  Api::SwapCallback on_swap;  // set before serving; read by Reload
  RemoteScreening remote;     // set before serving: screening handed to the workers
  std::chrono::system_clock::time_point last_reload_at{};
  std::chrono::system_clock::time_point last_reload_error_at{};

  std::unique_ptr<CaseApi> cases;  // with --db: the case endpoints and re-screening
  // With a case database: web sign-in and sessions (auth.h). With its built files: the web
  // application at / (web.h).
  std::unique_ptr<SessionAuth> sessions;
  std::optional<WebAssets> web;
};

Api::Impl::Impl(ServiceConfig o) : options(std::move(o)) {
  const uint32_t screen = static_cast<uint32_t>(Role::kScreen);
  const uint32_t admin = static_cast<uint32_t>(Role::kAdmin);
  const uint32_t case_roles =
      static_cast<uint32_t>(Role::kAnalyst) | static_cast<uint32_t>(Role::kSupervisor);
  routes = {
      {"POST", "/v1/screen", false, screen, &Impl::Screen, ""},
      {"POST", "/v1/screen/batch", false, screen, &Impl::ScreenBatch, ""},
      {"POST", "/v1/compare", false, screen, &Impl::Compare, ""},
      {"POST", "/v1/messages", false, screen, &Impl::Messages, ""},
      {"POST", "/match/", true, screen, &Impl::Match, "POST /match/{dataset}"},
      {"GET", "/v1/entities/", true, screen, &Impl::GetEntity, "GET /v1/entities/{id}"},
      // Case roles too: the last re-screening of the subjects is shown here.
      {"GET", "/v1/lists", false, screen | admin | case_roles, &Impl::Lists, ""},
      {"GET", "/v1/lists/diff", false, screen | admin | case_roles, &Impl::ListsDiff, ""},
      {"GET", "/v1/validation", false, screen | admin | case_roles, &Impl::Validation, ""},
      {"POST", "/v1/lists/reload", false, admin, &Impl::ReloadLists, ""},
      {"GET", "/healthz", false, 0, &Impl::Healthz, ""},
      {"GET", "/readyz", false, 0, &Impl::Readyz, ""},
      {"GET", "/metrics", false, screen | admin, &Impl::MetricsText, ""},
      {"GET", "/openapi.json", false, 0, &Impl::OpenApi, ""},
      // Sign-in of the web application: open to all, SessionAuth checks the rest.
      {"POST", "/v1/session", false, 0, &Impl::Session, ""},
      {"GET", "/v1/session", false, 0, &Impl::Session, ""},
      {"DELETE", "/v1/session", false, 0, &Impl::Session, ""},
  };
  // The case endpoints (case_api.h). Reading and working alerts: any case role; revoking a
  // good-guy entry and the audit trail: supervisor or admin. The case store checks the acting
  // user's own role as well (four eyes, escalations).
  const uint32_t analyst =
      static_cast<uint32_t>(Role::kAnalyst) | static_cast<uint32_t>(Role::kSupervisor) | admin;
  const uint32_t supervisor = static_cast<uint32_t>(Role::kSupervisor) | admin;
  const std::pair<std::string, CaseEndpoint> case_routes[] = {
      {"POST /v1/subjects", CaseEndpoint::kAddSubject},
      {"PUT /v1/subjects/{id}", CaseEndpoint::kPutSubject},
      {"GET /v1/subjects/{id}", CaseEndpoint::kGetSubject},
      {"POST /v1/subjects/{id}/screen", CaseEndpoint::kScreenSubject},
      {"GET /v1/alerts", CaseEndpoint::kListAlerts},
      {"GET /v1/alerts/{id}", CaseEndpoint::kGetAlert},
      {"POST /v1/alerts/{id}/assign", CaseEndpoint::kAssign},
      {"POST /v1/alerts/{id}/decision", CaseEndpoint::kDecide},
      {"GET /v1/suppressions", CaseEndpoint::kListSuppressions},
      {"POST /v1/suppressions/{id}/revoke", CaseEndpoint::kRevoke},
      {"GET /v1/audit", CaseEndpoint::kAuditPage},
      {"GET /v1/audit/verify", CaseEndpoint::kAuditVerify},
      {"GET /v1/users", CaseEndpoint::kUsers},
  };
  for (const auto& [spec, endpoint] : case_routes) {
    const size_t space = spec.find(' ');
    Route r{spec.substr(0, space), spec.substr(space + 1), false, analyst, &Impl::Cases, ""};
    if (endpoint == CaseEndpoint::kRevoke || endpoint == CaseEndpoint::kAuditPage ||
        endpoint == CaseEndpoint::kAuditVerify) {
      r.roles = supervisor;
    }
    r.case_endpoint = endpoint;
    if (r.path.find('{') != std::string::npos) r.pattern = PathSegments(r.path);
    routes.push_back(std::move(r));
  }
  std::vector<std::string> labels;
  for (Route& r : routes) {
    if (r.label.empty()) r.label = StrCat(r.method, " ", r.path);
    labels.push_back(r.label);
  }
  unmatched_route = labels.size();
  labels.push_back("unmatched");
  metrics = std::make_unique<Metrics>(std::move(labels));
}

absl::Status Api::Impl::OpenWeb() {
  if (!options.db.empty()) {
    SessionAuth::Options so{.secure_cookie = !options.tls_cert.empty()};
    if (options.log) {
      so.log = [log = options.log](const std::string&, const std::string& line) { log(line); };
    }
    absl::StatusOr<std::unique_ptr<SessionAuth>> auth = SessionAuth::Open(options.db, so);
    if (!auth.ok()) return auth.status();
    sessions = std::move(*auth);
  }
  // An explicit --web-root must hold the application; the default folder may be absent (a build
  // without the web application): the API serves alone.
  std::string dir = options.web_root;
  if (dir.empty()) dir = DefaultWebDir().value_or("");
  if (dir.empty()) return absl::OkStatus();
  absl::StatusOr<WebAssets> assets = WebAssets::Load(dir);
  if (assets.ok()) {
    web = std::move(*assets);
  } else if (!options.web_root.empty()) {
    return assets.status();
  }
  return absl::OkStatus();
}

absl::Status Api::Impl::Reload() {
  std::lock_guard<std::mutex> reload_lock(reload_mu);
  const std::shared_ptr<const State> old = Current();
  absl::StatusOr<std::shared_ptr<const State>> next =
      BuildState(options, old ? old->generation + 1 : 1);
  const auto now = std::chrono::system_clock::now();
  metrics->ObserveReload(next.ok());
  {
    std::lock_guard<std::mutex> lock(status_mu);
    last_reload_at = now;
    if (!next.ok()) {
      last_reload_error = std::string(StatusText(next.status()));
      last_reload_error_at = now;
    } else {
      last_reload_error.clear();
    }
  }
  if (!next.ok()) return next.status();
  std::shared_ptr<const State> retired;
  const std::shared_ptr<const State> serving = *next;
  {
    std::lock_guard<std::mutex> lock(state_mu);
    retired = std::exchange(state, std::move(*next));
  }
  if (cases) cases->ListsSwapped(retired, serving);
  if (on_swap) on_swap(retired, serving);
  // `retired` is freed here, outside the lock, unless requests in flight still hold it.
  return absl::OkStatus();
}

HttpResponse Api::Impl::Authorize(const HttpRequest& request, const Route& route,
                                  const ApiKey** authorized, ApiKey* session_key) {
  *authorized = nullptr;
  if (route.roles == 0 || !options.auth) return {.status = 0};
  const std::string_view key = PresentedKey(request);
  // A key wins over a session cookie: machines use keys, browsers sessions.
  if (key.empty() && sessions != nullptr && request.headers.count("cookie") != 0) {
    HttpResponse denied = AuthorizeSession(request, route, session_key);
    if (denied.status == 0) *authorized = session_key;
    return denied;
  }
  auto unauthorized = [](std::string_view why) {
    HttpResponse r = StatusResponse(ApiError(ApiErrorCode::kUnauthorized, why));
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"cordon\"");
    return r;
  };
  if (key.empty()) {
    return unauthorized(
        "missing API key (send \"Authorization: Bearer <key>\" or \"X-API-Key: <key>\")");
  }
  const std::string hash = Sha256Hex(key);
  // Every key is compared, in constant time, so the time taken says nothing about which
  // stored hash came close.
  const ApiKey* found = nullptr;
  for (const ApiKey& k : options.keys) {
    const bool same = k.sha256_hex.size() == hash.size() &&
                      CRYPTO_memcmp(k.sha256_hex.data(), hash.data(), hash.size()) == 0;
    if (same) found = &k;
  }
  if (found == nullptr) return unauthorized("invalid API key");
  if ((found->roles & route.roles) == 0) {
    return StatusResponse(ApiError(ApiErrorCode::kForbidden,
                                   StrCat("the key \"", found->name, "\" lacks the ",
                                          RoleNames(route.roles), " role for ", route.label)));
  }
  *authorized = found;
  return {.status = 0};
}

bool Api::Impl::Matches(const Route& r, const Target& target,
                        const std::vector<std::string>& segments,
                        std::vector<std::string>* params) {
  if (r.prefix) return target.path.size() > r.path.size() && target.path.starts_with(r.path);
  if (r.pattern.empty()) return target.path == r.path;
  if (segments.size() != r.pattern.size()) return false;
  std::vector<std::string> found;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (r.pattern[i].starts_with("{")) {
      if (segments[i].empty()) return false;
      found.push_back(segments[i]);
    } else if (segments[i] != r.pattern[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

// The service roles of a case-store user signed in with a session: every user screens, and has
// the key role of the same name (analyst, supervisor, admin).
uint32_t SessionRoles(cordon::Role role) {
  uint32_t roles = static_cast<uint32_t>(Role::kScreen);
  switch (role) {
    case cordon::Role::kAnalyst: roles |= static_cast<uint32_t>(Role::kAnalyst); break;
    case cordon::Role::kSupervisor: roles |= static_cast<uint32_t>(Role::kSupervisor); break;
    case cordon::Role::kAdmin: roles |= static_cast<uint32_t>(Role::kAdmin); break;
  }
  return roles;
}

HttpResponse Api::Impl::AuthorizeSession(const HttpRequest& request, const Route& route,
                                         ApiKey* as_key) {
  absl::StatusOr<std::optional<SessionPrincipal>> who = sessions->Authenticate(request);
  if (!who.ok()) return StatusResponse(who.status());
  if (!who->has_value()) {
    return StatusResponse(ApiError(ApiErrorCode::kUnauthorized,
                                   "missing API key or session (sign in, or send an API key)"));
  }
  if ((SessionRoles((*who)->role) & route.roles) == 0) {
    return StatusResponse(ApiError(ApiErrorCode::kForbidden,
                                   StrCat("the user \"", (*who)->user, "\" (",
                                          RoleName((*who)->role), ") may not use ", route.label)));
  }
  as_key->name = (*who)->user;
  as_key->roles = SessionRoles((*who)->role);
  return {.status = 0};
}

HttpResponse Api::Impl::Dispatch(const HttpRequest& request, const MessageRecorder* recorder,
                                 size_t* route_index) {
  *route_index = unmatched_route;
  absl::StatusOr<Target> target = ParseTarget(request.target);
  if (!target.ok()) {
    return StatusResponse(ApiError(ApiErrorCode::kInvalidTarget, StatusText(target.status())));
  }
  std::string allow;
  const Route* route = nullptr;
  const std::vector<std::string> segments = PathSegments(request.target);
  std::vector<std::string> params;
  for (size_t i = 0; i < routes.size() && route == nullptr; ++i) {
    const Route& r = routes[i];
    if (!Matches(r, *target, segments, &params)) continue;
    if (r.method == request.method) {
      route = &r;
      *route_index = i;
    } else if (allow.find(r.method) == std::string::npos) {
      allow += allow.empty() ? r.method : StrCat(", ", r.method);
    }
  }
  if (route == nullptr && !allow.empty()) {
    HttpResponse r = StatusResponse(ApiError(
        ApiErrorCode::kMethodNotAllowed,
        StrCat(request.method, " is not allowed on ", target->path, " (allowed: ", allow, ")")));
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  if (route == nullptr && web) {
    if (std::optional<HttpResponse> page = web->Serve(request, target->path)) return *page;
  }
  if (route == nullptr) {
    return StatusResponse(ApiError(ApiErrorCode::kNotFound, StrCat("no endpoint ", target->path)));
  }
  const ApiKey* key = nullptr;
  ApiKey session_key;
  if (HttpResponse denied = Authorize(request, *route, &key, &session_key); denied.status != 0) {
    return denied;
  }
  if (request.body.size() > static_cast<size_t>(options.max_body_bytes)) {
    return StatusResponse(ApiError(ApiErrorCode::kBodyTooLarge,
                                   StrCat("the body has ", request.body.size(),
                                          " bytes; the limit is ", options.max_body_bytes)));
  }
  const std::shared_ptr<const State> s = Current();
  if (s == nullptr) {
    return StatusResponse(ApiError(ApiErrorCode::kNotReady, "the lists are not loaded"));
  }
  return (this->*(route->handler))(Call{request, *target, *s, *route_index, params, key, recorder});
}

absl::StatusOr<json> Api::Impl::ParseBody(const HttpRequest& request) {
  return ParseJsonObject(request.body);
}

absl::StatusOr<ScreenOptions> Api::Impl::ScreenOptionsOf(const Target& t) const {
  ScreenOptions o{.threshold = options.threshold, .limit = static_cast<size_t>(options.limit)};
  if (const std::string* v = t.Param("threshold")) {
    char* end = nullptr;
    const double x = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !(x > 0 && x <= 1)) {
      return absl::InvalidArgumentError("threshold: not a number in (0, 1]");
    }
    o.threshold = x;
  }
  if (const std::string* v = t.Param("limit")) {
    char* end = nullptr;
    const long x = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || x < 1 || static_cast<size_t>(x) > kMaxLimit) {
      return absl::InvalidArgumentError(StrCat("limit: not an integer from 1 to ", kMaxLimit));
    }
    o.limit = static_cast<size_t>(x);
  }
  return o;
}

HttpResponse Api::Impl::Screen(const Call& c) {
  absl::StatusOr<ScreenOptions> opts = ScreenOptionsOf(c.target);
  if (!opts.ok()) return StatusResponse(opts.status());
  absl::StatusOr<json> body = ParseBody(c.request);
  if (!body.ok()) return StatusResponse(body.status());
  absl::StatusOr<engine::ParsedQuery> q = engine::QueryFromJson(*body, "");
  if (!q.ok()) return QueryErrorResponse(q.status(), "", engine::QueryIdOf(*body, ""));
  const std::vector<Hit> hits = c.state.screener->Screen(q->query, *opts);
  metrics->AddScreened(c.route, 1, hits.size());
  // Written directly (hit_writer.h): the same bytes as nlohmann would give, keys sorted.
  HttpResponse r;
  r.body = StrCat("{\"generation\":", c.state.generation, ",\"hits\":");
  AppendHitsJson(&r.body, hits);
  r.body += ",\"id\":";
  AppendJsonString(&r.body, q->query.id);
  AppendWarnings(&r.body, q->warnings);
  r.body += '}';
  return r;
}

HttpResponse Api::Impl::ScreenBatch(const Call& c) {
  absl::StatusOr<ScreenOptions> opts = ScreenOptionsOf(c.target);
  if (!opts.ok()) return StatusResponse(opts.status());
  absl::StatusOr<json> body = ParseBody(c.request);
  if (!body.ok()) return StatusResponse(body.status());
  if (!body->contains("queries") || !(*body)["queries"].is_array()) {
    return StatusResponse(absl::InvalidArgumentError("queries: missing or not an array"));
  }
  const json& queries = (*body)["queries"];
  if (queries.size() > static_cast<size_t>(options.max_batch)) {
    return StatusResponse(ApiError(
        ApiErrorCode::kTooManyParties,
        StrCat("queries: ", queries.size(), " parties; the limit is ", options.max_batch)));
  }
  std::vector<engine::ParsedQuery> parsed;
  parsed.reserve(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    const std::string default_id = std::to_string(i + 1);
    absl::StatusOr<engine::ParsedQuery> q = engine::QueryFromJson(queries[i], default_id);
    if (!q.ok()) {
      return QueryErrorResponse(q.status(), StrCat("queries[", i, "]."),
                                engine::QueryIdOf(queries[i], default_id));
    }
    parsed.push_back(std::move(*q));
  }
  if (remote.parties) return RemoteBatch(c, queries);
  HttpResponse r;
  r.body = StrCat("{\"generation\":", c.state.generation, ",\"results\":[");
  uint64_t hit_count = 0;
  for (size_t i = 0; i < parsed.size(); ++i) {
    const std::vector<Hit> hits = c.state.screener->Screen(parsed[i].query, *opts);
    hit_count += hits.size();
    r.body += i > 0 ? ",{\"hits\":" : "{\"hits\":";
    AppendHitsJson(&r.body, hits);
    r.body += ",\"id\":";
    AppendJsonString(&r.body, parsed[i].query.id);
    AppendWarnings(&r.body, parsed[i].warnings);
    r.body += '}';
  }
  r.body += "]}";
  metrics->AddScreened(c.route, parsed.size(), hit_count);
  return r;
}

HttpResponse Api::Impl::RemoteBatch(const Call& c, const json& queries) {
  std::vector<std::string> parties;
  parties.reserve(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    json q = queries[i];
    // Each result must answer with the id the batch gives it in process.
    if (!q.contains("id") || q["id"].is_null()) q["id"] = std::to_string(i + 1);
    parties.push_back(q.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  std::string query;
  if (const size_t qm = c.request.target.find('?'); qm != std::string::npos) {
    query = c.request.target.substr(qm + 1);
  }
  absl::StatusOr<std::vector<std::string>> answers = remote.parties(parties, query);
  if (!answers.ok()) return StatusResponse(answers.status());
  json results = json::array();
  uint64_t generation = 0, hit_count = 0;
  for (const std::string& a : *answers) {
    json j = json::parse(a, nullptr, false);
    if (!j.is_object()) {
      return StatusResponse(ApiError(ApiErrorCode::kUnavailable, "a worker's answer is not JSON"));
    }
    if (j.contains("generation") && j["generation"].is_number_unsigned()) {
      generation = std::max(generation, j["generation"].get<uint64_t>());
      j.erase("generation");
    }
    if (j.contains("hits") && j["hits"].is_array()) hit_count += j["hits"].size();
    results.push_back(std::move(j));
  }
  metrics->AddScreened(c.route, parties.size(), hit_count);
  // The generation is the workers' (their lists), not this process's.
  return JsonResponse(200, {{"generation", generation}, {"results", std::move(results)}});
}

HttpResponse Api::Impl::Compare(const Call& c) {
  absl::StatusOr<json> body = ParseBody(c.request);
  if (!body.ok()) return StatusResponse(body.status());
  std::string names[2];
  for (int i = 0; i < 2; ++i) {
    const char* field = i == 0 ? "name1" : "name2";
    const json* v = body->contains(field) ? &(*body)[field] : nullptr;
    if (v == nullptr || !v->is_string() || v->get<std::string>().empty()) {
      return StatusResponse(
          absl::InvalidArgumentError(StrCat(field, ": missing or not a non-empty string")));
    }
    names[i] = v->get<std::string>();
  }
  std::optional<Schema> schema;
  if (body->contains("schema") && !(*body)["schema"].is_null()) {
    if (!(*body)["schema"].is_string()) {
      return StatusResponse(absl::InvalidArgumentError("schema: not a string"));
    }
    absl::StatusOr<std::optional<Schema>> s =
        engine::ParseQuerySchema((*body)["schema"].get<std::string>());
    if (!s.ok()) return StatusResponse(s.status());
    schema = *s;
  }
  std::string id;
  if (body->contains("id") && (*body)["id"].is_string()) id = (*body)["id"].get<std::string>();
  const CompareResult r = c.state.screener->Compare(names[0], names[1], schema);
  return JsonResponse(200, engine::CompareToJson(id, r));
}

HttpResponse Api::Impl::Messages(const Call& c) {
  using Parser =
      absl::StatusOr<ParsedMessages> (*)(std::string_view, std::string_view, const MessageOptions&);
  Parser parse = &ParseMessages;
  if (const std::string* f = c.target.Param("format"); f != nullptr && *f != "auto") {
    switch (ParseMessageFamily(*f).value_or(MessageFamily::kUnknown)) {
      case MessageFamily::kIso20022: parse = &ParseIso20022; break;
      case MessageFamily::kSwiftMt: parse = &ParseSwiftMt; break;
      case MessageFamily::kPaxlst: parse = &ParsePaxlst; break;
      case MessageFamily::kPnrgov: parse = &ParsePnrgov; break;
      case MessageFamily::kUnknown:
        return StatusResponse(absl::InvalidArgumentError(
            StrCat("format: \"", *f, "\" is not auto, iso20022, swift-mt, paxlst or pnrgov")));
    }
  }
  if (c.request.body.empty()) {
    return StatusResponse(absl::InvalidArgumentError("body: empty; expected a message"));
  }
  if (remote.message) {
    const std::string* f = c.target.Param("format");
    absl::StatusOr<HttpResponse> r =
        remote.message(c.request.body, f != nullptr && *f != "auto" ? *f : "");
    return r.ok() ? *r : StatusResponse(r.status());
  }
  MessageOptions mo;
  mo.max_bytes = static_cast<size_t>(options.max_body_bytes);
  absl::StatusOr<ParsedMessages> parsed = parse("body", c.request.body, mo);
  if (!parsed.ok()) {
    return StatusResponse(
        ApiError(ApiErrorCode::kInvalidMessage, StatusText(parsed.status()), "body"));
  }
  json messages = json::array();
  size_t held = 0, passed = 0, errors = 0;
  uint64_t parties = 0, hit_count = 0;
  // With a case database (or the caller's recorder: cordon worker --db) the hits of held
  // messages become alerts (docs/cases.md "Message alerts"); the results are kept until then.
  const bool recording = c.recorder != nullptr || cases != nullptr;
  std::vector<MessageResult> results(parsed->messages.size());
  std::vector<MessageScreening> to_record;
  const std::string input_hash = recording ? "sha256:" + Sha256Hex(c.request.body) : "";
  const std::string source = c.recorder != nullptr ? c.recorder->source : "POST /v1/messages";
  for (size_t i = 0; i < parsed->messages.size(); ++i) {
    const absl::StatusOr<cordon::Message>& m = parsed->messages[i];
    if (!m.ok()) {
      ++errors;
      const std::optional<uint64_t> offset = MessageErrorOffset(m.status());
      json j = ErrorJson(ApiError(ApiErrorCode::kInvalidMessage, StatusText(m.status())));
      j["index"] = i;
      j["decision"] = DecisionName(Decision::kError);
      j["offset"] = offset ? json(*offset) : json(nullptr);
      messages.push_back(std::move(j));
      continue;
    }
    const MessageResult& r = results[i] = c.state.inspector->Inspect(*m);
    ++(r.decision == Decision::kHold ? held : passed);
    parties += m->parties.size();
    hit_count += r.hits.size();
    json j = {{"index", i}};
    j.update(inspect::MessageResultToJson(r));
    messages.push_back(std::move(j));
    if (recording && !r.hits.empty()) to_record.push_back({&*m, &r, i, source, input_hash});
  }
  metrics->AddScreened(c.route, parties, hit_count);
  json run_id = nullptr;
  if (!to_record.empty()) {
    absl::StatusOr<MessageRunResult> rec =
        c.recorder != nullptr
            ? c.recorder->record(c.state, to_record)
            : cases->RecordMessages(c.key == nullptr ? std::string("cordon-serve") : c.key->name,
                                    c.state, to_record);
    if (!rec.ok()) {
      // The sender must not take the hold for a case in the queue: it sends again (recording
      // is idempotent, so nothing is recorded twice).
      HttpResponse r = StatusResponse(ApiError(
          ApiErrorCode::kUnavailable,
          StrCat("the held messages could not be recorded as alerts (send the request again): "
                 "case database: ",
                 StatusText(rec.status()))));
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    // A request recorded before (MessageRunResult::duplicate) with no alert has no run to name.
    if (rec->run.run_id != 0) run_id = rec->run.run_id;
    for (size_t k = 0; k < to_record.size(); ++k) {
      json alerts = json::array();
      for (const MessageHitAlert& a : rec->messages[k]) {
        alerts.push_back({{"outcome", MessageHitOutcomeName(a.outcome)},
                          {"alert_id", a.alert_id ? json(a.alert_id) : json(nullptr)}});
      }
      messages[to_record[k].index]["alerts"] = std::move(alerts);
    }
  }
  // A message that cannot be read cannot be cleared: any error holds the request as a whole.
  const bool hold = held > 0 || errors > 0;
  json out = {{"decision", hold ? "hold" : "pass"},
              {"held", held},
              {"passed", passed},
              {"errors", errors},
              {"messages", std::move(messages)},
              {"generation", c.state.generation}};
  if (!run_id.is_null()) out["run_id"] = run_id;
  return JsonResponse(200, out);
}

HttpResponse Api::Impl::Match(const Call& c) {
  const std::string dataset = c.target.path.substr(std::string_view("/match/").size());
  // The default limit stays yente's (5), so that yente clients get what they got from yente.
  YenteOptions yo{.threshold = options.threshold,
                  .max_queries = static_cast<size_t>(options.max_batch)};
  YenteResult r = YenteMatch(*c.state.screener, dataset, c.target, c.request.body, yo);
  metrics->AddScreened(c.route, r.parties, r.hits);
  return std::move(r.response);
}

HttpResponse Api::Impl::GetEntity(const Call& c) {
  const std::string id = c.target.path.substr(std::string_view("/v1/entities/").size());
  auto it = c.state.entities.find(id);
  if (it == c.state.entities.end()) {
    return StatusResponse(
        ApiError(ApiErrorCode::kEntityNotFound, StrCat("no listed entity \"", id, "\""), "id"));
  }
  const Entity& e = *it->second;
  json j = json::parse(lists::EntityToFtmJson(e), nullptr, false);
  if (j.is_discarded()) {
    return StatusResponse(ApiError(ApiErrorCode::kInternal, "entity JSON is not valid"));
  }
  j["entity_id"] = e.id;
  j["list"] = e.list;
  return JsonResponse(200, j);
}

json Api::Impl::ListsJson(const State& s) const {
  json lists = json::array();
  size_t total = 0;
  for (const LoadedList& l : s.screener->lists()) {
    total += l.entities.size();
    lists.push_back({{"list", l.version.list},
                     {"title", l.version.title},
                     {"format", l.version.format},
                     {"published", l.version.published},
                     {"content_hash", l.version.content_hash},
                     {"files", l.version.files},
                     {"entities", l.entities.size()},
                     {"skipped", l.skipped.size()}});
  }
  json reload = {{"at", nullptr}, {"ok", nullptr}, {"error", nullptr}, {"error_at", nullptr}};
  {
    std::lock_guard<std::mutex> lock(status_mu);
    if (last_reload_at.time_since_epoch().count() != 0) {
      reload["at"] = IsoTime(last_reload_at);
      reload["ok"] = last_reload_error.empty();
    }
    if (!last_reload_error.empty()) {
      reload["error"] = last_reload_error;
      reload["error_at"] = IsoTime(last_reload_error_at);
    }
  }
  return {{"generation", s.generation},
          {"loaded_at", IsoTime(s.loaded_at)},
          {"entities", total},
          {"lists", std::move(lists)},
          {"last_reload", std::move(reload)},
          {"sources", SourcesJson()},
          {"rescreening", cases ? cases->RescreenJson() : json(nullptr)}};
}

// Per source of the list store (when one is configured): the current version and when it was
// checked, fetched and published, and the last refusal. Read from the store's state files.
json Api::Impl::SourcesJson() const {
  json out = json::array();
  const std::string dir = StoreOf(options);
  if (dir.empty()) return out;
  absl::StatusOr<Store> store = Store::Open(dir);
  if (!store.ok()) return out;
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  for (const std::string& source : store->Sources()) {
    absl::StatusOr<SourceState> st = store->State(source);
    if (!st.ok()) continue;
    const std::string current = store->CurrentPath(source);
    json versions = json::array();
    if (absl::StatusOr<std::vector<StoredVersion>> vs = store->Versions(source); vs.ok()) {
      for (const StoredVersion& v : *vs) {
        versions.push_back({{"id", v.id},
                            {"published", text_or_null(v.published)},
                            {"fetched_at", text_or_null(v.fetched)},
                            {"content_hash", v.content_hash},
                            {"entities", v.entities},
                            {"skipped", v.skipped},
                            {"current", v.current}});
      }
    }
    out.push_back(
        {{"source", source},
         {"current_version",
          text_or_null(current.empty() ? "" : std::filesystem::path(current).filename().string())},
         {"published", text_or_null(st->published)},
         {"checked_at", text_or_null(st->checked)},
         {"fetched_at", text_or_null(st->fetched)},
         {"last_refusal",
          st->last_refusal.empty()
              ? json(nullptr)
              : json{{"reason", st->last_refusal}, {"at", text_or_null(st->last_refusal_at)}}},
         {"versions", std::move(versions)}});
  }
  return out;
}

HttpResponse Api::Impl::Lists(const Call& c) { return JsonResponse(200, ListsJson(c.state)); }

// GET /v1/lists/diff?source=S&old=ID&new=ID: what `cordon lists diff --store --source S OLD NEW
// --format json` prints, for two versions of a source of the list store ("current" names the
// current one). The two versions are loaded for the request (the UN list in well under a second;
// OFAC's in a few), never swapped in.
HttpResponse Api::Impl::ListsDiff(const Call& c) {
  const std::string dir = StoreOf(options);
  if (dir.empty()) {
    return StatusResponse(ApiError(ApiErrorCode::kNotFound,
                                   "no list store: cordon serve compares versions of the lists "
                                   "it fetches (--lists naming a list store, docs/lists.md)"));
  }
  std::string side[3];
  const char* names[3] = {"source", "old", "new"};
  for (int i = 0; i < 3; ++i) {
    const std::string* v = c.target.Param(names[i]);
    if (v == nullptr || v->empty()) {
      return StatusResponse(ApiError(ApiErrorCode::kInvalidRequest,
                                     StrCat(names[i], " is required (source, old and new)"),
                                     names[i]));
    }
    side[i] = *v;
  }
  absl::StatusOr<Store> store = Store::Open(dir);
  if (!store.ok()) return StatusResponse(store.status());
  std::vector<LoadedList> loaded[2];
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<std::vector<std::string>> files =
        StoredVersionFiles(*store, side[0], side[i + 1]);
    if (!files.ok()) return StatusResponse(files.status());
    absl::StatusOr<std::vector<LoadedList>> lists = LoadSources(*files);
    if (!lists.ok()) return StatusResponse(lists.status());
    loaded[i] = std::move(*lists);
  }
  absl::StatusOr<lists::ListSetDiff> diff =
      lists::DiffListSets(loaded[0], loaded[1], side[1], side[2]);
  if (!diff.ok()) return StatusResponse(diff.status());
  json out = lists::ListSetDiffToJson(*diff);
  out["source"] = side[0];
  out["old"] = side[1];
  out["new"] = side[2];
  return JsonResponse(200, out);
}

// GET /v1/validation: the last validation report (`cordon validate --format json -o FILE`,
// --validation-report FILE) as the file holds it, with the file's time; read on each request, so
// a new report shows at once. The server never runs validation: it takes minutes of CPU.
HttpResponse Api::Impl::Validation(const Call&) {
  const std::string& path = options.validation_report;
  if (path.empty()) {
    return StatusResponse(ApiError(
        ApiErrorCode::kNotFound,
        "no validation report: run cordon validate --format json -o FILE and start cordon serve "
        "with --validation-report FILE (docs/validation.md)"));
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    return StatusResponse(
        ApiError(ApiErrorCode::kNotFound, StrCat("validation report ", path, ": ", ec.message())));
  }
  if (size > (uint64_t{64} << 20)) {
    return StatusResponse(
        ApiError(ApiErrorCode::kUnprocessable,
                 StrCat("validation report ", path, ": ", size,
                        " bytes, more than a report of cordon validate (64 MiB)")));
  }
  const auto mtime = std::filesystem::last_write_time(path, ec);
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return StatusResponse(text.status());
  json report = json::parse(*text, nullptr, false);
  if (report.is_discarded() || !report.is_object() || !report.contains("engine_version")) {
    return StatusResponse(ApiError(
        ApiErrorCode::kUnprocessable,
        StrCat("validation report ", path, ": not the JSON of cordon validate --format json")));
  }
  json out = {{"file", path}, {"modified_at", nullptr}, {"report", std::move(report)}};
  if (!ec) {
    out["modified_at"] = IsoTime(std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::chrono::file_clock::to_sys(mtime)));
  }
  return JsonResponse(200, out);
}

HttpResponse Api::Impl::ReloadLists(const Call&) {
  absl::Status s = Reload();
  const std::shared_ptr<const State> now = Current();
  if (!s.ok()) {
    json j = ErrorJson(ApiError(ApiErrorCode::kReloadFailed, StatusText(s)));
    j["generation"] = now->generation;
    return JsonResponse(HttpStatusOf(ApiErrorCode::kReloadFailed), j);
  }
  json j = ListsJson(*now);
  j["status"] = "reloaded";
  return JsonResponse(200, j);
}

HttpResponse Api::Impl::Healthz(const Call&) { return JsonResponse(200, {{"status", "ok"}}); }

HttpResponse Api::Impl::Readyz(const Call& c) {
  size_t entities = 0;
  for (const LoadedList& l : c.state.screener->lists()) entities += l.entities.size();
  return JsonResponse(
      200, {{"status", "ready"}, {"generation", c.state.generation}, {"entities", entities}});
}

HttpResponse Api::Impl::MetricsText(const Call& c) {
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics->Render(&c.state);
  return r;
}

HttpResponse Api::Impl::Session(const Call& c) {
  if (sessions == nullptr) {
    return StatusResponse(
        ApiError(ApiErrorCode::kNotFound, "sign-in needs a case database (cordon serve --db D)"));
  }
  HttpResponse r = sessions->Handle(c.request);
  if (r.status == 200 && c.request.method != "DELETE") {
    // What the page shows beside a score: the threshold this server alerts at.
    json body = json::parse(r.body, nullptr, false);
    if (body.is_object()) {
      body["screening"] = {{"threshold", options.threshold}, {"limit", options.limit}};
      r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    }
  }
  return r;
}

HttpResponse Api::Impl::OpenApi(const Call&) {
  HttpResponse r;
  r.body = std::string(OpenApiDocument());
  return r;
}

HttpResponse Api::Impl::Cases(const Call& c) {
  if (!cases) {
    return StatusResponse(ApiError(
        ApiErrorCode::kNotFound,
        "the case API is off: start cordon serve with a case database (--db, docs/cases.md)"));
  }
  const Route& route = routes[c.route];
  return cases->Handle(route.case_endpoint,
                       CaseRequest{c.request, c.target, c.params,
                                   c.key == nullptr ? std::string() : c.key->name, c.state});
}

// ---------------------------------------------------------------------------------------------

Api::Api(ServiceConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Api::~Api() = default;

absl::StatusOr<std::unique_ptr<Api>> Api::Create(ServiceConfig options) {
  // With a case database its users sign in; without one, API keys are the only way in.
  if (options.auth && options.keys.empty() && options.db.empty()) {
    return absl::InvalidArgumentError(
        "authentication is on but no API keys are configured (give a keys file, a case database "
        "whose users sign in, or turn auth off for local use)");
  }
  for (const ApiKey& k : options.keys) {
    if (k.sha256_hex.size() != 64) {
      return absl::InvalidArgumentError(StrCat("key \"", k.name, "\": not a SHA-256 hex hash"));
    }
  }
  std::unique_ptr<Api> api(new Api(std::move(options)));
  Impl& impl = *api->impl_;
  if (!impl.options.db.empty()) {
    absl::StatusOr<std::unique_ptr<CaseApi>> cases = CaseApi::Open(
        impl.options.db, {.threshold = impl.options.threshold,
                          .limit = static_cast<size_t>(impl.options.limit),
                          .log_level = impl.options.log_level,
                          .log = impl.options.log,
                          .db_wait_ms = static_cast<int>(impl.options.db_wait_s * 1000)});
    if (!cases.ok()) return cases.status();
    impl.cases = std::move(*cases);
  }
  if (absl::Status s = impl.OpenWeb(); !s.ok()) return s;
  if (absl::Status s = impl.Reload(); !s.ok()) return s;
  return api;
}

HttpResponse Api::Handle(const HttpRequest& request) { return Handle(request, nullptr); }

HttpResponse Api::Handle(const HttpRequest& request, const MessageRecorder& recorder) {
  return Handle(request, &recorder);
}

HttpResponse Api::Handle(const HttpRequest& request, const MessageRecorder* recorder) {
  const auto start = std::chrono::steady_clock::now();
  size_t route = impl_->unmatched_route;
  HttpResponse response;
  try {
    response = impl_->Dispatch(request, recorder, &route);
  } catch (const std::exception& e) {
    // A bug, not bad input (every parser returns a status); the request fails alone.
    response =
        StatusResponse(ApiError(ApiErrorCode::kInternal, StrCat("internal error: ", e.what())));
  }
  impl_->metrics->ObserveRequest(route, response.status, std::chrono::steady_clock::now() - start);
  return response;
}

bool Api::RunsLong(const HttpRequest& request) const {
  if (request.method != "POST" && request.method != "PUT") return false;
  const std::string_view path =
      std::string_view(request.target)
          .substr(0, std::min(request.target.size(), request.target.find('?')));
  // A sign-in hashes the password with Argon2id (64 MiB, about 0.1 s).
  if (path == "/v1/lists/reload" || path == "/v1/session") return true;
  // A write to the case database may wait for another writer's lock (up to the store's bounded
  // wait), which must not hold an I/O thread.
  if (path.starts_with("/v1/subjects") || path.starts_with("/v1/alerts/") ||
      path.starts_with("/v1/suppressions/")) {
    return true;
  }
  const bool batch =
      path == "/v1/screen/batch" || path == "/v1/messages" || path.starts_with("/match/");
  return batch && request.body.size() > kLongBodyBytes;
}

absl::Status Api::Reload() { return impl_->Reload(); }

std::chrono::system_clock::time_point Api::ListsModified() const {
  namespace fs = std::filesystem;
  fs::file_time_type newest = fs::file_time_type::min();
  auto consider = [&](const fs::path& p) {
    std::error_code ec;
    const fs::file_time_type t = fs::last_write_time(p, ec);
    if (!ec && t > newest) newest = t;
  };
  auto consider_time = [&](fs::file_time_type t) { newest = std::max(newest, t); };
  // Without a data folder there is nothing to watch: the reload reports that error.
  std::vector<std::string> paths = ListPaths(impl_->options).value_or(std::vector<std::string>{});
  if (!impl_->options.jurisdictions.empty()) {
    paths.push_back(impl_->options.jurisdictions);
  }
  for (const std::string& p : paths) {
    std::error_code ec;
    if (IsListStore(p)) {
      // A store changes what serves only by renaming a new `current` link into place (its
      // state files change at every fetch): the links' own times, not what they point to.
      for (const auto& e : fs::directory_iterator(p, ec)) {
        struct stat st {};
        if (lstat((e.path() / "current").c_str(), &st) == 0) {
          consider_time(
              std::chrono::file_clock::from_sys(std::chrono::sys_time<std::chrono::nanoseconds>(
                  std::chrono::seconds(st.st_mtim.tv_sec) +
                  std::chrono::nanoseconds(st.st_mtim.tv_nsec))));
        }
      }
      continue;
    }
    consider(p);  // a folder's own mtime changes when files are added, removed or renamed
    if (!fs::is_directory(p, ec)) continue;
    for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec)) consider(it->path());
    }
  }
  if (newest == fs::file_time_type::min()) return {};
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::file_clock::to_sys(newest));
}

std::shared_ptr<const State> Api::state() const { return impl_->Current(); }

bool Api::ready() const { return impl_->Current() != nullptr; }

void Api::OnSwap(SwapCallback callback) { impl_->on_swap = std::move(callback); }

void Api::SetRemote(RemoteScreening remote) { impl_->remote = std::move(remote); }

std::string Api::StorePath() const { return StoreOf(impl_->options); }

}  // namespace cordon::service
