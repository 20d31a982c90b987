// Fuzzes the text inputs of `cordon validate`: the negative-name corpus reader, the name-variant
// table parser and the cross-script pairs reader. None may crash; an accepted table must answer
// lookups, and accepted pairs hold no empty name.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "validate/cross_script.h"
#include "validate/negatives.h"
#include "validate/variants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)cordon::validate::ParseNegatives("fuzz.tsv", text);
  auto pairs = cordon::validate::ParseCrossScriptPairs("fuzz.tsv", text);
  if (pairs.ok()) {
    for (const cordon::validate::CrossScriptPair& p : *pairs) {
      if (p.original.empty() || p.latin.empty() || p.entities.empty()) __builtin_trap();
      (void)cordon::validate::GroupOf(p);
    }
  }
  auto table = cordon::validate::VariantTable::Parse(text);
  if (table.ok()) {
    cordon::validate::Rng rng(size);
    for (cordon::validate::Category c : cordon::validate::GeneratedCategories()) {
      (void)cordon::validate::MakeVariant(c, text.substr(0, 64), true, *table, rng);
    }
  }
  return 0;
}
