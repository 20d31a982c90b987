#include "messages/util.h"

#include <array>
#include <cstdlib>

#include "core/country.h"
#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"

namespace cordon::messages {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool ValidDay(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  if (month == 2 && day == 29) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }
  return day <= kDays[month - 1];
}

int Century(int yy, int pivot_year, bool birth) {
  const int base = pivot_year - pivot_year % 100;
  int year = base + yy;
  if (birth) {
    if (year > pivot_year) year -= 100;
    return year;
  }
  // The candidate nearest to the pivot.
  if (year - pivot_year > 50) year -= 100;
  if (pivot_year - year > 50) year += 100;
  return year;
}

std::optional<PartialDate> MakeDate(int year, int month, int day) {
  if (!ValidDay(year, month, day)) return std::nullopt;
  return PartialDate{static_cast<int16_t>(year), static_cast<int8_t>(month),
                     static_cast<int8_t>(day)};
}

}  // namespace

std::string CountryIso2(std::string_view text) { return CountryCode(text); }

std::string PartyCountry(Party* p, std::string_view field, std::string_view text) {
  std::string code = CountryCode(text);
  if (code.empty() && !CleanSpaces(text).empty()) {
    p->warnings.push_back(
        {std::string(field), CleanSpaces(text), "not recognised as one current country: ignored"});
  }
  return code;
}

std::optional<PartialDate> PartyBirthDate(Party* p, std::string_view field, std::string_view text) {
  QueryDate d = ReadQueryDate(text);
  if (!d.problem.empty()) WarnDate(p, field, text, std::move(d.problem));
  return d.date;
}

void WarnDate(Party* p, std::string_view field, std::string_view text, std::string problem) {
  if (CleanSpaces(text).empty()) return;
  p->warnings.push_back({std::string(field), CleanSpaces(text), std::move(problem)});
}

std::optional<PartialDate> ParseIsoDay(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(5, 2)) ||
      !AllDigits(text.substr(8, 2))) {
    return std::nullopt;
  }
  return MakeDate(Num(text.substr(0, 4)), Num(text.substr(5, 2)), Num(text.substr(8, 2)));
}

std::optional<PartialDate> ParseYymmdd(std::string_view text, int pivot_year, bool birth) {
  if (text.size() != 6 || !AllDigits(text)) return std::nullopt;
  const int year = Century(Num(text.substr(0, 2)), pivot_year, birth);
  return MakeDate(year, Num(text.substr(2, 2)), Num(text.substr(4, 2)));
}

std::optional<PartialDate> ParseDdmmmyy(std::string_view text, int pivot_year, bool birth) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  if (text.size() != 7 || !AllDigits(text.substr(0, 2)) || !AllDigits(text.substr(5, 2))) {
    return std::nullopt;
  }
  int month = 0;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (AsciiLower(text.substr(2, 3)) == AsciiLower(kMonths[i])) month = static_cast<int>(i) + 1;
  }
  if (month == 0) return std::nullopt;
  const int year = Century(Num(text.substr(5, 2)), pivot_year, birth);
  return MakeDate(year, month, Num(text.substr(0, 2)));
}

Gender ParseGender(std::string_view text) {
  if (text == "M" || text == "MI") return Gender::kMale;
  if (text == "F" || text == "FI") return Gender::kFemale;
  return Gender::kUnknown;
}

absl::Status MessageError(std::string_view name, std::string_view bytes, uint64_t offset,
                          std::string_view reason) {
  const TextPosition p = PositionOf(bytes, offset);
  return absl::InvalidArgumentError(StrCat(name, ":", p.line, ": byte ", offset, ": ", reason));
}

void AddFreeText(Message* m, std::string path, std::string kind, std::string_view text) {
  std::string clean;
  // Keep line structure: clean each line, join with "\n".
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line = CleanSpaces(text.substr(start, end - start));
    if (!line.empty()) {
      if (!clean.empty()) clean += '\n';
      clean += line;
    }
    start = end + 1;
  }
  if (clean.empty()) return;
  m->free_texts.push_back({std::move(path), std::move(kind), std::move(clean)});
}

}  // namespace cordon::messages

namespace cordon {

std::optional<uint64_t> MessageErrorOffset(const absl::Status& status) {
  // The readers write "byte <offset>:" into every error (messages::MessageError, and the same
  // words in the XML, UTF-8 and EDIFACT errors); the first such number is the offset.
  const std::string_view text(status.message().data(), status.message().size());
  constexpr std::string_view kByte = "byte ";
  for (size_t at = text.find(kByte); at != std::string_view::npos; at = text.find(kByte, at + 1)) {
    size_t end = at + kByte.size();
    uint64_t value = 0;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9' && value < (1ull << 60)) {
      value = value * 10 + static_cast<uint64_t>(text[end++] - '0');
    }
    if (end > at + kByte.size() && end < text.size() && text[end] == ':') return value;
  }
  return std::nullopt;
}

}  // namespace cordon
