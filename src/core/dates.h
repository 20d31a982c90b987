// Dates of birth as the lists write them -> cordon::BirthDate.
#ifndef CORDON_CORE_DATES_H_
#define CORDON_CORE_DATES_H_

#include <optional>
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

}  // namespace cordon

#endif  // CORDON_CORE_DATES_H_
