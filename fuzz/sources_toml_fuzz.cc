// Feeds arbitrary bytes to the sources file parser (cordon::ParseSourcesFile: toml11 and the
// checks of every key). Must never crash, hang or leak; errors are fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cordon/updates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = cordon::ParseSourcesFile("fuzz-input", text);
  if (parsed.ok()) {
    size_t n = 0;
    for (const auto& s : parsed->sources) n += s.urls.size() + s.name.size();
    if (n == SIZE_MAX) return 1;
  }
  return 0;
}
