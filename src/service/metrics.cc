#include "service/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace cordon::service {

namespace {

using Counter = std::atomic<uint64_t>;

// Label values escaped as the exposition format requires: backslash, quote, newline.
std::string Label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

struct Metrics::Route {
  std::array<Counter, kStatuses.size() + 1> by_status{};  // last: other
  std::array<Counter, kBuckets.size()> buckets{};         // not cumulative; summed on render
  Counter count{0};
  Counter sum_ns{0};
  Counter parties{0};
  Counter hits{0};
};

Metrics::Metrics(std::vector<std::string> routes)
    : names_(std::move(routes)), routes_(new Route[names_.size()]) {}

Metrics::~Metrics() = default;

void Metrics::ObserveRequest(size_t route, int status, std::chrono::nanoseconds latency) {
  if (route >= names_.size()) return;
  Route& r = routes_[route];
  const auto* s = std::find(kStatuses.begin(), kStatuses.end(), status);
  r.by_status[s - kStatuses.begin()].fetch_add(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(latency).count();
  const auto* b = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds);
  if (b != kBuckets.end()) r.buckets[b - kBuckets.begin()].fetch_add(1, std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
  r.sum_ns.fetch_add(static_cast<uint64_t>(std::max<int64_t>(0, latency.count())),
                     std::memory_order_relaxed);
}

void Metrics::AddScreened(size_t route, uint64_t parties, uint64_t hits) {
  if (route >= names_.size()) return;
  routes_[route].parties.fetch_add(parties, std::memory_order_relaxed);
  routes_[route].hits.fetch_add(hits, std::memory_order_relaxed);
}

void Metrics::ObserveReload(bool ok) {
  (ok ? reloads_ok_ : reloads_failed_).fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render(const State* state) const {
  std::string out;
  auto load = [](const Counter& c) { return c.load(std::memory_order_relaxed); };
  out +=
      "# HELP cordon_http_requests_total HTTP requests by route and status.\n"
      "# TYPE cordon_http_requests_total counter\n";
  for (size_t i = 0; i < names_.size(); ++i) {
    for (size_t s = 0; s <= kStatuses.size(); ++s) {
      const uint64_t n = load(routes_[i].by_status[s]);
      if (n == 0) continue;
      const std::string status = s < kStatuses.size() ? std::to_string(kStatuses[s]) : "other";
      out += fmt::format("cordon_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         Label(names_[i]), status, n);
    }
  }
  out +=
      "# HELP cordon_http_request_duration_seconds Time from request to response in the API.\n"
      "# TYPE cordon_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < names_.size(); ++i) {
    const Route& r = routes_[i];
    const uint64_t count = load(r.count);
    if (count == 0) continue;
    const std::string route = Label(names_[i]);
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += load(r.buckets[b]);
      out +=
          fmt::format("cordon_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                      route, kBuckets[b], cumulative);
    }
    out += fmt::format(
        "cordon_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n"
        "cordon_http_request_duration_seconds_sum{{route=\"{}\"}} {:.9f}\n"
        "cordon_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
        route, count, route, static_cast<double>(load(r.sum_ns)) / 1e9, route, count);
  }
  out +=
      "# HELP cordon_screened_parties_total Parties (names) screened, by route.\n"
      "# TYPE cordon_screened_parties_total counter\n";
  std::string hits =
      "# HELP cordon_hits_total Hits returned, by route.\n"
      "# TYPE cordon_hits_total counter\n";
  for (size_t i = 0; i < names_.size(); ++i) {
    const uint64_t parties = load(routes_[i].parties);
    if (parties == 0) continue;
    out += fmt::format("cordon_screened_parties_total{{route=\"{}\"}} {}\n", Label(names_[i]),
                       parties);
    hits += fmt::format("cordon_hits_total{{route=\"{}\"}} {}\n", Label(names_[i]),
                        load(routes_[i].hits));
  }
  out += hits;
  out += fmt::format(
      "# HELP cordon_list_reloads_total List reloads by result.\n"
      "# TYPE cordon_list_reloads_total counter\n"
      "cordon_list_reloads_total{{result=\"ok\"}} {}\n"
      "cordon_list_reloads_total{{result=\"failed\"}} {}\n",
      load(reloads_ok_), load(reloads_failed_));
  if (state == nullptr || state->screener == nullptr) return out;
  out += fmt::format(
      "# HELP cordon_lists_generation Generation of the lists in use (1 at start, +1 a reload).\n"
      "# TYPE cordon_lists_generation gauge\n"
      "cordon_lists_generation {}\n"
      "# HELP cordon_lists_loaded_timestamp_seconds When the lists in use were loaded.\n"
      "# TYPE cordon_lists_loaded_timestamp_seconds gauge\n"
      "cordon_lists_loaded_timestamp_seconds {}\n",
      state->generation,
      std::chrono::duration_cast<std::chrono::seconds>(state->loaded_at.time_since_epoch())
          .count());
  out +=
      "# HELP cordon_list_entities Entities per loaded list, labelled with its version.\n"
      "# TYPE cordon_list_entities gauge\n";
  for (const LoadedList& l : state->screener->lists()) {
    out +=
        fmt::format("cordon_list_entities{{list=\"{}\",published=\"{}\",content_hash=\"{}\"}} {}\n",
                    Label(l.version.list), Label(l.version.published),
                    Label(l.version.content_hash), l.entities.size());
  }
  return out;
}

}  // namespace cordon::service
