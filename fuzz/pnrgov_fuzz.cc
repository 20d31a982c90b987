// Fuzzes the pnrgov message reader and the detecting front door
// (fuzz/message_fuzz_common.h).
#include <cstddef>
#include <cstdint>

#include "message_fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return FuzzMessageReader(cordon::ParsePnrgov, data, size);
}
