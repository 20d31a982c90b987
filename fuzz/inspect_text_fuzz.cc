// Feeds arbitrary bytes to the inputs of message screening that come from outside: the
// jurisdiction rules file (ParseJurisdictionRules) and free texts (the tokenizer, the window
// text and the jurisdiction address check). Must never crash or hang. Checked contracts: a rule
// that parsed is a lower-case ISO alpha-2 code or a place with words, and carries its line;
// tokens are non-empty, in order, inside the text and free of whitespace.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/inspect.h"
#include "inspect/jurisdictions.h"
#include "inspect/text_windows.h"

namespace {

void CheckTokens(std::string_view text) {
  const std::vector<cordon::inspect::TextToken> tokens = cordon::inspect::TokenizeFreeText(text);
  size_t prev_end = 0;
  for (const auto& t : tokens) {
    if (t.begin >= t.end || t.end > text.size() || t.begin < prev_end) __builtin_trap();
    for (size_t i = t.begin; i < t.end; ++i) {
      if (text[i] == ' ' || text[i] == '\n' || text[i] == '\t') __builtin_trap();
    }
    prev_end = t.end;
  }
  if (!tokens.empty()) {
    const std::string w = cordon::inspect::WindowText(text, tokens, 0, tokens.size() - 1);
    if (w.empty() || w.size() > text.size()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CheckTokens(bytes);
  (void)cordon::inspect::PlaceWords(bytes);
  auto rules = cordon::ParseJurisdictionRules("fuzz.tsv", bytes);
  if (!rules.ok()) return 0;
  for (const cordon::JurisdictionRule& r : rules->rules) {
    if (r.line == 0) __builtin_trap();
    if (r.kind == "country" && (r.value.size() != 2 || r.value[0] < 'a' || r.value[0] > 'z')) {
      __builtin_trap();
    }
    if (r.kind == "place" && cordon::inspect::PlaceWords(r.value).empty()) __builtin_trap();
  }
  // The rules checked against the same bytes as an address text.
  const cordon::inspect::JurisdictionChecker checker(*rules);
  std::vector<cordon::MessageHit> hits;
  checker.CheckAddress({.path = "fuzz", .kind = "address", .text = std::string(bytes)}, -1, &hits);
  return 0;
}
