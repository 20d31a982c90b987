// Checks of parties and address texts against configured embargoed
// jurisdictions (cordon/inspect.h JurisdictionRules).
//
// Thread safety: immutable after construction.
#ifndef CORDON_INSPECT_JURISDICTIONS_H_
#define CORDON_INSPECT_JURISDICTIONS_H_

#include <string>
#include <vector>

#include "cordon/inspect.h"

namespace cordon::inspect {

// The country of a BIC: its characters 5 and 6 (ISO 9362), lower case; "" when
// the BIC is not 8 or 11 characters or those two are not letters.
std::string BicCountry(std::string_view bic);

class JurisdictionChecker {
 public:
  explicit JurisdictionChecker(const JurisdictionRules& rules);

  // The party's BIC country, residence/registration country and address country.
  void CheckParty(const Party& p, int index, std::vector<MessageHit>* out) const;

  // An address text: configured places among its words, and lines that are
  // wholly the name or code of a configured country ("IRAN", "SYRIAN ARAB REPUBLIC").
  void CheckAddress(const FreeText& t, int party, std::vector<MessageHit>* out) const;

 private:
  struct Place {
    std::vector<std::string> words;
    const JurisdictionRule* rule;
  };
  const JurisdictionRule* CountryRule(std::string_view code) const;
  void AddCountryHit(const Party& p, int index, const std::string& attribute,
                     const std::string& text, const JurisdictionRule& rule,
                     std::vector<MessageHit>* out) const;

  std::vector<const JurisdictionRule*> countries_;
  std::vector<Place> places_;
};

}  // namespace cordon::inspect

#endif  // CORDON_INSPECT_JURISDICTIONS_H_
