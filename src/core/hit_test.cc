// The JSON spellings of the explanation enums: stable (clients and stored decisions read them),
// one per value, and read back to the same value.
#include "cordon/hit.h"

#include <gtest/gtest.h>

#include <set>

namespace cordon {
namespace {

TEST(HitTest, MatchHowSpellingsAreStableAndRoundTrip) {
  const std::pair<MatchHow, const char*> expected[] = {
      {MatchHow::kExact, "exact"},
      {MatchHow::kVariant, "variant"},
      {MatchHow::kTransliteration, "transliteration"},
      {MatchHow::kEditDistance, "edit_distance"},
      {MatchHow::kInitial, "initial"},
      {MatchHow::kPhonetic, "phonetic"},
      {MatchHow::kSplitJoin, "split_join"},
      {MatchHow::kNone, "none"}};
  std::set<std::string_view> seen;
  for (const auto& [how, name] : expected) {
    EXPECT_EQ(MatchHowName(how), name);
    EXPECT_EQ(ParseMatchHow(name), how) << name;
    EXPECT_TRUE(seen.insert(MatchHowName(how)).second);
  }
  EXPECT_FALSE(ParseMatchHow("Exact").has_value());  // spellings are exact
  EXPECT_FALSE(ParseMatchHow("").has_value());
}

TEST(HitTest, EvidenceEffectSpellingsAreStableAndRoundTrip) {
  const std::pair<EvidenceEffect, const char*> expected[] = {
      {EvidenceEffect::kSupports, "supports"},
      {EvidenceEffect::kContradicts, "contradicts"},
      {EvidenceEffect::kNeutral, "neutral"}};
  for (const auto& [effect, name] : expected) {
    EXPECT_EQ(EvidenceEffectName(effect), name);
    EXPECT_EQ(ParseEvidenceEffect(name), effect) << name;
  }
  EXPECT_FALSE(ParseEvidenceEffect("supported").has_value());
}

}  // namespace
}  // namespace cordon
