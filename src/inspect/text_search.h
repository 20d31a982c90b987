// Search of a free text (remittance information, MT 70/72/77B, address lines,
// PNR remarks) for listed names appearing anywhere in it.
//
// Thread safety: reentrant; the Screener is used read-only.
#ifndef CORDON_INSPECT_TEXT_SEARCH_H_
#define CORDON_INSPECT_TEXT_SEARCH_H_

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cordon/inspect.h"
#include "engine/strict_precheck.h"

namespace cordon::inspect {

// Screens every window of 1..options.max_window_tokens consecutive tokens of
// `text` and appends a "text" hit for each entity whose listed name is in a
// window (every window word aligned with a listed word spelt the same, as a
// known variant or transliterated; the listed name wholly covered, or three or
// more words aligned: docs/messages.md), best window per entity, at most
// options.limit entities. `party` is the index of
// the party the text belongs to (its address), or -1.
// `cache` holds the hits of windows already screened for this message (address lines and
// codewords repeat across parties), and the pre-check's memory of the tokens it has looked up;
// it may be shared by the texts of one message (not by threads).
struct WindowCache {
  std::unordered_map<std::string, std::vector<Hit>> hits;  // window text -> its hits
  std::optional<engine::StrictPrecheck> precheck;          // made by the first text checked
};
void SearchText(const Screener& screener, const InspectOptions& options, const FreeText& text,
                int party, WindowCache* cache, std::vector<MessageHit>* out);

// Adds `hit` unless `hits` has one for the same entity; keeps the better of
// the two (higher score, then the shorter matched text: the name without padding).
void KeepBestPerEntity(MessageHit hit, std::vector<MessageHit>* hits);

// Sorts best first (stable: equal scores stay in message order) and keeps `limit`.
void SortAndLimit(std::vector<MessageHit>* hits, size_t limit);

}  // namespace cordon::inspect

#endif  // CORDON_INSPECT_TEXT_SEARCH_H_
