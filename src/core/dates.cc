// Placeholder until the date parser lands (helper: core utilities).
#include "core/dates.h"

namespace cordon {

std::optional<BirthDate> ParseDateText(std::string_view) { return std::nullopt; }
std::vector<BirthDate> ParseDateList(std::string_view) { return {}; }
std::optional<PartialDate> ParseIsoDate(std::string_view) { return std::nullopt; }

}  // namespace cordon
