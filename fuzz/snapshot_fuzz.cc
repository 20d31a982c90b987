// Feeds arbitrary bytes to the snapshot reader, twice:
//  1. as a whole file (ParseSnapshot): magic, version, table, checksums;
//  2. past the checksums, straight to the list decoder: the first 4 bytes
//     give two split points (uint16 LE each, taken modulo the rest), the rest
//     is cut into the "strings", "lists" and "entities" sections. Without this
//     the checksums would stop almost every input before the decoder.
// Must never crash, hang, leak or allocate without bound; errors are fine. A
// snapshot that parses must round-trip: writing its lists again and reading
// them back gives equal lists.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cordon/snapshot.h"
#include "snapshot/codec.h"

namespace {

// Encoding decoded lists again and decoding that gives equal lists. (At the
// codec level: re-encoding drops unused strings, so the file-level text
// budget could refuse a legitimate re-encoding of a padded input.)
void CheckRoundTrip(const std::vector<cordon::LoadedList>& lists) {
  const cordon::snapshot::EncodedLists enc = cordon::snapshot::EncodeLists(lists);
  auto again = cordon::snapshot::DecodeLists("again", enc.strings, enc.lists, enc.entities,
                                             cordon::snapshot::DecodeLimits{});
  if (!again.ok() || again->size() != lists.size()) __builtin_trap();
  for (size_t i = 0; i < lists.size(); ++i) {
    const cordon::LoadedList& x = (*again)[i];
    if (x.entities != lists[i].entities || !(x.version == lists[i].version) ||
        x.skipped != lists[i].skipped) {
      __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  cordon::LoadOptions options;
  options.max_entities = 10'000;  // keep single runs fast
  auto snap = cordon::ParseSnapshot("fuzz", std::string(bytes), options);
  if (snap.ok()) CheckRoundTrip(snap->lists());

  if (size < 4) return 0;
  const std::string_view rest = bytes.substr(4);
  const size_t a = (data[0] | (data[1] << 8)) % (rest.size() + 1);
  const size_t b = (data[2] | (data[3] << 8)) % (rest.size() - a + 1);
  cordon::snapshot::DecodeLimits limits;
  limits.max_entities = 10'000;
  limits.max_text_bytes = 64 * (size + 1024);  // as ParseSnapshot bounds it
  auto lists = cordon::snapshot::DecodeLists("fuzz", rest.substr(0, a), rest.substr(a, b),
                                             rest.substr(a + b), limits);
  if (lists.ok()) CheckRoundTrip(*lists);
  return 0;
}
