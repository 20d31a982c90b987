#include "inspect/text_search.h"

#include <algorithm>

#include "inspect/text_windows.h"
#include "score/token_sim.h"

namespace cordon::inspect {
namespace {

// Screen() keeps the best-scoring name per entity and the best entities first;
// a window may score higher, partially covered, against other entries than the
// one it fully covers, so four times the hits wanted are examined.
constexpr size_t kCandidateFactor = 4;

// How a window token may match a list token in free text (TokenMatch::how). A name field is
// known to hold a name, so there the engine's phonetic, edit-distance, initial and split/join
// matches find misspelt names. Free text holds every word of the language and each message is
// screened as hundreds of windows, so such matches turn ordinary words into alerts: on the real
// samples "END" matched ANDIA, "YORK" YORACO, "STREET" START and "Cambridge" CALM BRIDGE, all
// phonetic or split/join at 0.86. There a token must be the listed token, a known variant of it
// (Mohammed/Muhammad) or its transliteration from another script, and that transliteration must
// carry kMinFreeTextCrossBits of evidence in all: the English "ROAD" of a pacs.008 address is 7.9
// bits from روافد (Rawafed, a one-word listed organisation) through a silent-looking f, while the
// shortest common names the model knows carry more (علي/Ali 9.2). A name field takes less
// (score::kMinCrossBits: موسى/Musa 6.1); there, this floor would lose 4 more of the 154
// Arabic-script persons of the cross-script dev split (docs/validation.md).
constexpr float kMinFreeTextCrossBits = 8.5f;

bool StrictAlignment(const Hit& hit) {
  for (const TokenMatch& m : hit.explanation.alignment) {
    if (m.how == MatchHow::kTransliteration) {
      const float bits = score::CrossScriptBits(static_cast<float>(m.similarity),
                                                score::CrossScriptLetters(m.query_token));
      if (bits < kMinFreeTextCrossBits) return false;
    } else if (m.how != MatchHow::kExact && m.how != MatchHow::kVariant) {
      return false;
    }
  }
  return true;
}

// Fewest aligned tokens for which a window may leave tokens of the listed name unmatched. A
// listed name is often longer than the form people write: the bundled lists give Abu Bakr
// al-Baghdadi only as OFAC "AL-BAGHDADI, Abu Bakr al-Husayni" and as a UK "Low quality" alias,
// so "TO ABU BAKR AL BAGHDADI" in a remittance must still find him. Three consecutive words
// each spelt as a listed name's words, scored at or above the threshold by the engine (which
// weighs the missing tokens), are a name rather than prose; one or two words ("ABU BAKR") occur
// in many names and must cover the whole listed name.
constexpr size_t kMinPartialTokens = 3;

// The listed name is in the window: every window token is aligned strictly, and either the
// listed name is wholly covered and the window has at least as many words as the list name (the
// normaliser drops legal forms and titles from both sides, so without the word count the single
// word "SEPTEMBER" of a remittance covered LIMITED LIABILITY COMPANY SEPTEMBER), or at least
// kMinPartialTokens tokens are aligned.
bool NameInWindow(const Hit& hit, size_t window_words) {
  const Explanation& x = hit.explanation;
  if (x.alignment.empty() || !x.unmatched_query_tokens.empty() || !StrictAlignment(hit)) {
    return false;
  }
  if (x.unmatched_list_tokens.empty()) {
    return TokenizeFreeText(hit.matched_name).size() <= window_words;
  }
  return x.alignment.size() >= kMinPartialTokens;
}

// A one-word listed name hits in free text only for an organisation (or an entry of unknown
// kind): HAMAS or HIZBALLAH in a remittance is the reason to search free text at all. A single
// word of a person (a nickname, a kunya) or a vessel name in prose is most often an ordinary
// word or somebody else: on the real PNR samples the UK alias WELDON (of a listed cyber actor)
// matched a passenger's e-mail remark and the Canada-listed tanker Phoenix the city of a US
// address. Persons and vessels are still found in free text by their names of two words or more.
bool OneWordNameAllowed(const Hit& hit) {
  if (TokenizeFreeText(hit.matched_name).size() > 1) return true;
  return hit.schema == Schema::kOrganization || hit.schema == Schema::kLegalEntity;
}

bool HasLetter(const std::vector<TextToken>& tokens, size_t first, size_t last) {
  for (size_t i = first; i <= last; ++i) {
    if (tokens[i].has_letter) return true;
  }
  return false;
}

}  // namespace

void KeepBestPerEntity(MessageHit hit, std::vector<MessageHit>* hits) {
  for (MessageHit& h : *hits) {
    if (h.match.entity_id != hit.match.entity_id) continue;
    if (hit.match.score > h.match.score ||
        (hit.match.score == h.match.score && hit.text.size() < h.text.size())) {
      h = std::move(hit);
    }
    return;
  }
  hits->push_back(std::move(hit));
}

void SortAndLimit(std::vector<MessageHit>* hits, size_t limit) {
  std::stable_sort(hits->begin(), hits->end(), [](const MessageHit& a, const MessageHit& b) {
    return a.match.score > b.match.score;
  });
  if (hits->size() > limit) hits->resize(limit);
}

void SearchText(const Screener& screener, const InspectOptions& options, const FreeText& text,
                int party, WindowCache* cache, std::vector<MessageHit>* out) {
  // The pre-check needs the engine's vocabulary; another Screener is screened window by window.
  const auto* engine = options.skip_unmatchable_windows
                           ? dynamic_cast<const engine::ScreenerImpl*>(&screener)
                           : nullptr;
  const std::vector<TextToken> tokens = TokenizeFreeText(text.text);
  const ScreenOptions opts{.threshold = options.threshold,
                           .limit = options.limit * kCandidateFactor};
  if (engine != nullptr && !cache->precheck)
    cache->precheck.emplace(*engine, kMinFreeTextCrossBits);
  std::vector<MessageHit> found;
  for (size_t first = 0; first < tokens.size(); ++first) {
    const size_t end = std::min(tokens.size(), first + options.max_window_tokens);
    for (size_t last = first; last < end; ++last) {
      if (!HasLetter(tokens, first, last)) continue;
      ScreenQuery q;
      q.name = WindowText(text.text, tokens, first, last);
      auto [it, fresh] = cache->hits.try_emplace(q.name);
      // A window the pre-check rules out could only give hits NameInWindow refuses (its
      // transliterations short of kMinFreeTextCrossBits do not count as partners).
      if (fresh && (engine == nullptr || cache->precheck->MayMatch(q.name, kMinPartialTokens))) {
        it->second = screener.Screen(q, opts);
      }
      for (const Hit& h : it->second) {
        if (!NameInWindow(h, last - first + 1) || !OneWordNameAllowed(h)) continue;
        KeepBestPerEntity({.kind = MessageHitKind::kText,
                           .path = text.path,
                           .role = text.kind,
                           .text = q.name,
                           .match = h,
                           .party = party},
                          &found);
      }
    }
  }
  SortAndLimit(&found, options.limit);
  for (MessageHit& h : found) out->push_back(std::move(h));
}

}  // namespace cordon::inspect
