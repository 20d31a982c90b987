// Feeds arbitrary text to the date parsers. Must never crash or hang. Every
// date returned is valid: year in range, month 0-12, day within the month,
// from <= to.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/dates.h"

namespace {

void Check(const cordon::PartialDate& d) {
  if (d.year < 1800 || d.year > 2100 || d.month < 0 || d.month > 12 || d.day < 0 || d.day > 31 ||
      (d.month == 0 && d.day != 0)) {
    __builtin_trap();
  }
}

void Check(const cordon::BirthDate& b) {
  Check(b.from);
  Check(b.to);
  if (b.to < b.from) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto d = cordon::ParseDateText(text)) Check(*d);
  for (const cordon::BirthDate& b : cordon::ParseDateList(text)) Check(b);
  if (auto d = cordon::ParseIsoDate(text)) Check(*d);
  return 0;
}
