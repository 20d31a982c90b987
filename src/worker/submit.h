// `cordon submit`: a producer for the screening workers (docs/scale-out.md). Publishes requests
// to the CORDON_REQUESTS stream with back-pressure (at most max_in_flight requests published and
// not yet answered), reads their results from a subject of its own (cordon.results.<run id>)
// and hands each to a callback as it comes.
//
// Requests are read from files before anything is published:
//   - names files: one request a line; a line starting with '{' is a party as for POST
//     /v1/screen (sent as it is, the worker judges it), any other non-blank line is a name
//     ({"id": "<file>:<line>", "name": line}). Blank lines are skipped.
//   - message files (messages = true): each file is one raw message request, as for POST
//     /v1/messages (format detected by the worker unless `format` is given).
// Every request has the id "<run id>-<n>" (Nats-Msg-Id): a publish retried after a lost
// acknowledgement is de-duplicated by the stream, and so is a worker's second result.
//
// With batch > 1, up to `batch` consecutive parties go in one request on cordon.screen.batch
// (the transport's cost per party divided by the batch); a line starting with '{' that is not
// JSON still goes alone, so that it alone is refused. Results are handed back one per party
// either way, a batched party's request id being "<run id>-<n>#<position>".
//
//   SubmitOptions o{.nats_url = url, .files = {"names.txt"}};
//   absl::StatusOr<SubmitStats> s = Submit(o, [](const SubmitResult& r) { print(r.json); });
//
// Thread safety: Submit runs on the calling thread and calls `on_result` from it.
#ifndef CORDON_WORKER_SUBMIT_H_
#define CORDON_WORKER_SUBMIT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "worker/jetstream.h"

namespace cordon::worker {

struct SubmitOptions {
  std::string nats_url = "nats://127.0.0.1:4222";
  std::vector<std::string> files;
  bool messages = false;        // files are message files, not names
  std::string format;           // message format for the API's ?format= ("" = detect)
  std::string query;            // "threshold=0.9&limit=5", passed to the API (Cordon-Query)
  size_t max_in_flight = 1000;  // requests (a batch counts once)
  size_t batch = 1;             // parties per request; 1: each party its own request
  // Parties (or messages) published per second at most (0: as fast as back-pressure allows); for
  // latency below the saturating rate.
  double rate = 0;
  // Give up when no result came for this long while some are missing (the missing request ids
  // are named in the error).
  int64_t result_timeout_ms = 120000;
  StreamOptions streams;  // used when the streams do not exist yet
  int64_t connect_timeout_ms = 30000;
};

struct SubmitRequest {
  std::string source;   // "file:line" or the file
  std::string subject;  // cordon.screen.party or cordon.screen.message (as read from the files)
  std::string body;
};

struct SubmitResult {
  const SubmitRequest* request = nullptr;
  std::string request_id;
  int status = 0;      // the API's HTTP status (200: screened; 4xx: refused, in the dead letters)
  std::string worker;  // which worker answered
  std::string lists;   // the list versions it screened against
  std::string body;    // the API's JSON response
  // One JSON line: {"request_id","source","status","worker","lists","result": body}.
  std::string json;
};

struct SubmitStats {
  size_t requests = 0;           // parties and messages read from the files
  size_t published = 0;          // requests published (fewer than `requests` with batch > 1)
  size_t results = 0;            // one a party or message
  size_t refused = 0;            // results with a 4xx/5xx status
  size_t republished = 0;        // publishes retried after a failure or timeout
  size_t duplicate_results = 0;  // results seen twice for one request (not expected)
  // From the first publish to the last result, and per party or message from its request's
  // (first) publish to its result, in milliseconds.
  double elapsed_ms = 0;
  double latency_p50_ms = 0, latency_p99_ms = 0, latency_max_ms = 0;
};

// The requests of one names file's text (`file` names it in the sources "file:line").
std::vector<SubmitRequest> ParseSubmitNames(const std::string& file, std::string_view text);

// What is published: one request of the files, or a batch of consecutive parties on
// kBatchSubject ({"queries": [party, ...]}).
struct SubmitUnit {
  std::string subject;
  std::string body;
  size_t first = 0;  // the requests [first, first + count) of the files
  size_t count = 1;
};

// The requests as published: with batch > 1, consecutive parties that are JSON go together, up
// to `batch` and (when max_body > 0) to max_body bytes a request; every other request alone.
std::vector<SubmitUnit> MakeSubmitUnits(const std::vector<SubmitRequest>& requests, size_t batch,
                                        int64_t max_body);

// Reads the requests of `o.files`; fails on a file that cannot be read or an empty input.
absl::StatusOr<std::vector<SubmitRequest>> ReadSubmitRequests(const SubmitOptions& o);

absl::StatusOr<SubmitStats> Submit(const SubmitOptions& o,
                                   const std::function<void(const SubmitResult&)>& on_result);

}  // namespace cordon::worker

#endif  // CORDON_WORKER_SUBMIT_H_
