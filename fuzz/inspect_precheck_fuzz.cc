// Fuzzes the free-text pre-check (src/engine/strict_precheck.h): the fuzzer's bytes are a free
// text (a remittance line); searching it with the pre-check must give exactly the hits of
// searching every window, over a small real list (the UN list's first 300 entities, loaded once).
// A name the pre-check rules out must also get no hit from Screen that free-text search could keep.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "cordon/inspect.h"
#include "cordon/lists.h"
#include "engine/strict_precheck.h"
#include "inspect/text_search.h"
#include "testing/reference.h"

namespace {

const cordon::engine::ScreenerImpl* MakeScreener() {
  auto lists = cordon::LoadLists({cordon::DefaultDataDir().value() + "/lists/un"});
  if (!lists.ok()) std::abort();
  for (cordon::LoadedList& l : *lists) {
    if (l.entities.size() > 300) l.entities.resize(300);
  }
  auto s = cordon::Screener::Create(std::move(*lists));
  if (!s.ok()) std::abort();
  return &cordon::testing::Impl(*s->release());
}

std::vector<cordon::MessageHit> Search(const cordon::Screener& s, const std::string& text,
                                       bool skip) {
  const cordon::InspectOptions o{.skip_unmatchable_windows = skip};
  cordon::inspect::WindowCache cache;
  std::vector<cordon::MessageHit> hits;
  cordon::inspect::SearchText(s, o, {.path = "fuzz", .kind = "remittance", .text = text}, -1,
                              &cache, &hits);
  return hits;
}

// text_search.cc's kMinPartialTokens.
constexpr size_t kMinPartial = 3;

// A hit free-text search could keep (text_search.cc NameInWindow, before its word-count rules).
bool StrictFull(const cordon::Hit& h) {
  const cordon::Explanation& x = h.explanation;
  if (x.alignment.empty() || !x.unmatched_query_tokens.empty()) return false;
  if (!x.unmatched_list_tokens.empty() && x.alignment.size() < kMinPartial) return false;
  for (const cordon::TokenMatch& m : h.explanation.alignment) {
    if (m.how != cordon::MatchHow::kExact && m.how != cordon::MatchHow::kVariant &&
        m.how != cordon::MatchHow::kTransliteration) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const cordon::engine::ScreenerImpl* screener = MakeScreener();
  // Free texts are field-sized (MT 70 is 4 x 35); longer inputs only slow the run down.
  if (size > 400) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto with = Search(*screener, text, true);
  const auto without = Search(*screener, text, false);
  if (with.size() != without.size()) std::abort();
  for (size_t i = 0; i < with.size(); ++i) {
    if (with[i].match.entity_id != without[i].match.entity_id ||
        with[i].match.score != without[i].match.score || with[i].text != without[i].text) {
      std::abort();
    }
  }
  if (!cordon::engine::MayMatchStrictly(*screener, text, kMinPartial)) {
    cordon::ScreenQuery q;
    q.name = text;
    for (const cordon::Hit& h : screener->Screen(q, {.threshold = 0.5, .limit = 1000})) {
      if (StrictFull(h)) std::abort();
    }
  }
  return 0;
}
