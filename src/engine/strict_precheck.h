// The pre-check of free-text screening (src/inspect/text_search.cc): which windows of a free text
// need not be screened at all.
//
// Free-text search keeps a hit only when every query token of the window is aligned with a list
// token exactly, as a known variant or transliterated (score::MatchHow kExact, kVariant,
// kTransliteration), none is left unaligned, and either the listed name is wholly covered or at
// least a few tokens are aligned (docs/messages.md, "Free texts"). Most windows of a remittance or
// an address hold a word no listed name has in any such form ("INVOICE", "COTTA"), or words no
// one listed name has together, and screening them (candidate generation and scoring) is most of
// a payment's cost.
//
// Thread safety: a pure function of the immutable ScreenerImpl.
#ifndef CORDON_ENGINE_STRICT_PRECHECK_H_
#define CORDON_ENGINE_STRICT_PRECHECK_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/screener_impl.h"

namespace cordon::engine {

// False only when s.Screen({.name = name}) can return no hit that has every query token aligned
// (none in unmatched_query_tokens), every alignment exact, variant or transliteration, and either
// no list token unmatched or at least `min_partial_aligned` alignments. True otherwise: then the
// window must be screened.
//
// Why false is safe. Screen() prepares the query name as this function does: the same normaliser
// on the same text, the first score::kMaxTokens tokens kept (ScreenerImpl::PrepareQuery,
// score::Prepare). A hit's alignment (score::ExplainAlignment) pairs single query tokens with
// single list tokens of the matched name by score::TokenSim, or a join of two tokens on either
// side by score::JoinSim, which is always kSplitJoin; each token is in at most one pair; every
// query or list token left out is listed as unmatched. So a hit as above pairs each of the k
// prepared query tokens q_i with its own token l_i of the matched name, TokenSim(q_i, l_i).how
// being one of the three: the name has a strict partner of every q_i among its tokens and at
// least k tokens. With k < min_partial_aligned the k alignments are too few for the partial case,
// so no list token is unmatched either: the name has exactly k tokens. This is what
// index::NameIndex::MayAlignAllStrictly looks for (its strict partners are exactly those
// TokenSim calls strict); a name with no token has no alignment at all. Evidence beyond the name
// (dates, countries) never changes an alignment.
bool MayMatchStrictly(const ScreenerImpl& s, std::string_view name, size_t min_partial_aligned);

// MayMatchStrictly for the many windows of one message. The windows of a text overlap (a word of
// a long line is in up to 21 windows of 1 to 6 words) and address lines repeat across parties,
// so most of a window's tokens have been looked up before, and a token's strict partners
// (index::NameIndex::StrictPartners, reached through the text, variant, skeleton and
// cross-script maps, each checked with TokenSim) were most of the pre-check's cost. They are a
// pure function of the token and the immutable index, so this computes them once per distinct
// token and asks MayAlignAllStrictly with them. The token is the key, compared whole
// (normalize::Token's operator==), not only its text: a word's normalised form may depend on
// the rest of its window.
//
// With min_cross_bits = 0 the answers are MayMatchStrictly's. With min_cross_bits > 0 a
// transliteration partner counts only when it carries that much evidence
// (score::CrossScriptBits of its TokenSim similarity and the token's letters): false is then
// also safe for a caller that keeps only hits whose every kTransliteration alignment carries
// min_cross_bits (free text, inspect/text_search.cc), because each aligned pair of such a hit
// is a single query token and a single list token whose TokenMatch holds TokenSim's similarity
// (score::ExplainAlignment), so the list token is a partner that still counts. A token too short
// to carry min_cross_bits even at score::kCrossSimMax is not looked up in the cross-script
// skeleton maps at all: a partner found only there is a transliteration by CrossScriptSim (the
// other maps reach every other strict partner: index::NameIndex::StrictPartners), whose
// similarity is at most kCrossSimMax, so none of them could count.
//
// Thread safety: one object per thread (per message being inspected); it refers to `s`, which
// must outlive it.
class StrictPrecheck {
 public:
  explicit StrictPrecheck(const ScreenerImpl& s, float min_cross_bits = 0)
      : s_(s), min_cross_bits_(min_cross_bits) {}
  bool MayMatch(std::string_view name, size_t min_partial_aligned);

 private:
  struct Seen {
    normalize::Token token;
    std::vector<uint32_t> partners;
  };
  const std::vector<uint32_t>& Partners(const normalize::Token& t);
  // Whether partner `id` of `t` counts under min_cross_bits_.
  bool Counts(const normalize::Token& t, uint32_t id) const;

  const ScreenerImpl& s_;
  const float min_cross_bits_;
  // Token text -> the tokens of that text seen so far (a deque: references stay valid).
  std::unordered_map<std::string, std::deque<Seen>> seen_;
  std::vector<const std::vector<uint32_t>*> query_;  // MayMatch's partners, kept for its buffer
};

}  // namespace cordon::engine

#endif  // CORDON_ENGINE_STRICT_PRECHECK_H_
