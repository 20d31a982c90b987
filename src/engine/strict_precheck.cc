#include "engine/strict_precheck.h"

#include <algorithm>
#include <vector>

#include "score/name_score.h"

namespace cordon::engine {

bool MayMatchStrictly(const ScreenerImpl& s, std::string_view name, size_t min_partial_aligned) {
  const normalize::NormalizedName n = s.normalizer().Normalize(name);
  const size_t prepared = std::min(n.tokens.size(), score::kMaxTokens);
  thread_local std::vector<const normalize::Token*> tokens;
  tokens.clear();
  for (size_t i = 0; i < prepared; ++i) tokens.push_back(&n.tokens[i]);
  return s.name_index().MayAlignAllStrictly(tokens, min_partial_aligned);
}

}  // namespace cordon::engine
