// Placeholder until the country table lands (helper: core utilities).
#include "core/country.h"

#include "core/text.h"

namespace cordon {

std::string CountryCode(std::string_view) { return ""; }
Country MakeCountry(std::string_view text) { return Country{CountryCode(text), CleanSpaces(text)}; }
std::string CountryName(std::string_view) { return ""; }

}  // namespace cordon
