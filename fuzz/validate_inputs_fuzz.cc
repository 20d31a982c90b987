// Fuzzes the two text inputs of `cordon validate`: the negative-name corpus reader and the
// name-variant table parser. Neither may crash, and an accepted table must answer lookups.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "validate/negatives.h"
#include "validate/variants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)cordon::validate::ParseNegatives("fuzz.tsv", text);
  auto table = cordon::validate::VariantTable::Parse(text);
  if (table.ok()) {
    cordon::validate::Rng rng(size);
    for (cordon::validate::Category c : cordon::validate::GeneratedCategories()) {
      (void)cordon::validate::MakeVariant(c, text.substr(0, 64), true, *table, rng);
    }
  }
  return 0;
}
