#include "service/http.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/cord.h"

#include "core/strcat.h"
#include "core/text.h"

namespace cordon::service {

using nlohmann::json;

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Where a status carries its API error code and field (absl status payloads).
constexpr std::string_view kCodePayload = "cordon.error_code";
constexpr std::string_view kFieldPayload = "cordon.error_field";

struct ErrorInfo {
  ApiErrorCode code;
  std::string_view name;
  int http;
  absl::StatusCode canonical;
};

// Every API error code: its JSON spelling, HTTP status (RFC 9110; 422 for a request understood
// but refused, 431 from RFC 6585) and canonical absl code. In enum order (checked by api_test).
constexpr ErrorInfo kErrors[] = {
    {ApiErrorCode::kInvalidRequest, "invalid_request", 400, absl::StatusCode::kInvalidArgument},
    {ApiErrorCode::kInvalidJson, "invalid_json", 400, absl::StatusCode::kInvalidArgument},
    {ApiErrorCode::kInvalidUtf8, "invalid_utf8", 400, absl::StatusCode::kInvalidArgument},
    {ApiErrorCode::kInvalidTarget, "invalid_target", 400, absl::StatusCode::kInvalidArgument},
    {ApiErrorCode::kInvalidMessage, "invalid_message", 400, absl::StatusCode::kInvalidArgument},
    {ApiErrorCode::kBadRequest, "bad_request", 400, absl::StatusCode::kInvalidArgument},
    {ApiErrorCode::kUnauthorized, "unauthorized", 401, absl::StatusCode::kUnauthenticated},
    {ApiErrorCode::kForbidden, "forbidden", 403, absl::StatusCode::kPermissionDenied},
    {ApiErrorCode::kUnknownUser, "unknown_user", 403, absl::StatusCode::kPermissionDenied},
    {ApiErrorCode::kNotFound, "not_found", 404, absl::StatusCode::kNotFound},
    {ApiErrorCode::kEntityNotFound, "entity_not_found", 404, absl::StatusCode::kNotFound},
    {ApiErrorCode::kDatasetNotFound, "dataset_not_found", 404, absl::StatusCode::kNotFound},
    {ApiErrorCode::kMethodNotAllowed, "method_not_allowed", 405, absl::StatusCode::kUnimplemented},
    {ApiErrorCode::kConflict, "conflict", 409, absl::StatusCode::kFailedPrecondition},
    {ApiErrorCode::kTooLarge, "too_large", 413, absl::StatusCode::kResourceExhausted},
    {ApiErrorCode::kBodyTooLarge, "body_too_large", 413, absl::StatusCode::kResourceExhausted},
    {ApiErrorCode::kHeadersTooLarge, "headers_too_large", 431,
     absl::StatusCode::kResourceExhausted},
    {ApiErrorCode::kUnprocessable, "unprocessable", 422, absl::StatusCode::kFailedPrecondition},
    {ApiErrorCode::kTooManyParties, "too_many_parties", 422, absl::StatusCode::kFailedPrecondition},
    {ApiErrorCode::kReloadFailed, "reload_failed", 422, absl::StatusCode::kFailedPrecondition},
    {ApiErrorCode::kNotReady, "not_ready", 503, absl::StatusCode::kUnavailable},
    {ApiErrorCode::kUnavailable, "unavailable", 503, absl::StatusCode::kUnavailable},
    {ApiErrorCode::kTooManyRequests, "too_many_requests", 429,
     absl::StatusCode::kResourceExhausted},
    {ApiErrorCode::kInternal, "internal", 500, absl::StatusCode::kInternal},
};

const ErrorInfo& Info(ApiErrorCode code) { return kErrors[static_cast<size_t>(code)]; }

absl::Status JsonError(const std::string& message) {
  return ApiError(ApiErrorCode::kInvalidJson, message);
}

// The field of a message "field: reason"; empty when the text before the colon is not a plain
// identifier (a path or a sentence).
std::string_view FieldOfMessage(std::string_view message) {
  const size_t colon = message.find(": ");
  if (colon == std::string_view::npos || colon == 0) return {};
  const std::string_view head = message.substr(0, colon);
  if (head.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789[].") != head.npos) return {};
  return head;
}

}  // namespace

std::string_view ApiErrorName(ApiErrorCode code) { return Info(code).name; }
int HttpStatusOf(ApiErrorCode code) { return Info(code).http; }

absl::Status ApiError(ApiErrorCode code, std::string_view message, std::string_view field) {
  absl::Status s(Info(code).canonical, absl::string_view(message.data(), message.size()));
  s.SetPayload(std::string(kCodePayload), absl::Cord(std::string(Info(code).name)));
  if (!field.empty()) s.SetPayload(std::string(kFieldPayload), absl::Cord(std::string(field)));
  return s;
}

ApiErrorCode ApiErrorOf(const absl::Status& s) {
  if (const auto own = s.GetPayload(std::string(kCodePayload)); own.has_value()) {
    const std::string name(*own);
    for (const ErrorInfo& e : kErrors) {
      if (e.name == name) return e.code;
    }
  }
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument: return ApiErrorCode::kInvalidRequest;
    case absl::StatusCode::kUnauthenticated: return ApiErrorCode::kUnauthorized;
    case absl::StatusCode::kPermissionDenied: return ApiErrorCode::kForbidden;
    case absl::StatusCode::kNotFound: return ApiErrorCode::kNotFound;
    case absl::StatusCode::kResourceExhausted: return ApiErrorCode::kTooLarge;
    case absl::StatusCode::kFailedPrecondition: return ApiErrorCode::kUnprocessable;
    case absl::StatusCode::kUnavailable: return ApiErrorCode::kUnavailable;
    default: return ApiErrorCode::kInternal;
  }
}

int JsonDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

absl::StatusOr<json> ParseJsonObject(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return JsonError("body: empty; expected a JSON object");
  }
  if (absl::Status s = ValidateUtf8("body", body); !s.ok()) {
    return ApiError(ApiErrorCode::kInvalidUtf8,
                    StrCat("body: not valid UTF-8 (", StatusText(s), ")"));
  }
  if (JsonDepth(body) > kMaxJsonDepth) {
    return JsonError(StrCat("body: JSON nested deeper than ", kMaxJsonDepth, " levels"));
  }
  // JSON has no raw NUL (in a string it is written \u0000), and nlohmann's parser takes one as
  // the end of its input: "{...}<NUL>anything" would be read as the object alone.
  if (const size_t nul = body.find('\0'); nul != std::string_view::npos) {
    return JsonError(StrCat("body: malformed JSON: a NUL byte at offset ", nul));
  }
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    // Parse again with exceptions on for the position and reason of the error.
    try {
      const json again = json::parse(body);
    } catch (const json::parse_error& e) {
      std::string_view what = e.what();
      const size_t bracket = what.find("] ");
      if (bracket != std::string_view::npos) what.remove_prefix(bracket + 2);
      return JsonError(StrCat("body: malformed JSON: ", what));
    }
    return JsonError("body: malformed JSON");  // not reached: the second parse throws
  }
  if (!j.is_object()) return JsonError("body: not a JSON object");
  return j;
}

absl::StatusOr<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int lo = hi >= 0 ? HexValue(text[i + 2]) : -1;
      if (lo < 0) return absl::InvalidArgumentError("target: bad percent escape");
      if (hi == 0 && lo == 0) return absl::InvalidArgumentError("target: encoded NUL");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
  }
  return out;
}

absl::StatusOr<Target> ParseTarget(std::string_view target) {
  Target t;
  const size_t q = target.find('?');
  auto path = PercentDecode(target.substr(0, q), false);
  if (!path.ok()) return path.status();
  t.path = std::move(*path);
  if (q == std::string_view::npos) return t;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    if (!key.ok()) return key.status();
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!value.ok()) return value.status();
    t.params.emplace_back(std::move(*key), std::move(*value));
  }
  return t;
}

const std::string* Target::Param(std::string_view key) const {
  const std::string* found = nullptr;
  for (const auto& [k, v] : params) {
    if (k == key) found = &v;
  }
  return found;
}

std::vector<std::string> Target::Params(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : params) {
    if (k == key) out.push_back(v);
  }
  return out;
}

HttpResponse JsonResponse(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

json ErrorJson(const absl::Status& s, std::string_view field_prefix) {
  const std::string_view message = StatusText(s);
  json field = nullptr;
  if (const auto own = s.GetPayload(std::string(kFieldPayload)); own.has_value()) {
    field = StrCat(field_prefix, std::string(*own));
  } else if (const std::string_view f = FieldOfMessage(message); !f.empty()) {
    field = StrCat(field_prefix, f);
  } else if (!field_prefix.empty()) {
    field = std::string(field_prefix.substr(0, field_prefix.size() - 1));  // drop the '.'
  }
  return {
      {"error", {{"code", ApiErrorName(ApiErrorOf(s))}, {"message", message}, {"field", field}}}};
}

HttpResponse StatusResponse(const absl::Status& s, std::string_view field_prefix) {
  return JsonResponse(HttpStatusOf(ApiErrorOf(s)), ErrorJson(s, field_prefix));
}

}  // namespace cordon::service
