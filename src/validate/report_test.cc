#include "validate/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cordon::validate {
namespace {

// The worked examples of R. G. Newcombe, "Two-sided confidence intervals for the single
// proportion: comparison of seven methods", Statistics in Medicine 17 (1998), Table II, method 3
// (Wilson's score interval without continuity correction), to four decimals.
TEST(WilsonInterval, MatchesNewcombesTable) {
  struct Case {
    size_t k, n;
    double lo, hi;
  };
  for (const Case& c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605},
                        Case{0, 20, 0.0, 0.1611}, Case{1, 29, 0.0061, 0.1718}}) {
    const Interval i = WilsonInterval(c.k, c.n);
    EXPECT_NEAR(i.lo, c.lo, 5e-5) << c.k << "/" << c.n;
    EXPECT_NEAR(i.hi, c.hi, 5e-5) << c.k << "/" << c.n;
  }
}

TEST(WilsonInterval, EdgesStayInsideZeroAndOne) {
  EXPECT_EQ(WilsonInterval(0, 0).lo, 0.0);
  EXPECT_EQ(WilsonInterval(0, 0).hi, 0.0);
  EXPECT_GE(WilsonInterval(0, 2000).lo, 0.0);
  EXPECT_GT(WilsonInterval(0, 2000).hi, 0.0);  // no alert in 2,000 is not a rate known to be 0
  EXPECT_LE(WilsonInterval(3, 3).hi, 1.0);
  EXPECT_LT(WilsonInterval(3, 3).lo, 1.0);
}

ValidationReport TwoCultures(size_t fp_a, size_t fp_b) {
  ValidationReport r;
  r.cultures = {{"a", 2000, fp_a, 0, {}}, {"b", 2000, fp_b, 0, {}}};
  r.negatives = 4000;
  r.fp_name_only = fp_a + fp_b;
  return r;
}

TEST(FlagCulture, AboveTwiceTheOverallRateAndWhetherByChance) {
  // 9 and 1 in 2,000 each: overall 0.25%, line 0.50%. a is at 0.45%: not above.
  ValidationReport r = TwoCultures(9, 1);
  EXPECT_FALSE(FlagCulture(r.cultures[0], r).above);
  // 30 and 2: overall 0.80%, line 1.60%; a at 1.50% is not above, b far below.
  r = TwoCultures(30, 2);
  EXPECT_FALSE(FlagCulture(r.cultures[0], r).above);
  // 40 and 0: overall 1.0%, line 2.0%; a at 2.0% is not above (strictly above is the target).
  r = TwoCultures(40, 0);
  EXPECT_FALSE(FlagCulture(r.cultures[0], r).above);
  // A third culture of 2,000 with none: 40 of 6,000, line 1.33%; a at 2.0% is above, and its
  // interval (1.47-2.71%) lies above the line.
  r.cultures.push_back({"c", 2000, 0, 0, {}});
  r.negatives = 6000;
  EXPECT_TRUE(FlagCulture(r.cultures[0], r).above);
  EXPECT_TRUE(FlagCulture(r.cultures[0], r).significant);
  EXPECT_FALSE(FlagCulture(r.cultures[1], r).above);
  // 4 of a small culture of 100, 20 of 10,000 overall: above (4.0% > 0.40%) and its interval
  // (1.57-9.84%) is above too; 1 of 100 is above (1% > 0.34%) but its interval (0.18-5.45%) is
  // not: it could be chance.
  ValidationReport s;
  s.cultures = {{"small", 100, 4, 0, {}}, {"big", 9900, 16, 0, {}}};
  s.negatives = 10000;
  s.fp_name_only = 20;
  EXPECT_TRUE(FlagCulture(s.cultures[0], s).significant);
  s.cultures[0].alerts_name_only = 1;
  s.fp_name_only = 17;
  EXPECT_TRUE(FlagCulture(s.cultures[0], s).above);
  EXPECT_FALSE(FlagCulture(s.cultures[0], s).significant);
}

TEST(Report, CulturesCarryIntervalsAndFlagsInEveryFormat) {
  ValidationReport r = TwoCultures(30, 0);
  r.cultures.push_back({"c", 2000, 0, 0, {}});
  r.negatives = 6000;
  const nlohmann::json j = nlohmann::json::parse(FormatJson(r));
  const nlohmann::json& a = j["cultures"][0];
  EXPECT_EQ(a["culture"], "a");
  // 30 of 2,000 (1.5%) against 30 of 6,000 overall (0.5%, line 1.0%).
  EXPECT_NEAR(a["fp_ci95_name_only"][0].get<double>(), 0.010527, 1e-6);
  EXPECT_NEAR(a["fp_ci95_name_only"][1].get<double>(), 0.021332, 1e-6);
  EXPECT_EQ(a["above_twice_overall"], true);
  EXPECT_EQ(a["above_twice_overall_significant"], true);
  EXPECT_EQ(j["cultures"][1]["above_twice_overall"], false);
  EXPECT_NEAR(j["negatives"]["fp_ci95_name_only"][1].get<double>(), 0.007129, 1e-6);
  const std::string table = FormatTable(r);
  EXPECT_THAT(table, ::testing::HasSubstr("1.05-2.13%"));
  EXPECT_THAT(table, ::testing::HasSubstr("above 2x, significant"));
  EXPECT_THAT(table,
              ::testing::HasSubstr("cultures above 2x the overall rate (1.00%, name only): a"));
  const std::string html = FormatHtml(r);
  EXPECT_THAT(html, ::testing::HasSubstr("a (!)"));
  EXPECT_THAT(html, ::testing::HasSubstr("twice overall 1.00%"));
}

}  // namespace
}  // namespace cordon::validate
