// Sign-in, sessions and CSRF (auth.h).
#include "service/auth.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/sha256.h"
#include "core/strcat.h"
#include "core/text.h"
#include "service/http.h"

namespace cordon::service {

using nlohmann::json;

namespace {

// libsodium must be initialised once before use (it picks its implementations and seeds its
// random source); sodium_init is safe to call from several threads.
bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

// The longest back-off of a user: long enough to make guessing useless (4 guesses an hour), short
// enough that a colleague locked out by someone's guessing gets in within a quarter hour.
constexpr int64_t kMaxUserBackoffSeconds = 15 * 60;

// Database connections kept for reuse; more are opened when more requests come at once.
constexpr size_t kMaxIdleConnections = 8;

bool IsHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string_view HeaderOf(const HttpRequest& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string_view() : std::string_view(it->second);
}

// The server's peer "203.0.113.7:51234" or "::1:51234" -> the address without the port.
std::string AddressOf(std::string_view remote) {
  const size_t colon = remote.rfind(':');
  return std::string(colon == std::string_view::npos ? remote : remote.substr(0, colon));
}

// "2026-12-03T01:50:00.123Z" -> seconds since the epoch; 0 when it cannot be read.
int64_t EpochOf(const std::string& utc) {
  std::tm tm{};
  if (utc.size() < 19 || strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return 0;
  return static_cast<int64_t>(timegm(&tm));
}

bool SafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

HttpResponse TooManyRequests(int64_t seconds, std::string_view why) {
  HttpResponse r = StatusResponse(
      ApiError(ApiErrorCode::kTooManyRequests, StrCat(why, "; try again in ", seconds, " s")));
  r.headers.emplace_back("Retry-After", std::to_string(seconds));
  return r;
}

}  // namespace

absl::Status CheckPassword(std::string_view password) {
  if (!ValidateUtf8("password", password).ok()) {
    return absl::InvalidArgumentError("password: not valid UTF-8");
  }
  size_t chars = 0;
  for (char c : password) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (chars < kMinPasswordChars || chars > kMaxPasswordChars) {
    return absl::InvalidArgumentError(
        StrCat("password: ", chars, " characters; from ", kMinPasswordChars, " to ",
               kMaxPasswordChars, " are accepted (a passphrase of a few words is good)"));
  }
  if (password.find_first_not_of(" \t") == std::string_view::npos) {
    return absl::InvalidArgumentError("password: only white space");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> HashPassword(std::string_view password) {
  if (!SodiumReady()) return absl::InternalError("libsodium could not be initialised");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("password hashing: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!SodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string h(hash);  // NUL-terminated
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string NewSessionToken() {
  if (!SodiumReady()) return {};
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof(bytes));
  char hex[sizeof(bytes) * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), bytes, sizeof(bytes));
  sodium_memzero(bytes, sizeof(bytes));
  return std::string(hex, sizeof(bytes) * 2);
}

std::string CsrfTokenOf(std::string_view session_token) {
  return Sha256Hex(StrCat("cordon csrf v1\n", session_token));
}

std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      std::string_view value = pair.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return value;
    }
  }
  return {};
}

int64_t UserBackoffSeconds(int failures) {
  if (failures < kFreeFailures) return 0;
  const int doublings = std::min(failures - kFreeFailures, 20);
  return std::min<int64_t>(int64_t{1} << doublings, kMaxUserBackoffSeconds);
}

// ---- AddressThrottle ---------------------------------------------------------------------------

int64_t AddressThrottle::RetryAfter(const std::string& address,
                                    std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(address);
  if (it == failures_.end()) return 0;
  std::deque<std::chrono::steady_clock::time_point>& f = it->second;
  while (!f.empty() && now - f.front() >= kAddressWindow) f.pop_front();
  if (f.size() < static_cast<size_t>(kMaxAddressFailures)) return 0;
  const auto wait = kAddressWindow - (now - f.front());
  return std::max<int64_t>(1, std::chrono::ceil<std::chrono::seconds>(wait).count());
}

void AddressThrottle::Failure(const std::string& address,
                              std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failures_.size() >= kMaxAddresses && failures_.count(address) == 0) Forget(now);
  std::deque<std::chrono::steady_clock::time_point>& f = failures_[address];
  f.push_back(now);
  // Only the newest kMaxAddressFailures matter.
  while (f.size() > static_cast<size_t>(kMaxAddressFailures)) f.pop_front();
}

void AddressThrottle::Forget(std::chrono::steady_clock::time_point now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    if (it->second.empty() || now - it->second.back() >= kAddressWindow) {
      it = failures_.erase(it);
    } else {
      ++it;
    }
  }
  // Still full of recent failures (many addresses at once): forget one to make room, so memory
  // stays bounded; the per-user back-off in the store still applies to it.
  if (failures_.size() >= kMaxAddresses) failures_.erase(failures_.begin());
}

// ---- SessionAuth -----------------------------------------------------------------------------

struct SessionAuth::Impl {
  std::string db;
  Options options;
  AddressThrottle throttle;
  std::string cookie_name;

  std::mutex pool_mu;
  std::vector<std::unique_ptr<CaseStore>> idle;

  // A hash of a random password, checked against when the user is unknown (or has no password),
  // so that an unknown name takes as long to refuse as a wrong password.
  std::once_flag dummy_once;
  std::string dummy_hash;

  // A database connection, returned to the pool when the lease ends.
  struct Lease {
    Impl* impl;
    std::unique_ptr<CaseStore> store;
    Lease(Impl* i, std::unique_ptr<CaseStore> s) : impl(i), store(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (store == nullptr) return;
      std::lock_guard<std::mutex> lock(impl->pool_mu);
      if (impl->idle.size() < kMaxIdleConnections) impl->idle.push_back(std::move(store));
    }
    CaseStore* operator->() { return store.get(); }
  };

  absl::StatusOr<Lease> Connect() {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!idle.empty()) {
        std::unique_ptr<CaseStore> s = std::move(idle.back());
        idle.pop_back();
        return Lease(this, std::move(s));
      }
    }
    absl::StatusOr<std::unique_ptr<CaseStore>> s = CaseStore::Open(db);
    if (!s.ok()) return s.status();
    return Lease(this, std::move(*s));
  }

  // One JSON line as the server logs them: {"ts","level","msg",...fields}.
  void Log(const std::string& level, const std::string& msg, const json& fields) {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char ts[32];
    std::strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
    nlohmann::ordered_json line = {{"ts", ts}, {"level", level}, {"msg", msg}};
    for (const auto& [k, v] : fields.items()) line[k] = v;
    const std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
    if (options.log) {
      options.log(level, text);
    } else {
      std::lock_guard<std::mutex> lock(log_mu);
      std::cerr << text << std::endl;
    }
  }
  std::mutex log_mu;

  const std::string& DummyHash() {
    std::call_once(dummy_once,
                   [this] { dummy_hash = HashPassword(NewSessionToken()).value_or(""); });
    return dummy_hash;
  }

  std::string Cookie(std::string_view token, int64_t max_age) const {
    return StrCat(cookie_name, "=", token, "; Path=/; Max-Age=", max_age,
                  "; HttpOnly; SameSite=Strict", options.secure_cookie ? "; Secure" : "");
  }

  static json SessionJson(const SessionInfo& s, std::string_view token) {
    return {{"user", s.user},
            {"role", RoleName(s.role)},
            {"csrf_token", CsrfTokenOf(token)},
            {"created_at", s.created_at},
            {"expires_at", s.expires_at},
            {"absolute_expires_at", s.absolute_expires_at}};
  }

  HttpResponse SignIn(const HttpRequest& request);
  HttpResponse Refuse(const std::string& address, const std::string& user, std::string_view why);
  HttpResponse Whoami(const HttpRequest& request, SessionAuth* self);
  HttpResponse SignOut(const HttpRequest& request, SessionAuth* self);
};

HttpResponse SessionAuth::Impl::Refuse(const std::string& address, const std::string& user,
                                       std::string_view why) {
  throttle.Failure(address, std::chrono::steady_clock::now());
  Log("warn", "sign-in refused", {{"user", user}, {"remote", address}, {"why", why}});
  // One answer for every cause, so that it tells nobody which user names exist.
  return StatusResponse(ApiError(ApiErrorCode::kUnauthorized, "wrong user name or password"));
}

HttpResponse SessionAuth::Impl::SignIn(const HttpRequest& request) {
  absl::StatusOr<json> body = ParseJsonObject(request.body);
  if (!body.ok()) return StatusResponse(body.status());
  std::string fields[2];
  for (int i = 0; i < 2; ++i) {
    const char* name = i == 0 ? "user" : "password";
    auto it = body->find(name);
    if (it == body->end() || !it->is_string() || it->get<std::string>().empty()) {
      return StatusResponse(ApiError(ApiErrorCode::kInvalidRequest,
                                     StrCat(name, ": missing or not a non-empty string"), name));
    }
    fields[i] = it->get<std::string>();
  }
  const std::string& user = fields[0];
  const std::string& password = fields[1];
  if (password.size() > kMaxPasswordChars * 4) {
    return StatusResponse(
        ApiError(ApiErrorCode::kInvalidRequest, "password: too long", "password"));
  }
  const std::string address = AddressOf(request.remote);
  if (int64_t wait = throttle.RetryAfter(address, std::chrono::steady_clock::now()); wait > 0) {
    return TooManyRequests(wait, "too many failed sign-ins from this address");
  }
  absl::StatusOr<Lease> store = Connect();
  if (!store.ok()) return StatusResponse(store.status());
  absl::StatusOr<Credentials> cred = (*store)->GetCredentials(user);
  if (!cred.ok() && !absl::IsNotFound(cred.status())) return StatusResponse(cred.status());
  if (!cred.ok() || cred->disabled || cred->password_hash.empty()) {
    (void)VerifyPassword(DummyHash(), password);
    const char* why = !cred.ok() ? "unknown user" : cred->disabled ? "disabled" : "no password set";
    return Refuse(address, user, why);
  }
  const int64_t backoff = UserBackoffSeconds(cred->failed_sign_ins);
  const int64_t since = static_cast<int64_t>(std::time(nullptr)) - EpochOf(cred->last_failed_at);
  if (backoff > 0 && since < backoff) {
    return TooManyRequests(
        backoff - since, StrCat(cred->failed_sign_ins, " failed sign-ins in a row for this user"));
  }
  if (!VerifyPassword(cred->password_hash, password)) {
    if (absl::Status st = (*store)->RecordSignInFailure(user); !st.ok()) return StatusResponse(st);
    return Refuse(address, user, "wrong password");
  }
  const std::string token = NewSessionToken();
  if (token.empty()) return StatusResponse(absl::InternalError("no random source"));
  absl::StatusOr<SessionInfo> s =
      (*store)->CreateSession(user, Sha256Hex(token), options.times, address);
  if (!s.ok()) return StatusResponse(s.status());
  Log("info", "signed in", {{"user", user}, {"remote", address}});
  HttpResponse r = JsonResponse(200, SessionJson(*s, token));
  r.headers.emplace_back("Set-Cookie", Cookie(token, options.times.absolute_seconds));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse SessionAuth::Impl::Whoami(const HttpRequest& request, SessionAuth* self) {
  absl::StatusOr<std::optional<SessionPrincipal>> who = self->Authenticate(request);
  if (!who.ok()) return StatusResponse(who.status());
  if (!who->has_value()) {
    return StatusResponse(ApiError(ApiErrorCode::kUnauthorized, "not signed in"));
  }
  HttpResponse r = JsonResponse(200, SessionJson((*who)->session, (*who)->token));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse SessionAuth::Impl::SignOut(const HttpRequest& request, SessionAuth* self) {
  absl::StatusOr<std::optional<SessionPrincipal>> who = self->Authenticate(request);
  if (!who.ok()) return StatusResponse(who.status());
  if (!who->has_value()) {
    return StatusResponse(ApiError(ApiErrorCode::kUnauthorized, "not signed in"));
  }
  absl::StatusOr<Lease> store = Connect();
  if (!store.ok()) return StatusResponse(store.status());
  absl::Status st = (*store)->EndSession(Sha256Hex((*who)->token));
  if (!st.ok() && !absl::IsNotFound(st)) return StatusResponse(st);
  HttpResponse r = JsonResponse(200, {{"status", "signed_out"}, {"user", (*who)->user}});
  r.headers.emplace_back("Set-Cookie", Cookie("", 0));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

SessionAuth::SessionAuth(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SessionAuth::~SessionAuth() = default;

absl::StatusOr<std::unique_ptr<SessionAuth>> SessionAuth::Open(const std::string& db,
                                                               Options options) {
  if (!SodiumReady()) return absl::InternalError("libsodium could not be initialised");
  auto impl = std::make_unique<Impl>();
  impl->db = db;
  impl->options = std::move(options);
  impl->cookie_name = impl->options.secure_cookie ? "__Host-cordon_session" : "cordon_session";
  // Opening applies the migrations now, so that a database the server cannot use stops it here.
  absl::StatusOr<Impl::Lease> first = impl->Connect();
  if (!first.ok()) return first.status();
  if (absl::StatusOr<size_t> purged = (*first)->PurgeExpiredSessions(); !purged.ok()) {
    return purged.status();
  }
  return std::unique_ptr<SessionAuth>(new SessionAuth(std::move(impl)));
}

std::string_view SessionAuth::CookieName() const { return impl_->cookie_name; }

absl::StatusOr<std::optional<SessionPrincipal>> SessionAuth::Authenticate(
    const HttpRequest& request) {
  const std::string_view token = CookieValue(HeaderOf(request, "cookie"), impl_->cookie_name);
  if (token.empty()) return std::nullopt;
  if (!IsHex64(token)) {
    return absl::UnauthenticatedError("the session cookie is malformed; sign in again");
  }
  absl::StatusOr<Impl::Lease> store = impl_->Connect();
  if (!store.ok()) return store.status();
  absl::StatusOr<SessionInfo> s = (*store)->GetSession(Sha256Hex(token), impl_->options.times);
  if (absl::IsNotFound(s.status())) {
    return absl::UnauthenticatedError(StrCat(StatusText(s.status()), "; sign in again"));
  }
  if (!s.ok()) return s.status();
  if (!SafeMethod(request.method)) {
    const std::string_view presented = HeaderOf(request, "x-csrf-token");
    const std::string expected = CsrfTokenOf(token);
    if (presented.size() != expected.size() ||
        sodium_memcmp(presented.data(), expected.data(), expected.size()) != 0) {
      return absl::PermissionDeniedError(
          "a change made with a session needs the session's CSRF token in the X-CSRF-Token "
          "header");
    }
  }
  return SessionPrincipal{
      .user = s->user, .role = s->role, .token = std::string(token), .session = *s};
}

HttpResponse SessionAuth::Handle(const HttpRequest& request) {
  if (request.method == "POST") return impl_->SignIn(request);
  if (request.method == "GET") return impl_->Whoami(request, this);
  if (request.method == "DELETE") return impl_->SignOut(request, this);
  HttpResponse r = StatusResponse(ApiError(
      ApiErrorCode::kMethodNotAllowed,
      StrCat(request.method, " is not allowed on /v1/session (allowed: POST, GET, DELETE)")));
  r.headers.emplace_back("Allow", "POST, GET, DELETE");
  return r;
}

}  // namespace cordon::service
