// Fuzzes name normalisation: any bytes (valid UTF-8 or not) must normalise without crashing into
// non-empty lower-case ASCII tokens whose skeletons are Skeleton(text); JSON query parsing of the
// same bytes must return a status, never throw.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/json.h"
#include "normalize/normalizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const cordon::normalize::Normalizer* norm =
      cordon::normalize::Normalizer::Create()->release();
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const cordon::normalize::NormalizedName n = norm->Normalize(in);
  for (const cordon::normalize::Token& t : n.tokens) {
    if (t.text.empty()) std::abort();
    for (char c : t.text) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!ok) std::abort();
    }
    if (t.skeleton != cordon::normalize::Skeleton(t.text)) std::abort();
  }
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_discarded()) (void)cordon::engine::QueryFromJson(j, "1");
  return 0;
}
