// Property: the indexed Screener returns exactly the hits of the brute-force reference (same
// entities, same scores, same order) for generated variants of real list names, names in their
// original script, random names made of list tokens, and noise words glued to list words, at
// several thresholds.
#include <gtest/gtest.h>

#include <array>
#include <random>

#include "cordon/lists.h"
#include "testing/reference.h"
#include "testing/variants.h"

namespace cordon::testing {
namespace {

void ExpectSame(const std::vector<Hit>& got, const std::vector<Hit>& want, const std::string& q,
                double threshold) {
  ASSERT_EQ(got.size(), want.size()) << "query \"" << q << "\" at " << threshold;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].entity_id, want[i].entity_id) << q;
    EXPECT_EQ(got[i].score, want[i].score) << q;
    EXPECT_EQ(got[i].matched_name, want[i].matched_name) << q;
  }
}

TEST(ExhaustiveTest, IndexedEqualsBruteForceOnUnList) {
  // The UN list alone keeps the brute force fast; its names cover Arabic, Afghan, Korean,
  // Russian and company names, with original-script names.
  auto lists = LoadLists({std::string(CORDON_DATA_DIR) + "/lists/un"});
  ASSERT_TRUE(lists.ok()) << lists.status();
  auto made = Screener::Create(std::move(*lists));
  ASSERT_TRUE(made.ok()) << made.status();
  const engine::ScreenerImpl& s = Impl(**made);
  std::vector<std::string> words;
  std::vector<std::string> names;
  for (const LoadedList& l : s.lists()) {
    for (const Entity& e : l.entities) {
      for (const Name& n : e.names) {
        names.push_back(n.full);
        size_t start = 0;
        while (start < n.full.size()) {
          size_t end = n.full.find(' ', start);
          if (end == std::string::npos) end = n.full.size();
          if (end > start) words.push_back(n.full.substr(start, end - start));
          start = end + 1;
        }
      }
    }
  }
  ASSERT_GT(names.size(), 1000u);
  std::mt19937_64 rng(42);
  std::vector<std::string> queries;
  for (int i = 0; i < 150; ++i) {
    for (const Variant& v : MakeVariants(names[rng() % names.size()], rng)) {
      queries.push_back(v.name);
    }
  }
  for (int i = 0; i < 300; ++i) queries.push_back(RandomName(words, rng));
  // Noise words glued before or after a listed word (score::GluedSim), and a one-letter token
  // after a listed name (joins with one-letter tokens).
  const std::array<std::string, 6> glue = {"al", "bin", "haji", "co", "ltd", "the"};
  for (int i = 0; i < 150; ++i) {
    const std::string& g = glue[rng() % glue.size()];
    const std::string& w = words[rng() % words.size()];
    queries.push_back((rng() % 2 ? g + w : w + g) + " " + words[rng() % words.size()]);
    queries.push_back(names[rng() % names.size()] + " " + static_cast<char>('A' + rng() % 26));
  }
  size_t with_hits = 0;
  for (const std::string& name : queries) {
    ScreenQuery q;
    q.name = name;
    for (double t : {0.5, 0.8}) {
      const ScreenOptions o{.threshold = t, .limit = 1000};
      const std::vector<Hit> want = ReferenceScreen(s, q, o);
      ExpectSame(s.Screen(q, o), want, name, t);
      with_hits += t == 0.8 && !want.empty();
    }
  }
  // Not a vacuous check: most variant queries have hits (printed for the record).
  std::printf("%zu queries, %zu with hits at 0.80\n", queries.size(), with_hits);
  EXPECT_GT(with_hits, queries.size() / 3);
}

}  // namespace
}  // namespace cordon::testing
