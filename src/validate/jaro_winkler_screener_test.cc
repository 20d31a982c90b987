#include "validate/jaro_winkler_screener.h"

#include <gtest/gtest.h>

namespace cordon::validate {
namespace {

TEST(JaroWinkler, TextbookValues) {
  // Winkler (1990) / Wikipedia worked examples: MARTHA-MARHTA 0.961, DWAYNE-DUANE 0.840,
  // DIXON-DICKSONX 0.813.
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.8133, 1e-4);
  EXPECT_EQ(JaroWinkler("usama", "usama"), 1.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_EQ(JaroWinkler("", "abc"), 0.0);
}

TEST(JaroWinklerScreener, NormalizeSortsFoldedTokens) {
  EXPECT_EQ(JaroWinklerScreener::Normalize("BIN LADIN, Usama bin Muhammad"),
            "bin bin ladin muhammad usama");
  EXPECT_EQ(JaroWinklerScreener::Normalize("Raja SALAMÉ"), "raja salame");
  // Cyrillic goes through ICU Any-Latin.
  EXPECT_EQ(JaroWinklerScreener::Normalize("Иван Петров"), "ivan petrov");
}

LoadedList TwoEntities() {
  // Names of UN QDi.006 (FIRST..FOURTH_NAME) and OFAC SDN 6365 (sdn.csv) as the lists write them.
  LoadedList l;
  Entity a;
  a.id = "un:QDi.006";
  a.names.push_back({.full = "AIMAN MUHAMMED RABI AL-ZAWAHIRI"});
  Entity b;
  b.id = "ofac:6365";
  b.names.push_back({.full = "BIN LADIN, Usama bin Muhammad bin Awad"});
  b.names.push_back({.full = "BIN LADEN, Usama", .kind = NameKind::kAlias});
  l.entities = {a, b};
  return l;
}

TEST(JaroWinklerScreener, BestScoreFindsTheClosestEntity) {
  JaroWinklerScreener jw({TwoEntities()});
  EXPECT_EQ(jw.names(), 3u);
  std::string id;
  EXPECT_EQ(jw.BestScore("Usama BIN LADEN", &id), 1.0);
  EXPECT_EQ(id, "ofac:6365");
  const double typo = jw.BestScore("Usama BIN LADDEN", &id);
  EXPECT_EQ(id, "ofac:6365");
  EXPECT_GT(typo, 0.9);
  EXPECT_LT(typo, 1.0);
  EXPECT_NEAR(jw.ScoreAgainst("Ayman al-Zawahiri", "un:QDi.006"),
              JaroWinkler("al ayman zawahiri", "aiman al muhammed rabi zawahiri"), 1e-12);
  EXPECT_EQ(jw.ScoreAgainst("Ayman al-Zawahiri", "un:nope"), 0.0);
}

TEST(JaroWinklerScreener, PruningNeverChangesTheBest) {
  JaroWinklerScreener jw({TwoEntities()});
  for (std::string_view q : {"A", "Usama", "Zawahiri Aiman", "Muhammad bin Awad Usama Ladin"}) {
    const std::string n = JaroWinklerScreener::Normalize(q);
    double brute = 0;
    for (std::string_view listed : {"aiman al muhammed rabi zawahiri",
                                    "awad bin bin bin ladin muhammad usama", "bin laden usama"}) {
      brute = std::max(brute, JaroWinkler(n, listed));
    }
    EXPECT_DOUBLE_EQ(jw.BestScore(q), brute) << q;
  }
}

}  // namespace
}  // namespace cordon::validate
