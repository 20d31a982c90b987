// Dates of birth as the lists write them -> cordon::BirthDate.
#ifndef CORDON_CORE_DATES_H_
#define CORDON_CORE_DATES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"

namespace cordon {

// Parses one date as written in the lists: "1975", "1975-04-12",
// "12 Apr 1975", "12 April 1975", "Apr 1975", "12/04/1975" (day first, as UK
// and EU lists write it), "00/00/1968" (UK: unknown day and month),
// "circa 1975", "approximately 1975", "c. 1975", "1960 to 1962",
// "between 1960 and 1962", "1960-1962". Returns nullopt when the text holds no
// date it can read; the caller keeps the text in BirthDate::text either way.
std::optional<BirthDate> ParseDateText(std::string_view text);

// Splits free text with several alternatives ("1962; 1963", "01 Jan 1960 or
// 1961", "1975, 1976") and parses each; unreadable parts are dropped.
std::vector<BirthDate> ParseDateList(std::string_view text);

// Parses an ISO 8601 date or partial date ("1975", "1975-04", "1975-04-12",
// also with a trailing time "1975-04-12T00:00:00"). Validates month and day.
std::optional<PartialDate> ParseIsoDate(std::string_view text);

// A date of birth as a screening query gives it, read leniently (docs/formats.md):
//   ISO 8601: "1969", "1969-07", "1969-07-16", "19690716", timestamps "1969-07-16T00:00:00Z";
//   year first with any separator: "1969-7-16", "1969/07/16", "1969.7.16";
//   day first with dots: "16.07.1969", "16.7.1969";
//   "16/07/1969" (day first) or "07/16/1969" (month first) when the order is unambiguous: one of
//   the two numbers is above 12, or both are equal; "/" and "-" are read alike;
//   month names: "16 Jul 1969", "16 July 1969", "July 16, 1969", "July 16th, 1969", "Jul 1969";
//   "circa 1969" and "1969 or 1970"-style texts of the lists that stay within one year.
// What scoring may use is in `date`; `problem` says why the text was not read in full. An
// ambiguous day/month ("05/07/1969": 5 July or May 7) is not guessed: only the year is used, and
// `problem` says so. Neither set means an empty text.
struct QueryDate {
  std::optional<PartialDate> date;
  std::string problem;
};
QueryDate ReadQueryDate(std::string_view text);

}  // namespace cordon

#endif  // CORDON_CORE_DATES_H_
