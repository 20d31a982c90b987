// The Boost.Beast transport of `cordon serve` (server.h).
//
// One io_context runs on a fixed pool of threads; every connection is a Session on its own
// strand, so its handlers never run concurrently. Nothing blocks an I/O thread except
// Api::Handle itself (CPU-bound screening), so a slow client costs a socket and a few kilobytes,
// never a thread. A request's life:
//   wait for its first byte (keep-alive idle timeout, or the read timeout on a new connection)
//   -> read the header (read timeout starts; header size limit; Content-Length over the body
//      limit fails here, before any of the body is read -> 413)
//   -> "Expect: 100-continue" is answered -> read the body (same deadline)
//   -> Api::Handle -> write the response (deadline again) -> access log line -> next request.
#include "service/server.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>
#include <type_traits>
#include <vector>

#include "cordon/updates.h"
#include "core/strcat.h"
#include "service/http.h"

namespace cordon::service {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// ServiceConfig as the transport uses it: the address split, counts resolved, durations typed.
struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;             // 0: an ephemeral port, see Server::port()
  unsigned threads = 1;             // I/O threads
  unsigned workers = 1;             // threads for Api::RunsLong requests
  size_t max_body_bytes = 4 << 20;  // larger declared bodies -> 413 before the body is read
  std::chrono::milliseconds read_timeout{10000};   // a whole request, headers and body
  std::chrono::milliseconds idle_timeout{60000};   // keep-alive between requests
  std::chrono::milliseconds drain_timeout{10000};  // Stop(): longest wait for requests in flight
  size_t max_connections = 10000;                  // more are accepted and closed at once (logged)
  std::string tls_cert_file;                       // both set: HTTPS only
  std::string tls_key_file;
  std::chrono::seconds watch_interval{5};  // list-file polling; 0 disables the watcher
  // List updates: the sources file fetched into the store every fetch_interval ("" = off).
  std::string fetch_sources;
  std::chrono::seconds fetch_interval{3600};
  std::string webhook_url;
  std::string log_level = "info";  // "debug", "info", "warn", "error"
  // Where log lines (one JSON object each) go; default stderr.
  std::function<void(const std::string&)> log;
};

absl::StatusOr<ServerOptions> Resolve(const ServiceConfig& c) {
  if (absl::Status s = CheckServiceConfig(c); !s.ok()) return s;
  ServerOptions o;
  if (absl::Status s = ParseListen(c.listen, &o.address, &o.port); !s.ok()) return s;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  o.threads = c.threads == 0 ? cores : static_cast<unsigned>(c.threads);
  o.workers = c.workers == 0 ? cores : static_cast<unsigned>(c.workers);
  o.max_body_bytes = static_cast<size_t>(c.max_body_bytes);
  o.read_timeout = std::chrono::milliseconds(c.read_timeout_ms);
  o.idle_timeout = std::chrono::milliseconds(c.idle_timeout_ms);
  o.drain_timeout = std::chrono::milliseconds(c.drain_timeout_ms);
  o.max_connections = static_cast<size_t>(c.max_connections);
  o.tls_cert_file = c.tls_cert;
  o.tls_key_file = c.tls_key;
  o.watch_interval = std::chrono::seconds(c.watch_interval_s);
  o.fetch_sources = c.fetch_sources;
  o.fetch_interval = std::chrono::seconds(c.fetch_interval_s);
  o.webhook_url = c.webhook_url;
  o.log_level = c.log_level;
  o.log = c.log;
  return o;
}

// Request header block limit (request line and all fields). 16 KiB is what nginx allows by
// default for large header buffers; API clients send a few hundred bytes.
constexpr uint32_t kHeaderLimit = 16 * 1024;
// After an error response that closes the connection, unread request bytes are drained for at
// most this long (and this many bytes) so that closing does not reset the connection before the
// client has read the response ("lingering close", as in nginx and Apache).
constexpr auto kLingerTime = std::chrono::seconds(1);
constexpr size_t kLingerBytes = 1 << 20;
constexpr size_t kReadChunk = 4096;
// A request id is echoed only if it is short and made of safe characters (it goes into logs).
constexpr size_t kMaxRequestIdLength = 128;

int LevelRank(std::string_view level) {
  if (level == "debug") return 0;
  if (level == "info") return 1;
  if (level == "warn") return 2;
  if (level == "error") return 3;
  return -1;
}

std::string UtcNow() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

// Structured logger: one JSON object per line, filtered by level.
class Logger {
 public:
  Logger(std::string_view level, std::function<void(const std::string&)> sink)
      : min_rank_(std::max(LevelRank(level), 0)), sink_(std::move(sink)) {}

  bool Enabled(std::string_view level) const { return LevelRank(level) >= min_rank_; }

  // `fields` is a JSON object; ts, level and msg are put first.
  void Log(std::string_view level, std::string_view msg,
           const nlohmann::ordered_json& fields = nlohmann::ordered_json::object()) {
    if (!Enabled(level)) return;
    nlohmann::ordered_json line = {{"ts", UtcNow()}, {"level", level}, {"msg", msg}};
    for (const auto& [k, v] : fields.items()) line[k] = v;
    std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
    if (sink_) {
      sink_(text);
      return;
    }
    text += '\n';
    std::lock_guard<std::mutex> lock(mu_);
    std::cerr << text << std::flush;
  }

 private:
  int min_rank_;
  std::function<void(const std::string&)> sink_;
  std::mutex mu_;
};

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

bool SafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
}

// Beast 1.74 speaks boost::string_view.
std::string_view Sv(beast::string_view s) { return {s.data(), s.size()}; }

std::string PathOf(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

// The part of a session the server sees: at shutdown, every connection still open is closed
// while the I/O threads still run, so that no session dies inside the io_context's destructor.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void Shutdown() = 0;  // any thread
};

// What every session shares with the server.
struct Shared {
  Api* api = nullptr;
  ServerOptions options;
  net::thread_pool* workers = nullptr;  // for Api::RunsLong requests
  Logger* log = nullptr;
  std::atomic<size_t> connections{0};
  std::atomic<size_t> in_flight{0};  // requests whose header has been read and not yet answered
  std::atomic<bool> stopping{false};
  std::mutex sessions_mu;
  std::list<std::weak_ptr<SessionBase>> sessions;  // guarded by sessions_mu
};

// One connection. Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  Session(Shared& shared, tcp::socket&& socket, ssl::context* tls)
      : shared_(shared), stream_(MakeStream(std::move(socket), tls)) {
    beast::error_code ec;
    const auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) remote_ = StrCat(ep.address().to_string(), ":", ep.port());
    ++shared_.connections;
  }
  ~Session() override {
    {
      std::lock_guard<std::mutex> lock(shared_.sessions_mu);
      if (registered_) shared_.sessions.erase(registration_);
    }
    --shared_.connections;
  }

  void Shutdown() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->Abandon(); });
  }

  void Start() {
    {
      std::lock_guard<std::mutex> lock(shared_.sessions_mu);
      registration_ = shared_.sessions.insert(shared_.sessions.end(), this->weak_from_this());
      registered_ = true;
    }
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Lowest().expires_after(self->shared_.options.read_timeout);
        self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) {
            self->shared_.log->Log("debug", "tls handshake failed",
                                   {{"remote", self->remote_}, {"error", ec.message()}});
            return;  // the socket closes with the session
          }
          self->ReadRequest(true);
        });
      } else {
        self->ReadRequest(true);
      }
    });
  }

 private:
  static Stream MakeStream(tcp::socket&& socket, ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      (void)tls;
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }
  const ServerOptions& Opt() const { return shared_.options; }

  void ReadRequest(bool first) {
    parser_.emplace();
    parser_->body_limit(Opt().max_body_bytes);
    parser_->header_limit(kHeaderLimit);
    request_id_.clear();
    method_.clear();
    path_.clear();
    if (first || buffer_.size() > 0) {
      started_ = Clock::now();
      Lowest().expires_after(Opt().read_timeout);
      ReadHeader();
      return;
    }
    // Keep-alive: wait for the next request's first byte, then give the whole request the read
    // timeout.
    Lowest().expires_after(Opt().idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec)
                                return self->Close(false);  // idle timeout or the client went away
                              self->buffer_.commit(n);
                              self->started_ = Clock::now();
                              self->Lowest().expires_after(self->Opt().read_timeout);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    counted_ = true;
    ++shared_.in_flight;
    const auto& req = parser_->get();
    method_ = std::string(req.method_string());
    path_ = PathOf(Sv(req.target()));
    if (parser_->is_done()) return OnRequest();
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = this->shared_from_this()](beast::error_code wec, size_t) {
                         if (wec) return self->Abandon();
                         self->ReadBody();
                       });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->OnReadError(ec);
                       self->OnRequest();
                     });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return WriteError(
          ApiError(ApiErrorCode::kBodyTooLarge,
                   StrCat("request body exceeds the limit of ", Opt().max_body_bytes, " bytes")));
    }
    if (ec == http::error::header_limit) {
      return WriteError(
          ApiError(ApiErrorCode::kHeadersTooLarge,
                   StrCat("request header exceeds the limit of ", kHeaderLimit, " bytes")));
    }
    if (ec == beast::error::timeout) {
      // The stream closed the socket at the deadline: nothing can be written any more.
      shared_.log->Log("warn", "request read timed out",
                       {{"remote", remote_},
                        {"method", method_},
                        {"path", path_},
                        {"received_bytes", buffer_.size()}});
      return Abandon();
    }
    if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return WriteError(
          ApiError(ApiErrorCode::kBadRequest, StrCat("malformed HTTP request: ", ec.message())));
    }
    // The client closed or reset the connection, or the TLS layer failed.
    shared_.log->Log("debug", "connection closed", {{"remote", remote_}, {"error", ec.message()}});
    Abandon();
  }

  void OnRequest() {
    auto& req = parser_->get();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.remote = remote_;
    for (const auto& field : req) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
      if (!inserted) it->second = StrCat(it->second, ", ", Sv(field.value()));
    }
    auto rid = request.headers.find("x-request-id");
    if (rid != request.headers.end() && SafeRequestId(rid->second)) {
      request_id_ = rid->second;
    } else {
      request_id_ = NewRequestId();
      request.headers["x-request-id"] = request_id_;
    }
    request.body = std::move(req.body());
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();
    if (!shared_.api->RunsLong(request)) {
      Send(Handle(request), keep_alive && !shared_.stopping, version);
      return;
    }
    // On a worker thread, so that this I/O thread goes on serving its other connections; the
    // response is written back on the session's strand. No timeout runs meanwhile: the read
    // timeout is for the client, and Send starts the write's.
    Lowest().expires_never();
    net::post(*shared_.workers, [self = this->shared_from_this(), request = std::move(request),
                                 keep_alive, version]() {
      HttpResponse response = self->Handle(request);
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response), keep_alive, version]() mutable {
                  self->Send(std::move(response), keep_alive && !self->shared_.stopping, version);
                });
    });
  }

  HttpResponse Handle(const HttpRequest& request) {
    try {
      return shared_.api->Handle(request);
    } catch (const std::exception& e) {
      shared_.log->Log("error", "request handler failed",
                       {{"request_id", request_id_}, {"error", e.what()}});
      return StatusResponse(ApiError(ApiErrorCode::kInternal, "internal error"));
    }
  }

  void WriteError(const absl::Status& error) {
    if (request_id_.empty()) request_id_ = NewRequestId();
    Send(StatusResponse(error), false, 11);
  }

  void Send(HttpResponse response, bool keep_alive, unsigned version) {
    response_ = {};
    response_.version(version);
    response_.result(static_cast<unsigned>(response.status));
    response_.set(http::field::server, "cordon");
    response_.set(http::field::content_type, response.content_type);
    bool has_id = false;
    for (const auto& [name, value] : response.headers) {
      if (beast::iequals(name, "x-request-id")) has_id = true;
      response_.set(name, value);
    }
    if (!has_id) response_.set("X-Request-Id", request_id_);
    response_.body() = std::move(response.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    status_ = response.status;
    Lowest().expires_after(Opt().read_timeout);
    http::async_write(stream_, response_,
                      [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                        self->OnWrite(ec, n);
                      });
  }

  void OnWrite(beast::error_code ec, size_t bytes) {
    LogAccess(ec ? 0 : bytes);
    EndRequest();
    if (ec) return Abandon();
    if (!response_.keep_alive() || shared_.stopping) return Close(true);
    ReadRequest(false);
  }

  void LogAccess(size_t bytes) {
    if (!shared_.log->Enabled("info")) return;
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    shared_.log->Log("info", "request",
                     {{"remote", remote_},
                      {"method", method_},
                      {"path", path_},
                      {"status", status_},
                      {"bytes", bytes},
                      {"duration_ms", std::round(ms * 1000) / 1000},
                      {"request_id", request_id_}});
  }

  void EndRequest() {
    if (counted_) --shared_.in_flight;
    counted_ = false;
  }

  // Drops the connection without a goodbye (errors, timeouts, shutdown); cancels its timer and
  // pending operations.
  void Abandon() {
    EndRequest();
    Lowest().close();
  }

  // Ends the connection after a complete response. `linger`: drain what the client still
  // sends for a moment, so the response is not lost to a reset.
  void Close(bool linger) {
    EndRequest();
    if constexpr (kTls) {
      if (!linger) return Abandon();
      Lowest().expires_after(kLingerTime);
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->Abandon(); });
    } else {
      beast::error_code ec;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      if (!linger || ec) return Abandon();
      Lowest().expires_after(kLingerTime);
      Linger();
    }
  }

  void Linger() {
    linger_buffer_.resize(kReadChunk);
    Lowest().async_read_some(net::buffer(linger_buffer_),
                             [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                               self->lingered_ += n;
                               if (ec || self->lingered_ > kLingerBytes) return self->Abandon();
                               self->Linger();
                             });
  }

  Shared& shared_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  std::string remote_;
  std::string request_id_;
  std::string method_;
  std::string path_;
  int status_ = 0;
  bool counted_ = false;
  Clock::time_point started_;
  std::vector<char> linger_buffer_;
  size_t lingered_ = 0;
  std::list<std::weak_ptr<SessionBase>>::iterator registration_;
  bool registered_ = false;
};

absl::StatusOr<std::unique_ptr<ssl::context>> MakeTlsContext(const ServerOptions& o) {
  for (const auto& [what, path] :
       {std::pair{"TLS certificate", o.tls_cert_file}, std::pair{"TLS key", o.tls_key_file}}) {
    std::error_code fec;
    if (!std::filesystem::is_regular_file(path, fec)) {
      return absl::InvalidArgumentError(StrCat(what, " ", path, ": no such file"));
    }
  }
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  beast::error_code ec;
  ctx->use_certificate_chain_file(o.tls_cert_file, ec);
  if (ec) {
    return absl::InvalidArgumentError(StrCat("TLS certificate ", o.tls_cert_file,
                                             ": not a PEM certificate (", ec.message(), ")"));
  }
  ctx->use_private_key_file(o.tls_key_file, ssl::context::pem, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        StrCat("TLS key ", o.tls_key_file, ": not a PEM private key (", ec.message(), ")"));
  }
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    return absl::InvalidArgumentError(
        StrCat("TLS key ", o.tls_key_file, " does not match the certificate ", o.tls_cert_file));
  }
  return ctx;
}

}  // namespace

struct Server::Impl {
  Shared shared;
  std::unique_ptr<Logger> log;
  std::unique_ptr<ssl::context> tls;  // declared before the io_context: outlives the sessions
  std::unique_ptr<net::io_context> ioc;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<net::steady_timer> retry_timer;
  uint16_t port = 0;
  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;  // guarded by mu
  // Api::ListsModified when the lists in use were loaded; guarded by mu. The watcher reloads
  // when it changes; a reload after a fetch sets it, so the watcher does not reload again.
  std::chrono::system_clock::time_point watched{};

  void Accept() {
    acceptor->async_accept(net::make_strand(*ioc), [this](beast::error_code ec, tcp::socket s) {
      OnAccept(ec, std::move(s));
    });
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (shared.stopping || !acceptor->is_open()) return;
    if (ec) {
      // Out of file descriptors and the like: log, wait a little, try again.
      log->Log("error", "accept failed", {{"error", ec.message()}});
      retry_timer->expires_after(std::chrono::milliseconds(100));
      retry_timer->async_wait([this](beast::error_code) {
        if (!shared.stopping) Accept();
      });
      return;
    }
    if (shared.connections >= shared.options.max_connections) {
      log->Log("warn", "connection refused: max_connections reached",
               {{"max_connections", shared.options.max_connections}});
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      if (tls) {
        std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(shared, std::move(socket),
                                                                        tls.get())
            ->Start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(shared, std::move(socket), nullptr)->Start();
      }
    }
    Accept();
  }

  void FetchLoop();
  void FetchOnce();

  // Polls Api::ListsModified and reloads when the list files change.
  void Watch() {
    std::unique_lock<std::mutex> lock(mu);
    while (!cv.wait_for(lock, shared.options.watch_interval, [this] { return stop_requested; })) {
      const auto last = watched;
      lock.unlock();
      const auto modified = shared.api->ListsModified();
      if (modified != last) {
        {
          std::lock_guard<std::mutex> guard(mu);
          watched = modified;
        }
        ReloadNow("files changed");
      }
      lock.lock();
    }
  }

  // Reloads the lists and logs the outcome; `why` names the trigger in the log message.
  void ReloadNow(const std::string& why) {
    const auto start = Clock::now();
    const absl::Status s = shared.api->Reload();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (s.ok()) {
      log->Log("info", StrCat("lists reloaded (", why, ")"),
               {{"generation", shared.api->state()->generation}, {"duration_ms", ms}});
    } else {
      log->Log("error", StrCat("list reload failed (", why, "); still serving the old lists"),
               {{"error", std::string(s.message())}});
    }
  }
};

void Server::Impl::FetchLoop() {
  std::unique_lock<std::mutex> lock(mu);
  do {
    lock.unlock();
    FetchOnce();
    lock.lock();
  } while (!cv.wait_for(lock, shared.options.fetch_interval, [this] { return stop_requested; }));
}

// One round: every source of the sources file (reread, so that edits apply), a reload when one
// has a new version (built off the request path, then swapped: Api::Reload), and a webhook
// notice per new version, refusal and failure.
void Server::Impl::FetchOnce() {
  const ServerOptions& o = shared.options;
  absl::StatusOr<SourcesFile> sources = ReadSourcesFile(o.fetch_sources);
  if (!sources.ok()) {
    log->Log("error", "list fetch: bad sources file",
             {{"error", std::string(sources.status().message())}});
    return;
  }
  absl::StatusOr<Store> store = Store::Open(shared.api->StorePath());
  if (!store.ok()) {
    log->Log("error", "list fetch: store", {{"error", std::string(store.status().message())}});
    return;
  }
  std::vector<FetchResult> results;
  bool fresh = false;
  for (const SourceSpec& s : sources->sources) {
    if (shared.stopping) return;
    FetchResult r = FetchSource(s, sources->fetch, *store);
    const bool bad = r.outcome == FetchOutcome::kRefused || r.outcome == FetchOutcome::kFailed;
    log->Log(bad ? "warn" : "info", StrCat("list fetch: ", FetchOutcomeName(r.outcome)),
             {{"source", r.source}, {"version", r.version}, {"reason", r.reason}});
    fresh = fresh || r.outcome == FetchOutcome::kNew;
    results.push_back(std::move(r));
  }
  uint64_t generation = shared.api->state()->generation;
  if (fresh) {
    {
      // Before the reload, so that the watcher polling during it does not reload again.
      std::lock_guard<std::mutex> guard(mu);
      watched = shared.api->ListsModified();
    }
    const auto start = Clock::now();
    const absl::Status s = shared.api->Reload();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (s.ok()) {
      generation = shared.api->state()->generation;
      log->Log("info", "lists reloaded (new version fetched)",
               {{"generation", generation}, {"duration_ms", ms}});
    } else {
      log->Log("error", "list reload failed after a fetch; still serving the old lists",
               {{"error", std::string(s.message())}});
    }
  }
  if (o.webhook_url.empty()) return;
  for (const FetchResult& r : results) {
    if (r.outcome == FetchOutcome::kUnchanged) continue;
    nlohmann::ordered_json notice = {
        {"event", r.outcome == FetchOutcome::kNew ? std::string("new_version")
                                                  : std::string(FetchOutcomeName(r.outcome))},
        {"source", r.source},
        {"version", r.version},
        {"previous", r.previous},
        {"reason", r.reason},
        {"entities", r.entities},
        {"skipped", r.skipped},
        {"serving_generation", generation},
        {"at", UtcNow()}};
    if (absl::Status s = PostJson(o.webhook_url, notice.dump(), sources->fetch); !s.ok()) {
      log->Log("warn", "webhook notice not delivered",
               {{"source", r.source}, {"error", std::string(s.message())}});
    }
  }
}

absl::StatusOr<std::unique_ptr<Server>> Server::Create(Api* api, const ServiceConfig& config) {
  if (api == nullptr) return absl::InvalidArgumentError("server: no API");
  if (!config.fetch_sources.empty() && api->StorePath().empty()) {
    return absl::InvalidArgumentError(
        "fetch_sources: --lists must name a list store to fetch into (a folder cordon lists "
        "fetch made; docs/lists.md)");
  }
  absl::StatusOr<ServerOptions> resolved = Resolve(config);
  if (!resolved.ok()) return resolved.status();
  ServerOptions& options = *resolved;
  auto impl = std::make_unique<Impl>();
  impl->log = std::make_unique<Logger>(options.log_level, options.log);
  impl->shared.api = api;
  impl->shared.log = impl->log.get();
  if (!options.tls_cert_file.empty()) {
    auto tls = MakeTlsContext(options);
    if (!tls.ok()) return tls.status();
    impl->tls = std::move(*tls);
  }
  impl->ioc = std::make_unique<net::io_context>(static_cast<int>(options.threads));
  const std::string where = StrCat(options.address, ":", options.port);
  beast::error_code ec;
  tcp::resolver resolver(*impl->ioc);
  const auto endpoints =
      resolver.resolve(options.address, std::to_string(options.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return absl::InvalidArgumentError(
        StrCat("cannot listen on ", where, ": bad address (", ec.message(), ")"));
  }
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  // The acceptor lives on its own strand: Stop() closes it from another thread.
  impl->acceptor = std::make_unique<tcp::acceptor>(net::make_strand(*impl->ioc));
  impl->acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor->bind(endpoint, ec);
  if (!ec) impl->acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) return absl::UnavailableError(StrCat("cannot listen on ", where, ": ", ec.message()));
  impl->port = impl->acceptor->local_endpoint().port();
  impl->retry_timer = std::make_unique<net::steady_timer>(impl->acceptor->get_executor());
  impl->shared.options = std::move(options);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  Stop();
  // Sessions still queued in the io_context are destroyed with it, before the TLS context.
  impl_->acceptor.reset();
  impl_->retry_timer.reset();
  impl_->ioc.reset();
}

uint16_t Server::port() const { return impl_->port; }

void Server::Run() {
  Impl& m = *impl_;
  const ServerOptions& o = m.shared.options;
  net::thread_pool workers(o.workers);
  {
    std::lock_guard<std::mutex> lock(m.mu);  // Reload() reads it under the lock
    m.shared.workers = &workers;
  }
  m.Accept();
  std::vector<std::thread> threads;
  threads.reserve(o.threads);
  for (unsigned i = 0; i < o.threads; ++i) threads.emplace_back([&m] { m.ioc->run(); });
  std::thread watcher;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    m.watched = m.shared.api->ListsModified();
  }
  if (o.watch_interval.count() > 0) watcher = std::thread([&m] { m.Watch(); });
  std::thread fetcher;
  if (!o.fetch_sources.empty()) fetcher = std::thread([&m] { m.FetchLoop(); });
  m.log->Log("info", "listening",
             {{"address", o.address},
              {"port", m.port},
              {"tls", m.tls != nullptr},
              {"threads", o.threads},
              {"workers", o.workers}});
  {
    std::unique_lock<std::mutex> lock(m.mu);
    m.cv.wait(lock, [&m] { return m.stop_requested; });
  }
  // Drain: the acceptor is closed (Stop); requests in flight finish, each closing its
  // connection. Idle keep-alive connections are dropped with the io_context.
  const auto deadline = Clock::now() + o.drain_timeout;
  while (m.shared.in_flight > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const size_t abandoned = m.shared.in_flight;
  // Close the connections still open (idle keep-alive ones, and any request past the deadline),
  // then wait for their sessions to end on the I/O threads.
  std::vector<std::shared_ptr<SessionBase>> open;
  {
    std::lock_guard<std::mutex> lock(m.shared.sessions_mu);
    for (const auto& w : m.shared.sessions) {
      if (auto s = w.lock()) open.push_back(std::move(s));
    }
  }
  for (const auto& s : open) s->Shutdown();
  open.clear();
  const auto close_deadline = Clock::now() + std::chrono::seconds(2);
  while (m.shared.connections > 0 && Clock::now() < close_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Requests still on a worker finish there (their responses go nowhere once the I/O threads
  // stop); then the I/O threads stop.
  workers.join();
  m.ioc->stop();
  for (std::thread& t : threads) t.join();
  if (watcher.joinable()) watcher.join();
  if (fetcher.joinable()) fetcher.join();
  m.log->Log(abandoned ? "warn" : "info", "stopped", {{"abandoned_requests", abandoned}});
}

void Server::Reload(std::string_view why) {
  Impl& m = *impl_;
  // Under the lock: a reload posted before Stop() runs before Run() joins the workers, and none
  // is posted after.
  std::lock_guard<std::mutex> lock(m.mu);
  if (m.stop_requested || m.shared.workers == nullptr) {
    m.log->Log("warn", StrCat("list reload (", why, ") not started: the server is not serving"));
    return;
  }
  net::post(*m.shared.workers, [&m, why = std::string(why)] { m.ReloadNow(why); });
}

void Server::Stop() {
  Impl& m = *impl_;
  // Everything happens under the lock, the notification included: Run() can only return (and
  // the Server be destroyed by its owner) after this thread has stopped touching it.
  std::lock_guard<std::mutex> lock(m.mu);
  if (m.stop_requested) return;
  m.stop_requested = true;
  m.shared.stopping = true;
  net::post(m.acceptor->get_executor(), [&m] {
    beast::error_code ec;
    m.acceptor->close(ec);
    m.retry_timer->cancel();
  });
  m.cv.notify_all();
}

}  // namespace cordon::service
