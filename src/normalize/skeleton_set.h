// The skeletons of a source token's likeliest romanisations (normalize::Token::skeletons) as
// sorted 64-bit keys, so that the cross-script gate (score::CrossScriptSim) is an integer search
// and the index's skeleton maps are keyed by integers, not strings.
//
// SkeletonKey() is fixed (snapshots and the index depend on it only through the skeleton strings,
// which are what the compiled form stores):
//  - a skeleton of at most kMaxPackedLetters letters, every one of them a letter a skeleton may
//    hold (normalize::Skeleton: a b d f g h j k l m n p r s t w x y z), is packed exactly: the
//    letters as base-20 digits 1..19, first letter most significant. No digit is 0, so two such
//    skeletons have the same key only when they are equal. The largest is below 20^14 < 2^63.
//  - any other string (longer, or with a digit) gets FNV-1a 64 of its bytes with bit 63 set.
//    Two such strings may share a key; the set also keeps those skeletons as strings, and
//    Contains() compares the string whenever the key is a hash. So a collision can only make the
//    index reach a token it then rejects (the scorer's own gate is exact): it never loses a
//    candidate and never makes a match.
//
// Example:
//   SkeletonSet s({"mhmd", "mhmt"});
//   s.Contains("mhmd");  // true
//   s.Contains(SkeletonKey("mhmd"), "mhmd");  // the same, key already known
//
// Thread safety: immutable values; SkeletonKey is a pure function.
#ifndef CORDON_NORMALIZE_SKELETON_SET_H_
#define CORDON_NORMALIZE_SKELETON_SET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::normalize {

// Longest skeleton packed exactly (20^14 < 2^63).
inline constexpr size_t kMaxPackedLetters = 14;
// The key of a skeleton (see the file comment).
uint64_t SkeletonKey(std::string_view skeleton);
// Whether `key` is an exact packing (true) or a hash (false).
inline bool IsPackedKey(uint64_t key) { return (key >> 63) == 0; }

class SkeletonSet {
 public:
  SkeletonSet() = default;
  // From skeleton strings in any order (duplicates kept once).
  explicit SkeletonSet(const std::vector<std::string>& skeletons);

  bool empty() const { return keys_.empty(); }
  size_t size() const { return keys_.size(); }
  // SkeletonKey of every skeleton, sorted, each once.
  const std::vector<uint64_t>& keys() const { return keys_; }
  // Whether `skeleton` is in the set (exact, whatever the keys' collisions).
  bool Contains(std::string_view skeleton) const {
    return Contains(SkeletonKey(skeleton), skeleton);
  }
  // The same, `key` being SkeletonKey(skeleton).
  bool Contains(uint64_t key, std::string_view skeleton) const;
  // The skeletons as strings, sorted (for display and for the compiled form).
  std::vector<std::string> Strings() const;

  bool operator==(const SkeletonSet&) const = default;

 private:
  std::vector<uint64_t> keys_;
  // The skeletons whose key is a hash (longer than kMaxPackedLetters, or with a letter outside
  // the skeleton alphabet), sorted; nearly always empty.
  std::vector<std::string> hashed_;
};

// Skeleton sets already made, by the source letters they were made from (a name index holds
// those of every list token and join): a query token or join whose letters are there takes that
// set instead of running the model's beam again. TranslitModel::Skeletons is a pure function of
// the letters, so the answer is the same either way.
class KnownSkeletons {
 public:
  virtual ~KnownSkeletons() = default;
  // The set TranslitModel::Embedded().Skeletons(symbols) gives, or nullptr when not held.
  virtual const SkeletonSet* FindSkeletons(std::string_view symbols) const = 0;
};

}  // namespace cordon::normalize

#endif  // CORDON_NORMALIZE_SKELETON_SET_H_
