// Feeds arbitrary bytes to the list loading front door: UTF-8 validation,
// format detection and whichever loader the content selects. Must never crash,
// hang or leak; errors are fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cordon/lists.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cordon::LoadOptions options;
  options.max_file_bytes = 1 << 20;
  options.max_xml_depth = 32;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto loaded = cordon::LoadListFromBytes("fuzz-input", bytes, options);
  if (loaded.ok()) {
    // Touch every entity so a loader that returns dangling data is caught.
    size_t names = 0;
    for (const auto& e : loaded->entities) names += e.names.size() + e.id.size();
    if (names == SIZE_MAX) return 1;
  }
  return 0;
}
