#include "normalize/skeleton_set.h"

#include <algorithm>
#include <array>

namespace cordon::normalize {

namespace {

// The letters a skeleton holds (rules.cc, SkeletonAppend: vowels become a leading 'a', c and q
// are k, v is w, w and y only lead), as the base-20 digits 1..19.
constexpr std::string_view kLetters = "abdfghjklmnprstwxyz";
constexpr uint64_t kBase = 20;
static_assert(kLetters.size() == kBase - 1);

constexpr std::array<uint8_t, 256> DigitTable() {
  std::array<uint8_t, 256> t{};
  for (size_t i = 0; i < kLetters.size(); ++i) {
    t[static_cast<unsigned char>(kLetters[i])] = static_cast<uint8_t>(i + 1);
  }
  return t;
}
constexpr std::array<uint8_t, 256> kDigit = DigitTable();

constexpr uint64_t kHashed = uint64_t{1} << 63;

// FNV-1a, 64 bits (offset basis 14695981039346656037, prime 1099511628211).
uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

uint64_t SkeletonKey(std::string_view skeleton) {
  if (skeleton.size() <= kMaxPackedLetters) {
    uint64_t k = 0;
    bool packed = true;
    for (char c : skeleton) {
      const uint8_t d = kDigit[static_cast<unsigned char>(c)];
      packed = packed && d != 0;
      k = k * kBase + d;
    }
    if (packed) return k;
  }
  return Fnv1a64(skeleton) | kHashed;
}

SkeletonSet::SkeletonSet(const std::vector<std::string>& skeletons) {
  keys_.reserve(skeletons.size());
  for (const std::string& s : skeletons) {
    const uint64_t k = SkeletonKey(s);
    keys_.push_back(k);
    if (!IsPackedKey(k)) hashed_.push_back(s);
  }
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  std::sort(hashed_.begin(), hashed_.end());
  hashed_.erase(std::unique(hashed_.begin(), hashed_.end()), hashed_.end());
}

bool SkeletonSet::Contains(uint64_t key, std::string_view skeleton) const {
  if (!std::binary_search(keys_.begin(), keys_.end(), key)) return false;
  // A hashed key may be another string's: only the string itself answers.
  return IsPackedKey(key) || std::binary_search(hashed_.begin(), hashed_.end(), skeleton);
}

std::vector<std::string> SkeletonSet::Strings() const {
  std::vector<std::string> out = hashed_;
  for (uint64_t k : keys_) {
    if (!IsPackedKey(k)) continue;
    std::string s;
    for (; k != 0; k /= kBase) s.push_back(kLetters[k % kBase - 1]);
    std::reverse(s.begin(), s.end());
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace cordon::normalize
