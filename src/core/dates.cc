// Dates of birth as the lists write them.
//
// The text is split into tokens (numbers, words, separators) and matched
// against the handful of shapes the real lists use; see dates_test.cc for the
// measured coverage of the OFAC remarks, UK, UN, Canada and UAE date texts.
#include "core/dates.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strcat.h"
#include "core/text.h"

namespace cordon {
namespace {

// Plausible years for a date of birth or a vessel's build date. Lists carry
// living persons and ships in service; a year outside this window is a typo or
// another calendar (the UN list has a Hijri date, years 13xx-14xx).
constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2100;

// Longest text treated as a date field; longer texts are prose.
constexpr size_t kMaxDateText = 300;

struct Tok {
  enum Kind { kNum, kWord, kSep } kind;
  std::string s;  // word (lower case), digits or the separator character
  int value = 0;  // numeric value of kNum (saturated)
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::vector<Tok> Tokenize(std::string_view text) {
  std::vector<Tok> toks;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    size_t j = i + 1;
    if (IsDigit(c)) {
      while (j < text.size() && IsDigit(text[j])) ++j;
      Tok t{Tok::kNum, std::string(text.substr(i, j - i))};
      for (char d : t.s) t.value = t.value > 100000 ? t.value : t.value * 10 + (d - '0');
      toks.push_back(t);
    } else if (IsAlpha(c) || static_cast<unsigned char>(c) >= 0x80) {
      while (j < text.size() && (IsAlpha(text[j]) || static_cast<unsigned char>(text[j]) >= 0x80))
        ++j;
      toks.push_back({Tok::kWord, AsciiLower(text.substr(i, j - i))});
    } else if (c == '/' || c == '-' || c == '.' || c == ',' || c == ':') {
      toks.push_back({Tok::kSep, std::string(1, c)});
    }  // spaces, brackets and other punctuation only separate tokens
    i = j;
  }
  return toks;
}

// 1..12 for an English month name or its abbreviation of at least three
// letters ("sep", "sept", "september"); 0 otherwise.
constexpr std::string_view kMonths[] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};

int MonthNumber(const std::string& w) {
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    if (kMonths[m].substr(0, w.size()) == w) return m + 1;
  }
  return 0;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Checks ranges; 0 means "not given" for month and day (UK writes 00). A day
// without a month is dropped, since it says nothing on its own.
std::optional<PartialDate> MakeDate(int y, int m, int d) {
  if (y < kMinYear || y > kMaxYear || m < 0 || m > 12 || d < 0) return std::nullopt;
  if (m == 0) d = 0;
  if (m > 0 && d > DaysIn(y, m)) return std::nullopt;
  return PartialDate{static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
}

bool Num(const Tok& t, size_t min_digits, size_t max_digits) {
  return t.kind == Tok::kNum && t.s.size() >= min_digits && t.s.size() <= max_digits;
}
bool Sep(const Tok& t, char c) { return t.kind == Tok::kSep && t.s[0] == c; }
bool Month(const Tok& t) { return t.kind == Tok::kWord && MonthNumber(t.s) > 0; }
bool DateSep(const Tok& t) { return Sep(t, '/') || Sep(t, '-') || Sep(t, '.'); }

// Numeric shapes: "1975", "1975-04[-12]", "12/04/1975", "12-04-1975",
// "12.04.1975" (day first), "04/1975".
std::optional<PartialDate> NumericDate(const std::vector<Tok>& t) {
  const size_t n = t.size();
  if (n == 1 && Num(t[0], 4, 4)) return MakeDate(t[0].value, 0, 0);
  if ((n == 3 || n == 5) && Num(t[0], 4, 4) && Sep(t[1], '-') && Num(t[2], 1, 2)) {
    if (n == 3) return MakeDate(t[0].value, t[2].value, 0);
    if (Sep(t[3], '-') && Num(t[4], 1, 2)) return MakeDate(t[0].value, t[2].value, t[4].value);
  }
  if (n == 5 && Num(t[0], 1, 2) && DateSep(t[1]) && Num(t[2], 1, 2) && t[3].s == t[1].s &&
      Num(t[4], 4, 4)) {
    return MakeDate(t[4].value, t[2].value, t[0].value);
  }
  if (n == 3 && Num(t[0], 1, 2) && (Sep(t[1], '/') || Sep(t[1], '-')) && Num(t[2], 4, 4)) {
    return MakeDate(t[2].value, t[0].value, 0);
  }
  return std::nullopt;
}

struct Ymd {
  int y = 0, m = 0, d = 0;
};

// Shapes with a month name: "12 Apr 1975", "12-Apr-1975", "Apr 1975",
// "April 12, 1975" (commas and hyphens already removed by the caller).
std::optional<Ymd> NamedMonthYmd(const std::vector<Tok>& t) {
  const size_t n = t.size();
  if (n == 3 && Num(t[0], 1, 2) && Month(t[1]) && Num(t[2], 4, 4)) {
    return Ymd{t[2].value, MonthNumber(t[1].s), t[0].value};
  }
  if (n == 3 && Month(t[0]) && Num(t[1], 1, 2) && Num(t[2], 4, 4)) {
    return Ymd{t[2].value, MonthNumber(t[0].s), t[1].value};
  }
  if (n == 2 && Month(t[0]) && Num(t[1], 4, 4)) return Ymd{t[1].value, MonthNumber(t[0].s), 0};
  return std::nullopt;
}

std::optional<PartialDate> NamedMonthDate(const std::vector<Tok>& t) {
  const std::optional<Ymd> ymd = NamedMonthYmd(t);
  if (!ymd) return std::nullopt;
  return MakeDate(ymd->y, ymd->m, ymd->d);
}

// Drops the punctuation that only decorates a named-month date: "Nov." "12,"
// "12-Apr-1975".
std::vector<Tok> WithoutDecoration(const std::vector<Tok>& t) {
  std::vector<Tok> out;
  for (size_t i = 0; i < t.size(); ++i) {
    const bool after_word = i > 0 && t[i - 1].kind == Tok::kWord;
    const bool near_word = after_word || (i + 1 < t.size() && t[i + 1].kind == Tok::kWord);
    if (Sep(t[i], ',') || ((Sep(t[i], '.') || Sep(t[i], '-')) && near_word)) continue;
    out.push_back(t[i]);
  }
  return out;
}

std::optional<PartialDate> SingleDate(const std::vector<Tok>& t) {
  if (auto d = NumericDate(t)) return d;
  return NamedMonthDate(WithoutDecoration(t));
}

std::optional<BirthDate> Exact(std::optional<PartialDate> d) {
  if (!d) return std::nullopt;
  return BirthDate{*d, *d};
}

// "1970s" -> 1970 to 1979.
std::optional<BirthDate> Decade(const std::vector<Tok>& t) {
  if (t.size() != 2 || !Num(t[0], 4, 4) || t[0].value % 10 != 0 || t[1].s != "s") {
    return std::nullopt;
  }
  const auto from = MakeDate(t[0].value, 0, 0), to = MakeDate(t[0].value + 9, 0, 0);
  if (!from || !to) return std::nullopt;
  return BirthDate{*from, *to};
}

std::optional<BirthDate> MakeRange(const std::vector<Tok>& left, const std::vector<Tok>& right) {
  auto to = SingleDate(right);
  if (!to) return std::nullopt;
  auto from = SingleDate(left);
  if (!from && !right.empty() && Num(right.back(), 4, 4)) {
    // "Between Aug. and Sep. 1975", "Jan to Mar 1960": the year is said once.
    std::vector<Tok> with_year = left;
    with_year.push_back(right.back());
    from = SingleDate(with_year);
  }
  if (!from || *to < *from) return std::nullopt;
  return BirthDate{*from, *to};
}

// "A to B", "between A and B", "A - B" / "1960-1962".
std::optional<BirthDate> Range(const std::vector<Tok>& t) {
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    const bool word_split = t[i].kind == Tok::kWord && (t[i].s == "to" || t[i].s == "and");
    if (!word_split && !Sep(t[i], '-')) continue;
    const std::vector<Tok> left(t.begin(), t.begin() + static_cast<ptrdiff_t>(i));
    const std::vector<Tok> right(t.begin() + static_cast<ptrdiff_t>(i) + 1, t.end());
    if (auto r = MakeRange(left, right)) return r;
  }
  return std::nullopt;
}

bool IsCircaWord(const std::string& w) {
  return w == "circa" || w == "ca" || w == "c" || w == "approximately" || w == "approx" ||
         w == "approximate" || w == "about" || w == "around" || w == "early" || w == "mid" ||
         w == "late";
}

// Words that carry no date information in the texts the lists write ("born
// in the early 1970s", "from 1960 to 1962", "between ... and ...").
bool IsDateFillerWord(const std::string& w) {
  return w == "born" || w == "in" || w == "the" || w == "from" || w == "between" || w == "on";
}

// ---- Query dates (ReadQueryDate) ----

std::string MonthTitle(int m) {
  std::string name(kMonths[m - 1]);
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

// The date y-m-d (m, d 0: not given), or why it is none.
QueryDate QueryYmd(int y, int m, int d) {
  if (m == 0) d = 0;  // a day without its month ("08.00.1968") says nothing
  if (y < kMinYear || y > kMaxYear) {
    return {std::nullopt, StrCat("year ", y, " is outside ", kMinYear, "-", kMaxYear)};
  }
  if (m > 12) return {std::nullopt, StrCat("month ", m, " is not 1-12")};
  if (m > 0 && d > DaysIn(y, m)) {
    return {std::nullopt, StrCat(MonthTitle(m), " ", y, " has no day ", d)};
  }
  return {MakeDate(y, m, d), ""};
}

// Year first, any one separator: "1969-7-16", "1969/07/16", "1969.7.16", "1969-7"; ISO 8601's
// basic form "19690716"; a year alone. No convention writes the day before the month after a
// leading year.
std::optional<QueryDate> YearFirst(const std::vector<Tok>& t) {
  const size_t n = t.size();
  if (n == 1 && Num(t[0], 4, 4)) return QueryYmd(t[0].value, 0, 0);
  if (n == 1 && Num(t[0], 8, 8)) {  // Tok::value saturates: read the digits
    const int v = std::stoi(t[0].s);
    return QueryYmd(v / 10000, v / 100 % 100, v % 100);
  }
  if (n < 3 || !Num(t[0], 4, 4) || !DateSep(t[1]) || !Num(t[2], 1, 2)) return std::nullopt;
  if (n == 3 && t[2].value > 0) return QueryYmd(t[0].value, t[2].value, 0);
  if (n == 5 && t[3].s == t[1].s && Num(t[4], 1, 2)) {
    return QueryYmd(t[0].value, t[2].value, t[4].value);
  }
  return std::nullopt;
}

// "a/b/yyyy" with "/", "-" or ".": which of a and b is the day. A number above 12 can only be
// the day; equal numbers read the same either way; "00" is the UK lists' unknown day (and, in
// the month's place, an unknown month: "08/00/1968" can only be August). Dots are
// the day-first convention (DIN 5008, GOST R 6.30, ...), so "05.07.1969" is 5 July. Otherwise
// "05/07/1969" is 5 July in Europe and May 7 in the United States: not guessed.
QueryDate DayMonth(int a, int b, int y, char sep) {
  if (a > 12 || a == 0 || (sep == '.' && b <= 12)) return QueryYmd(y, b, a);
  if (b > 12 || b == 0 || a == b) return QueryYmd(y, a, b);
  QueryDate year = QueryYmd(y, 0, 0);
  if (year.date) {
    year.problem =
        StrCat("day and month are ambiguous (", a, " ", MonthTitle(b), " or ", MonthTitle(a), " ",
               b, "): only the year ", y, " is used; write YYYY-MM-DD");
  }
  return year;
}

std::optional<QueryDate> DayOrMonthFirst(const std::vector<Tok>& t) {
  if (t.size() == 3 && Num(t[0], 1, 2) && (Sep(t[1], '/') || Sep(t[1], '-') || Sep(t[1], '.')) &&
      Num(t[2], 4, 4) && t[0].value > 0) {
    return QueryYmd(t[2].value, t[0].value, 0);  // "07/1969": month and year
  }
  if (t.size() != 5 || !Num(t[0], 1, 2) || !DateSep(t[1]) || !Num(t[2], 1, 2) || t[3].s != t[1].s) {
    return std::nullopt;
  }
  if (Num(t[4], 2, 2)) {
    return QueryDate{std::nullopt,
                     "two-digit year: the century is not guessed; write the year "
                     "in full"};
  }
  if (!Num(t[4], 4, 4)) return std::nullopt;
  return DayMonth(t[0].value, t[2].value, t[4].value, t[1].s[0]);
}

// "16th", "1st": an ordinal suffix after a day number says nothing more.
std::vector<Tok> WithoutOrdinals(const std::vector<Tok>& t) {
  std::vector<Tok> out;
  for (size_t i = 0; i < t.size(); ++i) {
    const bool ordinal = t[i].kind == Tok::kWord && i > 0 && Num(t[i - 1], 1, 2) &&
                         (t[i].s == "st" || t[i].s == "nd" || t[i].s == "rd" || t[i].s == "th");
    if (!ordinal) out.push_back(t[i]);
  }
  return out;
}

// The date part of an ISO timestamp whose date does not parse ("1969-02-30T00:00:00Z"), so the
// reason can be given.
std::string_view DatePart(std::string_view s) {
  if (s.size() > 10 && s[4] == '-' && (s[10] == 'T' || s[10] == 't' || s[10] == ' ')) {
    return s.substr(0, 10);
  }
  return s;
}

// Texts the lists' own parser reads ("circa 1969", "1960 to 1962", "1970s"): usable as a year
// when they stay within one year.
QueryDate ListStyleDate(std::string_view text) {
  const std::optional<BirthDate> b = ParseDateText(text);
  if (!b) {
    return {std::nullopt,
            "not a date: write YYYY-MM-DD (also read: YYYY, YYYY-MM, DD.MM.YYYY, DD/MM/YYYY or "
            "MM/DD/YYYY when unambiguous, 16 Jul 1969, July 16, 1969)"};
  }
  if (b->from.year != b->to.year) {
    return {std::nullopt, StrCat("a range of years (", b->from.year, " to ", b->to.year,
                                 "): give one date or year")};
  }
  if (b->from == b->to && !b->circa) return {b->from, ""};
  return {PartialDate{b->from.year, 0, 0},
          StrCat("approximate or a range: only the year ", b->from.year, " is used")};
}

}  // namespace

QueryDate ReadQueryDate(std::string_view text) {
  const std::string clean = CleanSpaces(text);
  if (clean.empty()) return {};
  if (clean.size() > kMaxDateText) {
    return {std::nullopt, StrCat("not a date: longer than ", kMaxDateText, " characters")};
  }
  if (auto iso = ParseIsoDate(clean)) return {iso, ""};
  std::vector<Tok> t = WithoutOrdinals(Tokenize(DatePart(clean)));
  while (!t.empty() && t.back().kind == Tok::kSep) t.pop_back();
  if (auto d = YearFirst(t)) return *d;
  if (auto d = DayOrMonthFirst(t)) return *d;
  if (auto ymd = NamedMonthYmd(WithoutDecoration(t))) return QueryYmd(ymd->y, ymd->m, ymd->d);
  return ListStyleDate(clean);
}

std::optional<BirthDate> ParseDateText(std::string_view text) {
  const std::string clean = CleanSpaces(text);
  if (clean.empty() || clean.size() > kMaxDateText) return std::nullopt;
  std::vector<Tok> toks;
  bool circa = false;
  for (Tok& t : Tokenize(clean)) {
    if (t.kind == Tok::kWord && t.s == "hijri") return std::nullopt;  // not Gregorian
    if (t.kind == Tok::kWord && IsCircaWord(t.s)) {
      circa = true;
    } else if (!(t.kind == Tok::kWord && IsDateFillerWord(t.s))) {
      toks.push_back(std::move(t));
    }
  }
  // "c. 1975", "approx. 1975": the abbreviation's dot is left at the front;
  // remarks end a sentence with "01 Aug 1983.".
  while (!toks.empty() && toks.front().kind == Tok::kSep) toks.erase(toks.begin());
  while (!toks.empty() && toks.back().kind == Tok::kSep) toks.pop_back();
  std::optional<BirthDate> d = Exact(ParseIsoDate(clean));
  if (!d) d = Exact(SingleDate(toks));
  if (!d) d = Decade(toks);
  if (!d) d = Range(toks);
  if (!d) return std::nullopt;
  d->circa = circa;
  d->text = clean;
  return d;
}

std::vector<BirthDate> ParseDateList(std::string_view text) {
  std::vector<BirthDate> out;
  const std::string clean = CleanSpaces(text);
  if (clean.size() > kMaxDateText * 8) return out;
  // Alternatives are separated by ";" or " or "; a comma separates them only
  // when the part does not read as one date ("April 12, 1975").
  std::vector<std::string> parts;
  std::string lower = AsciiLower(clean);
  size_t start = 0;
  for (size_t i = 0; i <= clean.size(); ++i) {
    const bool semi = i < clean.size() && clean[i] == ';';
    const bool orw = lower.compare(i, 4, " or ") == 0;
    if (i == clean.size() || semi || orw) {
      parts.push_back(clean.substr(start, i - start));
      start = i + (orw ? 4 : 1);
      if (orw) i += 3;
    }
  }
  for (const std::string& part : parts) {
    if (auto d = ParseDateText(part)) {
      out.push_back(*d);
      continue;
    }
    size_t from = 0;
    while (from <= part.size()) {
      size_t comma = part.find(',', from);
      if (comma == std::string::npos) comma = part.size();
      if (auto d = ParseDateText(std::string_view(part).substr(from, comma - from))) {
        out.push_back(*d);
      }
      from = comma + 1;
    }
  }
  return out;
}

std::optional<PartialDate> ParseIsoDate(std::string_view text) {
  const std::string clean = CleanSpaces(text);
  std::string_view s = clean;
  // A time part may follow a full date: "1975-04-12T00:00:00", "... 00:00".
  if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) s = s.substr(0, 10);
  auto digits = [&](size_t pos, size_t n) {
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (i >= s.size() || !IsDigit(s[i])) return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = digits(0, 4);
  if (y < 0) return std::nullopt;
  if (s.size() == 4) return MakeDate(y, 0, 0);
  const int m = s.size() >= 7 && s[4] == '-' ? digits(5, 2) : -1;
  if (m < 1 && !(m == 0 && s.size() == 10)) return std::nullopt;
  if (s.size() == 7) return MakeDate(y, m, 0);
  const int d = s.size() == 10 && s[7] == '-' ? digits(8, 2) : -1;
  if (d < 0 || (m == 0 && d != 0)) return std::nullopt;
  return MakeDate(y, m, d);
}

}  // namespace cordon
