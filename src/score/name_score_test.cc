// Name scores on the embedded tables: the discount on the links of a name chain that a list's
// short form leaves out (QueryExtraCost), and the bound the index prunes with.
#include "score/name_score.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace cordon::score {
namespace {

class NameScoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = normalize::Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    norm_ = n->release();
    weights_ = new TokenWeights(&normalize::KnowledgeTables::Embedded());
  }
  static PreparedName Prep(std::string_view name) {
    return Prepare(norm_->Normalize(name), *weights_);
  }
  static float Score(std::string_view q, std::string_view l) { return ScoreName(Prep(q), Prep(l)); }
  static normalize::Normalizer* norm_;
  static TokenWeights* weights_;
};
normalize::Normalizer* NameScoreTest::norm_ = nullptr;
TokenWeights* NameScoreTest::weights_ = nullptr;

// The father's names between the two matched words of a name chain cost what a list word the
// query lacks does (the UN's "قاسم محمد مهدي الريمي", QDi.282, against OFAC's "AL-RAYMI, Qassim";
// src/engine/screener_test.cc screens such names against the OFAC list). The same words after
// the last matched one (a family or caste name there tells people apart) and the query's extra
// words beside a list word left unmatched keep the full cost.
TEST_F(NameScoreTest, LinksOfANameChainThatTheListLeavesOut) {
  const float chain = Score("Qasim Muhammad Mahdi al-Raymi", "AL-RAYMI, Qassim");
  const float at_end = Score("Qasim al-Raymi Muhammad Mahdi", "AL-RAYMI, Qassim");
  EXPECT_LT(at_end, chain);
  EXPECT_LT(Score("قاسم الريمي محمد مهدي", "AL-RAYMI, Qassim"),
            Score("قاسم محمد مهدي الريمي", "AL-RAYMI, Qassim"));
  EXPECT_LT(Score("Qasim Muhammad Mahdi al-Raymi", "AL-RAYMI, Qassim Abd al-Aziz"), at_end);
}

// ScoreUpperBound with every token related bounds ScoreName from above, discount included.
TEST_F(NameScoreTest, UpperBoundHoldsWithTheChainDiscount) {
  for (const auto& [q, l] : std::vector<std::pair<const char*, const char*>>{
           {"قاسم محمد مهدي الريمي", "AL-RAYMI, Qassim"},
           {"Qasim Muhammad Mahdi al-Raymi", "AL-RAYMI, Qassim"},
           {"Qasim al-Raymi Muhammad Mahdi", "AL-RAYMI, Qassim"},
           {"Muhammad Khan", "Mustafa Muhammad Khan"}}) {
    const PreparedName pq = Prep(q), pl = Prep(l);
    uint32_t q_related = 0, l_related = 0;
    NameScore detail;
    const float s = ScoreName(pq, pl, &detail);
    for (const AlignedPair& p : detail.pairs) {
      for (uint8_t i = p.q_begin; i < p.q_end; ++i) q_related |= uint32_t{1} << i;
      for (uint8_t j = p.l_begin; j < p.l_end; ++j) l_related |= uint32_t{1} << j;
    }
    EXPECT_GE(ScoreUpperBound(pq, pl, q_related, l_related) + 1e-6f, s) << q << " / " << l;
  }
}

}  // namespace
}  // namespace cordon::score
