#include "engine/strict_precheck.h"

#include <algorithm>
#include <vector>

#include "score/name_score.h"
#include "score/token_sim.h"

namespace cordon::engine {

namespace {

// The tokens Screen() would prepare from `n` (score::Prepare keeps the first kMaxTokens).
const std::vector<const normalize::Token*>& PreparedTokens(const normalize::NormalizedName& n) {
  const size_t prepared = std::min(n.tokens.size(), score::kMaxTokens);
  thread_local std::vector<const normalize::Token*> tokens;
  tokens.clear();
  for (size_t i = 0; i < prepared; ++i) tokens.push_back(&n.tokens[i]);
  return tokens;
}

}  // namespace

bool MayMatchStrictly(const ScreenerImpl& s, std::string_view name, size_t min_partial_aligned) {
  const normalize::NormalizedName n = s.normalizer().Normalize(name);
  return s.name_index().MayAlignAllStrictly(PreparedTokens(n), min_partial_aligned);
}

const std::vector<uint32_t>& StrictPrecheck::Partners(const normalize::Token& t) {
  std::deque<Seen>& same_text = seen_[t.text];
  for (const Seen& s : same_text) {
    if (s.token == t) return s.partners;
  }
  Seen& added = same_text.emplace_back(Seen{.token = t, .partners = {}});
  // The index leaves out the transliterations it finds short of min_cross_bits_ (they would
  // not count, below); reaching them (every Arabic-script entry a word's skeleton leads to, each
  // aligned by the model) was most of a payment's pre-check (bench/RESULTS.md).
  s_.name_index().StrictPartners(t, &added.partners, min_cross_bits_);
  if (min_cross_bits_ > 0) {
    std::erase_if(added.partners, [&](uint32_t id) { return !Counts(t, id); });
  }
  return added.partners;
}

bool StrictPrecheck::Counts(const normalize::Token& t, uint32_t id) const {
  const score::TokenSimilarity s = score::TokenSim(t, s_.name_index().EntryToken(id));
  if (s.how != score::MatchHow::kTransliteration) return true;  // exact or variant
  return score::CrossScriptBits(s.sim, score::CrossScriptLetters(t.text)) >= min_cross_bits_;
}

bool StrictPrecheck::MayMatch(std::string_view name, size_t min_partial_aligned) {
  const normalize::NormalizedName n = s_.normalizer().Normalize(name);
  query_.clear();
  for (const normalize::Token* t : PreparedTokens(n)) {
    const std::vector<uint32_t>& partners = Partners(*t);
    if (partners.empty()) return false;  // held by no name: MayAlignAllStrictly's answer too
    query_.push_back(&partners);
  }
  return s_.name_index().MayAlignAllStrictly(query_, min_partial_aligned);
}

}  // namespace cordon::engine
