// Property: the indexed Screener returns exactly the hits of the brute-force reference (same
// entities, same scores, same order) for generated variants of real list names, names in their
// original script, random names made of list tokens, and noise words glued to list words, at
// several thresholds.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
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

// Screens every query at 0.5 and 0.8 with the index and with the brute-force reference, expecting
// the same hits; returns how many queries had hits at `count_at` (one of the two).
size_t ScreenAsReference(const engine::ScreenerImpl& s, const std::vector<std::string>& queries,
                         double count_at) {
  size_t with_hits = 0;
  for (const std::string& name : queries) {
    ScreenQuery q;
    q.name = name;
    for (double t : {0.5, 0.8}) {
      const ScreenOptions o{.threshold = t, .limit = 1000};
      const std::vector<Hit> want = ReferenceScreen(s, q, o);
      ExpectSame(s.Screen(q, o), want, name, t);
      with_hits += t == count_at && !want.empty();
    }
  }
  return with_hits;
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
  const size_t with_hits = ScreenAsReference(s, queries, 0.8);
  // Not a vacuous check: most variant queries have hits (printed for the record).
  std::printf("%zu queries, %zu with hits at 0.80\n", queries.size(), with_hits);
  EXPECT_GT(with_hits, queries.size() / 3);
}

// The same for Hangul (normalize/hangul.h): syllable tokens match only their own spellings, and
// the index must reach exactly those (its text and spelling maps, no edit neighbourhoods). The
// UK list's DPRK entries (a Korean nationality or regime) with its five Hangul aliases, and one in
// ten of its other entries; queries are the negative corpus's Korean names (Hangul,
// data/names/negatives), the list's Hangul names, Latin DPRK names with one syllable swapped for a
// Hangul one, and Hangul surnames with Latin given names.
TEST(ExhaustiveTest, IndexedEqualsBruteForceOnHangul) {
  auto lists = LoadLists({std::string(CORDON_DATA_DIR) + "/lists/uk"});
  ASSERT_TRUE(lists.ok()) << lists.status();
  std::vector<std::string> korean;  // Latin and Hangul names of the kept DPRK entries
  size_t n = 0;
  for (LoadedList& l : *lists) {
    std::erase_if(l.entities, [&](const Entity& e) {
      auto korea = [](std::string_view s) {
        return s.find("Korea") != std::string_view::npos ||
               s.find("KOREA") != std::string_view::npos ||
               s.find("DPRK") != std::string_view::npos;
      };
      bool kp = std::any_of(e.programs.begin(), e.programs.end(), korea);
      for (const auto* cs : {&e.nationalities, &e.citizenships}) {
        for (const Country& c : *cs) kp = kp || c.code == "KP" || korea(c.text);
      }
      if (kp) {
        for (const Name& nm : e.names) korean.push_back(nm.full);
      }
      return !kp && n++ % 10 != 0;
    });
  }
  ASSERT_GT(korean.size(), 50u);
  auto made = Screener::Create(std::move(*lists));
  ASSERT_TRUE(made.ok()) << made.status();
  const engine::ScreenerImpl& s = Impl(**made);
  std::ifstream in(std::string(CORDON_DATA_DIR) + "/names/negatives/names.tsv");
  ASSERT_TRUE(in);
  std::vector<std::string> hangul;
  for (std::string line; std::getline(in, line) && hangul.size() < 300;) {
    if (line.starts_with("ko\t")) hangul.push_back(line.substr(line.rfind('\t') + 1));
  }
  ASSERT_EQ(hangul.size(), 300u);
  std::mt19937_64 rng(7);
  const std::array<std::string, 8> syllables = {"김", "정", "종", "송", "은", "일", "리", "박"};
  std::vector<std::string> queries(hangul.begin(), hangul.end());
  for (const std::string& k : korean) {
    queries.push_back(k);
    // The first word replaced by a Hangul syllable, and kept with two Hangul syllables after it.
    std::string q = k;
    const size_t space = q.find(' ');
    if (space == std::string::npos) continue;
    queries.push_back(syllables[rng() % syllables.size()] + q.substr(space));
    queries.push_back(q.substr(0, space + 1) + syllables[rng() % syllables.size()] +
                      syllables[rng() % syllables.size()]);
  }
  const size_t with_hits = ScreenAsReference(s, queries, 0.5);
  std::printf("%zu Hangul queries, %zu with hits at 0.50\n", queries.size(), with_hits);
  EXPECT_GT(with_hits, queries.size() / 4);
}

}  // namespace
}  // namespace cordon::testing
