// Feeds arbitrary text to the date parsers and the country reader (the lenient
// readers of screening queries, core/dates.h ReadQueryDate and core/country.h).
// Must never crash or hang. Every date returned is valid: year in range, month
// 0-12, day within the month, from <= to; a query date reads back as itself
// from its ISO form; a text not read in full says why. A country code is "" or
// two lower-case letters.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/country.h"
#include "core/dates.h"
#include "core/text.h"

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
  const cordon::QueryDate q = cordon::ReadQueryDate(text);
  if (q.date) {
    Check(*q.date);
    const cordon::QueryDate again = cordon::ReadQueryDate(q.date->ToString());
    if (!again.date || *again.date != *q.date || !again.problem.empty()) __builtin_trap();
  } else if (q.problem.empty() && !cordon::CleanSpaces(text).empty()) {
    __builtin_trap();  // only a blank text may give neither a date nor a reason
  }
  const std::string code = cordon::CountryCode(text);
  if (!code.empty() &&
      (code.size() != 2 || code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z')) {
    __builtin_trap();
  }
  return 0;
}
