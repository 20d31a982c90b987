// Small HTTP helpers shared by the API handlers: target parsing, percent-decoding, JSON and
// error responses, and the one place that maps errors to HTTP statuses.
//
// Thread safety: pure functions.
#ifndef CORDON_SERVICE_HTTP_H_
#define CORDON_SERVICE_HTTP_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "service/api.h"

namespace cordon::service {

// "/v1/messages?format=swift-mt&x=1" -> path "/v1/messages" (percent-decoded) and the query
// parameters in order (decoded; '+' is a space). Fails on a bad percent escape.
struct Target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;
  // The last value of `key`, or nullptr.
  const std::string* Param(std::string_view key) const;
  // Every value of `key`, in order ("?a=1&a=2" -> {"1","2"}).
  std::vector<std::string> Params(std::string_view key) const;
};
absl::StatusOr<Target> ParseTarget(std::string_view target);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). Fails on a bad escape or an
// encoded NUL.
absl::StatusOr<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// The message of a status as a std::string_view (Debian's abseil has its own string_view).
inline std::string_view StatusText(const absl::Status& s) {
  return {s.message().data(), s.message().size()};
}

// Deepest JSON nesting accepted. A screening request nests 3 levels ({"queries":[{...}]}), a
// yente query 5; 64 leaves room and keeps hostile input ("[[[[...") cheap.
inline constexpr int kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects in `text`, counted outside strings (`text` need not
// be valid JSON).
int JsonDepth(std::string_view text);

// Parses a request body that must be a JSON object: fails (InvalidArgument, field "body") on an
// empty body, invalid UTF-8, nesting deeper than kMaxJsonDepth, malformed JSON (with the byte
// offset) or a value that is not an object.
absl::StatusOr<nlohmann::json> ParseJsonObject(std::string_view body);

// A JSON body with the status. Invalid UTF-8 in strings is replaced, never thrown.
HttpResponse JsonResponse(int status, const nlohmann::json& body);

// The API's error codes. Every error response, of the handlers and of the transport, is
// {"error": {"code", "message", "field"}} made by StatusResponse from an absl::Status, and the
// table in http.cc is the one place that gives each code its HTTP status and its JSON spelling
// (docs/service.md lists them).
enum class ApiErrorCode : uint8_t {
  kInvalidRequest,    // 400: a field is missing, of the wrong type or invalid
  kInvalidJson,       // 400: the body is not a JSON object
  kInvalidUtf8,       // 400: the body is not valid UTF-8
  kInvalidTarget,     // 400: a bad percent escape in the path or query
  kInvalidMessage,    // 400: POST /v1/messages: not a message of a supported format
  kBadRequest,        // 400: malformed HTTP (the transport)
  kUnauthorized,      // 401: no API key, or an unknown one
  kForbidden,         // 403: the key lacks the endpoint's role
  kUnknownUser,       // 403: the case store has no user of the key's name
  kNotFound,          // 404: no such endpoint (or a NotFound status)
  kEntityNotFound,    // 404: GET /v1/entities/{id}
  kDatasetNotFound,   // 404: POST /match/{dataset}
  kMethodNotAllowed,  // 405: the path exists, the method does not
  kConflict,          // 409: the alert's state does not allow it (closed, changed meanwhile)
  kTooLarge,          // 413: a ResourceExhausted status
  kBodyTooLarge,      // 413: the body is over max_body_bytes
  kHeadersTooLarge,   // 431: the header is over the transport's limit
  kUnprocessable,     // 422: a FailedPrecondition status
  kTooManyParties,    // 422: more parties than max_batch
  kReloadFailed,      // 422: a list file is bad; the old lists still serve
  kNotReady,          // 503: the lists are not loaded yet
  kUnavailable,       // 503: an Unavailable status
  kTooManyRequests,   // 429: failed sign-ins back off (Retry-After)
  kInternal,          // 500: a bug; the request fails alone
};
std::string_view ApiErrorName(ApiErrorCode code);  // "invalid_request", ...
int HttpStatusOf(ApiErrorCode code);               // 400, ...

// A failed status that carries `code` (with the canonical absl code that goes with it) and, when
// given, the request field it concerns ("queries[3].name").
absl::Status ApiError(ApiErrorCode code, std::string_view message, std::string_view field = {});

// The code a status carries, else the one of its canonical code: InvalidArgument
// invalid_request, Unauthenticated unauthorized, PermissionDenied forbidden, NotFound not_found,
// ResourceExhausted too_large, FailedPrecondition unprocessable, Unavailable unavailable,
// anything else internal.
ApiErrorCode ApiErrorOf(const absl::Status& s);

// {"error": {"code", "message", "field"}} for a failed status. The field is the one the status
// carries, else taken from a message of the form "field: reason" (only a plain identifier before
// the colon counts, so "a.xml:3: reason" names no field), prefixed with `field_prefix` (e.g.
// "queries[3]." for a batch item); null when there is none.
nlohmann::json ErrorJson(const absl::Status& s, std::string_view field_prefix = {});

// The error response for a failed status: ErrorJson with the code's HTTP status.
HttpResponse StatusResponse(const absl::Status& s, std::string_view field_prefix = {});

}  // namespace cordon::service

#endif  // CORDON_SERVICE_HTTP_H_
