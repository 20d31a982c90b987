// Skeletons as 64-bit keys: exact packing of short skeletons, hashed long ones checked by their
// strings, over every original-script word of the cross-script evaluation set.
#include "normalize/skeleton_set.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "normalize/rules.h"
#include "normalize/translit.h"

namespace cordon::normalize {
namespace {

TEST(SkeletonKey, ShortSkeletonsArePackedAndDistinct) {
  // Every string of up to three skeleton letters, and the 14-letter limit: distinct keys, all
  // packed, and the strings come back.
  const std::string letters = "abdfghjklmnprstwxyz";
  std::vector<std::string> all{""};
  for (size_t len = 1; len <= 3; ++len) {
    const size_t from = all.size() - std::min(all.size(), size_t{1} << 20);
    std::vector<std::string> next;
    for (size_t i = from; i < all.size(); ++i) {
      if (all[i].size() != len - 1) continue;
      for (char c : letters) next.push_back(all[i] + c);
    }
    all.insert(all.end(), next.begin(), next.end());
  }
  all.push_back(std::string(kMaxPackedLetters, 'z'));
  all.push_back("mhmdbnbdlrhmn");
  std::unordered_map<uint64_t, std::string> seen;
  for (const std::string& s : all) {
    const uint64_t k = SkeletonKey(s);
    EXPECT_TRUE(IsPackedKey(k)) << s;
    const auto [it, fresh] = seen.emplace(k, s);
    EXPECT_TRUE(fresh) << s << " and " << it->second;
  }
  EXPECT_EQ(seen.size(), 1 + 19 + 19 * 19 + 19 * 19 * 19 + 2);
  const SkeletonSet set(all);
  EXPECT_EQ(set.size(), all.size());
  std::vector<std::string> sorted = all;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(set.Strings(), sorted);
}

TEST(SkeletonKey, LongOrForeignSkeletonsAreHashedAndCheckedByString) {
  const std::string longer(kMaxPackedLetters + 1, 'z');
  const std::string digit = "mhmd3";  // a Latin token's skeleton may hold a digit
  EXPECT_FALSE(IsPackedKey(SkeletonKey(longer)));
  EXPECT_FALSE(IsPackedKey(SkeletonKey(digit)));
  EXPECT_FALSE(IsPackedKey(SkeletonKey("mhmde")));  // 'e' is never in a skeleton
  const SkeletonSet set({longer, "mhmd", digit});
  EXPECT_TRUE(set.Contains(longer));
  EXPECT_TRUE(set.Contains(digit));
  EXPECT_TRUE(set.Contains("mhmd"));
  EXPECT_FALSE(set.Contains("mhmt"));
  EXPECT_FALSE(set.Contains(std::string(kMaxPackedLetters + 1, 'y')));
  // A collision: another string whose key were the long skeleton's. The key is found, the
  // string is not, so the answer is no (the index may reach such a token; the gate rejects it).
  EXPECT_FALSE(set.Contains(SkeletonKey(longer), std::string(kMaxPackedLetters + 2, 'z')));
  EXPECT_FALSE(set.Contains(SkeletonKey(digit), "mhmd4"));
  EXPECT_EQ(set.Strings(), (std::vector<std::string>{"mhmd", "mhmd3", longer}));
  EXPECT_EQ(SkeletonSet(set.Strings()), set);
}

// Every Arabic-script and Cyrillic word of the dev split of data/names/cross_script/pairs.tsv
// (1,171 names), and every join of two adjacent words: its model skeletons round-trip
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
