// BoundedOsa (bit-parallel, osa.cc) against the plain dynamic-programming OSA distance: equal on
// every pair of strings of up to 5 letters over a 3-letter alphabet (where transpositions,
// repeats and overlaps all occur), on random tokens, and on the bounds.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "normalize/rules.h"

namespace cordon::normalize {
namespace {

// The textbook recurrence (the implementation before the bit-parallel one), unbounded.
int ReferenceOsa(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::vector<std::string> AllStrings(const std::string& alphabet, size_t max_len) {
  std::vector<std::string> out = {""};
  for (size_t start = 0; start < out.size(); ++start) {
    if (out[start].size() == max_len) continue;
    for (char c : alphabet) out.push_back(out[start] + c);
  }
  return out;
}

TEST(OsaTest, EqualsTheDynamicProgramOnAllShortStrings) {
  const std::vector<std::string> all = AllStrings("abc", 5);  // 364 strings
  size_t pairs = 0;
  for (const std::string& a : all) {
    for (const std::string& b : all) {
      const int d = ReferenceOsa(a, b);
      for (int k = 0; k <= 3; ++k) {
        ASSERT_EQ(BoundedOsa(a, b, k), std::min(d, k + 1)) << a << " " << b << " k=" << k;
      }
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, 364u * 364u);
}

TEST(OsaTest, EqualsTheDynamicProgramOnRandomTokens) {
  std::mt19937 rng(16);
  const std::string letters = "abdeihklmnorstuyz";
  auto token = [&](size_t len) {
    std::string t;
    for (size_t i = 0; i < len; ++i) t += letters[rng() % letters.size()];
    return t;
  };
  for (int trial = 0; trial < 20000; ++trial) {
    const std::string a = token(1 + rng() % 20);
    std::string b = a;
    // One to three random edits of a, so most pairs are near each other.
    for (int e = 0, edits = 1 + static_cast<int>(rng() % 3); e < edits && !b.empty(); ++e) {
      const size_t at = rng() % b.size();
      switch (rng() % 4) {
        case 0: b.erase(at, 1); break;
        case 1: b.insert(b.begin() + at, letters[rng() % letters.size()]); break;
        case 2: b[at] = letters[rng() % letters.size()]; break;
        default:
          if (at + 1 < b.size()) std::swap(b[at], b[at + 1]);
      }
    }
    const int d = ReferenceOsa(a, b);
    for (int k = 0; k <= 3; ++k) {
      ASSERT_EQ(BoundedOsa(a, b, k), std::min(d, k + 1)) << a << " " << b << " k=" << k;
    }
  }
}

TEST(OsaTest, KnownDistancesAndBounds) {
  EXPECT_EQ(BoundedOsa("ghafari", "gafari", 2), 1);
  EXPECT_EQ(BoundedOsa("muhammad", "mohammed", 2), 2);
  EXPECT_EQ(BoundedOsa("abdul", "adbul", 2), 1);  // one transposition
  EXPECT_EQ(BoundedOsa("ca", "abc", 3), 3);       // OSA, not unrestricted Damerau (2)
  EXPECT_EQ(BoundedOsa("", "abc", 5), 3);
  EXPECT_EQ(BoundedOsa("abcdef", "a", 2), 3);  // lengths alone exceed the bound
  const std::string long_a(70, 'x');
  std::string long_b = long_a;
  EXPECT_EQ(BoundedOsa(long_a, long_b, 2), 0);
  long_b[3] = 'y';
  EXPECT_EQ(BoundedOsa(long_a, long_b, 2), 3);  // past one word: equal or too far
}

}  // namespace
}  // namespace cordon::normalize
