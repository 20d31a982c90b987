#include "engine/strict_precheck.h"

#include <algorithm>

#include "score/name_score.h"

namespace cordon::engine {

bool MayMatchStrictly(const ScreenerImpl& s, std::string_view name) {
  const normalize::NormalizedName n = s.normalizer().Normalize(name);
  if (n.tokens.empty()) return false;
  const size_t prepared = std::min(n.tokens.size(), score::kMaxTokens);
  for (size_t i = 0; i < prepared; ++i) {
    if (!s.name_index().HasStrictPartner(n.tokens[i])) return false;
  }
  return true;
}

}  // namespace cordon::engine
