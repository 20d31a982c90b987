// Seeded synthetic watchlists "like the real lists", for the screening benchmarks
// (bench/e2e_bench.cc) at sizes the bundled lists do not reach (100k, 1M entities).
//
// Names are recombined from real name corpora, never invented letter by letter:
//   - the bundled lists' own person names, grouped by the nationality the list gives, so that a
//     region's given names, patronymics and family names keep the frequencies they have on real
//     lists (Muhammad, Ali, Khan, Abdul; Vladimirovich, Ivanov; Kim, Ri, Pak);
//   - data/names/negatives/names.tsv and population.tsv: faker person names of 63 locales,
//     native-script names (Arabic, Persian, Urdu, Cyrillic, Han, Hangul, Greek, ...) paired word
//     by word with their transliteration by our own normaliser;
//   - data/names/google_ar2en: Arabic-script forms of Latin tokens (original-script aliases of
//     names from Arabic-script regions) and alternative Latin spellings of one Arabic name
//     (spelling-variant aliases, as lists give them);
//   - the bundled lists' organisation, vessel and aircraft names.
// Each position of a name (first, middle, last word) draws from its own pool with Zipf weights
// (probability ~ 1/rank, rank by corpus frequency), so common tokens are common, as in reality;
// the candidate index depends on that.
//
// The mix follows the bundled lists, measured when the generator is made: the share of each
// schema, of each region among persons (by nationality), the distribution of 0-4 aliases per
// schema, the share of weak aliases, of original-script names, of persons with a birth date, a
// nationality, an identifier.
//
// Example:
//   auto bundled = cordon::LoadLists(*cordon::DefaultListPaths());
//   auto gen = cordon::testing::SyntheticLists::Create(*bundled);
//   cordon::LoadedList syn = (*gen)->Generate(100000, /*seed=*/1);   // IDs "syn:1".."syn:100000"
//
// Deterministic: the same corpora, N and seed give the same list (own integer arithmetic, no
// std:: distributions). Thread safety: Generate() is const and may run on many threads.
#ifndef CORDON_TESTING_SYNTHETIC_H_
#define CORDON_TESTING_SYNTHETIC_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"

namespace cordon::testing {

// What the generator measured on the bundled lists and read from the corpora.
struct SyntheticProfile {
  double schema_share[5] = {};           // indexed by Schema
  double alias_share[5][5] = {};         // [schema][aliases 0..4]
  double weak_alias_share[5] = {};       // weak names among aliases, per schema
  double original_script_share[5] = {};  // entities with a non-Latin name, per schema
  double birth_date_share = 0;           // persons
  double nationality_share = 0;          // persons
  double identifier_share[5] = {};       // entities with an identifier, per schema
  std::vector<std::pair<std::string, double>> region_share;  // persons by region
  size_t person_samples = 0;  // person names the pools were built from
  size_t org_samples = 0;
  size_t distinct_tokens = 0;  // over all pools
};

class SyntheticLists {
 public:
  // Reads the corpora under `data_dir` (names/negatives/names.tsv and population.tsv,
  // names/google_ar2en/ar2en-train.txt) and the names and proportions of `bundled`. Fails when a
  // corpus is missing or `bundled` has no persons.
  static absl::StatusOr<std::unique_ptr<SyntheticLists>> Create(
      const std::vector<LoadedList>& bundled, const std::string& data_dir);
  ~SyntheticLists();

  // `n` entities of list "syn", IDs "syn:1".."syn:<n>", deterministic for (n, seed).
  LoadedList Generate(size_t n, uint64_t seed) const;

  const SyntheticProfile& profile() const;

 private:
  struct Impl;
  explicit SyntheticLists(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTING_SYNTHETIC_H_
