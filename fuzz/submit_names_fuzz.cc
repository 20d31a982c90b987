// Feeds arbitrary bytes to `cordon submit`'s names-file reader and batching, to the worker's
// reader of a batch request and to its check of a request's results subject. Must never crash or
// hang. Every request is a party: a name line becomes a JSON object with that name, and a '{'
// line is passed on as it is, for the worker to judge. Batching (its size and byte limit taken
// from the first two bytes) keeps every party once, in order, and the worker reads each batch
// back into exactly its parties. A subject accepted as a results subject is concrete (no
// wildcard, no empty token).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "worker/jetstream.h"
#include "worker/submit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace w = cordon::worker;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::vector<w::SubmitRequest> requests = w::ParseSubmitNames("fuzz", bytes);
  const size_t batch = size > 0 ? 1 + data[0] % 8 : 1;
  const int64_t max_body = size > 1 ? int64_t{data[1]} * 4 : 0;
  size_t next = 0;
  for (const w::SubmitUnit& u : w::MakeSubmitUnits(requests, batch, max_body)) {
    if (u.first != next || u.count == 0 || u.count > batch) __builtin_trap();
    next += u.count;
    if (u.subject != w::kBatchSubject) {
      if (u.count != 1 || u.body != requests[u.first].body) __builtin_trap();
      continue;
    }
    absl::StatusOr<std::vector<std::string>> read = w::ReadBatch(u.body);
    if (!read.ok() || read->size() != u.count) __builtin_trap();
    for (size_t i = 0; i < u.count; ++i) {
      if (nlohmann::json::parse((*read)[i]) != nlohmann::json::parse(requests[u.first + i].body)) {
        __builtin_trap();
      }
    }
  }
  if (next != requests.size()) __builtin_trap();
  absl::StatusOr<std::vector<std::string>> raw = w::ReadBatch(bytes);
  if (raw.ok() && (raw->empty() || raw->size() > w::kMaxBatchParties)) __builtin_trap();
  for (const w::SubmitRequest& r : requests) {
    if (r.subject != w::kPartySubject || r.body.empty()) __builtin_trap();
    if (r.body.front() == '{' && bytes.find(r.body) != std::string_view::npos) continue;
    const nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j["name"].is_string() || j["name"].get<std::string>().empty()) {
      __builtin_trap();
    }
  }
  if (w::IsResultsSubject(bytes)) {
    if (bytes.find_first_of("*> \t\r\n") != std::string_view::npos ||
        bytes.find("..") != std::string_view::npos || bytes.back() == '.') {
      __builtin_trap();
    }
  }
  return 0;
}
