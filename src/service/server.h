// The HTTP/1.1 transport of `cordon serve` (Boost.Beast on Boost.Asio, optional TLS with
// OpenSSL): keep-alive connections, a fixed pool of I/O threads, request size and time limits,
// structured JSON access logs, a list-file watcher that calls Api::Reload, and graceful shutdown
// (Stop(): stop accepting, let requests in flight finish, then return from Run()).
//
// Thread safety: Stop() may be called from any thread or a signal-handling thread.
#ifndef CORDON_SERVICE_SERVER_H_
#define CORDON_SERVICE_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "service/api.h"

namespace cordon::service {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;             // 0: an ephemeral port, see Server::port()
  unsigned threads = 0;             // 0: all cores
  size_t max_body_bytes = 4 << 20;  // larger declared bodies -> 413 before the body is read
  std::chrono::milliseconds read_timeout{10000};   // a whole request, headers and body
  std::chrono::milliseconds idle_timeout{60000};   // keep-alive between requests
  std::chrono::milliseconds drain_timeout{10000};  // Stop(): longest wait for requests in flight
  size_t max_connections = 10000;                  // more are accepted and closed at once (logged)
  std::string tls_cert_file;                       // both set: HTTPS only
  std::string tls_key_file;
  std::chrono::seconds watch_interval{5};  // list-file polling; 0 disables the watcher
  std::string log_level = "info";          // "debug", "info", "warn", "error"
  // Where log lines (one JSON object each) go; default stderr.
  std::function<void(const std::string&)> log;
};

class Server {
 public:
  // Binds and listens; fails with a clear message when the address is taken or TLS files are bad.
  static absl::StatusOr<std::unique_ptr<Server>> Create(Api* api, ServerOptions options);
  ~Server();

  uint16_t port() const;  // the bound port
  void Run();             // serves until Stop()
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::service

#endif  // CORDON_SERVICE_SERVER_H_
