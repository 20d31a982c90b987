// The HTTP/1.1 transport of `cordon serve` (Boost.Beast on Boost.Asio, optional TLS with
// OpenSSL): keep-alive connections, a fixed pool of I/O threads, request size and time limits,
// structured JSON access logs, a list-file watcher that calls Api::Reload, a pool of worker
// threads for list reloads and large batches (so they never hold an I/O thread), and graceful
// shutdown (Stop(): stop accepting, let requests in flight finish, then return from Run()).
//
// Thread safety: Stop() and Reload() may be called from any thread or a signal-handling thread.
#ifndef CORDON_SERVICE_SERVER_H_
#define CORDON_SERVICE_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "service/api.h"
#include "service/config.h"

namespace cordon::service {

class Server {
 public:
  // Binds and listens; fails with a clear message when the address is taken or TLS files are bad.
  // Reads listen, threads, workers, max_body_bytes, the timeouts, max_connections, the TLS
  // files, watch_interval_s, log_level and log of `config`.
  static absl::StatusOr<std::unique_ptr<Server>> Create(Api* api, const ServiceConfig& config);
  ~Server();

  uint16_t port() const;  // the bound port
  void Run();             // serves until Stop()
  void Stop();
  // Reloads the lists on a worker thread, as POST /v1/lists/reload does, and logs the outcome
  // ("lists reloaded (<why>)"); returns at once. A bad list keeps the old lists serving. `cordon
  // serve` calls it on SIGHUP (systemctl reload).
  void Reload(std::string_view why);

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::service

#endif  // CORDON_SERVICE_SERVER_H_
