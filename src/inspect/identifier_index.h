// Exact lookup of the BICs and LEIs that the lists give for their entries, so
// that a bank known only by its BIC (an MT 52A, an ISO FinInstnId/BICFI) is
// still screened.
//
// Thread safety: immutable after construction.
#ifndef CORDON_INSPECT_IDENTIFIER_INDEX_H_
#define CORDON_INSPECT_IDENTIFIER_INDEX_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cordon/entity.h"

namespace cordon::inspect {

// A listed identifier and its entity.
struct ListedIdentifier {
  const Entity* entity = nullptr;
  const Identifier* identifier = nullptr;
};

class IdentifierIndex {
 public:
  explicit IdentifierIndex(const std::vector<LoadedList>& lists);

  // Entries listing the institution of `bic`. BICs are compared on their first
  // eight characters (institution, country, location): ISO 9362 gives every
  // branch of an institution the same eight, and a sanction names the
  // institution, so "BKIDIRTHXXX" and "BKIDIRTH" are the same bank.
  std::vector<ListedIdentifier> FindBic(std::string_view bic) const;
  // Entries listing exactly this LEI (ISO 17442, 20 characters).
  std::vector<ListedIdentifier> FindLei(std::string_view lei) const;

 private:
  std::unordered_map<std::string, std::vector<ListedIdentifier>> bic8_;
  std::unordered_map<std::string, std::vector<ListedIdentifier>> lei_;
};

// Upper case letters and digits of `text` (spaces and punctuation dropped).
std::string CompactIdentifier(std::string_view text);

}  // namespace cordon::inspect

#endif  // CORDON_INSPECT_IDENTIFIER_INDEX_H_
