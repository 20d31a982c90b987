// Shared body of the message-reader fuzzers: feeds arbitrary bytes to one
// reader and to the detecting front door (ParseMessages). Must never crash,
// hang or leak; errors are fine.
#ifndef CORDON_FUZZ_MESSAGE_FUZZ_COMMON_H_
#define CORDON_FUZZ_MESSAGE_FUZZ_COMMON_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cordon/messages.h"

template <typename Reader>
int FuzzMessageReader(Reader reader, const uint8_t* data, size_t size) {
  cordon::MessageOptions options;
  options.max_bytes = 1 << 20;
  options.max_xml_depth = 32;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const auto& parsed : {reader("fuzz-input", bytes, options),
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

#endif  // CORDON_FUZZ_MESSAGE_FUZZ_COMMON_H_
