// Country names as the lists write them -> ISO 3166-1 alpha-2 codes.
#ifndef CORDON_CORE_COUNTRY_H_
#define CORDON_CORE_COUNTRY_H_

#include <string>
#include <string_view>

#include "cordon/entity.h"

namespace cordon {

// Lower-case ISO 3166-1 alpha-2 code for a country name, demonym or code as it
// appears in the lists ("Afghanistan", "AFGHANISTAN", "Afghan", "AF", "AFG",
// "Iran (Islamic Republic of)", "Russian Federation", "Belarus / Bélarus",
// "Syrian Arab Republic", "Democratic Republic of the Congo", "Korea, North").
// Returns "" when the text is not recognisably one country.
std::string CountryCode(std::string_view text);

// Country{code, text} with the text kept as given (whitespace cleaned).
Country MakeCountry(std::string_view text);

// English short name for a code ("af" -> "Afghanistan"); "" if unknown.
std::string CountryName(std::string_view code);

}  // namespace cordon

#endif  // CORDON_CORE_COUNTRY_H_
