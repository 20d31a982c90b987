// The HTTP JSON API of `cordon serve`, independent of the transport: the server (server.h) turns
// each HTTP request into an HttpRequest, calls Api::Handle, and writes the HttpResponse. Tests
// drive Api directly and through the real server.
//
// Endpoints (docs/service.md, OpenAPI 3 at GET /openapi.json):
//   POST /v1/screen            one party (the CLI's query JSON)     -> hits with explanations
//   POST /v1/screen/batch      {"queries": [party...]}              -> results in input order
//   POST /v1/compare           {"name1","name2","schema"?}           -> score and explanation
//   POST /v1/messages          raw message body (?format= optional) -> pass/hold per message
//   POST /match/{dataset}      OpenSanctions yente match API shape
//   GET  /v1/entities/{id}     one listed entity (FollowTheMoney-like JSON)
//   GET  /v1/lists             sources, versions, counts, loaded at, last reload error
//   POST /v1/lists/reload      rebuild from the configured list paths (admin)
//   GET  /healthz /readyz /metrics /openapi.json
//
// Errors are always {"error": {"code", "message", "field"}} with the HTTP status.
//
// Thread safety: Handle() may be called from many threads at once. The lists in use are an
// immutable State behind an atomically swapped shared_ptr: a request keeps the State it started
// with until it finishes, so a reload never disturbs requests in flight.
#ifndef CORDON_SERVICE_API_H_
#define CORDON_SERVICE_API_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/cases.h"
#include "cordon/inspect.h"
#include "cordon/screen.h"
#include "service/config.h"

namespace cordon::service {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent: "/v1/messages?format=swift-mt"
  // Header names in lower case. Only the ones the API reads need to be filled: "authorization",
  // "x-api-key", "content-type", "x-request-id".
  std::map<std::string, std::string> headers;
  std::string body;
  std::string remote;  // peer address, for logs
};

// Request bodies above this size make a batch "long" (Api::RunsLong). A party is about 100 bytes
// of JSON and takes about 60 us to screen (bench/RESULTS.md), so 16 KiB is some 150 parties or
// 10 ms of CPU, the time of about 150 single screens that would wait behind it on an I/O thread;
// below that, handing the request to another thread costs more than it saves.
inline constexpr size_t kLongBodyBytes = 16 << 10;

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// API keys (ApiKey, config.h) as stored in the keys file: one key a line, "<name> <sha256-hex of
// the key> <roles>", roles comma separated ("screen", "admin", "screen,admin"); '#' starts a
// comment. Keys are never stored in clear. `cordon serve --hash-key` prints the line for a new key.
// Errors name the file, the line and the reason. A file with no key is an error (it would lock
// every caller out).
absl::StatusOr<std::vector<ApiKey>> ParseKeysFile(std::string_view name, std::string_view text);
// The keys-file line for `key`: "<name> <sha256-hex> <roles>". Fails on an empty or short key
// (under 16 characters), a name with white space, or no valid role.
absl::StatusOr<std::string> KeyFileLine(std::string_view name, std::string_view key,
                                        std::string_view roles);
// A new random key: 32 bytes from OpenSSL's RAND_bytes as 64 hex digits.
absl::StatusOr<std::string> NewApiKey();

// The lists in use, compiled. Immutable once built.
struct State {
  std::unique_ptr<Screener> screener;
  std::unique_ptr<MessageInspector> inspector;
  std::unique_ptr<JurisdictionRules> jurisdictions;
  // Every entity by its cordon ID ("un:QDi.421") and its FollowTheMoney ID ("un-QDi.421").
  std::unordered_map<std::string, const Entity*> entities;
  std::chrono::system_clock::time_point loaded_at;
  uint64_t generation = 0;  // 1 for the first load, +1 per successful reload
};

// Prometheus counters and latency histograms, lock-free on the request path.
class Metrics;

// Screening handed to other processes instead of done in this one (`cordon serve --nats`: the
// workers on NATS JetStream, docs/scale-out.md). The request is checked here first (a bad one
// gets the same error as in process); an error status of a function (kUnavailable: no worker
// answered in time) becomes the response (503 unavailable with the cause).
struct RemoteScreening {
  // One POST /v1/screen answer body per party (each party with its "id"), in order; `query`:
  // "threshold=0.9&limit=5" or "".
  std::function<absl::StatusOr<std::vector<std::string>>(const std::vector<std::string>& parties,
                                                         const std::string& query)>
      parties;
  // The POST /v1/messages answer for a raw message body; `format` "" when detected.
  std::function<absl::StatusOr<HttpResponse>(const std::string& body, const std::string& format)>
      message;
};

// Where POST /v1/messages records the hits of its held messages instead of the service's own case
// database (`cordon worker --db`: the lane's store, with the request's idempotency key). Called
// with the State the messages were screened with, only when some message has hits; an error
// makes the answer 503 unavailable (send again: recording is idempotent).
struct MessageRecorder {
  std::string source;  // MessageScreening::source of each message ("nats:<request id>")
  std::function<absl::StatusOr<MessageRunResult>(const State& state,
                                                 const std::vector<MessageScreening>& held)>
      record;
};

class Api {
 public:
  // Loads the lists (fails on a bad list file: the server must not start without lists). Reads
  // lists, threshold, limit, max_batch, max_body_bytes (the server enforces it first; Api checks
  // it too), auth, keys and jurisdictions (reread on reload) of `config`.
  static absl::StatusOr<std::unique_ptr<Api>> Create(ServiceConfig config);
  ~Api();

  HttpResponse Handle(const HttpRequest& request);
  // The same, with the held messages of a POST /v1/messages recorded by `recorder`.
  HttpResponse Handle(const HttpRequest& request, const MessageRecorder& recorder);

  // Whether Handle may take long on this request: a list reload, or a batch (/v1/screen/batch,
  // /match/{dataset}, /v1/messages) with a body over kLongBodyBytes. The server runs those on
  // its worker threads, so they never hold an I/O thread that other connections wait on.
  bool RunsLong(const HttpRequest& request) const;

  // Builds a new State from the configured paths off the request path and swaps it in; on
  // failure keeps the old State, records the error (shown by GET /v1/lists) and returns it.
  absl::Status Reload();
  // The newest mtime of the configured list files, for the server's file watcher.
  std::chrono::system_clock::time_point ListsModified() const;

  std::shared_ptr<const State> state() const;
  bool ready() const;

  // Called after each successful reload with the State it replaced (null at the first load) and
  // the one now serving, on the thread that reloaded, after the swap (requests already use the
  // new State). The seam for re-screening stored subjects against what changed between two list
  // versions (the case store, issue 11). Set it before the server starts; it must not call
  // Reload.
  using SwapCallback = std::function<void(const std::shared_ptr<const State>& replaced,
                                          const std::shared_ptr<const State>& serving)>;
  void OnSwap(SwapCallback callback);

  // POST /v1/screen/batch (parties) and POST /v1/messages (message) screened by `remote`
  // instead of in process. Set it before the server starts.
  void SetRemote(RemoteScreening remote);

  // The list store among the configured list paths (cordon/updates.h), "" when none.
  std::string StorePath() const;

 private:
  explicit Api(ServiceConfig config);
  HttpResponse Handle(const HttpRequest& request, const MessageRecorder* recorder);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::service

#endif  // CORDON_SERVICE_API_H_
