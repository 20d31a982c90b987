#include "validate/cross_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cordon/lists.h"
#include "validate/report.h"

namespace cordon::validate {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kPairsPath = CORDON_DATA_DIR "/names/cross_script/pairs.tsv";

// Two real rows of pairs.tsv: UN QDi.431 (Sanaullah Ghafari, also OFAC 33941) in Arabic script,
// and a Cyrillic name from the UK list.
const std::string kHeader = std::string(kCrossScriptHeader) + "\n";
const std::string kRowArab =
    "test\tofac:33941\tArab\tPerson\tثناء الله غفاري\tSANAULLAH GHAFARI|Shahab al-Muhajir\t"
    "ofac:33941|un:QDi.431\n";
const std::string kRowCyrl =
    "dev\tuk:13045\tCyrl\tPerson\tАлександр Бортников\tAlexander BORTNIKOV|Aleksandr "
    "Vasilievich BORTNIKOV\tuk:13045\n";

TEST(ParseCrossScriptPairs, ReadsRealRows) {
  auto pairs = ParseCrossScriptPairs("p.tsv", kHeader + kRowArab + "# a comment\n" + kRowCyrl);
  ASSERT_TRUE(pairs.ok()) << pairs.status();
  ASSERT_EQ(pairs->size(), 2u);
  const CrossScriptPair& p = (*pairs)[0];
  EXPECT_EQ(p.split, Split::kTest);
  EXPECT_EQ(p.cluster, "ofac:33941");
  EXPECT_EQ(p.script, "Arab");
  EXPECT_EQ(p.schema, Schema::kPerson);
  EXPECT_EQ(p.original, "ثناء الله غفاري");
  EXPECT_THAT(p.latin, ::testing::ElementsAre("SANAULLAH GHAFARI", "Shahab al-Muhajir"));
  EXPECT_THAT(p.entities, ::testing::ElementsAre("ofac:33941", "un:QDi.431"));
  EXPECT_EQ((*pairs)[1].split, Split::kDev);
  EXPECT_EQ(GroupOf(p), "Arab person");
  EXPECT_EQ(GroupOf((*pairs)[1]), "Cyrl person");
}

// Each malformed input fails with the file, the line number and the field.
TEST(ParseCrossScriptPairs, ErrorsNameLineAndField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "p.tsv:1: header: missing"},
      {kRowArab, "p.tsv:1: header: expected"},
      {kHeader + "test\tofac:1\tArab\tPerson\tا\tb\n",
       "p.tsv:2: -: expected 7 TAB-separated fields, found 6"},
      {kHeader + "valid\tc\tArab\tPerson\tا\tb\te\n", "p.tsv:2: split: unknown split \"valid\""},
      {kHeader + "test\tc\tarabic\tPerson\tا\tb\te\n", "p.tsv:2: script: not an ISO 15924 code"},
      {kHeader + "test\tc\tArab\tHuman\tا\tb\te\n", "p.tsv:2: schema: unknown schema \"Human\""},
      {kHeader + "test\t \tArab\tPerson\tا\tb\te\n", "p.tsv:2: cluster: empty"},
      {kHeader + "test\tc\tArab\tPerson\t \tb\te\n", "p.tsv:2: original: empty"},
      {kHeader + "test\tc\tArab\tPerson\tا\tb||d\te\n", "p.tsv:2: latin: empty name"},
      {kHeader + "test\tc\tArab\tPerson\tا\tb\te|\n", "p.tsv:2: entities: empty entity id"},
      {kHeader + kRowArab + "\n" + "train\tofac:33941\tArab\tPerson\tسراج\tb\te\n",
       "p.tsv:4: split: cluster ofac:33941 is in test on line 2 and in train"},
      {kHeader + "test\tc\tArab\tPerson\t\xff\tb\te\n", "p.tsv"},
  };
  for (const auto& [text, want] : cases) {
    auto pairs = ParseCrossScriptPairs("p.tsv", text);
    ASSERT_FALSE(pairs.ok()) << text;
    EXPECT_THAT(std::string(pairs.status().message()), HasSubstr(want)) << text;
  }
}

TEST(PairMetrics, AtAThresholdAndAtTheBest) {
  // 4 positives, 6 negatives.
  const PairScores s{{0.95, 0.9, 0.7, 0.4}, {0.85, 0.6, 0.5, 0.3, 0.2, 0.1}};
  const PairMetrics at = MetricsAt(s, 0.8);  // TP 2, FP 1, FN 2
  EXPECT_DOUBLE_EQ(at.recall, 0.5);
  EXPECT_DOUBLE_EQ(at.fp_rate, 1.0 / 6);
  EXPECT_DOUBLE_EQ(at.precision, 2.0 / 3);
  EXPECT_DOUBLE_EQ(at.f1, 4.0 / 7);
  const PairMetrics best = BestF1(s);  // at 0.7: TP 3, FP 1, FN 1 -> F1 0.75
  EXPECT_DOUBLE_EQ(best.threshold, 0.7);
  EXPECT_DOUBLE_EQ(best.f1, 0.75);
}

TEST(LatinOnly, DropsNonLatinNamesAndEmptyEntities) {
  LoadedList l;
  Entity a;
  a.id = "un:QDi.431";
  a.names = {{.full = "SANAULLAH GHAFARI", .script = "Latn"},
             {.full = "ثناء الله غفاري", .script = "Arab"}};
  Entity b;
  b.id = "uae:1";
  b.names = {{.full = "ثناء الله", .script = "Arab"}};
  l.entities = {a, b};
  const std::vector<LoadedList> out = LatinOnly({l});
  ASSERT_EQ(out[0].entities.size(), 1u);
  ASSERT_EQ(out[0].entities[0].names.size(), 1u);
  EXPECT_EQ(out[0].entities[0].names[0].full, "SANAULLAH GHAFARI");
}

// A cross-script-only report: the section in the table, JSON and HTML, the variant and culture
// sections left out.
TEST(CrossScriptReport, InEveryFormat) {
  ValidationReport r;
  r.cross_script.computed = true;
  r.cross_script.split = "test";
  r.cross_script.rows = 2;
  CrossScriptGroup g;
  g.group = "Arab person";
  g.names = 1;
  g.at_threshold = MetricsAt({{0.39}, {0.1}}, 0.8);
  g.misses.push_back({"ثناء اللہ غفاری", "GHAFARI, Sanaullah", 0.39});
  r.cross_script.groups = {g};
  const std::string table = FormatTable(r);
  EXPECT_THAT(table, HasSubstr("split test, 0 of 2 names"));
  EXPECT_THAT(table, HasSubstr("miss (Arab person): ثناء اللہ غفاری -> GHAFARI, Sanaullah 0.39"));
  EXPECT_THAT(table, ::testing::Not(HasSubstr("category")));
  const nlohmann::json j = nlohmann::json::parse(FormatJson(r));
  EXPECT_EQ(j["cross_script"]["groups"][0]["group"], "Arab person");
  EXPECT_EQ(j["cross_script"]["groups"][0]["at_threshold"]["recall"], 0.0);
  EXPECT_FALSE(j.contains("negatives"));
  EXPECT_THAT(FormatHtml(r), HasSubstr("<h2>Names across scripts</h2>"));
}

// The committed set: split by cluster (the parser refuses a cluster in two splits), no entity in
// two clusters, every split and the main groups populated, about 60/20/20 of the clusters.
TEST(BundledPairs, SplitByClusterAndSized) {
  auto pairs = ParseCrossScriptPairs(kPairsPath, ReadFile(kPairsPath));
  ASSERT_TRUE(pairs.ok()) << pairs.status();
  std::map<std::string, std::string> cluster_of_entity;
  std::map<Split, std::set<std::string>> clusters;
  std::map<std::string, size_t> groups;
  for (const CrossScriptPair& p : *pairs) {
    clusters[p.split].insert(p.cluster);
    ++groups[GroupOf(p)];
    EXPECT_EQ(p.cluster, p.entities[0]) << "cluster id is its smallest entity id";
    for (const std::string& e : p.entities) {
      auto [it, fresh] = cluster_of_entity.try_emplace(e, p.cluster);
      EXPECT_EQ(it->second, p.cluster) << e << " is in two clusters";
    }
  }
  const double total =
      static_cast<double>(clusters[Split::kTrain].size() + clusters[Split::kDev].size() +
                          clusters[Split::kTest].size());
  EXPECT_NEAR(clusters[Split::kTrain].size() / total, 0.6, 0.03);
  EXPECT_NEAR(clusters[Split::kDev].size() / total, 0.2, 0.03);
  EXPECT_NEAR(clusters[Split::kTest].size() / total, 0.2, 0.03);
  EXPECT_GT(pairs->size(), 5000u);
  EXPECT_GT(groups["Arab person"], 800u);
  EXPECT_GT(groups["Cyrl person"], 1000u);
  EXPECT_GT(groups["Cyrl other"], 100u);
}

}  // namespace
}  // namespace cordon::validate
