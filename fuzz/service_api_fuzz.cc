// Fuzzes the HTTP JSON API (service/api.h) in process: the fuzzer's bytes are one request, read
// as [method/key selector byte][target up to the first '\n'][body]. Every response must be a
// well-formed answer: a known status, valid JSON (except /metrics), an error of the shape
// {"error": {"code", "message", "field"}} for every 4xx/5xx, an Allow header with every 405,
// and no 500 at all (a 500 is a bug: every parser returns a status). The UN list is loaded once;
// POST /v1/lists/reload is left out (it rebuilds the lists, far too slow per input).
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cordon/lists.h"
#include "core/sha256.h"
#include "service/api.h"

namespace {

constexpr char kKey[] = "fuzz-key-0123456789abcdef";

cordon::service::Api* MakeApi() {
  cordon::service::ServiceConfig o;
  o.lists = {cordon::DefaultDataDir().value() + "/lists/un"};
  o.keys = {{"fuzz", cordon::Sha256Hex(kKey), 3}};
  o.max_batch = 20;
  o.max_body_bytes = 64 << 10;
  auto api = cordon::service::Api::Create(std::move(o));
  if (!api.ok()) std::abort();
  return api->release();
}

bool KnownStatus(int s) {
  for (int k : {200, 400, 401, 403, 404, 405, 413, 422}) {
    if (s == k) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static cordon::service::Api* api = MakeApi();
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  const uint8_t selector = data[0];
  static const char* const kMethods[] = {"POST", "GET", "PUT", "DELETE"};
  cordon::service::HttpRequest r;
  r.method = kMethods[selector & 3];
  const size_t nl = in.find('\n');
  r.target = std::string(in.substr(0, nl));
  if (nl != std::string_view::npos) r.body = std::string(in.substr(nl + 1));
  switch ((selector >> 2) & 3) {
    case 0:
    case 1: r.headers["authorization"] = std::string("Bearer ") + kKey; break;
    case 2: r.headers["x-api-key"] = r.body.substr(0, 40); break;  // almost always wrong
    case 3: break;                                                 // no key
  }
  if (r.target.starts_with("/v1/lists/reload") || r.target.find("reload") != std::string::npos) {
    return 0;
  }
  const cordon::service::HttpResponse resp = api->Handle(r);
  if (!KnownStatus(resp.status)) std::abort();
  if (resp.content_type != "application/json") {
    if (resp.status != 200) std::abort();
    return 0;  // /metrics
  }
  const nlohmann::json j = nlohmann::json::parse(resp.body, nullptr, false);
  if (!j.is_object()) std::abort();
  if (resp.status >= 400) {
    if (!j.contains("error") || !j["error"].is_object()) std::abort();
    const nlohmann::json& e = j["error"];
    if (!e.contains("code") || !e["code"].is_string() || !e.contains("message") ||
        !e["message"].is_string() || !e.contains("field") ||
        !(e["field"].is_string() || e["field"].is_null())) {
      std::abort();
    }
  }
  if (resp.status == 405) {
    bool allow = false;
    for (const auto& [k, v] : resp.headers) allow |= k == "Allow" && !v.empty();
    if (!allow) std::abort();
  }
  return 0;
}
