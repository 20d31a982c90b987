// Small HTTP helpers shared by the API handlers: target parsing, percent-decoding, JSON and
// error responses, and the one place that maps absl status codes to HTTP statuses.
//
// Thread safety: pure functions.
#ifndef CORDON_SERVICE_HTTP_H_
#define CORDON_SERVICE_HTTP_H_

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

// Parses a request body that must be a JSON object: fails (InvalidArgument, field "body") on an
// empty body, invalid UTF-8, nesting deeper than kMaxJsonDepth, malformed JSON (with the byte
// offset) or a value that is not an object.
absl::StatusOr<nlohmann::json> ParseJsonObject(std::string_view body);

// A JSON body with the status. Invalid UTF-8 in strings is replaced, never thrown.
HttpResponse JsonResponse(int status, const nlohmann::json& body);

// {"error": {"code", "message", "field"}} with the status. `field` may be empty (JSON null).
HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                           std::string_view field = {});

// Attaches an API error code ("invalid_json") to a status; StatusResponse uses it instead of
// the default code of the status's canonical code.
absl::Status WithErrorCode(absl::Status s, std::string_view code);

// The HTTP status and error code for an absl status: InvalidArgument 400 "invalid_request",
// NotFound 404 "not_found", ResourceExhausted 413 "too_large", FailedPrecondition 422
// "unprocessable", Unavailable 503 "unavailable", anything else 500 "internal".
std::pair<int, std::string_view> HttpStatusOf(const absl::Status& s);

// An error response for a failed status. Messages of the form "field: reason" fill "field"
// (prefixed with `field_prefix`, e.g. "queries[3]." for a batch item).
HttpResponse StatusResponse(const absl::Status& s, std::string_view field_prefix = {});

}  // namespace cordon::service

#endif  // CORDON_SERVICE_HTTP_H_
