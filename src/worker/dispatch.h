// `cordon serve --nats URL`: the HTTP API hands its batches to the workers instead of screening
// them in process (docs/scale-out.md). The parties of a POST /v1/screen/batch go 16 to a request
// on cordon.screen.batch (so a batch spreads over the workers), a POST /v1/messages body one
// request on cordon.screen.message; the results come back on this process's own results subject
// (cordon.results.serve-<id>) and are awaited up to a deadline. No answer in time (no worker
// running, or all of them busy or stuck) is kUnavailable naming how many answered; the requests
// left in the stream are still screened later, their results then unread.
//
//   auto d = Dispatcher::Create({.nats_url = "nats://127.0.0.1:4222"});
//   api->SetRemote((*d)->Remote());
//
// Thread safety: Call and the RemoteScreening functions may be used from many threads at once.
#ifndef CORDON_WORKER_DISPATCH_H_
#define CORDON_WORKER_DISPATCH_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "service/api.h"
#include "worker/jetstream.h"

namespace cordon::worker {

struct DispatchOptions {
  std::string nats_url = "nats://127.0.0.1:4222";
  int64_t timeout_ms = 10000;  // longest wait for all the results of one HTTP request
  StreamOptions streams;       // when creating the streams
  int64_t connect_timeout_ms = 30000;
};

// One request for a worker.
struct Outgoing {
  std::string subject;  // kPartySubject, kBatchSubject or kMessageSubject
  std::string body;
  std::string query;   // Cordon-Query ("threshold=0.9"), "" none
  std::string format;  // Cordon-Format (messages), "" detected
};

// Its result: the API's status and body.
struct Answer {
  int status = 0;
  std::string body;
};

class Dispatcher {
 public:
  static absl::StatusOr<std::unique_ptr<Dispatcher>> Create(DispatchOptions options);
  ~Dispatcher();

  // Publishes every request and waits for all their results, up to timeout_ms in all.
  absl::StatusOr<std::vector<Answer>> Call(const std::vector<Outgoing>& requests);

  // The API's seam (service::Api::SetRemote) over Call. The Dispatcher must outlive the Api's use.
  service::RemoteScreening Remote();

 private:
  Dispatcher() = default;
  static void OnResult(natsConnection*, natsSubscription*, natsMsg* msg, void* closure);

  // The requests of one Call awaiting their results.
  struct Waiting {
    std::vector<Answer> answers;
    size_t left = 0;
  };
  DispatchOptions options_;
  std::unique_ptr<Connection> conn_;
  natsSubscription* sub_ = nullptr;
  std::string run_, reply_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t next_ = 0;  // under mu_
  // Request id -> (its Call's Waiting, its index there); under mu_.
  std::unordered_map<std::string, std::pair<Waiting*, size_t>> pending_;
};

}  // namespace cordon::worker

#endif  // CORDON_WORKER_DISPATCH_H_
