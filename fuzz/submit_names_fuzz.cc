// Feeds arbitrary bytes to `cordon submit`'s names-file reader and to the worker's check of a
// request's results subject. Must never crash or hang. Every request is a party: a name line
// becomes a JSON object with that name, and a '{' line is passed on as it is, for the worker to
// judge. A subject accepted as a results subject is concrete (no wildcard, no empty token).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "worker/jetstream.h"
#include "worker/submit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const cordon::worker::SubmitRequest& r : cordon::worker::ParseSubmitNames("fuzz", bytes)) {
    if (r.subject != cordon::worker::kPartySubject || r.body.empty()) __builtin_trap();
    if (r.body.front() == '{' && bytes.find(r.body) != std::string_view::npos) continue;
    const nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j["name"].is_string() || j["name"].get<std::string>().empty()) {
      __builtin_trap();
    }
  }
  if (cordon::worker::IsResultsSubject(bytes)) {
    if (bytes.find_first_of("*> \t\r\n") != std::string_view::npos ||
        bytes.find("..") != std::string_view::npos || bytes.back() == '.') {
      __builtin_trap();
    }
  }
  return 0;
}
