#include "core/dates.h"
#include "testing/files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace cordon {
namespace {

using ::cordon::test_support::ReadTestFile;

PartialDate D(int y, int m = 0, int d = 0) {
  return PartialDate{static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
}

// The same extraction as `grep -o 'DOB [^;"]*' sdn.csv | sort -u`.
std::set<std::string> OfacDobTexts(const std::string& csv) {
  std::set<std::string> texts;
  for (size_t pos = csv.find("DOB "); pos != std::string::npos; pos = csv.find("DOB ", pos + 1)) {
    const size_t end = csv.find_first_of(";\"", pos);
    texts.insert(csv.substr(pos + 4, end - pos - 4));
  }
  return texts;
}

TEST(ParseDateText, EveryDistinctOfacSdnDobTextParses) {
  const std::set<std::string> texts =
      OfacDobTexts(ReadTestFile(CORDON_DATA_DIR "/lists/ofac-sdn/sdn.csv"));
  // grep -o 'DOB [^;"]*' data/lists/ofac-sdn/sdn.csv | sort -u | wc -l
  ASSERT_EQ(texts.size(), 5329u);
  size_t parsed = 0;
  for (const std::string& t : texts) {
    if (ParseDateText(t)) {
      ++parsed;
    } else {
      ADD_FAILURE() << "unparsed: " << t;
    }
  }
  // Measured: 5329 of 5329 (100%), including "circa 1958-1960", "Mar 1961 to
  // Feb 1962" and the remark-ending "01 Aug 1983.".
  EXPECT_EQ(parsed, 5329u);
}

TEST(ParseDateText, EveryUkDateCellParses) {
  const std::string csv = ReadTestFile(CORDON_DATA_DIR "/lists/uk/ofsi_conlist_2025-04-10.csv");
  std::set<std::string> cells;
  std::string cell;
  for (char c : csv) {
    if (c != ',' && c != '\n' && c != '\r') {
      cell.push_back(c);
      continue;
    }
    const bool shape = (cell.size() == 10 && cell[2] == '/' && cell[5] == '/') ||
                       (cell.size() == 7 && cell[2] == '/');
    if (shape && cell.find_first_not_of("0123456789/") == std::string::npos) cells.insert(cell);
    cell.clear();
  }
  // Python: distinct cells matching \d\d/\d\d/\d{4}|\d\d/\d{4} = 3289, all
  // valid calendar dates; 62 are "00/00/yyyy", 11 are "mm/yyyy".
  ASSERT_EQ(cells.size(), 3289u);
  size_t year_only = 0;
  for (const std::string& c : cells) {
    const auto d = ParseDateText(c);
    ASSERT_TRUE(d.has_value()) << c;
    if (c.rfind("00/00/", 0) == 0) {
      EXPECT_EQ(d->from, D(std::stoi(c.substr(6))));
      ++year_only;
    }
  }
  EXPECT_EQ(year_only, 62u);
}

TEST(ParseDateText, RealForms) {
  EXPECT_EQ(ParseDateText("1975")->from, D(1975));
  EXPECT_EQ(ParseDateText("1975-04-12")->from, D(1975, 4, 12));
  EXPECT_EQ(ParseDateText("12 Apr 1975")->from, D(1975, 4, 12));
  EXPECT_EQ(ParseDateText("12 April 1975")->from, D(1975, 4, 12));
  EXPECT_EQ(ParseDateText("Apr 1975")->to, D(1975, 4));
  EXPECT_EQ(ParseDateText("Nov. 1962")->from, D(1962, 11));      // UN NOTE
  EXPECT_EQ(ParseDateText("12/04/1975")->from, D(1975, 4, 12));  // day first
  EXPECT_EQ(ParseDateText("29-05-2012")->from, D(2012, 5, 29));  // UAE
  EXPECT_EQ(ParseDateText("00/00/1968")->from, D(1968));         // UK
  EXPECT_EQ(ParseDateText("00/05/1968")->from, D(1968, 5));
  EXPECT_EQ(ParseDateText("05/1968")->from, D(1968, 5));
  EXPECT_EQ(ParseDateText("March 22, 2018")->from, D(2018, 3, 22));
  EXPECT_EQ(ParseDateText("1975-04-12T00:00:00")->from, D(1975, 4, 12));
  const BirthDate exact = *ParseDateText(" 17  Jul 1975 ");
  EXPECT_EQ(exact.from, exact.to);
  EXPECT_FALSE(exact.circa);
  EXPECT_EQ(exact.text, "17 Jul 1975");
}

TEST(ParseDateText, CircaAndRanges) {
  for (const char* t :
       {"circa 1975", "approximately 1975", "approx. 1975", "c. 1975", "ca. 1975"}) {
    const auto d = ParseDateText(t);
    ASSERT_TRUE(d) << t;
    EXPECT_TRUE(d->circa) << t;
    EXPECT_EQ(d->from, D(1975)) << t;
  }
  for (const char* t : {"1960 to 1962", "between 1960 and 1962", "1960-1962", "1960 - 1962"}) {
    const auto d = ParseDateText(t);
    ASSERT_TRUE(d) << t;
    EXPECT_EQ(d->from, D(1960)) << t;
    EXPECT_EQ(d->to, D(1962)) << t;
    EXPECT_FALSE(d->circa) << t;
  }
  const auto circa_range = *ParseDateText("circa 1958-1960");
  EXPECT_TRUE(circa_range.circa);
  EXPECT_EQ(circa_range.to, D(1960));
  const auto days = *ParseDateText("01 Jan 1961 to 31 Dec 1963");
  EXPECT_EQ(days.from, D(1961, 1, 1));
  EXPECT_EQ(days.to, D(1963, 12, 31));
  const auto shared_year = *ParseDateText("Between Aug. and Sep. 1975");  // UN NOTE
  EXPECT_EQ(shared_year.from, D(1975, 8));
  EXPECT_EQ(shared_year.to, D(1975, 9));
  const auto decade = *ParseDateText("born in the early 1970s");  // Canada
  EXPECT_EQ(decade.from, D(1970));
  EXPECT_EQ(decade.to, D(1979));
  EXPECT_TRUE(decade.circa);
}

TEST(ParseDateText, RejectsInvalidAndForeignCalendars) {
  EXPECT_FALSE(ParseDateText("31 Feb 1975"));
  EXPECT_FALSE(ParseDateText("29 Feb 1975"));
  EXPECT_TRUE(ParseDateText("29 Feb 1976"));  // leap year
  EXPECT_FALSE(ParseDateText("29/02/1900"));  // not a leap year
  EXPECT_FALSE(ParseDateText("12/13/1975"));
  EXPECT_FALSE(ParseDateText("32/01/1975"));
  EXPECT_FALSE(ParseDateText("1975-13-01"));
  EXPECT_FALSE(ParseDateText("24/06/1402 (Hijri Calendar)"));  // UN NOTE
  EXPECT_FALSE(ParseDateText("1402"));
  EXPECT_FALSE(ParseDateText("30-35 years old"));  // UN NOTE
  EXPECT_FALSE(ParseDateText("Sep-99"));           // Canada: two-digit year
  EXPECT_FALSE(ParseDateText("1962 to 1960"));     // reversed range
  EXPECT_FALSE(ParseDateText(""));
  EXPECT_FALSE(ParseDateText("-"));
  EXPECT_FALSE(ParseDateText("Sep."));
  EXPECT_FALSE(ParseDateText(std::string(100000, '1')));
}

TEST(ParseDateList, Alternatives) {
  const auto a = ParseDateList("1962; 1963");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].from, D(1962));
  EXPECT_EQ(a[1].from, D(1963));
  EXPECT_EQ(a[1].text, "1963");
  const auto b = ParseDateList("01 Jan 1960 or 1961");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].from, D(1960, 1, 1));
  const auto c = ParseDateList("1975, 1976");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].from, D(1976));
  // Canada: "1964-01-01 OR 1965-01-01".
  EXPECT_EQ(ParseDateList("1964-01-01 OR 1965-01-01").size(), 2u);
  // A comma inside one date does not split it.
  const auto d = ParseDateList("April 12, 1975");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].from, D(1975, 4, 12));
  // Unreadable parts are dropped.
  EXPECT_EQ(ParseDateList("unknown; 1970").size(), 1u);
  EXPECT_TRUE(ParseDateList("").empty());
}

TEST(ParseIsoDate, FullPartialAndInvalid) {
  EXPECT_EQ(*ParseIsoDate("1975"), D(1975));
  EXPECT_EQ(*ParseIsoDate("1975-04"), D(1975, 4));
  EXPECT_EQ(*ParseIsoDate("1975-04-12"), D(1975, 4, 12));
  EXPECT_EQ(*ParseIsoDate("1975-04-12T00:00:00"), D(1975, 4, 12));
  EXPECT_EQ(*ParseIsoDate(" 1975-04-12"), D(1975, 4, 12));  // Canada writes a leading space
  EXPECT_EQ(ParseIsoDate("1975-04-12")->ToString(), "1975-04-12");
  EXPECT_FALSE(ParseIsoDate("1975-02-30"));
  EXPECT_FALSE(ParseIsoDate("1975-00-12"));
  EXPECT_FALSE(ParseIsoDate("1975-4-12"));
  EXPECT_FALSE(ParseIsoDate("12 Apr 1975"));
  EXPECT_FALSE(ParseIsoDate("1975-04-12x"));
  EXPECT_FALSE(ParseIsoDate(""));
}

// The date of birth of UN QDi.431 (Sanaullah GHAFARI), 1994-10-28 on the UN list, as people and
// systems write it: every spelling reads as the ISO form, with no problem reported.
TEST(ReadQueryDate, EverySpellingOfARealListedDate) {
  for (const char* text :
       {"1994-10-28", "1994-10-28T00:00:00Z", "1994-10-28T00:00:00+04:30", "1994-10-28 00:00",
        "19941028", "1994/10/28", "1994.10.28", "28.10.1994", "28/10/1994", "10/28/1994",
        "28-10-1994", "28 Oct 1994", "28 October 1994", "28-Oct-1994", "October 28, 1994",
        "Oct 28 1994", "October 28th, 1994", " 28 oct. 1994 "}) {
    const QueryDate d = ReadQueryDate(text);
    ASSERT_TRUE(d.date) << text << ": " << d.problem;
    EXPECT_EQ(*d.date, D(1994, 10, 28)) << text;
    EXPECT_EQ(d.problem, "") << text;
  }
}

TEST(ReadQueryDate, YearFirstWithoutLeadingZeros) {
  EXPECT_EQ(*ReadQueryDate("1969-7-16").date, D(1969, 7, 16));
  EXPECT_EQ(*ReadQueryDate("1969-7").date, D(1969, 7));
  EXPECT_EQ(*ReadQueryDate("1969").date, D(1969));
  EXPECT_EQ(*ReadQueryDate("16.7.1969").date, D(1969, 7, 16));
  EXPECT_EQ(*ReadQueryDate("07/1969").date, D(1969, 7));
  EXPECT_EQ(*ReadQueryDate("Jul 1969").date, D(1969, 7));
}

TEST(ReadQueryDate, DayAbove12DecidesTheOrder) {
  EXPECT_EQ(*ReadQueryDate("16/07/1969").date, D(1969, 7, 16));
  EXPECT_EQ(*ReadQueryDate("07/16/1969").date, D(1969, 7, 16));
  EXPECT_EQ(*ReadQueryDate("7-16-1969").date, D(1969, 7, 16));
  // Both readings are the same date.
  EXPECT_EQ(*ReadQueryDate("07/07/1969").date, D(1969, 7, 7));
  // Dots are the day-first convention.
  EXPECT_EQ(*ReadQueryDate("05.07.1969").date, D(1969, 7, 5));
  // UK lists write 00 for an unknown day or month.
  EXPECT_EQ(*ReadQueryDate("00/07/1969").date, D(1969, 7));
  EXPECT_EQ(*ReadQueryDate("00/00/1969").date, D(1969));
  // A zero month (fuzzer input): the other number is the month, or, with dots (day first), the
  // day of an unknown month, which leaves the year.
  EXPECT_EQ(*ReadQueryDate("08/00/1968").date, D(1968, 8));
  EXPECT_EQ(*ReadQueryDate("08.00.1968").date, D(1968));
  EXPECT_EQ(*ReadQueryDate("1968-00-08").date, D(1968));
}

TEST(ReadQueryDate, AmbiguousDayAndMonthKeepOnlyTheYear) {
  const QueryDate d = ReadQueryDate("05/07/1969");
  ASSERT_TRUE(d.date);
  EXPECT_EQ(*d.date, D(1969));
  EXPECT_EQ(d.problem,
            "day and month are ambiguous (5 July or May 7): only the year 1969 is used; write "
            "YYYY-MM-DD");
  EXPECT_EQ(*ReadQueryDate("5-7-1969").date, D(1969));
}

TEST(ReadQueryDate, ApproximateTextsKeepTheYear) {
  const QueryDate circa = ReadQueryDate("circa 1969");
  EXPECT_EQ(*circa.date, D(1969));
  EXPECT_EQ(circa.problem, "approximate or a range: only the year 1969 is used");
  const QueryDate range = ReadQueryDate("1960 to 1962");
  EXPECT_FALSE(range.date);
  EXPECT_EQ(range.problem, "a range of years (1960 to 1962): give one date or year");
}

TEST(ReadQueryDate, UnreadableTextsSayWhy) {
  EXPECT_EQ(ReadQueryDate("").problem, "");
  EXPECT_FALSE(ReadQueryDate("").date);
  EXPECT_EQ(ReadQueryDate("1969-02-30").problem, "February 1969 has no day 30");
  EXPECT_EQ(ReadQueryDate("1969-02-30T00:00:00Z").problem, "February 1969 has no day 30");
  EXPECT_EQ(ReadQueryDate("31/02/1969").problem, "February 1969 has no day 31");
  EXPECT_EQ(ReadQueryDate("1969-13-01").problem, "month 13 is not 1-12");
  EXPECT_EQ(ReadQueryDate("1750").problem, "year 1750 is outside 1800-2100");
  EXPECT_EQ(ReadQueryDate("16/07/69").problem,
            "two-digit year: the century is not guessed; write the year in full");
  for (const char* text : {"unknown", "not a date", "16 Juillet 1969", "1415 hijri", "--"}) {
    const QueryDate d = ReadQueryDate(text);
    EXPECT_FALSE(d.date) << text;
    EXPECT_EQ(d.problem.substr(0, 29), "not a date: write YYYY-MM-DD ") << text;
  }
  EXPECT_EQ(ReadQueryDate(std::string(400, '1')).problem, "not a date: longer than 300 characters");
}

}  // namespace
}  // namespace cordon
