#include "validate/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "validate/jaro_winkler_screener.h"
#include "validate/report.h"

namespace cordon::validate {
namespace {

// A screener that alerts only on a name equal to a listed one after token sorting: it finds the
// as-listed names and the reorderings, and nothing else, so the runner's counts are known.
class ExactScreener : public Screener {
 public:
  explicit ExactScreener(std::vector<LoadedList> lists) : lists_(std::move(lists)) {}
  std::vector<Hit> Screen(const ScreenQuery& q, const ScreenOptions&) const override {
    std::vector<Hit> hits;
    const std::string key = JaroWinklerScreener::Normalize(q.name);
    for (const LoadedList& l : lists_) {
      for (const Entity& e : l.entities) {
        for (const Name& n : e.names) {
          if (JaroWinklerScreener::Normalize(n.full) == key) {
            hits.push_back({.entity_id = e.id, .matched_name = n.full, .score = 1});
            break;
          }
        }
      }
    }
    return hits;
  }
  CompareResult Compare(std::string_view, std::string_view, std::optional<Schema>) const override {
    CompareResult r;
    r.explanation.normalizer_version = "exact-test";
    return r;
  }
  const std::vector<LoadedList>& lists() const override { return lists_; }

 private:
  std::vector<LoadedList> lists_;
};

// Names of UN QDi.006 (FIRST..FOURTH_NAME, NAME_ORIGINAL_SCRIPT) and OFAC SDN 6365 (sdn.csv and
// one alt.csv alias) as the lists write them.
std::vector<LoadedList> RealNames() {
  LoadedList l;
  Entity a;
  a.id = "un:QDi.006";
  a.schema = Schema::kPerson;
  a.names.push_back({.full = "AIMAN MUHAMMED RABI AL-ZAWAHIRI", .script = "Latn"});
  a.names.push_back({.full = "أيمن محمد ربيع الظواهري", .script = "Arab"});
  Entity b;
  b.id = "ofac:6365";
  b.schema = Schema::kPerson;
  b.names.push_back({.full = "BIN LADIN, Usama bin Muhammad bin Awad", .script = "Latn"});
  b.names.push_back({.full = "BIN LADEN, Usama", .kind = NameKind::kAlias, .script = "Latn"});
  b.names.push_back({.full = "Abu Abdallah Abd al-Hakim",
                     .kind = NameKind::kAlias,
                     .strength = NameStrength::kWeak,
                     .script = "Latn"});
  l.entities = {a, b};
  l.version.list = "test";
  return {l};
}

VariantTable SmallTable() {
  auto t = VariantTable::Parse("usama\tosama\nmuhammed\tmohammed\n");
  EXPECT_TRUE(t.ok());
  return *t;
}

ValidateOptions Options() {
  ValidateOptions o;
  o.seed = 5;
  o.sample = 0;
  o.threads = 2;
  o.baseline_sample = 100;
  return o;
}

const CategoryResult* Find(const ValidationReport& r, std::string_view c) {
  for (const CategoryResult& x : r.categories) {
    if (x.category == c) return &x;
  }
  return nullptr;
}

TEST(GenerateCases, AsListedAndOneVariantPerApplicableCategory) {
  const std::vector<TestCase> cases = GenerateCases(RealNames(), SmallTable(), Options());
  std::map<Category, int> n;
  for (const TestCase& c : cases) {
    ++n[c.category];
    if (c.category >= Category::kTypoInsert) {
      EXPECT_NE(c.name, c.source_name);
    }
    EXPECT_EQ(c.schema, Schema::kPerson);
  }
  EXPECT_EQ(n[Category::kExact], 2);
  EXPECT_EQ(n[Category::kAlias], 1);
  EXPECT_EQ(n[Category::kWeakAlias], 1);
  EXPECT_EQ(n[Category::kOriginalScript], 1);
  EXPECT_EQ(n[Category::kReorder], 2);
  EXPECT_EQ(n[Category::kTransliteration], 2);  // MUHAMMED and Usama are in the table
  EXPECT_EQ(n[Category::kTitles], 2);
}

TEST(GenerateCases, SampleLimitsTheEntities) {
  ValidateOptions o = Options();
  o.sample = 1;
  std::set<std::string> ids;
  for (const TestCase& c : GenerateCases(RealNames(), SmallTable(), o)) ids.insert(c.entity_id);
  EXPECT_EQ(ids.size(), 1u);
}

TEST(RunValidation, CountsFoundCasesAndFalsePositives) {
  ExactScreener screener(RealNames());
  JaroWinklerScreener jw(screener.lists());
  const std::vector<NegativeName> negatives = {
      {"ar", Schema::kPerson, "Usama BIN LADEN"},  // equals a listed alias: must alert
      {"ar", Schema::kPerson, "Omar Farouk"},
      {"de", Schema::kPerson, "Hans Müller"},
  };
  const ValidationReport r = RunValidation(screener, negatives, SmallTable(), Options(), &jw);
  EXPECT_EQ(r.entities, 2u);
  EXPECT_EQ(r.engine_version, "exact-test");
  EXPECT_EQ(Find(r, "exact")->recall(), 1.0);
  EXPECT_EQ(Find(r, "alias")->recall(), 1.0);
  EXPECT_EQ(Find(r, "reorder")->recall(), 1.0);  // token-sorted equality
  EXPECT_EQ(Find(r, "typo_insert")->found, 0u);
  EXPECT_EQ(Find(r, "typo_insert")->misses.size(), 2u);
  ASSERT_EQ(r.cultures.size(), 2u);
  EXPECT_EQ(r.cultures[0].culture, "ar");
  EXPECT_EQ(r.cultures[0].alerts_name_only, 1u);
  EXPECT_EQ(r.cultures[0].alerts_with_dob, 1u);  // this screener ignores dates of birth
  EXPECT_EQ(r.cultures[0].alerts[0].entity_id, "ofac:6365");
  EXPECT_EQ(r.cultures[1].alerts_name_only, 0u);
  EXPECT_EQ(r.negatives, 3u);
  EXPECT_EQ(r.fp_name_only, 1u);
  ASSERT_TRUE(r.baseline.computed);
  EXPECT_EQ(r.baseline.negatives, 3u);
  EXPECT_GE(r.baseline.jw_recall, r.baseline.cordon_recall);
  EXPECT_NEAR(r.baseline.cordon_fp_rate, 1.0 / 3, 1e-12);
}

TEST(RunValidation, SameSeedSameReport) {
  ExactScreener screener(RealNames());
  JaroWinklerScreener jw(screener.lists());
  const std::vector<NegativeName> negatives = {{"ar", Schema::kPerson, "Omar Farouk"}};
  ValidateOptions o = Options();
  const std::string a = FormatJson(RunValidation(screener, negatives, SmallTable(), o, &jw));
  o.threads = 1;
  const std::string b = FormatJson(RunValidation(screener, negatives, SmallTable(), o, &jw));
  EXPECT_EQ(a, b);
  o.seed = 6;
  EXPECT_NE(a, FormatJson(RunValidation(screener, negatives, SmallTable(), o, &jw)));
}

TEST(ThresholdForRecall, KthHighestScore) {
  const std::vector<double> s = {0.7, 0.9, 0.6, 0.8};
  EXPECT_EQ(ThresholdForRecall(s, 0.5), 0.8);
  EXPECT_EQ(ThresholdForRecall(s, 0.75), 0.7);
  EXPECT_EQ(ThresholdForRecall(s, 0.76), 0.6);
  EXPECT_EQ(ThresholdForRecall(s, 1.0), 0.6);
  EXPECT_EQ(ThresholdForRecall(s, 0.0), 0.9);
  EXPECT_EQ(ThresholdForRecall({}, 0.5), 0.0);
}

TEST(Report, JsonTableAndHtmlCarryTheFigures) {
  ExactScreener screener(RealNames());
  JaroWinklerScreener jw(screener.lists());
  const ValidationReport r = RunValidation(screener, {{"ar", Schema::kPerson, "Usama BIN LADEN"}},
                                           SmallTable(), Options(), &jw);
  const nlohmann::json j = nlohmann::json::parse(FormatJson(r));
  EXPECT_EQ(j["negatives"]["fp_name_only"], 1);
  EXPECT_EQ(j["cultures"][0]["culture"], "ar");
  EXPECT_EQ(j["categories"][0]["category"], "exact");
  EXPECT_EQ(j["categories"][0]["recall"], 1.0);
  const std::string table = FormatTable(r);
  EXPECT_THAT(table, ::testing::HasSubstr("exact"));
  EXPECT_THAT(table, ::testing::HasSubstr("100.00%"));
  const std::string html = FormatHtml(r);
  EXPECT_THAT(html, ::testing::HasSubstr("<svg"));
  EXPECT_THAT(html, ::testing::Not(::testing::HasSubstr("<script")));
  EXPECT_THAT(html, ::testing::HasSubstr("Jaro-Winkler"));
}

}  // namespace
}  // namespace cordon::validate
