// Token similarity on name pairs from the lists and the negative corpus.
#include "score/token_sim.h"

#include <gtest/gtest.h>

#include "normalize/normalizer.h"

namespace cordon::score {
namespace {

class TokenSimTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = normalize::Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    norm_ = n->release();
  }
  static TokenSimilarity Sim(std::string_view a, std::string_view b) {
    const auto x = norm_->Normalize(a), y = norm_->Normalize(b);
    EXPECT_EQ(x.tokens.size(), 1u) << a;
    EXPECT_EQ(y.tokens.size(), 1u) << b;
    if (x.tokens.size() != 1 || y.tokens.size() != 1) return {};
    return TokenSim(x.tokens[0], y.tokens[0]);
  }
  static normalize::Normalizer* norm_;
};
normalize::Normalizer* TokenSimTest::norm_ = nullptr;

// Same consonant skeleton: a spelling of one name when the letters also roughly agree (UN
// QDi.431 SANAULLAH GHAFARI written "Sanaulah Gafari"), not when only the consonants do: the
// negative corpus's "Thommen & Co." alerted on OFAC's TAMYNA AG and "Kamel Hussein" on
// AL-HASSAN, Kamal (Husayn and Hasan are two names).
TEST_F(TokenSimTest, SkeletonNeedsTheLettersToAgreeBetweenLatinSpellings) {
  EXPECT_EQ(Sim("Gafari", "Ghafari").how, MatchHow::kPhonetic);
  EXPECT_EQ(Sim("Gafari", "Ghafari").sim, kSkeletonSim);
  EXPECT_EQ(Sim("Sanaulah", "Sanaullah").sim, kSkeletonSim);
  EXPECT_EQ(Sim("Thommen", "Tamyna").sim, 0.0f);
  EXPECT_EQ(Sim("Terentii", "Triniti").sim, 0.0f);
  // No more edits than a typo match allows: one in five letters ("Kamel Ali" alerted on OFAC's
  // "KAMALI, Ali").
  EXPECT_LT(Sim("Kamel", "Kamali").sim, kMinTokenSim);
  EXPECT_LT(Sim("Hussein", "Hassan").sim, kMinTokenSim + 0.01f);
  // From a script without vowels the skeleton is all there is: محمد against Muhammad.
  EXPECT_GE(Sim("محمد", "Muhammad").sim, kSkeletonSim);
}

}  // namespace
}  // namespace cordon::score
