// Fuzzes screening: the fuzzer's bytes are a query name; the indexed screener must return
// exactly the hits of the brute-force reference (same entities, scores and order) at two
// thresholds, over a small real list (the UN list's first entities are loaded once).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cordon/lists.h"
#include "testing/reference.h"

namespace {

const cordon::engine::ScreenerImpl* MakeScreener() {
  auto lists = cordon::LoadLists({cordon::DefaultDataDir().value() + "/lists/un"});
  if (!lists.ok()) std::abort();
  // A few hundred entities keep each run fast while covering Latin and Arabic names.
  for (cordon::LoadedList& l : *lists) {
    if (l.entities.size() > 300) l.entities.resize(300);
  }
  auto s = cordon::Screener::Create(std::move(*lists));
  if (!s.ok()) std::abort();
  return &cordon::testing::Impl(*s->release());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const cordon::engine::ScreenerImpl* screener = MakeScreener();
  cordon::ScreenQuery q;
  q.name.assign(reinterpret_cast<const char*>(data), size);
  for (double t : {0.5, 0.8}) {
    const cordon::ScreenOptions o{.threshold = t, .limit = 1000};
    const auto got = screener->Screen(q, o);
    const auto want = cordon::testing::ReferenceScreen(*screener, q, o);
    if (got.size() != want.size()) std::abort();
    for (size_t i = 0; i < got.size(); ++i) {
      if (got[i].entity_id != want[i].entity_id || got[i].score != want[i].score) std::abort();
    }
  }
  return 0;
}
