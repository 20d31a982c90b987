// The free-text pre-check against brute force on the UN list (data/lists/un): HasStrictPartner
// agrees with a scan of every list token, and a name MayMatchStrictly rules out gets no hit from
// Screen that free-text search could keep, for generated variants of the real list names, random
// names made of list words, single list words and ordinary words of payment texts.
#include "engine/strict_precheck.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "cordon/lists.h"
#include "score/name_score.h"
#include "score/token_sim.h"
#include "testing/reference.h"
#include "testing/variants.h"

namespace cordon::engine {
namespace {

bool Strict(score::MatchHow h) {
  return h == score::MatchHow::kExact || h == score::MatchHow::kVariant ||
         h == score::MatchHow::kTransliteration;
}

bool StrictByBruteForce(const ScreenerImpl& s, const normalize::Token& t) {
  for (const ListName& n : s.list_names()) {
    for (const normalize::Token& l : n.prepared.tokens) {
      if (Strict(score::TokenSim(t, l).how)) return true;
    }
  }
  return false;
}

// text_search.cc's kMinPartialTokens: fewer aligned tokens must cover the whole listed name.
constexpr size_t kMinPartial = 3;

// What text_search.cc keeps: every query token aligned, each exact, variant or transliteration,
// and the listed name wholly covered or at least kMinPartial tokens aligned.
bool StrictFullAlignment(const Hit& h) {
  const Explanation& x = h.explanation;
  if (x.alignment.empty() || !x.unmatched_query_tokens.empty()) return false;
  if (!x.unmatched_list_tokens.empty() && x.alignment.size() < kMinPartial) return false;
  for (const TokenMatch& m : h.explanation.alignment) {
    if (m.how != MatchHow::kExact && m.how != MatchHow::kVariant &&
        m.how != MatchHow::kTransliteration) {
      return false;
    }
  }
  return true;
}

class StrictPrecheckTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lists = LoadLists({std::string(CORDON_DATA_DIR) + "/lists/un"});
    ASSERT_TRUE(lists.ok()) << lists.status();
    auto made = Screener::Create(std::move(*lists));
    ASSERT_TRUE(made.ok()) << made.status();
    screener_ = made->release();
  }
  static void TearDownTestSuite() { delete screener_; }

  // Variants of real names, random names of list words, list words alone, and payment words.
  static std::vector<std::string> Queries() {
    std::vector<std::string> names, words;
    for (const LoadedList& l : screener_->lists()) {
      for (const Entity& e : l.entities) {
        for (const Name& n : e.names) names.push_back(n.full);
      }
    }
    for (const std::string& n : names) {
      for (size_t start = 0, end = 0; start < n.size(); start = end + 1) {
        end = std::min(n.find(' ', start), n.size());
        if (end > start) words.push_back(n.substr(start, end - start));
      }
    }
    std::mt19937_64 rng(15);
    std::vector<std::string> q = {"INVOICE",   "PAYMENT", "SALARY",   "COTTA ROAD", "/INV/19S95",
                                  "SRI LANKA", "LTD",     "AL QAIDA", "Mohammed",   "Muhamad",
                                  "NO 12 SL",  "PO BOX",  "ST ALI"};
    for (int i = 0; i < 120; ++i) {
      for (const testing::Variant& v : testing::MakeVariants(names[rng() % names.size()], rng)) {
        q.push_back(v.name);
      }
    }
    for (int i = 0; i < 200; ++i) q.push_back(testing::RandomName(words, rng));
    for (int i = 0; i < 300; ++i) q.push_back(words[rng() % words.size()]);
    return q;
  }

  static const Screener* screener_;
};

const Screener* StrictPrecheckTest::screener_ = nullptr;

TEST_F(StrictPrecheckTest, HasStrictPartnerEqualsBruteForce) {
  const ScreenerImpl& s = testing::Impl(*screener_);
  size_t with = 0, without = 0;
  for (const std::string& q : Queries()) {
    for (const normalize::Token& t : s.normalizer().Normalize(q).tokens) {
      const bool want = StrictByBruteForce(s, t);
      ASSERT_EQ(s.name_index().HasStrictPartner(t), want) << "token '" << t.text << "' of " << q;
      ++(want ? with : without);
    }
  }
  // Both answers occur often (typo variants have tokens no list name has).
  EXPECT_GT(with, 500u);
  EXPECT_GT(without, 100u);
}

TEST_F(StrictPrecheckTest, RuledOutNamesHaveNoStrictFullHit) {
  const ScreenerImpl& s = testing::Impl(*screener_);
  size_t ruled_out = 0, strict_hits = 0;
  for (const std::string& name : Queries()) {
    ScreenQuery q;
    q.name = name;
    const std::vector<Hit> hits = s.Screen(q, {.threshold = 0.5, .limit = 1000});
    size_t strict = 0;
    for (const Hit& h : hits) strict += StrictFullAlignment(h);
    strict_hits += strict;
    if (MayMatchStrictly(s, name, kMinPartial)) continue;
    ++ruled_out;
    EXPECT_EQ(strict, 0u) << name;
  }
  EXPECT_GT(ruled_out, 200u);
  EXPECT_GT(strict_hits, 300u);  // the queries that may match do match strictly, often
}

// One StrictPrecheck over every query, as over the windows of one long message (its tokens
// remembered across them), gives MayMatchStrictly's answer to each, in both orders.
TEST_F(StrictPrecheckTest, StrictPrecheckEqualsMayMatchStrictly) {
  const ScreenerImpl& s = testing::Impl(*screener_);
  std::vector<std::string> queries = Queries();
  size_t may = 0, not_may = 0;
  for (int pass = 0; pass < 2; ++pass) {
    StrictPrecheck pre(s);
    for (const std::string& name : queries) {
      const bool want = MayMatchStrictly(s, name, kMinPartial);
      ASSERT_EQ(pre.MayMatch(name, kMinPartial), want) << name;
      ++(want ? may : not_may);
    }
    std::reverse(queries.begin(), queries.end());
  }
  EXPECT_GT(may, 600u);
  EXPECT_GT(not_may, 400u);
}

// With free text's floor on a transliteration's evidence, a name the pre-check rules out gets
// no hit whose every alignment is strict and every transliteration carries the floor.
TEST_F(StrictPrecheckTest, RuledOutWithCrossBitsFloorHaveNoHitAboveIt) {
  constexpr float kFloor = 8.5f;  // text_search.cc kMinFreeTextCrossBits
  const ScreenerImpl& s = testing::Impl(*screener_);
  auto above_floor = [&](const Hit& h) {
    for (const TokenMatch& m : h.explanation.alignment) {
      if (m.how == MatchHow::kTransliteration &&
          score::CrossScriptBits(static_cast<float>(m.similarity), m.query_token.size()) < kFloor) {
        return false;
      }
    }
    return true;
  };
  StrictPrecheck pre(s, kFloor);
  size_t ruled_out = 0, only_by_floor = 0, kept_hits = 0;
  for (const std::string& name : Queries()) {
    ScreenQuery q;
    q.name = name;
    size_t kept = 0;
    for (const Hit& h : s.Screen(q, {.threshold = 0.5, .limit = 1000})) {
      kept += StrictFullAlignment(h) && above_floor(h);
    }
    kept_hits += kept;
    if (pre.MayMatch(name, kMinPartial)) continue;
    ++ruled_out;
    only_by_floor += MayMatchStrictly(s, name, kMinPartial);
    EXPECT_EQ(kept, 0u) << name;
  }
  EXPECT_GT(ruled_out, 200u);
  EXPECT_GT(kept_hits, 300u);
  EXPECT_GT(only_by_floor, 0u);  // 4 of the 1,107 ruled out: the floor is what rules them out
}

// With free text's floor, the pre-check's answer is MayAlignAllStrictly's over every strict
// partner (the full reach, HasStrictPartnerEqualsBruteForce) less the transliterations short of
// the floor: what the index leaves out of the cross-script reach under the floor
// (NameIndex::StrictPartners) is no partner that counts.
TEST_F(StrictPrecheckTest, CrossBitsFloorEqualsFilteredFullReach) {
  constexpr float kFloor = 8.5f;  // text_search.cc kMinFreeTextCrossBits
  const ScreenerImpl& s = testing::Impl(*screener_);
  const index::NameIndex& idx = s.name_index();
  StrictPrecheck pre(s, kFloor);
  size_t may = 0, not_may = 0, short_cross = 0, longer_cross = 0;
  for (const std::string& name : Queries()) {
    const normalize::NormalizedName n = s.normalizer().Normalize(name);
    std::vector<std::vector<uint32_t>> partners(std::min(n.tokens.size(), score::kMaxTokens));
    std::vector<const std::vector<uint32_t>*> refs;
    bool want = !partners.empty();
    for (size_t i = 0; i < partners.size(); ++i) {
      const normalize::Token& t = n.tokens[i];
      idx.StrictPartners(t, &partners[i]);
      std::erase_if(partners[i], [&](uint32_t id) {
        const score::TokenSimilarity sim = score::TokenSim(t, idx.EntryToken(id));
        if (sim.how != MatchHow::kTransliteration) return false;
        const bool below =
            score::CrossScriptBits(sim.sim, score::CrossScriptLetters(t.text)) < kFloor;
        short_cross += below && score::CrossScriptLetters(t.text) <= 2;
        longer_cross += below && score::CrossScriptLetters(t.text) > 2;
        return below;
      });
      want = want && !partners[i].empty();
      refs.push_back(&partners[i]);
    }
    if (want) want = idx.MayAlignAllStrictly(refs, kMinPartial);
    ASSERT_EQ(pre.MayMatch(name, kMinPartial), want) << name;
    ++(want ? may : not_may);
  }
  EXPECT_GT(may, 300u);
  EXPECT_GT(not_may, 400u);
  // Both kinds of transliterations below the floor occur: of two-letter tokens (not reached at
  // all) and of longer ones (reached, each judged by CrossScriptSim first).
  EXPECT_GT(short_cross, 0u);
  EXPECT_GT(longer_cross, 0u);
}

}  // namespace
}  // namespace cordon::engine
