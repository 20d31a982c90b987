// Feeds arbitrary bytes to the FollowTheMoney JSON lines loader and, when it
// loads, writes every entity back with EntityToFtmJson and loads that again.
// Must never crash, hang or leak; errors are fine. Loaded lists keep the
// loader contract (IDs "ftm:<id>", unique, each with a name), and the written
// form must load back to as many entities.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/text.h"
#include "lists/ftm_export.h"
#include "lists/loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!cordon::ValidateUtf8("fuzz", bytes).ok()) return 0;  // the dispatcher checks this
  (void)cordon::lists::IsFtmJson(bytes.substr(0, 64 * 1024));
  const cordon::LoadOptions options;
  auto loaded =
      cordon::lists::LoadFtmJson({"fuzz.json", bytes, cordon::ListFormat::kFtmJson}, options);
  if (!loaded.ok()) return 0;
  std::set<std::string> ids;
  std::string written;
  for (const cordon::Entity& e : loaded->entities) {
    if (!e.id.starts_with("ftm:") || e.names.empty() || e.names[0].full.empty()) __builtin_trap();
    if (!ids.insert(e.id).second) __builtin_trap();
    written += cordon::lists::EntityToFtmJson(e) + "\n";
  }
  auto again =
      cordon::lists::LoadFtmJson({"again.json", written, cordon::ListFormat::kFtmJson}, options);
  if (!again.ok() || again->entities.size() != loaded->entities.size()) __builtin_trap();
  return 0;
}
