// BoundedOsa (rules.h): the optimal string alignment distance of two tokens, bit-parallel.
//
// The scorer and the index compare a query token with every vocabulary token the deletion keys
// reach, so this function is the hottest of a screening: 42% of the instructions of 600 bundled
// queries under callgrind with the dynamic-programming version (bench/RESULTS.md, issue 16).
// Hyyro's bit-vector recurrences (H. Hyyro, "A bit-vector algorithm for computing Levenshtein
// and Damerau edit distances", Nordic Journal of Computing 10, 2003) keep one column of the
// matrix as bit vectors of vertical +1/-1 steps over the pattern `b`, so each character of `a`
// costs a dozen word operations instead of a row of min-of-three cells. The transposition term
// is the "restricted" (OSA) one: a transposed pair is one edit, not re-edited afterwards. The
// result equals the dynamic-programming distance (osa_test.cc compares them exhaustively on
// short strings and on random tokens).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "normalize/rules.h"

namespace cordon::normalize {

// Patterns of up to this many bytes fit one machine word. Tokens are far shorter (names are
// capped at Normalizer::kMaxNameBytes); a longer one is only ever equal or too far.
constexpr size_t kMaxPatternBytes = 63;

int BoundedOsa(std::string_view a, std::string_view b, int max_distance) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int over = max_distance + 1;
  if (std::abs(n - m) > max_distance) return over;
  if (b.size() > kMaxPatternBytes) return a == b ? 0 : over;
  if (m == 0) return std::min(n, over);
  // peq[c]: the positions of byte c in b. Only the entries of a's and b's bytes are written,
  // and only those are read.
  std::array<uint64_t, 256> peq;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  for (char c : a) peq[static_cast<uint8_t>(c)] = 0;
  for (char c : b) peq[static_cast<uint8_t>(c)] = 0;
  for (int j = 0; j < m; ++j) peq[static_cast<uint8_t>(b[j])] |= uint64_t{1} << j;
  const uint64_t last = uint64_t{1} << (m - 1);
  uint64_t vp = ~uint64_t{0};  // vertical +1 steps of the current column
  uint64_t vn = 0;             // vertical -1 steps
  uint64_t d0 = 0;             // diagonal zero steps (matches) of the previous column
  uint64_t pm_prev = 0;
  int dist = m;  // the distance of a's prefix read so far to the whole of b
  for (int i = 0; i < n; ++i) {
    const uint64_t pm = peq[static_cast<uint8_t>(a[i])];
    // A transposition: a[i-1..i] == b[j..j-1] where the previous column had no match at j-1.
    const uint64_t tr = ((~d0 & pm) << 1) & pm_prev;
    d0 = ((((pm & vp) + vp) ^ vp) | pm | vn) | tr;
    uint64_t hp = vn | ~(d0 | vp);
    const uint64_t hn = d0 & vp;
    dist += (hp & last) != 0 ? 1 : 0;
    dist -= (hn & last) != 0 ? 1 : 0;
    hp = (hp << 1) | 1;
    vp = (hn << 1) | ~(d0 | hp);
    vn = hp & d0;
    pm_prev = pm;
    // Each remaining character of a lowers the distance by at most one.
    if (dist - (n - 1 - i) > max_distance) return over;
  }
  return std::min(dist, over);
}

}  // namespace cordon::normalize
