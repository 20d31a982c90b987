// Helpers shared by the message readers (not part of the public API).
#ifndef CORDON_MESSAGES_UTIL_H_
#define CORDON_MESSAGES_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "cordon/entity.h"
#include "cordon/messages.h"

namespace cordon::messages {

// Lower-case ISO alpha-2 code for an alpha-2 or alpha-3 code or a country
// name ("GBR" -> "gb"); "" when not a recognisable country.
std::string CountryIso2(std::string_view text);

// CountryIso2 for a party's nationality or country at `field` (an element path): a text that
// names no country is reported in the party's warnings.
std::string PartyCountry(Party* p, std::string_view field, std::string_view text);

// A date of birth written as a person or system may write it (core/dates.h ReadQueryDate:
// ISO, "28.10.1994", "28 Oct 1994", ...); what cannot be read in full is reported on the party.
std::optional<PartialDate> PartyBirthDate(Party* p, std::string_view field, std::string_view text);

// Reports on the party that the date of birth `text` at `field` could not be read (`problem`:
// why); nothing for an empty text.
void WarnDate(Party* p, std::string_view field, std::string_view text, std::string problem);

// "1975-04-12" (ISO date, optional trailing time) -> PartialDate.
std::optional<PartialDate> ParseIsoDay(std::string_view text);

// EDIFACT/IATA YYMMDD ("780706") and DDMMMYY ("12JUL64"). Two-digit years
// are resolved with `pivot_year`: a birth date is the latest year not after
// pivot_year (a person cannot be born after the message was sent); any other
// date (an expiry) is the year nearest to pivot_year (documents expire within
// ten years of issue, so a year more than 50 years away is the other century).
std::optional<PartialDate> ParseYymmdd(std::string_view text, int pivot_year, bool birth);
std::optional<PartialDate> ParseDdmmmyy(std::string_view text, int pivot_year, bool birth);

// Gender from "M", "F", "MI", "FI" (IATA infant), "U"/"X" -> unknown.
Gender ParseGender(std::string_view text);

// InvalidArgument "<name>:<line>: byte <offset>: <reason>": the form of every error of a
// message or file, which MessageErrorOffset reads back.
absl::Status MessageError(std::string_view name, std::string_view bytes, uint64_t offset,
                          std::string_view reason);

// Appends `text` (whitespace cleaned) to `out` when it is not empty.
void AddFreeText(Message* m, std::string path, std::string kind, std::string_view text);

}  // namespace cordon::messages

#endif  // CORDON_MESSAGES_UTIL_H_
