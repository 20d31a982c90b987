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
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/inspect.h"
#include "cordon/screen.h"

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

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

enum class Role : uint8_t { kScreen = 1, kAdmin = 2 };

// API keys as stored in the keys file: one key a line, "<name> <sha256-hex of the key> <roles>",
// roles comma separated ("screen", "admin", "screen,admin"); '#' starts a comment. Keys are never
// stored in clear. `cordon serve --hash-key` prints the line for a new key.
struct ApiKey {
  std::string name;
  std::string sha256_hex;
  uint32_t roles = 0;  // bit set of Role
};
// Errors name the file, the line and the reason. A file with no key is an error (it would lock
// every caller out).
absl::StatusOr<std::vector<ApiKey>> ParseKeysFile(std::string_view name, std::string_view text);
// The keys-file line for `key`: "<name> <sha256-hex> <roles>". Fails on an empty or short key
// (under 16 characters), a name with white space, or no valid role.
absl::StatusOr<std::string> KeyFileLine(std::string_view name, std::string_view key,
                                        std::string_view roles);
// A new random key: 32 bytes from OpenSSL's RAND_bytes as 64 hex digits.
absl::StatusOr<std::string> NewApiKey();

struct ApiOptions {
  std::vector<std::string> list_paths;  // files, folders, snapshots; empty: the bundled lists
  double threshold = kDefaultThreshold;
  size_t limit = 10;                // hits per party
  size_t max_batch = 1000;          // parties per batch request (more: 422)
  size_t max_body_bytes = 4 << 20;  // enforced by the server (413); Api checks it too
  bool auth = true;                 // false: every request is allowed (local use only)
  std::vector<ApiKey> keys;
  std::string jurisdictions_file;  // optional, for /v1/messages (reread on reload)
};

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

class Api {
 public:
  // Loads the lists (fails on a bad list file: the server must not start without lists).
  static absl::StatusOr<std::unique_ptr<Api>> Create(ApiOptions options);
  ~Api();

  HttpResponse Handle(const HttpRequest& request);

  // Builds a new State from the configured paths off the request path and swaps it in; on
  // failure keeps the old State, records the error (shown by GET /v1/lists) and returns it.
  absl::Status Reload();
  // The newest mtime of the configured list files, for the server's file watcher.
  std::chrono::system_clock::time_point ListsModified() const;

  std::shared_ptr<const State> state() const;
  bool ready() const;

 private:
  explicit Api(ApiOptions options);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::service

#endif  // CORDON_SERVICE_API_H_
