// Skeletons as 64-bit keys: exact packing of short skeletons, hashed long ones checked by their
// strings (the round trip over the cross-script dev split: skeleton_set_dev_test).
#include "normalize/skeleton_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

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

}  // namespace
}  // namespace cordon::normalize
