#include "service/http.h"

#include <algorithm>
#include <optional>

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

// The deepest nesting of arrays and objects in `text`, counted outside strings.
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

constexpr std::string_view kCodePayload = "cordon.error_code";

absl::Status JsonError(const std::string& message) {
  return WithErrorCode(absl::InvalidArgumentError(message), "invalid_json");
}

}  // namespace

absl::Status WithErrorCode(absl::Status s, std::string_view code) {
  s.SetPayload(std::string(kCodePayload), absl::Cord(std::string(code)));
  return s;
}

absl::StatusOr<json> ParseJsonObject(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return JsonError("body: empty; expected a JSON object");
  }
  if (absl::Status s = ValidateUtf8("body", body); !s.ok()) {
    return WithErrorCode(
        absl::InvalidArgumentError(StrCat("body: not valid UTF-8 (", StatusText(s), ")")),
        "invalid_utf8");
  }
  if (JsonDepth(body) > kMaxJsonDepth) {
    return JsonError(StrCat("body: JSON nested deeper than ", kMaxJsonDepth, " levels"));
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

HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                           std::string_view field) {
  json error = {{"code", code}, {"message", message}, {"field", nullptr}};
  if (!field.empty()) error["field"] = field;
  return JsonResponse(status, {{"error", std::move(error)}});
}

std::pair<int, std::string_view> HttpStatusOf(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument: return {400, "invalid_request"};
    case absl::StatusCode::kNotFound: return {404, "not_found"};
    case absl::StatusCode::kResourceExhausted: return {413, "too_large"};
    case absl::StatusCode::kFailedPrecondition: return {422, "unprocessable"};
    case absl::StatusCode::kUnavailable: return {503, "unavailable"};
    default: return {500, "internal"};
  }
}

HttpResponse StatusResponse(const absl::Status& s, std::string_view field_prefix) {
  auto [status, code] = HttpStatusOf(s);
  const auto payload = s.GetPayload(std::string(kCodePayload));
  std::string own_code;
  if (payload.has_value()) {
    own_code = std::string(*payload);
    code = own_code;
  }
  std::string_view message = StatusText(s);
  std::string field;
  // "name: missing or not a non-empty string" -> field "name". Only a plain identifier before
  // the colon counts, so "a.xml:3: reason" is not mistaken for a field.
  const size_t colon = message.find(": ");
  if (colon != std::string_view::npos && colon > 0) {
    const std::string_view head = message.substr(0, colon);
    if (head.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789[].") ==
        std::string_view::npos) {
      field = StrCat(field_prefix, head);
    }
  }
  if (field.empty() && !field_prefix.empty()) {
    field = std::string(field_prefix.substr(0, field_prefix.size() - 1));  // drop the '.'
  }
  return ErrorResponse(status, code, message, field);
}

}  // namespace cordon::service
