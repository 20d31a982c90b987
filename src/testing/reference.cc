#include "testing/reference.h"

namespace cordon::testing {

const engine::ScreenerImpl& Impl(const Screener& s) {
  return static_cast<const engine::ScreenerImpl&>(s);
}

std::vector<Hit> ReferenceScreen(const engine::ScreenerImpl& screener, const ScreenQuery& query,
                                 const ScreenOptions& options) {
  const double threshold = engine::EffectiveThreshold(options.threshold);
  const score::PreparedQuery q = screener.PrepareQuery(query);
  const auto& names = screener.list_names();
  // Best list name per entity; names of one entity are consecutive, in name order.
  std::vector<Hit> hits;
  uint32_t best_name = 0;
  double best = -1;
  auto flush = [&]() {
    if (best >= threshold) hits.push_back(screener.MakeHit(q, best_name));
    best = -1;
  };
  for (uint32_t n = 0; n < names.size(); ++n) {
    if (n > 0 && names[n].entity != names[n - 1].entity) flush();
    const engine::ListName& ln = names[n];
    const double s = score::ScoreListName(q, ln.prepared, *screener.entities()[ln.entity],
                                          ln.name_index, nullptr);
    if (s > best) {
      best = s;
      best_name = n;
    }
  }
  flush();
  engine::ScreenerImpl::Finish(&hits, options.limit);
  return hits;
}

}  // namespace cordon::testing
