// Skeletons as 64-bit keys over every original-script word of the cross-script evaluation set's
// dev split (heavy: 370,000 skeletons, seconds here and minutes under ASan; the packing and
// collision cases are in skeleton_set_test).
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/rules.h"
#include "normalize/skeleton_set.h"
#include "normalize/translit.h"

namespace cordon::normalize {
namespace {

// Every Arabic-script and Cyrillic word of the dev split of data/names/cross_script/pairs.tsv
// (1,171 names), and every join of two adjacent words: its model skeletons are those of the
// plain string beam (TranslitModel::ReferenceSkeletonsForTesting), they round-trip
// through their keys, no two share a key, and membership by key agrees with membership by string
// for the skeletons of every Latin spelling given for the name.
TEST(SkeletonSet, EveryCrossScriptWordRoundTrips) {
  std::ifstream in(CORDON_DATA_DIR "/names/cross_script/pairs.tsv");
  ASSERT_TRUE(in) << "data/names/cross_script/pairs.tsv";
  const TranslitModel& m = TranslitModel::Embedded();
  std::string line;
  std::getline(in, line);  // header
  size_t words = 0, skeletons = 0, hashed = 0, checked = 0;
  auto split = [](const std::string& s, std::string_view seps) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
      if (seps.find(c) != std::string_view::npos) {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
  };
  while (std::getline(in, line)) {
    const std::vector<std::string> f = split(line, "\t");
    ASSERT_GE(f.size(), 6u) << line;
    if (f[0] != "dev") continue;
    std::vector<std::string> symbols;
    for (const std::string& w : split(f[4], " ,-()")) {
      if (std::string s = TranslitModel::Symbols(w); !s.empty() && m.Covers(s)) {
        symbols.push_back(std::move(s));
      }
    }
    const size_t n = symbols.size();
    for (size_t i = 0; i + 1 < n; ++i) symbols.push_back(symbols[i] + symbols[i + 1]);
    std::vector<std::string> latin;
    for (const std::string& w : split(f[5], " ,-()|.'")) {
      std::string lower;
      for (char c : w)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      latin.push_back(Skeleton(lower));
    }
    for (const std::string& s : symbols) {
      const SkeletonSet set = m.Skeletons(s);
      const std::vector<std::string> strings = set.Strings();
      // The packed beam gives the plain one's answer (translit_test has the cases).
      ASSERT_EQ(strings, m.ReferenceSkeletonsForTesting(s)) << s;
      ++words;
      skeletons += strings.size();
      ASSERT_EQ(strings.size(), set.size()) << s;
      const std::set<std::string> by_string(strings.begin(), strings.end());
      for (const std::string& k : strings) {
        hashed += !IsPackedKey(SkeletonKey(k));
        ASSERT_TRUE(set.Contains(k)) << k;
      }
      ASSERT_EQ(SkeletonSet(strings), set) << s;
      for (const std::string& l : latin) {
        ASSERT_EQ(set.Contains(l), by_string.count(l) == 1) << s << " " << l;
        checked += by_string.count(l);
      }
    }
  }
  EXPECT_GT(words, 5000u);
  EXPECT_GT(checked, 1000u);  // Latin spellings found among their source's skeletons
  std::cout << words << " words and joins, " << skeletons << " skeletons, " << hashed << " hashed, "
            << checked << " Latin spellings found\n";
}

}  // namespace
}  // namespace cordon::normalize
