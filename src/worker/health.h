// The worker's health and metrics endpoint (`cordon worker --listen HOST:PORT`): a small HTTP/1.1
// responder on one thread, one request a connection, for probes and Prometheus scrapes only.
//   GET /healthz  200 while the process runs (liveness); 503 when the lists are past
//                 --max-list-age (the worker takes no requests), with the cause
//   GET /readyz   200 when connected to NATS with the lists loaded and not too old, else 503
//                 with the cause (readiness)
//   GET /metrics  the worker's counters and consumer lag (Worker::Metrics) and the API's metrics
//                 of the screening itself (per-route latency histograms, list versions)
// No authentication: bind it to loopback or a management network.
//
// Thread safety: the server runs on a thread of its own; the destructor stops it.
#ifndef CORDON_WORKER_HEALTH_H_
#define CORDON_WORKER_HEALTH_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "service/api.h"
#include "worker/worker.h"

namespace cordon::worker {

class HealthServer {
 public:
  // Binds `listen` (HOST:PORT, port 0: any) and starts serving. Fails when the address is taken.
  static absl::StatusOr<std::unique_ptr<HealthServer>> Start(const std::string& listen,
                                                             const Worker* worker,
                                                             service::Api* api);
  ~HealthServer();
  int port() const { return port_; }

 private:
  HealthServer() = default;
  void Serve();
  void Answer(int fd);
  const Worker* worker_ = nullptr;
  service::Api* api_ = nullptr;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace cordon::worker

#endif  // CORDON_WORKER_HEALTH_H_
