// The NATS JetStream plumbing shared by `cordon worker` and `cordon submit` (docs/scale-out.md):
// the names of the streams, subjects and headers, a connection that reconnects forever, and the
// stream and consumer definitions, created on start when missing.
//
//   StatusOr<std::unique_ptr<Connection>> c = Connection::Open("nats://127.0.0.1:4222", "w1");
//   if (absl::Status s = EnsureStreams((*c)->js(), StreamOptions{}); !s.ok()) ...
//
// Streams (file storage, `replicas` copies):
//   CORDON_REQUESTS  cordon.screen.party, cordon.screen.batch, cordon.screen.message; work-queue
//                    retention (a request is deleted once a worker acknowledges it);
//                    de-duplication on Nats-Msg-Id. A stream made by an older cordon without
//                    one of these subjects gets it added.
//   CORDON_RESULTS   cordon.results.<run>; kept results_max_age; de-duplication on Nats-Msg-Id
//                    (= the request id), so a redelivered request's second result is dropped.
//   CORDON_DEAD      cordon.dead.party, cordon.dead.message: poison requests with the reason;
//                    kept until an operator purges them.
// The durable pull consumer `cordon-workers` on CORDON_REQUESTS is shared by every worker.
//
// Thread safety: a Connection may be used from many threads (the C client's connection is);
// each thread makes its own jsCtx when it needs its own publish-acknowledgement handler.
#ifndef CORDON_WORKER_JETSTREAM_H_
#define CORDON_WORKER_JETSTREAM_H_

#include <nats/nats.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cordon::worker {

inline constexpr char kRequestsStream[] = "CORDON_REQUESTS";
inline constexpr char kPartySubject[] = "cordon.screen.party";
inline constexpr char kMessageSubject[] = "cordon.screen.message";
// Several parties in one request, {"queries": [party, ...]} as for POST /v1/screen/batch: the
// transport's cost (publish, store, fetch, result, acknowledgement) is paid once for all of them.
// Each party is screened, recorded and dead-lettered on its own (docs/scale-out.md).
inline constexpr char kBatchSubject[] = "cordon.screen.batch";
// Parties in one batch request at most (a longer one is refused whole, to the dead letters).
inline constexpr size_t kMaxBatchParties = 4096;
inline constexpr char kResultsStream[] = "CORDON_RESULTS";
inline constexpr char kResultsPrefix[] = "cordon.results.";
inline constexpr char kDeadStream[] = "CORDON_DEAD";
inline constexpr char kDeadPrefix[] = "cordon.dead.";
inline constexpr char kConsumer[] = "cordon-workers";

// Headers. Nats-Msg-Id is JetStream's de-duplication key: the request id on a request, and the
// same id on its result and on its dead letter.
inline constexpr char kMsgIdHeader[] = "Nats-Msg-Id";
inline constexpr char kReplyHeader[] = "Cordon-Reply";    // request: the results subject
inline constexpr char kFormatHeader[] = "Cordon-Format";  // message request: ?format= of the API
inline constexpr char kQueryHeader[] = "Cordon-Query";    // request: "threshold=0.9&limit=5"
inline constexpr char kStatusHeader[] = "Cordon-Status";  // result: the API's HTTP status
inline constexpr char kWorkerHeader[] = "Cordon-Worker";  // result, dead letter: worker name
inline constexpr char kDeliveredHeader[] = "Cordon-Delivered";  // times the request was delivered
inline constexpr char kListsHeader[] = "Cordon-Lists";      // result: "list:content-hash ..." used
inline constexpr char kReasonHeader[] = "Cordon-Reason";    // dead letter: why
inline constexpr char kSubjectHeader[] = "Cordon-Subject";  // dead letter: the request's subject
// A party's dead letter from a batch request: the batch's request id (its Nats-Msg-Id is
// "<request id>#<position>", 1-based).
inline constexpr char kRequestHeader[] = "Cordon-Request";

// The results subject when a request names none.
inline constexpr char kDefaultResults[] = "cordon.results.default";

struct StreamOptions {
  // Copies of each stream in a NATS cluster (1 for a single server, 3 for a cluster of three).
  int replicas = 1;
  // JetStream's de-duplication window on requests and results. A redelivered request's second
  // result is dropped only within it, so it must exceed max_deliver x ack_wait plus the longest
  // outage a worker should survive (EnsureConsumer checks the first part).
  int64_t duplicate_window_ms = 10 * 60 * 1000;
  // How long results are kept for producers to read.
  int64_t results_max_age_ms = 24 * 3600 * 1000LL;
};

struct ConsumerOptions {
  // A request not acknowledged within this time is delivered again (to any worker).
  int64_t ack_wait_ms = 30000;
  // Deliveries before a request counts as poison and goes to the dead-letter stream.
  int max_deliver = 5;
  // Requests handed out and not yet acknowledged, over all workers; more wait in the stream.
  int max_ack_pending = 20000;
};

// A pull consumer read with one long-poll pull request at a time, each with a reply subject of
// its own (the consumer's subject $JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>; JetStream's pull
// protocol, docs.nats.io "JetStream wire API"): the server hands each message over as soon as it
// is stored, and a request's end (408 at expiry, 409, or `batch` messages delivered) is told
// apart from a late status of an earlier request by its subject. libnats 3.4's own fetch shares
// one reply subject between its requests, so an expired request's 408 ended whichever fetch came
// next (an idle worker spun), and a no_wait fetch returns before its answer arrives (a message
// waited for the next fetch: the p99 of docs/scale-out.md).
//
// Messages are acknowledged with Ack and Nak (the same "+ACK" and "-NAK {"delay": ns}" bodies
// the C client sends; its natsMsg_Ack wants a message of its own JetStream subscription).
// One thread calls Next, Close, Ack and Nak; KeepAlive may be called from another. The connection
// may be shared.
class Puller {
 public:
  // `batch`: messages a request asks for (and Next returns) at most; `expires_ms`: how long a
  // request waits at the server for them.
  static absl::StatusOr<std::unique_ptr<Puller>> Open(natsConnection* nc, std::string_view stream,
                                                      std::string_view consumer, int batch,
                                                      int64_t expires_ms);
  ~Puller();
  Puller(const Puller&) = delete;
  Puller& operator=(const Puller&) = delete;

  // Takes what has arrived, up to `batch`; if nothing, waits up to `wait_ms` for a message
  // (asking the server for `want` messages, 1 to `batch`, when no request is open). When the
  // open request is complete, the next one is sent before returning, so that requests arrive
  // while the caller works on these. The caller owns what is appended to *out (natsMsg_Destroy).
  // Not OK when a request ended with an error status (409: e.g. the consumer was deleted) or went
  // unanswered: worth a log line; the next call asks again.
  absl::Status Next(int64_t wait_ms, int want, std::vector<natsMsg*>* out);
  // Hands back (nak without delay) what the open request still delivers, until it ends: at
  // most expires_ms plus a second. For a worker that stops: nothing it holds waits for the ack
  // wait to pass before another worker can take it.
  void Close();

  void Ack(natsMsg* msg);
  void Nak(natsMsg* msg, int64_t delay_ms);
  // "+WPI" for every message delivered and not yet acked or nak'ed, whether Next returned it yet
  // or not: the server restarts their ack waits. Called from another thread (the worker's
  // keep-alive), a third of the ack wait apart.
  void KeepAlive();

 private:
  Puller() = default;
  void Request(int want);
  static void OnMessage(natsConnection*, natsSubscription*, natsMsg* msg, void* closure);
  // The next message the subscription delivered, waiting up to timeout_ms (0: not at all).
  natsStatus Receive(natsMsg** msg, int64_t timeout_ms);
  void Settled(natsMsg* msg);
  // Takes one received message: a user message goes to *out; a status of the open request ends
  // it (an error status is returned); any other status is dropped.
  absl::Status Take(natsMsg* msg, std::vector<natsMsg*>* out);

  natsConnection* nc_ = nullptr;
  natsSubscription* sub_ = nullptr;
  std::string next_subject_;  // $JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>
  std::string inbox_;         // <inbox>; request n is answered on <inbox>.<n>
  int batch_ = 1;
  int64_t expires_ms_ = 1000;
  uint64_t serial_ = 0;     // of the open (or last) request
  std::string open_reply_;  // the open request's reply subject, "" when none is open
  int remaining_ = 0;       // messages the open request may still deliver
  std::chrono::steady_clock::time_point deadline_{};  // past it, the open request is over
  std::mutex mu_;  // guards the two below; OnMessage runs on the client's thread
  std::condition_variable cv_;
  std::deque<natsMsg*> arrived_;     // delivered, not yet taken by Next or Close
  std::set<std::string> unsettled_;  // ack subjects delivered, not yet acked or nak'ed
};

// The text of a failed NATS call: "what: status text (last error)".
absl::Status NatsError(std::string_view what, natsStatus s,
                       jsErrCode code = static_cast<jsErrCode>(0));

class Connection {
 public:
  // Connects to `url` (comma-separated URLs of a cluster), retrying for up to `connect_timeout_ms`
  // while the server is not up. Once connected, reconnects forever (every 250 ms) and buffers
  // publishes meanwhile. `name` shows in the server's connection list.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& url,
                                                          const std::string& name,
                                                          int64_t connect_timeout_ms = 30000);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  natsConnection* nc() const { return nc_; }
  // A JetStream context with `opts` (null: the defaults); the caller destroys it (jsCtx_Destroy).
  absl::StatusOr<jsCtx*> NewJetStream(jsOptions* opts) const;
  bool connected() const;

 private:
  Connection() = default;
  natsOptions* opts_ = nullptr;
  natsConnection* nc_ = nullptr;
};

// Creates the stream `cfg` describes unless a stream of its name exists (which is left as it is).
absl::Status AddStreamIfMissing(jsCtx* js, jsStreamConfig* cfg);
// Creates the three streams when missing; existing ones are left as the operator set them.
absl::Status EnsureStreams(jsCtx* js, const StreamOptions& options);
// Creates the durable pull consumer `cordon-workers` when missing.
absl::Status EnsureConsumer(jsCtx* js, const ConsumerOptions& options,
                            const StreamOptions& streams);

// Whether `subject` is a concrete subject under cordon.results. (no wildcard, no empty token).
bool IsResultsSubject(std::string_view subject);

// The parties of a batch request's body ({"queries": [party, ...]}, kBatchSubject), each
// serialised on its own, or why the request cannot be read (InvalidArgument: not JSON, no
// "queries" array, empty, over kMaxBatchParties). A party that is no object is kept: /v1/screen
// refuses it, and it alone goes to the dead letters.
absl::StatusOr<std::vector<std::string>> ReadBatch(std::string_view body);

// A header's value, "" when absent.
std::string HeaderOf(natsMsg* msg, const char* name);

// 12 random hex digits: names a run's results subject and its client (cordon submit, serve).
std::string RandomRunId();

}  // namespace cordon::worker

#endif  // CORDON_WORKER_JETSTREAM_H_
