// Micro-benchmarks of the screening path against the bundled lists (issue 4): normalise one name,
// score one prepared pair, screen one name. Google Benchmark; run as
//   build/bench/screen_bench [--benchmark_filter=Screen] [--benchmark_repetitions=5]
// The bundled lists are loaded and compiled once before the first benchmark (not timed).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cordon/screen.h"
#include "score/entity_score.h"
#include "score/name_score.h"
#include "testing/fixtures.h"
#include "testing/reference.h"

namespace cordon {
namespace {

const engine::ScreenerImpl& Bundled() {
  static const engine::ScreenerImpl* s = [] {
    std::vector<std::string> missing;
    testing::BundledLists(&missing);
    for (const std::string& m : missing) std::fprintf(stderr, "list not loaded: %s\n", m.c_str());
    return &testing::Impl(testing::BundledScreener());
  }();
  return *s;
}

void BM_Normalize(benchmark::State& state, const char* name) {
  const normalize::Normalizer& n = Bundled().normalizer();
  for (auto _ : state) benchmark::DoNotOptimize(n.Normalize(name));
}
// A UN list name with a title, an Abd compound and a glued article.
BENCHMARK_CAPTURE(BM_Normalize, latin, "Mullah Abd al-Rahman AL-BAGHDADI");
// UN QDi.431's original-script name (Arabic-Latin transliteration, ar2en spellings).
BENCHMARK_CAPTURE(BM_Normalize, arabic, "ثناء الله غفاري");
// A UN list original-script note (BGN/PCGN Russian).
BENCHMARK_CAPTURE(BM_Normalize, cyrillic, "Тархан Исаевич Газиев");

// The prepared list name whose entity name is written exactly `full`.
const score::PreparedName& ListName(const std::string& full) {
  const engine::ScreenerImpl& s = Bundled();
  for (const engine::ListName& ln : s.list_names()) {
    if (s.entities()[ln.entity]->names[ln.name_index].full == full) return ln.prepared;
  }
  std::fprintf(stderr, "no list name \"%s\" in the bundled lists\n", full.c_str());
  std::abort();
}

void BM_ScoreName(benchmark::State& state, const char* query, const char* listed) {
  ScreenQuery q;
  q.name = query;
  const score::PreparedQuery pq = Bundled().PrepareQuery(q);
  const score::PreparedName& l = ListName(listed);
  for (auto _ : state) benchmark::DoNotOptimize(score::ScoreName(pq.name, l));
}
BENCHMARK_CAPTURE(BM_ScoreName, variant, "Sanaullah Ghafary", "SANAULLAH GHAFARI");
BENCHMARK_CAPTURE(BM_ScoreName, reordered, "Ghafari Sanaullah", "SANAULLAH GHAFARI");
BENCHMARK_CAPTURE(BM_ScoreName, unrelated, "Maria Schmidt", "SANAULLAH GHAFARI");
BENCHMARK_CAPTURE(BM_ScoreName, long_org, "Islamic State Khorasan",
                  "ISLAMIC STATE IN IRAQ AND THE LEVANT - KHORASAN (ISIL-K)");

void BM_Screen(benchmark::State& state, const char* name) {
  const engine::ScreenerImpl& s = Bundled();
  ScreenQuery q;
  q.name = name;
  size_t hits = 0;
  for (auto _ : state) {
    std::vector<Hit> h = s.Screen(q, {});
    hits = h.size();
    benchmark::DoNotOptimize(h);
  }
  state.counters["hits"] = static_cast<double>(hits);
}
BENCHMARK_CAPTURE(BM_Screen, listed, "SANAULLAH GHAFARI");
BENCHMARK_CAPTURE(BM_Screen, variant, "Sanaullah Ghafary");
BENCHMARK_CAPTURE(BM_Screen, arabic_script, "ثناء الله غفاري");
BENCHMARK_CAPTURE(BM_Screen, organisation, "Islamic State Khorasan");
BENCHMARK_CAPTURE(BM_Screen, no_one, "Maria Schmidt");
BENCHMARK_CAPTURE(BM_Screen, common_tokens, "Muhammad Khan");
BENCHMARK_CAPTURE(BM_Screen, common_tokens_long, "Muhammad Ali Ahmad Khan");
// Hangul syllables, each a token with its spellings (normalize/hangul.h).
BENCHMARK_CAPTURE(BM_Screen, hangul, "김정은");

}  // namespace
}  // namespace cordon
