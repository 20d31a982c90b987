// End-to-end tests of `cordon serve`: the real binary on an ephemeral loopback port, driven over
// the wire by a small Boost.Beast client (and raw sockets for misbehaving clients): every
// endpoint, authentication, error cases, limits and timeouts, keep-alive, TLS, graceful shutdown
// on SIGTERM and a list reload under load. The served list is the bundled UN list (small).
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.h"

namespace cordon::e2e {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace fs = std::filesystem;
using tcp = net::ip::tcp;
using nlohmann::json;
using ::testing::HasSubstr;

const std::string kUnList = std::string(CORDON_DATA_DIR) + "/lists/un";

// ---- the server process -------------------------------------------------------------------

// A running `cordon serve`: stdout is read until the start line (which names the bound port);
// stderr (warnings and the JSON log) goes to a file.
class ServeProcess {
 public:
  static std::unique_ptr<ServeProcess> Start(const std::vector<std::string>& args,
                                             const std::string& dir) {
    auto p = std::unique_ptr<ServeProcess>(new ServeProcess());
    p->log_path_ = dir + "/serve.log";
    int out[2];
    if (pipe(out) != 0) return nullptr;
    std::vector<std::string> copies = {CORDON_BIN, "serve"};
    copies.insert(copies.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    p->pid_ = fork();
    if (p->pid_ == 0) {
      const int in = open("/dev/null", O_RDONLY);
      const int err = open(p->log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || err < 0) _exit(127);
      dup2(in, 0);
      dup2(out[1], 1);
      dup2(err, 2);
      close(out[0]);
      close(out[1]);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    p->out_fd_ = out[0];
    if (!p->ReadStartLine()) {
      ADD_FAILURE() << "cordon serve did not start: " << p->start_line_ << "\n" << p->Log();
      return nullptr;
    }
    return p;
  }

  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) close(out_fd_);
  }

  uint16_t port() const { return port_; }
  const std::string& start_line() const { return start_line_; }
  std::string Log() const { return ReadFileBytes(log_path_); }
  pid_t pid() const { return pid_; }

  // The JSON log lines, parsed.
  std::vector<json> LogLines() const {
    std::vector<json> out;
    std::istringstream in(Log());
    for (std::string line; std::getline(in, line);) {
      json j = json::parse(line, nullptr, false);
      if (!j.is_discarded() && j.is_object()) out.push_back(std::move(j));
    }
    return out;
  }

  void Signal(int sig) { kill(pid_, sig); }

  // Waits for the process to exit (up to `limit`), returns its exit code or -1.
  int Wait(std::chrono::seconds limit = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      const pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        if (WIFSIGNALED(status)) {
          ADD_FAILURE() << "cordon serve died of signal " << WTERMSIG(status) << "\n" << Log();
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  ServeProcess() = default;

  bool ReadStartLine() {
    const std::regex url(R"(listening on https?://127\.0\.0\.1:(\d+))");
    std::string buf;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd pfd{out_fd_, POLLIN, 0};
      if (poll(&pfd, 1, 200) <= 0) continue;
      char chunk[512];
      const ssize_t n = read(out_fd_, chunk, sizeof(chunk));
      if (n <= 0) break;  // the process exited
      buf.append(chunk, static_cast<size_t>(n));
      const size_t nl = buf.find('\n');
      if (nl == std::string::npos) continue;
      start_line_ = buf.substr(0, nl);
      std::smatch m;
      if (!std::regex_search(start_line_, m, url)) return false;
      port_ = static_cast<uint16_t>(std::stoi(m[1]));
      return true;
    }
    start_line_ = buf;
    return false;
  }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  uint16_t port_ = 0;
  std::string start_line_;
  std::string log_path_;
};

// ---- clients --------------------------------------------------------------------------------

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool keep_alive = false;
  std::string error;  // transport error, if any
  json Json() const { return json::parse(body, nullptr, false); }
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One keep-alive connection, plain or TLS. Socket timeouts keep a broken server from hanging
// the test.
class Client {
 public:
  explicit Client(uint16_t port, ssl::context* tls = nullptr) {
    tcp::socket socket(ioc_);
    socket.connect({net::ip::make_address("127.0.0.1"), port}, ec_);
    if (ec_) return;
    timeval tv{30, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    local_port_ = socket.local_endpoint().port();
    if (tls != nullptr) {
      tls_.emplace(std::move(socket), *tls);
      tls_->handshake(ssl::stream_base::client, ec_);
    } else {
      plain_.emplace(std::move(socket));
    }
  }

  bool connected() const { return !ec_; }
  std::string error() const { return ec_.message(); }
  uint16_t local_port() const { return local_port_; }

  Reply Send(const std::string& method, const std::string& target, const std::string& body = "",
             const Headers& headers = {}) {
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.keep_alive(true);
    req.prepare_payload();
    return tls_ ? Exchange(*tls_, req) : Exchange(*plain_, req);
  }

 private:
  template <class Stream>
  Reply Exchange(Stream& s, http::request<http::string_body>& req) {
    Reply r;
    beast::error_code ec;
    http::write(s, req, ec);
    if (!ec) {
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 << 20);
      http::read(s, buffer_, parser, ec);
      if (!ec) {
        const auto& res = parser.get();
        r.status = static_cast<int>(res.result_int());
        for (const auto& f : res) {
          std::string name(f.name_string());
          for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          r.headers[name] = std::string(f.value());
        }
        r.body = res.body();
        r.keep_alive = res.keep_alive();
      }
    }
    if (ec) r.error = ec.message();
    return r;
  }

  net::io_context ioc_;
  beast::error_code ec_;
  uint16_t local_port_ = 0;
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
  beast::flat_buffer buffer_;
};

// A raw TCP connection, for clients that misbehave on purpose.
class RawSocket {
 public:
  explicit RawSocket(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  ~RawSocket() {
    if (fd_ >= 0) close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  bool SendAll(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // What the server sends next (waiting up to `limit`), "" if nothing.
  std::string ReadSome(std::chrono::milliseconds limit) {
    pollfd pfd{fd_, POLLIN, 0};
    if (poll(&pfd, 1, static_cast<int>(limit.count())) <= 0) return "";
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  }
  // Everything the server sends until it closes the connection; nullopt if it is still open
  // after `limit`.
  std::optional<std::string> ReadUntilClosed(std::chrono::milliseconds limit) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd pfd{fd_, POLLIN, 0};
      if (poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) return out;  // closed (or reset)
      out.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
};

// The status code and JSON body of a raw HTTP response text.
std::pair<int, json> ParseRawResponse(const std::string& text) {
  int status = 0;
  if (text.rfind("HTTP/1.1 ", 0) == 0) status = std::stoi(text.substr(9, 3));
  const size_t body = text.find("\r\n\r\n");
  json j = body == std::string::npos ? json() : json::parse(text.substr(body + 4), nullptr, false);
  return {status, j};
}

// ---- keys and config ------------------------------------------------------------------------

struct Key {
  std::string key;
  std::string line;
};

// `cordon serve --hash-key NAME ROLES` with stdin empty: a new key on stderr, the line on stdout.
Key MakeKey(const std::string& name, const std::string& roles) {
  CliResult r = RunCordon({"serve", "--hash-key", name, roles});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Key k;
  std::istringstream err(r.err);
  for (std::string line; std::getline(err, line);) {
    if (std::regex_match(line, std::regex("[0-9a-f]{64}"))) k.key = line;
  }
  k.line = r.out.substr(0, r.out.find('\n'));
  EXPECT_THAT(k.line, ::testing::MatchesRegex(name + " [0-9a-f]{64} " + roles));
  return k;
}

Headers Bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

// One shared server for the tests that do not stop or reload it.
class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(FreshTempDir("serve_shared"));
    screen_key_ = new Key(MakeKey("screener", "screen"));
    admin_key_ = new Key(MakeKey("ops", "admin"));
    both_key_ = new Key(MakeKey("all", "screen,admin"));
    WriteFileBytes(*dir_ + "/keys.txt", "# test keys\n" + screen_key_->line + "\n" +
                                            admin_key_->line + "\n" + both_key_->line + "\n");
    // Relative paths in the config are relative to its folder.
    WriteFileBytes(*dir_ + "/cordon.toml",
                   "listen = \"127.0.0.1:0\"\n"
                   "lists = [\"" +
                       kUnList +
                       "\"]\n"
                       "keys_file = \"keys.txt\"\n"
                       "threads = 2\n"
                       "max_batch = 5\n"
                       "max_body_bytes = 65536\n"
                       "read_timeout_ms = 1500\n"
                       "idle_timeout_ms = 3000\n"
                       "watch_interval_s = 0\n"
                       "log_level = \"info\"\n");
    server_ = ServeProcess::Start({"--config", *dir_ + "/cordon.toml"}, *dir_).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete screen_key_;
    delete admin_key_;
    delete both_key_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(server_, nullptr); }

  static Reply Get(const std::string& target, const Headers& h = {}) {
    Client c(server_->port());
    return c.Send("GET", target, "", h);
  }
  static Reply Post(const std::string& target, const std::string& body, const Headers& h) {
    Client c(server_->port());
    return c.Send("POST", target, body, h);
  }

  static std::string* dir_;
  static Key* screen_key_;
  static Key* admin_key_;
  static Key* both_key_;
  static ServeProcess* server_;
};
std::string* ServeTest::dir_ = nullptr;
Key* ServeTest::screen_key_ = nullptr;
Key* ServeTest::admin_key_ = nullptr;
Key* ServeTest::both_key_ = nullptr;
ServeProcess* ServeTest::server_ = nullptr;

// ---- endpoints ------------------------------------------------------------------------------

TEST_F(ServeTest, StartLineNamesUrlListsAndAuth) {
  EXPECT_THAT(server_->start_line(), HasSubstr("un ("));
  EXPECT_THAT(server_->start_line(), HasSubstr("auth: 3 API key(s)"));
}

TEST_F(ServeTest, HealthAndReadinessAreOpen) {
  Reply h = Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.Json()["status"], "ok");
  EXPECT_EQ(h.Header("content-type"), "application/json");
  Reply r = Get("/readyz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["generation"], 1);
  EXPECT_GT(r.Json()["entities"].get<int>(), 700);  // the UN list: 730 people and more entities
}

TEST_F(ServeTest, ScreenFindsTheListedPerson) {
  Reply r = Post("/v1/screen", R"({"name": "Germain Katanga", "schema": "Person"})",
                 Bearer(screen_key_->key));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.Json();
  ASSERT_FALSE(j["hits"].empty()) << r.body;
  EXPECT_EQ(j["hits"][0]["list"], "un");
  EXPECT_THAT(j["hits"][0]["entity_id"].get<std::string>(), HasSubstr("CDi.006"));
  EXPECT_GT(j["hits"][0]["score"].get<double>(), 0.9);
  EXPECT_TRUE(j["hits"][0].contains("explanation"));
  // An unlisted name has no hit.
  Reply none = Post("/v1/screen", R"({"name": "Wilhelmina Oosterhuis-Brandt"})",
                    {{"X-API-Key", both_key_->key}});
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.Json()["hits"].empty()) << none.body;
}

TEST_F(ServeTest, BatchKeepsOrderAndEnforcesTheLimit) {
  Reply r = Post("/v1/screen/batch",
                 R"({"queries": [{"name": "Wilhelmina Oosterhuis-Brandt"},
                                 {"name": "Germain Katanga"}]})",
                 Bearer(screen_key_->key));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.Json();
  ASSERT_EQ(j["results"].size(), 2u);
  EXPECT_TRUE(j["results"][0]["hits"].empty());
  EXPECT_FALSE(j["results"][1]["hits"].empty());
  // max_batch = 5 in the config: six parties -> 422.
  json six = {{"queries", json::array()}};
  for (int i = 0; i < 6; ++i) six["queries"].push_back({{"name", "Germain Katanga"}});
  Reply over = Post("/v1/screen/batch", six.dump(), Bearer(screen_key_->key));
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_EQ(over.Json()["error"]["code"], "too_many_parties");
}

TEST_F(ServeTest, CompareScoresTwoNames) {
  Reply same = Post("/v1/compare", R"({"name1": "Germain Katanga", "name2": "KATANGA Germain"})",
                    Bearer(screen_key_->key));
  Reply other = Post("/v1/compare", R"({"name1": "Germain Katanga", "name2": "Thomas Lubanga"})",
                     Bearer(screen_key_->key));
  ASSERT_EQ(same.status, 200) << same.body;
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_TRUE(same.Json()["match"].get<bool>());
  EXPECT_FALSE(other.Json()["match"].get<bool>());
  EXPECT_GT(same.Json()["score"].get<double>(), other.Json()["score"].get<double>());
}

TEST_F(ServeTest, YenteMatchShape) {
  Reply r = Post("/match/default",
                 R"({"queries": {"q1": {"schema": "Person",
                                        "properties": {"name": ["Germain Katanga"]}}}})",
                 Bearer(screen_key_->key));
  ASSERT_EQ(r.status, 200) << r.body;
  json q1 = r.Json()["responses"]["q1"];
  EXPECT_EQ(q1["status"], 200);
  ASSERT_FALSE(q1["results"].empty()) << r.body;
  EXPECT_TRUE(q1.contains("total"));
}

TEST_F(ServeTest, EntitiesListsMetricsAndOpenApi) {
  Reply e = Get("/v1/entities/un:CDi.006", Bearer(screen_key_->key));
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_THAT(e.body, HasSubstr("KATANGA"));
  Reply missing = Get("/v1/entities/un:NOPE.000", Bearer(screen_key_->key));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Json()["error"]["code"], "entity_not_found");

  Reply lists = Get("/v1/lists", Bearer(admin_key_->key));
  ASSERT_EQ(lists.status, 200) << lists.body;
  ASSERT_EQ(lists.Json()["lists"].size(), 1u);
  EXPECT_EQ(lists.Json()["lists"][0]["list"], "un");
  EXPECT_EQ(lists.Json()["entities"], Get("/readyz").Json()["entities"]);

  Post("/v1/screen", R"({"name": "Germain Katanga"})", Bearer(screen_key_->key));
  Reply m = Get("/metrics", Bearer(screen_key_->key));
  ASSERT_EQ(m.status, 200);
  EXPECT_THAT(m.Header("content-type"), HasSubstr("text/plain"));
  EXPECT_THAT(m.body, HasSubstr("cordon_"));

  Reply o = Get("/openapi.json");
  ASSERT_EQ(o.status, 200);
  EXPECT_EQ(o.Json()["openapi"].get<std::string>().substr(0, 2), "3.");
}

TEST_F(ServeTest, MessagesEndpointScreensARealMessage) {
  const std::string file =
      std::string(CORDON_TESTDATA_DIR) + "/messages/swift_mt/prowide-core/MT101.fin";
  const std::string mt101 = ReadFileBytes(file);
  ASSERT_FALSE(mt101.empty());
  Reply r = Post("/v1/messages", mt101, Bearer(screen_key_->key));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["decision"], "pass") << r.body;
  ASSERT_EQ(r.Json()["messages"].size(), 1u);
  // The same payment to a listed person is held.
  std::string listed = mt101;
  const size_t at = listed.find("CASH CUSTOMER I");
  ASSERT_NE(at, std::string::npos);
  listed.replace(at, std::string("CASH CUSTOMER I").size(), "GERMAIN KATANGA");
  Reply held = Post("/v1/messages?format=swift-mt", listed, Bearer(screen_key_->key));
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(held.Json()["decision"], "hold") << held.body;
  EXPECT_THAT(held.body, HasSubstr("un:CDi.006"));
}

// ---- authentication -------------------------------------------------------------------------

TEST_F(ServeTest, AuthMissingWrongAndRole) {
  const std::string body = R"({"name": "Germain Katanga"})";
  Reply missing = Post("/v1/screen", body, {});
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.Json()["error"]["code"], "unauthorized");
  EXPECT_THAT(missing.Header("www-authenticate"), HasSubstr("Bearer"));
  Reply wrong = Post("/v1/screen", body, Bearer(std::string(64, 'a')));
  EXPECT_EQ(wrong.status, 401);
  // The admin-only key may not screen; the screen-only key may not reload.
  Reply admin_screens = Post("/v1/screen", body, Bearer(admin_key_->key));
  EXPECT_EQ(admin_screens.status, 403);
  EXPECT_EQ(admin_screens.Json()["error"]["code"], "forbidden");
  Reply screener_reloads = Post("/v1/lists/reload", "", Bearer(screen_key_->key));
  EXPECT_EQ(screener_reloads.status, 403);
  EXPECT_EQ(Get("/metrics").status, 401);
  EXPECT_EQ(Get("/v1/lists").status, 401);
  EXPECT_EQ(Get("/v1/entities/un:CDi.006").status, 401);
}

// ---- protocol: request ids, keep-alive, logs --------------------------------------------------

TEST_F(ServeTest, RequestIdIsEchoedOrGenerated) {
  Reply echoed = Get("/healthz", {{"X-Request-Id", "trace-42.a"}});
  EXPECT_EQ(echoed.Header("x-request-id"), "trace-42.a");
  Reply made = Get("/healthz");
  EXPECT_THAT(made.Header("x-request-id"), ::testing::MatchesRegex("[0-9a-f]{16}"));
  // An id with unsafe characters (it goes into logs) is replaced.
  Reply unsafe = Get("/healthz", {{"X-Request-Id", "a b\"c"}});
  EXPECT_THAT(unsafe.Header("x-request-id"), ::testing::MatchesRegex("[0-9a-f]{16}"));
}

TEST_F(ServeTest, KeepAliveReusesOneConnectionAndLogsEachRequest) {
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    const std::string id = "keepalive-" + std::to_string(i);
    Reply r = c.Send("POST", "/v1/screen", R"({"name": "Thomas Lubanga"})",
                     {{"Authorization", "Bearer " + screen_key_->key}, {"X-Request-Id", id}});
    ASSERT_EQ(r.status, 200) << r.error << r.body;
    EXPECT_TRUE(r.keep_alive);
    EXPECT_EQ(r.Header("content-length"), std::to_string(r.body.size()));
    ids.push_back(id);
  }
  // The access log: one line per request, all from the same client port. A line is written
  // just after its response, so the last one may trail the client a little.
  for (int i = 0; i < 100 && server_->Log().find("keepalive-4") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::string remote = "127.0.0.1:" + std::to_string(c.local_port());
  int seen = 0;
  for (const json& line : server_->LogLines()) {
    if (!line.contains("request_id")) continue;
    const std::string id = line["request_id"];
    if (id.rfind("keepalive-", 0) != 0) continue;
    ++seen;
    EXPECT_EQ(line["msg"], "request");
    EXPECT_EQ(line["level"], "info");
    EXPECT_EQ(line["remote"], remote);
    EXPECT_EQ(line["method"], "POST");
    EXPECT_EQ(line["path"], "/v1/screen");
    EXPECT_EQ(line["status"], 200);
    EXPECT_GT(line["bytes"].get<int>(), 0);
    EXPECT_GE(line["duration_ms"].get<double>(), 0);
    EXPECT_TRUE(line.contains("ts"));
  }
  EXPECT_EQ(seen, 5);
}

// ---- bad input --------------------------------------------------------------------------------

TEST_F(ServeTest, BadJsonAndBadFieldsAreJsonErrors) {
  const Headers key = Bearer(screen_key_->key);
  for (const std::string& body :
       {std::string("{\"name\": "), std::string("[1,2]"), std::string("{\"name\": 42}"),
        std::string("{\"schema\": \"Person\"}"), std::string("{\"name\": \"\xC3\x28\"}")}) {
    Reply r = Post("/v1/screen", body, key);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    const json j = r.Json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_TRUE(j["error"]["code"].is_string()) << r.body;
    EXPECT_TRUE(j["error"]["message"].is_string()) << r.body;
    EXPECT_TRUE(j["error"].contains("field")) << r.body;
  }
  EXPECT_EQ(Get("/v1/nothing-here", key).status, 404);
  Reply wrong_method = Get("/v1/screen", key);
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.Header("allow"), "POST");
}

TEST_F(ServeTest, MalformedHttpGets400AndClose) {
  RawSocket s(server_->port());
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s.SendAll("THIS IS NOT HTTP\r\n\r\n"));
  std::optional<std::string> out = s.ReadUntilClosed(std::chrono::seconds(20));
  ASSERT_TRUE(out.has_value()) << "the server kept the connection open";
  auto [status, j] = ParseRawResponse(*out);
  EXPECT_EQ(status, 400) << *out;
  EXPECT_EQ(j["error"]["code"], "bad_request") << *out;
  // A bad Content-Length too.
  RawSocket s2(server_->port());
  ASSERT_TRUE(s2.SendAll("POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"));
  out = s2.ReadUntilClosed(std::chrono::seconds(20));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(ParseRawResponse(*out).first, 400) << *out;
}

TEST_F(ServeTest, OversizedBodyGets413BeforeTheBodyIsSent) {
  // Only the header is sent: the 413 must come without waiting for the 10 MB.
  RawSocket s(server_->port());
  ASSERT_TRUE(s.SendAll("POST /v1/screen HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                        screen_key_->key + "\r\nContent-Length: 10000000\r\n\r\n"));
  std::optional<std::string> out = s.ReadUntilClosed(std::chrono::seconds(20));
  ASSERT_TRUE(out.has_value());
  auto [status, j] = ParseRawResponse(*out);
  EXPECT_EQ(status, 413) << *out;
  EXPECT_EQ(j["error"]["code"], "body_too_large");
  EXPECT_THAT(j["error"]["message"].get<std::string>(), HasSubstr("65536"));
  // A real body just over the limit, through a normal client.
  Reply r = Post("/v1/screen", "{\"name\": \"" + std::string(70000, 'a') + "\"}",
                 Bearer(screen_key_->key));
  EXPECT_EQ(r.status, 413) << r.error;
}

TEST_F(ServeTest, HugeHeaderGets431) {
  RawSocket s(server_->port());
  ASSERT_TRUE(s.SendAll("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Junk: " + std::string(20000, 'j') +
                        "\r\n\r\n"));
  std::optional<std::string> out = s.ReadUntilClosed(std::chrono::seconds(20));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(ParseRawResponse(*out).first, 431) << out->substr(0, 200);
}

TEST_F(ServeTest, SlowClientsAreClosedAndDoNotBlockOthers) {
  // Twenty clients that send half a header and stall (slowloris), more than the two I/O threads.
  std::vector<std::unique_ptr<RawSocket>> slow;
  for (int i = 0; i < 20; ++i) {
    slow.push_back(std::make_unique<RawSocket>(server_->port()));
    ASSERT_TRUE(slow.back()->SendAll("POST /v1/screen HTTP/1.1\r\nHost: x\r\n"));
  }
  // Everyone else is still served while they stall.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Post("/v1/screen", R"({"name": "Germain Katanga"})", Bearer(screen_key_->key)).status,
              200);
  }
  // read_timeout_ms = 1500: each stalled connection is closed (generous bound for a loaded box).
  for (auto& s : slow) {
    EXPECT_TRUE(s->ReadUntilClosed(std::chrono::seconds(30)).has_value());
  }
  // The log line comes just after the close the client saw.
  bool logged = false;
  for (int i = 0; i < 100 && !logged; ++i) {
    for (const json& line : server_->LogLines()) {
      if (line["msg"] == "request read timed out") logged = true;
    }
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(logged);
  // An idle keep-alive connection is closed after idle_timeout_ms = 3000.
  RawSocket idle(server_->port());
  ASSERT_TRUE(idle.SendAll("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::optional<std::string> out = idle.ReadUntilClosed(std::chrono::seconds(30));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(ParseRawResponse(*out).first, 200);
}

TEST_F(ServeTest, ExpectContinueIsAnswered) {
  RawSocket s(server_->port());
  const std::string body = R"({"name": "Germain Katanga"})";
  ASSERT_TRUE(s.SendAll(
      "POST /v1/screen HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Authorization: Bearer " +
      screen_key_->key +
      "\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  // The interim response arrives before the body is sent.
  EXPECT_EQ(s.ReadSome(std::chrono::seconds(20)), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(s.SendAll(body));
  std::optional<std::string> out = s.ReadUntilClosed(std::chrono::seconds(20));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(ParseRawResponse(*out).first, 200) << *out;
}

// ---- configuration and start-up errors --------------------------------------------------------

TEST(ServeConfig, UnknownKeysAndBadValuesNameTheKey) {
  const std::string dir = FreshTempDir("serve_config");
  WriteFileBytes(dir + "/a.toml", "listen = \"127.0.0.1:0\"\nthreshhold = 0.8\n");
  CliResult r = RunCordon({"serve", "--no-auth", "--config", dir + "/a.toml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("a.toml:2: key 'threshhold': unknown key"));
  WriteFileBytes(dir + "/b.toml", "threshold = \"high\"\n");
  r = RunCordon({"serve", "--no-auth", "--config", dir + "/b.toml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("key 'threshold': expected a number"));
  WriteFileBytes(dir + "/c.toml", "threads = -1\n");
  r = RunCordon({"serve", "--no-auth", "--config", dir + "/c.toml"});
  EXPECT_THAT(r.err, HasSubstr("key 'threads': must be between 0 and 1024"));
  WriteFileBytes(dir + "/d.toml", "listen = [1, 2\n");
  r = RunCordon({"serve", "--no-auth", "--config", dir + "/d.toml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("not valid TOML"));
  r = RunCordon({"serve", "--no-auth", "--listen", "localhost"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("expected HOST:PORT"));
}

TEST(ServeConfig, RefusesToStartWithoutKeys) {
  CliResult r = RunCordon({"serve", "--lists", kUnList, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no API keys"));
  EXPECT_THAT(r.err, HasSubstr("--no-auth"));
  const std::string dir = FreshTempDir("serve_badkeys");
  WriteFileBytes(dir + "/keys.txt", "alice notahash screen\n");
  r = RunCordon({"serve", "--keys", dir + "/keys.txt", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("keys.txt:1"));
}

TEST(ServeConfig, HashKeyReadsTheKeyFromStdinOrRejectsBadInput) {
  CliResult bad = RunCordon({"serve", "--hash-key", "alice", "superuser"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("roles"));
  // Two generated keys differ; the line holds the hash, never the key.
  Key a = MakeKey("alice", "screen");
  Key b = MakeKey("alice", "screen");
  EXPECT_NE(a.key, b.key);
  EXPECT_THAT(a.line, ::testing::Not(HasSubstr(a.key)));
}

TEST(ServeNoAuth, WarnsLoudlyAndServesWithoutKeys) {
  const std::string dir = FreshTempDir("serve_noauth");
  auto server = ServeProcess::Start(
      {"--no-auth", "--lists", kUnList, "--listen", "127.0.0.1:0", "--log-level", "warn"}, dir);
  ASSERT_NE(server, nullptr);
  EXPECT_THAT(server->start_line(), HasSubstr("auth: OFF"));
  EXPECT_THAT(server->Log(), HasSubstr("WARNING: authentication is OFF"));
  Client c(server->port());
  EXPECT_EQ(c.Send("POST", "/v1/screen", R"({"name": "Germain Katanga"})").status, 200);
  EXPECT_EQ(c.Send("POST", "/v1/lists/reload").status, 200);
  server->Signal(SIGINT);
  EXPECT_EQ(server->Wait(), 0);
  // log_level = warn: no access log lines.
  EXPECT_THAT(server->Log(), ::testing::Not(HasSubstr("\"msg\":\"request\"")));
}

TEST(ServeLimits, MaxConnectionsClosesTheExtraOnes) {
  const std::string dir = FreshTempDir("serve_maxconn");
  WriteFileBytes(dir + "/cordon.toml", "max_connections = 2\nlog_level = \"warn\"\n");
  auto server = ServeProcess::Start({"--config", dir + "/cordon.toml", "--no-auth", "--lists",
                                     kUnList, "--listen", "127.0.0.1:0"},
                                    dir);
  ASSERT_NE(server, nullptr);
  auto first = std::make_unique<RawSocket>(server->port());
  RawSocket second(server->port());
  ASSERT_TRUE(first->SendAll("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(second.SendAll("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_THAT(first->ReadSome(std::chrono::seconds(20)), HasSubstr("200 OK"));
  EXPECT_THAT(second.ReadSome(std::chrono::seconds(20)), HasSubstr("200 OK"));
  // Both stay open (keep-alive): a third is closed without an answer.
  RawSocket third(server->port());
  ASSERT_TRUE(third.ok());
  third.SendAll("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  std::optional<std::string> out = third.ReadUntilClosed(std::chrono::seconds(20));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, "");
  EXPECT_THAT(server->Log(), HasSubstr("max_connections reached"));
  // Once one leaves, new connections are served again.
  first.reset();
  int status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Client c(server->port());
    status = c.Send("GET", "/healthz").status;
  }
  EXPECT_EQ(status, 200);
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0);
}

// ---- TLS ----------------------------------------------------------------------------------------

// A self-signed certificate for 127.0.0.1 made with the openssl command.
bool MakeCertificate(const std::string& dir) {
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
      dir + "/key.pem' -out '" + dir + "/cert.pem' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

TEST(ServeTls, HttpsOnlyWithAVerifiedCertificate) {
  const std::string dir = FreshTempDir("serve_tls");
  ASSERT_TRUE(MakeCertificate(dir));
  Key k = MakeKey("tls", "screen");
  WriteFileBytes(dir + "/keys.txt", k.line + "\n");
  auto server = ServeProcess::Start(
      {"--lists", kUnList, "--listen", "127.0.0.1:0", "--keys", dir + "/keys.txt", "--tls-cert",
       dir + "/cert.pem", "--tls-key", dir + "/key.pem"},
      dir);
  ASSERT_NE(server, nullptr);
  EXPECT_THAT(server->start_line(), HasSubstr("https://127.0.0.1:"));
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(dir + "/cert.pem");
  ctx.set_verify_mode(ssl::verify_peer);
  Client c(server->port(), &ctx);
  ASSERT_TRUE(c.connected()) << c.error();
  Reply h = c.Send("GET", "/healthz");
  EXPECT_EQ(h.status, 200) << h.error;
  Reply r = c.Send("POST", "/v1/screen", R"({"name": "Germain Katanga"})", Bearer(k.key));
  ASSERT_EQ(r.status, 200) << r.error << r.body;
  EXPECT_FALSE(r.Json()["hits"].empty());
  // Plain HTTP on the HTTPS port gets no HTTP answer.
  RawSocket plain(server->port());
  ASSERT_TRUE(plain.SendAll("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::optional<std::string> out = plain.ReadUntilClosed(std::chrono::seconds(20));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->find("HTTP/1.1 200"), std::string::npos);
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0);
}

TEST(ServeTls, BadCertificateFilesAreStartupErrors) {
  const std::string dir = FreshTempDir("serve_tls_bad");
  ASSERT_TRUE(MakeCertificate(dir));
  WriteFileBytes(dir + "/junk.pem", "not a certificate\n");
  CliResult r = RunCordon({"serve", "--no-auth", "--lists", kUnList, "--listen", "127.0.0.1:0",
                           "--tls-cert", dir + "/junk.pem", "--tls-key", dir + "/key.pem"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("TLS certificate " + dir + "/junk.pem"));
  r = RunCordon({"serve", "--no-auth", "--lists", kUnList, "--listen", "127.0.0.1:0", "--tls-cert",
                 dir + "/cert.pem", "--tls-key", dir + "/missing.pem"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("missing.pem: no such file"));
  r = RunCordon({"serve", "--no-auth", "--lists", kUnList, "--tls-cert", dir + "/cert.pem"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("both"));
}

// ---- shutdown -----------------------------------------------------------------------------------

TEST(ServeShutdown, SigtermLetsTheRequestInFlightFinishAndExitsZero) {
  const std::string dir = FreshTempDir("serve_sigterm");
  auto server =
      ServeProcess::Start({"--no-auth", "--lists", kUnList, "--listen", "127.0.0.1:0"}, dir);
  ASSERT_NE(server, nullptr);
  // A request whose header has arrived and whose body is still coming when SIGTERM lands.
  const std::string body = R"({"name": "Germain Katanga"})";
  RawSocket s(server->port());
  ASSERT_TRUE(s.SendAll("POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server->Signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // The listener is closed: new connections are refused.
  RawSocket late(server->port());
  EXPECT_FALSE(late.ok());
  ASSERT_TRUE(s.SendAll(body.substr(5)));
  std::optional<std::string> out = s.ReadUntilClosed(std::chrono::seconds(20));
  ASSERT_TRUE(out.has_value());
  auto [status, j] = ParseRawResponse(*out);
  EXPECT_EQ(status, 200) << *out;
  EXPECT_FALSE(j["hits"].empty());
  EXPECT_THAT(*out, HasSubstr("Connection: close"));
  EXPECT_EQ(server->Wait(), 0);
  EXPECT_THAT(server->Log(), HasSubstr("\"abandoned_requests\":0"));
}

// ---- reload under load --------------------------------------------------------------------------

// Rewrites `path` atomically (a temp file renamed over it), as list updaters should.
void ReplaceFile(const std::string& path, const std::string& bytes) {
  WriteFileBytes(path + ".tmp", bytes);
  fs::rename(path + ".tmp", path);
}

TEST(ServeReload, UnderLoadNoRequestFailsAndABadListKeepsTheOldOne) {
  const std::string dir = FreshTempDir("serve_reload");
  std::string un_file;
  for (const auto& e : fs::directory_iterator(kUnList)) un_file = e.path().string();
  const std::string original = ReadFileBytes(un_file);
  const std::string served = dir + "/" + fs::path(un_file).filename().string();
  WriteFileBytes(served, original);
  // The same list less its first individual: a good update with one entity fewer.
  const size_t start = original.find("<INDIVIDUAL>");
  const size_t end = original.find("</INDIVIDUAL>", start) + std::string("</INDIVIDUAL>").size();
  ASSERT_NE(start, std::string::npos);
  const std::string smaller = original.substr(0, start) + original.substr(end);
  const std::string broken = original.substr(0, original.size() / 2);

  Key admin = MakeKey("admin", "screen,admin");
  WriteFileBytes(dir + "/keys.txt", admin.line + "\n");
  WriteFileBytes(dir + "/cordon.toml", "watch_interval_s = 1\nlog_level = \"warn\"\n");
  auto server = ServeProcess::Start({"--config", dir + "/cordon.toml", "--lists", served, "--keys",
                                     dir + "/keys.txt", "--listen", "127.0.0.1:0"},
                                    dir);
  ASSERT_NE(server, nullptr);
  const uint16_t port = server->port();
  auto lists = [&] {
    Client c(port);
    return c.Send("GET", "/v1/lists", "", Bearer(admin.key)).Json();
  };
  const int entities = lists()["entities"];

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::string> failures;
  std::mutex failures_mu;
  std::vector<std::thread> clients;
  const char* names[] = {"Germain Katanga", "Thomas Lubanga", "Eric Badege", "Maria Schmidt"};
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      auto c = std::make_unique<Client>(port);
      for (int i = 0; !stop; ++i) {
        const json q = {{"name", names[(t + i) % 4]}};
        Reply r = c->Send("POST", "/v1/screen", q.dump(), Bearer(admin.key));
        if (r.status == 200 && r.Json().contains("hits")) {
          ++ok;
        } else {
          ++failed;
          std::lock_guard<std::mutex> lock(failures_mu);
          failures.push_back(std::to_string(r.status) + " " + r.error + " " + r.body);
          c = std::make_unique<Client>(port);
        }
      }
    });
  }
  auto reload = [&] {
    Client c(port);
    return c.Send("POST", "/v1/lists/reload", "", Bearer(admin.key));
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // A good update, reloaded on request.
  ReplaceFile(served, smaller);
  Reply good = reload();
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.Json()["entities"], entities - 1);
  EXPECT_GE(good.Json()["generation"].get<int>(), 2);
  // A broken file: the reload fails, the old lists keep serving, /v1/lists says why.
  ReplaceFile(served, broken);
  Reply bad = reload();
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Json()["error"]["code"], "reload_failed");
  json after = lists();
  EXPECT_EQ(after["entities"], entities - 1);
  EXPECT_EQ(after["last_reload"]["ok"], false);
  EXPECT_TRUE(after["last_reload"]["error"].is_string()) << after.dump();
  // The file watcher notices the broken file too and logs the failure.
  // Deadlines, not timings: a reload of the UN list under four busy clients takes seconds in a
  // sanitizer build on a loaded machine.
  bool watcher_logged = false;
  for (int i = 0; i < 600 && !watcher_logged; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    watcher_logged = server->Log().find("list reload failed (files changed)") != std::string::npos;
  }
  EXPECT_TRUE(watcher_logged) << server->Log();
  // The original back, picked up by the watcher alone.
  ReplaceFile(served, original);
  bool restored = false;
  for (int i = 0; i < 600 && !restored; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    json l = lists();
    restored = l["entities"] == entities && l["last_reload"]["ok"] == true;
  }
  EXPECT_TRUE(restored) << lists().dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0) << (failures.empty() ? "" : failures.front());
  EXPECT_GT(ok.load(), 20);
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0);
}

// SIGHUP (systemctl reload) reloads the lists as POST /v1/lists/reload does: a changed file is
// served after it, a broken one keeps the old lists, and the server keeps running.
TEST(ServeReload, SighupReloadsTheListsAndABadListKeepsTheOldOne) {
  const std::string dir = FreshTempDir("serve_sighup");
  std::string un_file;
  for (const auto& e : fs::directory_iterator(kUnList)) un_file = e.path().string();
  const std::string original = ReadFileBytes(un_file);
  const std::string served = dir + "/" + fs::path(un_file).filename().string();
  WriteFileBytes(served, original);
  Key admin = MakeKey("admin", "screen,admin");
  WriteFileBytes(dir + "/keys.txt", admin.line + "\n");
  // No file watcher: only the signal reloads.
  WriteFileBytes(dir + "/cordon.toml", "watch_interval_s = 0\n");
  auto server = ServeProcess::Start({"--config", dir + "/cordon.toml", "--lists", served, "--keys",
                                     dir + "/keys.txt", "--listen", "127.0.0.1:0"},
                                    dir);
  ASSERT_NE(server, nullptr);
  auto lists = [&] {
    Client c(server->port());
    return c.Send("GET", "/v1/lists", "", Bearer(admin.key)).Json();
  };
  auto wait_for_log = [&](const std::string& text) {
    for (int i = 0; i < 600; ++i) {
      if (server->Log().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };
  const int entities = lists()["entities"];
  // The list less its first individual.
  const size_t start = original.find("<INDIVIDUAL>");
  const size_t end = original.find("</INDIVIDUAL>", start) + std::string("</INDIVIDUAL>").size();
  ASSERT_NE(start, std::string::npos);
  ReplaceFile(served, original.substr(0, start) + original.substr(end));
  server->Signal(SIGHUP);
  ASSERT_TRUE(wait_for_log("\"msg\":\"lists reloaded (SIGHUP)\"")) << server->Log();
  json after = lists();
  EXPECT_EQ(after["entities"], entities - 1);
  EXPECT_EQ(after["generation"], 2);
  // A broken file: logged, and the lists of generation 2 keep serving.
  ReplaceFile(served, original.substr(0, original.size() / 2));
  server->Signal(SIGHUP);
  ASSERT_TRUE(wait_for_log("list reload failed (SIGHUP); still serving the old lists"))
      << server->Log();
  after = lists();
  EXPECT_EQ(after["entities"], entities - 1);
  EXPECT_EQ(after["generation"], 2);
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0);
}

}  // namespace
}  // namespace cordon::e2e
