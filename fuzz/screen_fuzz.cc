// Fuzzes screening: the fuzzer's bytes are a query name; the indexed screener must return
// exactly the hits of the brute-force reference (same entities, scores and order) at two
// thresholds, over a small real list (the UN list's first entities are loaded once).
#include <cstdint>
#include <cstdlib>
#include <iterator>
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
  // Korean names in Hangul beside their DPRK spellings (the UK list's aliases of RUS2451,
  // RUS2452, RUS2459): Hangul syllable tokens match only their own spellings (score::SyllableSim),
  // which the index must reach on the list side too.
  cordon::LoadedList korean;
  korean.version.list = "ko";
  const char* names[][2] = {{"RI CHANG HO", "리창호"},
                            {"KIM YONG BOK", "김영복"},
                            {"RI SONG JIN", "리송진"},
                            {"NAMGUNG, Min Su", "남궁민수"}};
  for (size_t i = 0; i < std::size(names); ++i) {
    cordon::Entity e;
    e.id = "ko:" + std::to_string(i);
    e.list = "ko";
    e.source_id = std::to_string(i);
    e.schema = cordon::Schema::kPerson;
    e.names = {{.full = names[i][0]}, {.full = names[i][1], .kind = cordon::NameKind::kAlias}};
    korean.entities.push_back(std::move(e));
  }
  lists->push_back(std::move(korean));
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
