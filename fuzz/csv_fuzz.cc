// Feeds arbitrary bytes to the CSV reader with a small field budget. Must
// never crash, hang or leak. Checks that record lines never go backwards and
// that no field exceeds the budget.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lists/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  constexpr uint64_t kMaxField = 256;
  cordon::lists::CsvReader csv("fuzz.csv", bytes, ',', kMaxField);
  std::vector<std::string> fields;
  uint64_t last_line = 0;
  while (true) {
    auto more = csv.Next(&fields);
    if (!more.ok() || !*more) break;
    if (csv.line() <= last_line || fields.empty()) __builtin_trap();
    last_line = csv.line();
    for (const std::string& f : fields) {
      if (f.size() > kMaxField) __builtin_trap();
    }
  }
  return 0;
}
