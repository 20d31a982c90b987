// Sign-in to the web application (docs/web.md): passwords hashed with Argon2id (libsodium),
// sessions held server-side in the case store and named by an HttpOnly cookie, a CSRF token bound
// to the session and required in a header on every change, and a back-off on failed sign-ins
// (per user, in the store, and per client address, in memory). API keys (api.h) keep working for
// machines; a request that presents a key is not looked at here.
//
// Endpoints (SessionAuth::Handle):
//   POST   /v1/session  {"user","password"} -> {"user","role","csrf_token","expires_at",...}
//                       and the session cookie; 401 for a wrong name or password (the same
//                       answer, in the same time, for an unknown user), 429 with Retry-After
//                       while backing off
//   GET    /v1/session  the signed-in user (401 without a live session)
//   DELETE /v1/session  signs out (the CSRF header required) and clears the cookie
//
// Example:
//   auto auth = SessionAuth::Open("cases.db", {.secure_cookie = true});
//   absl::StatusOr<std::optional<SessionPrincipal>> who = (*auth)->Authenticate(request);
//   // nullopt: no session cookie; an error: a dead session or a change without the CSRF header
//
// Thread safety: every function may be called from many threads at once (each call takes a
// database connection of its own from a small pool).
#ifndef CORDON_SERVICE_AUTH_H_
#define CORDON_SERVICE_AUTH_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "cordon/cases.h"
#include "service/api.h"

namespace cordon::service {

// Passwords (NIST SP 800-63B and OWASP ASVS 4.0 2.1.1-2.1.2: at least 12 characters, at least 64
// allowed, no composition rules; at most 128 so that hashing stays a bounded cost). Counted in
// Unicode code points; must be valid UTF-8. The message says what is wrong.
inline constexpr size_t kMinPasswordChars = 12;
inline constexpr size_t kMaxPasswordChars = 128;
absl::Status CheckPassword(std::string_view password);

// The Argon2id string of `password` (libsodium crypto_pwhash_str, the INTERACTIVE limits: 2
// passes over 64 MiB, about 0.1 s on one core, the strength libsodium recommends for online
// sign-in). Fails only when memory cannot be had.
absl::StatusOr<std::string> HashPassword(std::string_view password);
// Whether `password` matches `hash` (constant time in the password). False for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// 32 random bytes (libsodium's randombytes) as 64 hex digits: a session token.
std::string NewSessionToken();
// The CSRF token of a session: SHA-256 of a fixed label and the session token, as hex. Only the
// holder of the token (the browser, which keeps it in an HttpOnly cookie that scripts cannot
// read, hands the CSRF token to the page at sign-in) can know it; it needs no storage.
std::string CsrfTokenOf(std::string_view session_token);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "".
std::string_view CookieValue(std::string_view cookie_header, std::string_view name);

// Seconds a user must wait before the next sign-in attempt after `failures` consecutive
// failures: none for the first kFreeFailures, then 1, 2, 4, ... doubling up to 15 minutes. A
// throttle rather than a lock-out, so that nobody can lock a colleague out for long by guessing.
inline constexpr int kFreeFailures = 5;
int64_t UserBackoffSeconds(int failures);

// Failed sign-ins per client address in memory: at most kMaxAddressFailures within the last
// kAddressWindow; beyond that the address waits until the oldest failure leaves the window. This
// bounds password guessing across many user names from one place. Thread-safe.
class AddressThrottle {
 public:
  static constexpr int kMaxAddressFailures = 20;
  static constexpr std::chrono::seconds kAddressWindow{300};
  // Addresses remembered at most (the oldest entries are forgotten first).
  static constexpr size_t kMaxAddresses = 10000;

  // Seconds to wait before `address` may try again; 0: it may.
  int64_t RetryAfter(const std::string& address, std::chrono::steady_clock::time_point now);
  void Failure(const std::string& address, std::chrono::steady_clock::time_point now);

 private:
  void Forget(std::chrono::steady_clock::time_point now);  // with mu_ held

  std::mutex mu_;
  std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> failures_;
};

// Who a session cookie signs in.
struct SessionPrincipal {
  std::string user;
  cordon::Role role = cordon::Role::kAnalyst;  // the case store's role (cordon/cases.h)
  std::string token;                           // the session token (from the cookie)
  SessionInfo session;
};

class SessionAuth {
 public:
  struct Options {
    // Under TLS: the cookie is Secure and named with the __Host- prefix (RFC 6265bis: sent only
    // to this host over HTTPS, for every path).
    bool secure_cookie = false;
    SessionTimes times;
    // Where sign-in events go: level and a JSON log line; default standard error.
    std::function<void(const std::string&, const std::string&)> log;
  };

  static absl::StatusOr<std::unique_ptr<SessionAuth>> Open(const std::string& db, Options options);
  ~SessionAuth();

  // The session cookie's name: "__Host-cordon_session" with secure_cookie, else
  // "cordon_session".
  std::string_view CookieName() const;

  // The session a request's cookie names. nullopt: no session cookie. An error: the cookie names
  // no live session (401), or the request changes something (any method but GET, HEAD and
  // OPTIONS) without the session's token in the X-CSRF-Token header (403), or the database
  // failed (503).
  absl::StatusOr<std::optional<SessionPrincipal>> Authenticate(const HttpRequest& request);

  // POST, GET and DELETE /v1/session (above).
  HttpResponse Handle(const HttpRequest& request);

 private:
  struct Impl;
  explicit SessionAuth(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::service

#endif  // CORDON_SERVICE_AUTH_H_
