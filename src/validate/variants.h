// Test-variant generators of `cordon validate`: each turns one listed name into a variant of one
// kind (a typo, a reordering, a transliteration, ...), the way the name may be written in a
// payment or a manifest. The effectiveness test screens each variant and counts whether the
// listed entity is found.
//
// Example:
//   cordon::validate::Rng rng(42);
//   std::optional<std::string> v = cordon::validate::MakeVariant(
//       cordon::validate::Category::kTypoTranspose, "Usama bin Laden", {}, rng);  // "Usmaa bin
//       Laden"
//
// Every generator is deterministic for a given Rng state (the runs are seeded and reproducible on
// every platform: Rng is a fixed algorithm, never std::uniform_*_distribution, whose output is
// implementation-defined). A generator returns nullopt when the name has nothing to vary in its
// way (no middle part to drop, no token with a known variant); the runner then skips that case.
//
// Thread safety: the functions are reentrant; VariantTable is immutable after Parse.
#ifndef CORDON_VALIDATE_VARIANTS_H_
#define CORDON_VALIDATE_VARIANTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"

namespace cordon::validate {

// SplitMix64: small, fast, and the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform enough in [0, n) for n far below 2^64 (the bias is below 2^-40 here); n > 0.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

enum class Category : uint8_t {
  kExact,            // the primary name as listed
  kAlias,            // every strong alias as listed
  kWeakAlias,        // weak / low-quality aliases as listed (may not alert alone, by design)
  kOriginalScript,   // names the list gives in a non-Latin script, as listed
  kTypoInsert,       // one letter inserted
  kTypoDelete,       // one letter deleted
  kTypoSubstitute,   // one letter replaced by another
  kTypoTranspose,    // two adjacent letters swapped
  kDoubledLetter,    // one letter written twice
  kMissingSpace,     // two tokens run together at one space
  kReorder,          // tokens rotated (family name first)
  kLastFirst,        // "LAST, First Middle"
  kMissingPart,      // one middle token dropped
  kInitials,         // the first given name reduced to its initial ("S. M. Tufail")
  kSplitJoin,        // a hyphenated token split, or two tokens concatenated
  kTitles,           // a title or noise word added ("Mullah", "Haji", "Dr.", "Mr")
  kDiacritics,       // diacritics added to an ASCII name, or removed from an accented one
  kTransliteration,  // one token replaced by another spelling from name_variants.tsv
};
inline constexpr int kNumCategories = 18;
std::string_view CategoryName(Category c);  // "typo_insert", ...
// The categories made by MakeVariant (all but the as-listed ones).
const std::vector<Category>& GeneratedCategories();

// Groups of equivalent spellings from data/tables/name_variants.tsv.
class VariantTable {
 public:
  // Parses the table text: '#' lines are comments, every other non-empty line is a group of
  // TAB-separated lower-case ASCII tokens. A line with fewer than two tokens, a token that is not
  // lower-case ASCII letters/digits, or a token already in another group is an error naming the
  // line.
  static absl::StatusOr<VariantTable> Parse(std::string_view text);
  // The other spellings of `token` (lower-case ASCII), empty when it has none.
  std::vector<std::string_view> Others(std::string_view token) const;
  size_t groups() const { return groups_.size(); }

 private:
  std::vector<std::vector<std::string>> groups_;
  std::unordered_map<std::string, size_t> group_of_;
};

// Makes a variant of `name` in `category` (one of GeneratedCategories()); `is_person` selects
// the noise words of kTitles (titles for people, "The" for others). Returns nullopt when the name
// has nothing to vary in that way, and never returns the name unchanged.
std::optional<std::string> MakeVariant(Category category, std::string_view name, bool is_person,
                                       const VariantTable& table, Rng& rng);

// Whitespace-separated tokens of a name (commas kept on their token).
std::vector<std::string> SplitTokens(std::string_view name);

}  // namespace cordon::validate

#endif  // CORDON_VALIDATE_VARIANTS_H_
