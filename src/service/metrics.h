// Prometheus metrics of the API (text exposition format 0.0.4): requests by route and status,
// latency histograms by route, hits returned, list versions and entity counts, reloads.
//
// Thread safety: the Observe/Add methods are lock-free (relaxed atomics) and may be called from
// any thread; Render() reads a consistent-enough view (each counter is read once).
#ifndef CORDON_SERVICE_METRICS_H_
#define CORDON_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "service/api.h"

namespace cordon::service {

class Metrics {
 public:
  // `routes` are the route labels ("POST /v1/screen"); a route is identified by its index.
  explicit Metrics(std::vector<std::string> routes);
  ~Metrics();

  void ObserveRequest(size_t route, int status, std::chrono::nanoseconds latency);
  // Parties screened and hits returned by a request of `route`.
  void AddScreened(size_t route, uint64_t parties, uint64_t hits);
  void ObserveReload(bool ok);

  // The exposition text, with the list gauges of `state` (may be null).
  std::string Render(const State* state) const;

  // The HTTP statuses counted separately; anything else is counted as "other".
  static constexpr std::array<int, 12> kStatuses = {200, 400, 401, 403, 404, 405,
                                                    413, 415, 422, 429, 500, 503};
  // Latency histogram bucket bounds, seconds: the 5 ms target of issue 5 sits in the middle.
  static constexpr std::array<double, 14> kBuckets = {
      0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

 private:
  struct Route;
  std::vector<std::string> names_;
  std::unique_ptr<Route[]> routes_;
  std::atomic<uint64_t> reloads_ok_{0};
  std::atomic<uint64_t> reloads_failed_{0};
};

}  // namespace cordon::service

#endif  // CORDON_SERVICE_METRICS_H_
