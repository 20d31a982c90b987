// Feeds arbitrary bytes to the paxlst message reader and to the detecting
// front door. Must never crash, hang or leak; errors are fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cordon/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cordon::MessageOptions options;
  options.max_bytes = 1 << 20;
  options.max_xml_depth = 32;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const auto& parsed : {cordon::ParsePaxlst("fuzz-input", bytes, options),
                             cordon::ParseMessages("fuzz-input", bytes, options)}) {
    if (!parsed.ok()) continue;
    // Touch every party so a reader that returns dangling data is caught.
    size_t total = 0;
    for (const auto& m : parsed->messages) {
      if (!m.ok()) continue;
      for (const auto& p : m->parties) total += p.name.size() + p.path.size();
      for (const auto& t : m->free_texts) total += t.text.size();
    }
    if (total == SIZE_MAX) return 1;
  }
  return 0;
}
