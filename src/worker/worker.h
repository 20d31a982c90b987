// `cordon worker`: screening requests from a NATS JetStream work queue (docs/scale-out.md).
//
// Each lane (thread) pulls from the durable consumer `cordon-workers` with a long-poll pull
// request of its own (Puller, jetstream.h; the requests in hand are kept alive with +WPI by a
// keep-alive thread while the lane works through them), screens every
// request with the HTTP API's own handlers (service::Api::Handle on POST /v1/screen or
// /v1/messages, so a request screens exactly as over HTTP), publishes each result to the
// request's results subject with the request id as Nats-Msg-Id, and acknowledges the request
// only once JetStream has stored its result (and its dead letter, for a poison request). A
// worker that dies before the acknowledgement leaves the request to be redelivered after
// ack_wait; the second result is dropped by the results stream's de-duplication.
//
// With a case store (WorkerOptions::db), a party request with hits (a hold) is recorded as alerts
// (CaseStore::RecordRequest), and a message request's held messages as message alerts
// (CaseStore::RecordMessages, as `cordon message --db` and POST /v1/messages), with the key
// "nats:<request id>" before its result is published: a redelivered request finds its key
// recorded and raises no second alert, and a request whose record fails (the database
// unreachable) is nak'ed and retried, never acknowledged.
//
// Poison requests (no request id, an unknown subject, a bad results subject, a request the API
// refuses with a 4xx status, or one delivered max_deliver times without an acknowledgement) get
// an error result and a copy in the dead-letter stream with the reason (Cordon-Reason), and are
// acknowledged. A request the API cannot serve now (5xx: lists not loaded) is nak'ed and retried.
//
//   auto w = Worker::Create(api.get(), WorkerOptions{.nats_url = "nats://127.0.0.1:4222"});
//   std::thread t([&] { (*w)->Run(); });
//   ... (*w)->Stop();   // SIGTERM: finish and acknowledge the batches in hand, take nothing new
//   t.join();
//
// Thread safety: Stop() and stats() may be called from any thread; Run() from one.
#ifndef CORDON_WORKER_WORKER_H_
#define CORDON_WORKER_WORKER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "service/api.h"
#include "worker/jetstream.h"

namespace cordon::worker {

struct WorkerOptions {
  std::string nats_url = "nats://127.0.0.1:4222";
  std::string name;  // in results, dead letters and NATS' connection list; "": host:pid
  int lanes = 1;     // threads pulling and screening, each with its own batches
  int batch = 64;    // requests pulled at once per lane (batch requests: ~32 x batch parties)
  // The case store for holds and alerts ("postgresql://..." shared by every worker, or a SQLite
  // file for one node); "": none. Each lane opens its own connection.
  std::string db;
  // The lists are never older than this: past it the lanes pull nothing (requests wait in the
  // stream for a worker with fresh lists) and ListsStale() says why, until lists_as_of moves.
  // 0: no limit.
  int64_t max_list_age_ms = 0;
  // When the lists in use were last known current (--follow-lists: the publication of the
  // snapshot in use, refreshed by each `cordon lists publish` of it; else the list files' time
  // when loaded). Required with max_list_age_ms; called at most once a second.
  std::function<std::chrono::system_clock::time_point()> lists_as_of;
  StreamOptions streams;
  ConsumerOptions consumer;
  int64_t connect_timeout_ms = 30000;
  std::function<void(const std::string&)> log;  // default: stderr
};

// Counters since start (also on /metrics as cordon_worker_*).
struct WorkerStats {
  uint64_t requests = 0;          // requests taken from the stream (deliveries)
  uint64_t redeliveries = 0;      // of which delivered before (the consumer's delivery count > 1)
  uint64_t results = 0;           // results stored (duplicates included)
  uint64_t duplicates = 0;        // results JetStream dropped as already stored
  uint64_t dead_letters = 0;      // poison requests sent to the dead-letter stream
  uint64_t naks = 0;              // requests handed back for a retry (the API could not serve them)
  uint64_t publish_failures = 0;  // results not confirmed: the request is left to redelivery
  uint64_t acks = 0;
  uint64_t holds = 0;                  // requests with hits (held messages) recorded
  uint64_t alerts = 0;                 // alerts they raised
  uint64_t holds_recorded_before = 0;  // redelivered requests whose record was already stored
  uint64_t store_failures = 0;         // records that failed (the request was nak'ed)
  uint64_t stale_naks = 0;             // requests handed back because the lists grew too old
};

class Worker {
 public:
  // Connects, creates the streams and the consumer when missing, and subscribes each lane.
  // `api` must outlive the Worker.
  static absl::StatusOr<std::unique_ptr<Worker>> Create(service::Api* api, WorkerOptions options);
  ~Worker();

  // Runs the lanes until Stop(); then returns once every batch in hand is answered and
  // acknowledged and the acknowledgements are flushed to the server.
  void Run();
  void Stop();

  WorkerStats stats() const;
  // Prometheus text of the worker counters, the connection state and the consumer's pending
  // and in-flight counts (asked of the server when called).
  std::string Metrics() const;
  bool connected() const;
  // Why the worker takes no requests now ("lists 7260 s old, over --max-list-age 3600 s"), ""
  // when it does.
  std::string ListsStale() const;

 private:
  struct Impl;
  explicit Worker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::worker

#endif  // CORDON_WORKER_WORKER_H_
