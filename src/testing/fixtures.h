// Shared test fixtures: the bundled lists loaded once, and the negative-name corpus.
#ifndef CORDON_TESTING_FIXTURES_H_
#define CORDON_TESTING_FIXTURES_H_

#include <memory>
#include <string>
#include <vector>

#include "cordon/screen.h"

namespace cordon::testing {

// Every bundled list folder under data/lists that loads (loaders still being written are left
// out and named in *missing); loaded once per process.
const std::vector<LoadedList>& BundledLists(std::vector<std::string>* missing = nullptr);
// A Screener over BundledLists(), created once per process.
const Screener& BundledScreener();

struct NegativeName {
  std::string culture;  // faker locale
  std::string schema;   // "Person" or "Organization"
  std::string name;
};
// data/names/negatives/names.tsv: names of no one on the lists (docs in that folder's LICENSE).
std::vector<NegativeName> NegativeNames(const std::string& data_dir);

}  // namespace cordon::testing

#endif  // CORDON_TESTING_FIXTURES_H_
