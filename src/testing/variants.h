// Seeded generators of query variants of real list names, by category, for the exhaustiveness
// property test and the recall measurements (the same categories as issue 3's validation).
#ifndef CORDON_TESTING_VARIANTS_H_
#define CORDON_TESTING_VARIANTS_H_

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::testing {

struct Variant {
  std::string category;  // "exact", "typo_insert", "reorder", ...
  std::string name;
};

// All categories that apply to `name` (whitespace-separated words), one variant each. Words of
// fewer than 4 letters are not given typos (they are too short to tell a typo from another name).
std::vector<Variant> MakeVariants(std::string_view name, std::mt19937_64& rng);

// A random name made of two or three words of the given pool (for negatives and fuzz-like load).
std::string RandomName(const std::vector<std::string>& words, std::mt19937_64& rng);

}  // namespace cordon::testing

#endif  // CORDON_TESTING_VARIANTS_H_
