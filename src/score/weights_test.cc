// Token weights on the embedded tables: misspelt titles and legal forms weigh as little as the
// commonest token.
#include "score/weights.h"

#include <gtest/gtest.h>

#include "normalize/rules.h"
#include "score/name_score.h"

namespace cordon::score {
namespace {

class WeightsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = normalize::Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    norm_ = n->release();
  }
  static float Bits(const TokenWeights& w, std::string_view text) {
    const normalize::NormalizedName n = norm_->Normalize(text);
    EXPECT_EQ(n.tokens.size(), 1u) << text;
    return n.tokens.empty() ? 0 : w.Weight(n.tokens[0]);
  }
  static float Score(const TokenWeights& w, std::string_view a, std::string_view b) {
    return ScoreName(Prepare(norm_->Normalize(a), w), Prepare(norm_->Normalize(b), w));
  }
  static normalize::Normalizer* norm_;
};
normalize::Normalizer* WeightsTest::norm_ = nullptr;

// "Qri" (Qari), "Cop" and "Crop" (Corp), "Hadji" (Haji/Hajji) are seen nowhere and one edit from
// a title or legal form the normaliser drops: they count as little as the commonest token. Real
// names in the same position keep their weight: Hadi and Hafez are known; "Ulla" is unknown but
// differs from Mulla in its first letter.
TEST_F(WeightsTest, MisspeltTitlesAndLegalFormsWeighLittle) {
  const TokenWeights w(&normalize::KnowledgeTables::Embedded());
  for (const char* t : {"Qri", "Cop", "Crop", "Hadji", "Sheike"})
    EXPECT_EQ(Bits(w, t), kMinBits) << t;
  for (const char* t : {"Hadi", "Hafez", "Ulla"}) EXPECT_GT(Bits(w, t), 4.0f) << t;
  // So a listed name with its title or legal form misspelt in the query still matches (OFAC's
  // "RAHMAT, Qari" and "KOTI CORP"), and an unknown real name does not vanish.
  EXPECT_GE(Score(w, "RAHMAT, Qri", "RAHMAT, Qari"), 0.9f);
  EXPECT_GE(Score(w, "KOTI COP", "KOTI CORP"), 0.9f);
  EXPECT_LT(Score(w, "Ulla Hassan", "HASSAN"), 0.8f);
}

// A patronymic weighs as much as the given name it comes from. Real list names: the Canada list's
// "Igor Sergeievich SHEVCHENKO" (ukraine-part-1-27) and the UK list's "Sergei Sergeivich IVANOV",
// with list statistics counted over these and three other listed names.
TEST_F(WeightsTest, PatronymicsWeighAsTheirGivenName) {
  std::vector<normalize::NormalizedName> names;
  for (const char* n : {"Igor Sergeievich SHEVCHENKO", "Sergei Sergeivich IVANOV", "Sergei LAVROV",
                        "Igor SECHIN", "Aleksandr Vladimirovich BUNIN"}) {
    names.push_back(norm_->Normalize(n));
  }
  std::vector<const normalize::NormalizedName*> refs;
  refs.reserve(names.size());
  for (const auto& n : names) refs.push_back(&n);
  const TokenWeights w(&normalize::KnowledgeTables::Embedded(), refs);
  EXPECT_FLOAT_EQ(Bits(w, "Sergeievich"), Bits(w, "Sergei"));
  EXPECT_LE(Bits(w, "Vladimirovich"), Bits(w, "Vladimir"));
  EXPECT_GT(Bits(w, "Shevchenko"), Bits(w, "Sergeievich"));
  // Not a patronymic: too short once the suffix is off.
  EXPECT_TRUE(normalize::PatronymicStems("ovich").empty());
  EXPECT_EQ(normalize::PatronymicStems("sergeyevich").front(), "serge");
}

}  // namespace
}  // namespace cordon::score
