// Sign-in, sessions and CSRF (auth.h) over a real case store (SQLite in a temporary folder).
#include "service/auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/sha256.h"

namespace cordon::service {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(PasswordTest, PolicyCountsCharactersNotBytes) {
  EXPECT_TRUE(CheckPassword("correct horse").ok());
  EXPECT_THAT(std::string(CheckPassword("short pass1").message()), HasSubstr("11 characters"));
  // 12 Cyrillic letters are 24 bytes and 12 characters: accepted; 11 are not.
  EXPECT_TRUE(CheckPassword("абвгдеёжзийк").ok());
  EXPECT_FALSE(CheckPassword("абвгдеёжзий").ok());
  EXPECT_FALSE(CheckPassword(std::string(129, 'x')).ok());
  EXPECT_TRUE(CheckPassword(std::string(128, 'x')).ok());
  EXPECT_THAT(std::string(CheckPassword("\xff\xfe-not-utf-8-at-all").message()),
              HasSubstr("UTF-8"));
  EXPECT_FALSE(CheckPassword(std::string(20, ' ')).ok());
}

TEST(PasswordTest, Argon2idHashesVerifyAndAreSalted) {
  auto a = HashPassword("correct horse battery");
  auto b = HashPassword("correct horse battery");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *a;
  EXPECT_NE(*a, *b);  // a random salt each time
  EXPECT_TRUE(VerifyPassword(*a, "correct horse battery"));
  EXPECT_TRUE(VerifyPassword(*b, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*a, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*a, ""));
  EXPECT_FALSE(VerifyPassword("", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "correct horse battery"));
}

TEST(TokenTest, SessionTokensAreRandomHexAndCsrfTokensAreBoundToThem) {
  const std::string t1 = NewSessionToken(), t2 = NewSessionToken();
  EXPECT_EQ(t1.size(), 64u);
  EXPECT_EQ(t1.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(t1, t2);
  EXPECT_EQ(CsrfTokenOf(t1), CsrfTokenOf(t1));
  EXPECT_NE(CsrfTokenOf(t1), CsrfTokenOf(t2));
  EXPECT_NE(CsrfTokenOf(t1), t1);
  EXPECT_NE(CsrfTokenOf(t1), Sha256Hex(t1));  // not the hash the store keeps
}

TEST(CookieTest, FindsTheNamedCookie) {
  EXPECT_EQ(CookieValue("a=1; cordon_session=abc; b=2", "cordon_session"), "abc");
  EXPECT_EQ(CookieValue("cordon_session=abc", "cordon_session"), "abc");
  EXPECT_EQ(CookieValue("xcordon_session=abc", "cordon_session"), "");
  EXPECT_EQ(CookieValue("", "cordon_session"), "");
  EXPECT_EQ(CookieValue("a=1;b=2", "b"), "2");
}

TEST(ThrottleTest, UsersBackOffExponentiallyUpToAQuarterHour) {
  EXPECT_EQ(UserBackoffSeconds(0), 0);
  EXPECT_EQ(UserBackoffSeconds(4), 0);
  EXPECT_EQ(UserBackoffSeconds(5), 1);
  EXPECT_EQ(UserBackoffSeconds(6), 2);
  EXPECT_EQ(UserBackoffSeconds(10), 32);
  EXPECT_EQ(UserBackoffSeconds(15), 900);
  EXPECT_EQ(UserBackoffSeconds(1000), 900);
}

TEST(ThrottleTest, AnAddressWaitsAfterTooManyFailuresInTheWindow) {
  AddressThrottle t;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < AddressThrottle::kMaxAddressFailures - 1; ++i) t.Failure("10.0.0.1", t0);
  EXPECT_EQ(t.RetryAfter("10.0.0.1", t0), 0);
  t.Failure("10.0.0.1", t0);
  EXPECT_EQ(t.RetryAfter("10.0.0.1", t0), 300);
  EXPECT_EQ(t.RetryAfter("10.0.0.2", t0), 0);  // another address is not held back
  EXPECT_EQ(t.RetryAfter("10.0.0.1", t0 + std::chrono::seconds(200)), 100);
  EXPECT_EQ(t.RetryAfter("10.0.0.1", t0 + std::chrono::seconds(300)), 0);
}

class SessionAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cordon-auth-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    db_ = dir_ + "/cases.db";
    auto store = CaseStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->AddUser("", "alice", cordon::Role::kAdmin).ok());
    ASSERT_TRUE((*store)->AddUser("alice", "bob", cordon::Role::kAnalyst).ok());
    ASSERT_TRUE((*store)->AddUser("alice", "nopass", cordon::Role::kAnalyst).ok());
    for (const char* u : {"alice", "bob"}) {
      auto hash = HashPassword(std::string(u) + " password 123");
      ASSERT_TRUE(hash.ok());
      ASSERT_TRUE((*store)->SetPasswordHash("alice", u, *hash).ok());
    }
    auto auth = SessionAuth::Open(db_, {});
    ASSERT_TRUE(auth.ok()) << auth.status();
    auth_ = std::move(*auth);
  }
  void TearDown() override {
    auth_.reset();
    std::filesystem::remove_all(dir_);
  }

  HttpResponse SignIn(const std::string& user, const std::string& password,
                      const std::string& remote = "192.0.2.1:40000") {
    HttpRequest r{.method = "POST", .target = "/v1/session"};
    r.body = json{{"user", user}, {"password", password}}.dump();
    r.remote = remote;
    return auth_->Handle(r);
  }

  static std::string HeaderOf(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  // The token of a Set-Cookie header.
  static std::string TokenOf(const HttpResponse& r) {
    const std::string c = HeaderOf(r, "Set-Cookie");
    const size_t eq = c.find('='), semi = c.find(';');
    return c.substr(eq + 1, semi - eq - 1);
  }

  HttpRequest WithCookie(const std::string& method, const std::string& token) {
    HttpRequest r{.method = method, .target = "/v1/alerts/1/decision"};
    r.headers["cookie"] = "theme=dark; cordon_session=" + token;
    return r;
  }

  std::string dir_, db_;
  std::unique_ptr<SessionAuth> auth_;
};

TEST_F(SessionAuthTest, SignInSetsAStrictHttpOnlyCookieAndReturnsTheCsrfToken) {
  HttpResponse r = SignIn("bob", "bob password 123");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["user"], "bob");
  EXPECT_EQ(j["role"], "analyst");
  const std::string cookie = HeaderOf(r, "Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("cordon_session="));
  EXPECT_THAT(cookie, HasSubstr("; HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("; SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("; Path=/"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // plain HTTP: a Secure cookie would be lost
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-store");
  const std::string token = TokenOf(r);
  EXPECT_EQ(j["csrf_token"], CsrfTokenOf(token));
  EXPECT_EQ(r.body.find(token), std::string::npos);  // the token itself is only in the cookie

  auto who = auth_->Authenticate(WithCookie("GET", token));
  ASSERT_TRUE(who.ok()) << who.status();
  ASSERT_TRUE(who->has_value());
  EXPECT_EQ((*who)->user, "bob");
  EXPECT_EQ((*who)->role, cordon::Role::kAnalyst);
}

TEST_F(SessionAuthTest, UnderTlsTheCookieIsSecureAndHostBound) {
  auth_.reset();
  auto auth = SessionAuth::Open(db_, {.secure_cookie = true});
  ASSERT_TRUE(auth.ok());
  auth_ = std::move(*auth);
  HttpResponse r = SignIn("bob", "bob password 123");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = HeaderOf(r, "Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("__Host-cordon_session=")) << cookie;
  EXPECT_THAT(cookie, HasSubstr("; Secure"));
}

TEST_F(SessionAuthTest, ChangesNeedTheSessionsCsrfToken) {
  HttpResponse r = SignIn("bob", "bob password 123");
  ASSERT_EQ(r.status, 200);
  const std::string token = TokenOf(r);
  HttpRequest post = WithCookie("POST", token);
  auto refused = auth_->Authenticate(post);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("X-CSRF-Token"));
  // Another session's token does not do either.
  HttpResponse other = SignIn("alice", "alice password 123");
  post.headers["x-csrf-token"] = json::parse(other.body)["csrf_token"];
  EXPECT_EQ(auth_->Authenticate(post).status().code(), absl::StatusCode::kPermissionDenied);
  post.headers["x-csrf-token"] = CsrfTokenOf(token);
  auto ok = auth_->Authenticate(post);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)->user, "bob");
}

TEST_F(SessionAuthTest, WrongPasswordsAndUnknownUsersGetTheSameAnswer) {
  HttpResponse wrong = SignIn("bob", "not bob's password");
  HttpResponse unknown = SignIn("mallory", "whatever password");
  HttpResponse no_password = SignIn("nopass", "whatever password");
  for (const HttpResponse* r : {&wrong, &unknown, &no_password}) {
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(json::parse(r->body)["error"]["message"], "wrong user name or password");
    EXPECT_EQ(HeaderOf(*r, "Set-Cookie"), "");
  }
  EXPECT_EQ(SignIn("bob", "").status, 400);
  EXPECT_EQ(SignIn("", "x").status, 400);
  // A token that names no session.
  auto dead = auth_->Authenticate(WithCookie("GET", NewSessionToken()));
  EXPECT_EQ(dead.status().code(), absl::StatusCode::kUnauthenticated);
  auto garbage = auth_->Authenticate(WithCookie("GET", "x' OR 1=1 --"));
  EXPECT_EQ(garbage.status().code(), absl::StatusCode::kUnauthenticated);
  HttpRequest none{.method = "GET", .target = "/v1/alerts"};
  auto no_cookie = auth_->Authenticate(none);
  ASSERT_TRUE(no_cookie.ok());
  EXPECT_FALSE(no_cookie->has_value());
}

TEST_F(SessionAuthTest, RepeatedFailuresBackOffEvenWithTheRightPassword) {
  for (int i = 0; i < kFreeFailures; ++i) {
    EXPECT_EQ(SignIn("bob", "guess number " + std::to_string(i)).status, 401);
  }
  HttpResponse held = SignIn("bob", "bob password 123");
  EXPECT_EQ(held.status, 429) << held.body;
  EXPECT_EQ(json::parse(held.body)["error"]["code"], "too_many_requests");
  EXPECT_FALSE(HeaderOf(held, "Retry-After").empty());
  // Alice is not held back by Bob's failures (another address, to leave that throttle out).
  EXPECT_EQ(SignIn("alice", "alice password 123", "192.0.2.9:1").status, 200);
}

TEST_F(SessionAuthTest, AnAddressGuessingManyNamesIsHeldBack) {
  for (int i = 0; i < AddressThrottle::kMaxAddressFailures; ++i) {
    EXPECT_EQ(SignIn("user" + std::to_string(i), "some password here").status, 401);
  }
  EXPECT_EQ(SignIn("alice", "alice password 123").status, 429);
  EXPECT_EQ(SignIn("alice", "alice password 123", "192.0.2.2:1").status, 200);
}

TEST_F(SessionAuthTest, SignOutEndsTheSessionAndClearsTheCookie) {
  HttpResponse r = SignIn("bob", "bob password 123");
  const std::string token = TokenOf(r);
  HttpRequest who{.method = "GET", .target = "/v1/session"};
  who.headers["cookie"] = "cordon_session=" + token;
  HttpResponse me = auth_->Handle(who);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["user"], "bob");
  EXPECT_EQ(json::parse(me.body)["csrf_token"], CsrfTokenOf(token));

  HttpRequest out{.method = "DELETE", .target = "/v1/session"};
  out.headers["cookie"] = "cordon_session=" + token;
  EXPECT_EQ(auth_->Handle(out).status, 403);  // no CSRF token: a forged sign-out is refused
  out.headers["x-csrf-token"] = CsrfTokenOf(token);
  HttpResponse bye = auth_->Handle(out);
  ASSERT_EQ(bye.status, 200) << bye.body;
  EXPECT_THAT(HeaderOf(bye, "Set-Cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(auth_->Handle(who).status, 401);
  EXPECT_EQ(auth_->Authenticate(WithCookie("GET", token)).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(SessionAuthTest, DisablingAUserEndsTheirLiveSession) {
  HttpResponse r = SignIn("bob", "bob password 123");
  const std::string token = TokenOf(r);
  ASSERT_TRUE(auth_->Authenticate(WithCookie("GET", token)).ok());
  auto store = CaseStore::Open(db_);
  ASSERT_TRUE((*store)->SetUserDisabled("alice", "bob", true).ok());
  EXPECT_EQ(auth_->Authenticate(WithCookie("GET", token)).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(SignIn("bob", "bob password 123").status, 401);
}

}  // namespace
}  // namespace cordon::service
