// The pre-check of free-text screening (src/inspect/text_search.cc): which windows of a free text
// need not be screened at all.
//
// Free-text search keeps a hit only when every query token of the window is aligned with a list
// token exactly, as a known variant or transliterated (score::MatchHow kExact, kVariant,
// kTransliteration) and none is left unaligned (docs/messages.md, "Free texts"). Most windows of
// a remittance or an address hold a word no listed name has in any such form ("INVOICE",
// "COTTA"), and screening them (candidate generation and scoring) is most of a payment's cost.
//
// Thread safety: a pure function of the immutable ScreenerImpl.
#ifndef CORDON_ENGINE_STRICT_PRECHECK_H_
#define CORDON_ENGINE_STRICT_PRECHECK_H_

#include <string_view>

#include "engine/screener_impl.h"

namespace cordon::engine {

// False only when no hit of s.Screen({.name = name}) can have every query token aligned strictly
// with no query token unaligned; true otherwise (then the window must be screened).
//
// Why false is safe. Screen() prepares the query name as this function does: the same normaliser
// on the same text, the first score::kMaxTokens tokens kept (ScreenerImpl::PrepareQuery,
// score::Prepare). A hit's alignment (score::ExplainAlignment) pairs single query tokens with
// single list tokens by score::TokenSim, or a join of two tokens on either side by
// score::JoinSim, which is always kSplitJoin; every query token it leaves out is listed as
// unmatched. So a hit whose alignment is all exact, variant or transliteration with no unmatched
// query token pairs each prepared query token q with a list token l, TokenSim(q, l).how being
// one of the three: NameIndex::HasStrictPartner(q) is then true for every q. This function
// returns false only when it is false for some q, or when the name has no token (no alignment at
// all). Evidence beyond the name (dates, countries) does not change an alignment; free-text
// windows carry none.
bool MayMatchStrictly(const ScreenerImpl& s, std::string_view name);

}  // namespace cordon::engine

#endif  // CORDON_ENGINE_STRICT_PRECHECK_H_
