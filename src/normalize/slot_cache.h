// A per-thread memo of a pure function of a string, with a fixed number of slots: each key has
// one slot (its hash), a new key takes the slot over. Unlike a hash map cleared when full, no
// lookup ever pays for freeing thousands of entries at once (e2e_bench's slowest queries spent
// tens of milliseconds so), and after warm-up a miss allocates nothing: the slot's key string
// and value keep their capacity.
#ifndef CORDON_NORMALIZE_SLOT_CACHE_H_
#define CORDON_NORMALIZE_SLOT_CACHE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/hash/hash.h"

namespace cordon::normalize {

// `slots` rounded up to a power of two (a slot is the hash's low bits).
inline size_t SlotCount(size_t slots) {
  size_t n = 1;
  while (n < slots) n <<= 1;
  return n;
}

template <typename V>
class SlotCache {
 public:
  // `slots` is rounded up to a power of two.
  explicit SlotCache(size_t slots) : slots_(SlotCount(slots)) {}
  // The value for `key`: remembered, or compute() (then remembered in the key's slot).
  template <typename Compute>
  const V& Get(std::string_view key, Compute compute) {
    Slot& s = slots_[absl::Hash<absl::string_view>{}(absl::string_view(key.data(), key.size())) &
                     (slots_.size() - 1)];
    if (!s.used || s.key != key) {
      s.value = compute();
      s.key.assign(key);
      s.used = true;
    }
    return s.value;
  }
  void Clear() {
    for (Slot& s : slots_) s.used = false;
  }

 private:
  struct Slot {
    std::string key;
    V value{};
    bool used = false;
  };
  std::vector<Slot> slots_;
};

// The same for a function of two strings, without joining them into one key: a slot holds the
// pair's hash and both strings, so a probe builds nothing and a different pair in the slot is
// usually told apart by the hash alone (the strings are compared only when the hashes agree).
template <typename V>
class PairSlotCache {
 public:
  // `slots` is rounded up to a power of two.
  explicit PairSlotCache(size_t slots) : slots_(SlotCount(slots)) {}
  // The value for (a, b): remembered, or compute() (then remembered in the pair's slot).
  template <typename Compute>
  const V& Get(std::string_view a, std::string_view b, Compute compute) {
    const size_t h =
        absl::HashOf(absl::string_view(a.data(), a.size()), absl::string_view(b.data(), b.size()));
    Slot& s = slots_[h & (slots_.size() - 1)];
    if (!s.used || s.hash != h || s.a != a || s.b != b) {
      s.value = compute();
      s.a.assign(a);
      s.b.assign(b);
      s.hash = h;
      s.used = true;
    }
    return s.value;
  }

 private:
  struct Slot {
    size_t hash = 0;
    std::string a, b;
    V value{};
    bool used = false;
  };
  std::vector<Slot> slots_;
};

}  // namespace cordon::normalize

#endif  // CORDON_NORMALIZE_SLOT_CACHE_H_
