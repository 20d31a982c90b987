// Feeds arbitrary bytes to the cordon internal-watchlist CSV loader. Must
// never crash, hang or leak; errors are fine. A loaded list keeps the loader
// contract: IDs "<list>:<id>" unique, each entity with a primary name.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/text.h"
#include "lists/loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!cordon::ValidateUtf8("fuzz", bytes).ok()) return 0;  // the dispatcher checks this
  (void)cordon::lists::IsCustomCsv(bytes.substr(0, 64 * 1024));
  auto loaded = cordon::lists::LoadCustomCsv({"fuzz.csv", bytes, cordon::ListFormat::kCustomCsv},
                                             cordon::LoadOptions{});
  if (!loaded.ok()) return 0;
  std::set<std::string> ids;
  for (const cordon::Entity& e : loaded->entities) {
    if (!e.id.starts_with(loaded->version.list + ":") || e.names.empty() ||
        e.names[0].full.empty()) {
      __builtin_trap();
    }
    if (!ids.insert(e.id).second) __builtin_trap();
  }
  return 0;
}
