// The synthetic list generator (src/testing/synthetic.h) on a small N: deterministic for a seed,
// the requested count and IDs, the schema mix and alias counts of the bundled lists, common tokens
// common.
#include "testing/synthetic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "testing/fixtures.h"

namespace cordon::testing {
namespace {

constexpr size_t kN = 20000;

const SyntheticLists& Generator() {
  static const SyntheticLists* g = [] {
    auto made = SyntheticLists::Create(BundledLists(), CORDON_DATA_DIR);
    EXPECT_TRUE(made.ok()) << made.status();
    return made.ok() ? made->release() : nullptr;
  }();
  return *g;
}

const LoadedList& List() {
  static const LoadedList* l = new LoadedList(Generator().Generate(kN, 7));
  return *l;
}

TEST(SyntheticTest, DeterministicForASeed) {
  const LoadedList again = Generator().Generate(kN, 7);
  ASSERT_EQ(again.entities.size(), List().entities.size());
  EXPECT_TRUE(again.entities == List().entities);
  EXPECT_EQ(again.version, List().version);
  // Entity n does not depend on N: a shorter list is a prefix of a longer one.
  const LoadedList shorter = Generator().Generate(500, 7);
  EXPECT_TRUE(
      std::equal(shorter.entities.begin(), shorter.entities.end(), List().entities.begin()));
  const LoadedList other = Generator().Generate(500, 8);
  size_t same = 0;
  for (size_t i = 0; i < 500; ++i) same += other.entities[i].names == List().entities[i].names;
  EXPECT_LT(same, 50u);  // another seed, another list (a few short names may coincide)
}

TEST(SyntheticTest, CountsAndIds) {
  const LoadedList& l = List();
  ASSERT_EQ(l.entities.size(), kN);
  EXPECT_EQ(l.version.list, "syn");
  EXPECT_EQ(l.entities.front().id, "syn:1");
  EXPECT_EQ(l.entities.back().id, "syn:20000");
  std::set<std::string> ids;
  for (const Entity& e : l.entities) {
    ids.insert(e.id);
    ASSERT_FALSE(e.names.empty()) << e.id;
    EXPECT_EQ(e.names[0].kind, NameKind::kPrimary) << e.id;
    for (const Name& n : e.names) {
      EXPECT_FALSE(n.full.empty()) << e.id;
      // Snapshots refuse invalid UTF-8: no letter may be cut (acronyms of "Əliyev").
      EXPECT_TRUE(ValidateUtf8(e.id, n.full).ok()) << e.id << " " << n.full;
    }
  }
  EXPECT_EQ(ids.size(), kN);
}

TEST(SyntheticTest, SchemaMixFollowsTheBundledLists) {
  const SyntheticProfile& p = Generator().profile();
  // The bundled lists are mostly persons (issue 4 expects about 70%).
  EXPECT_GT(p.schema_share[size_t(Schema::kPerson)], 0.55);
  EXPECT_LT(p.schema_share[size_t(Schema::kPerson)], 0.85);
  std::map<Schema, size_t> count;
  for (const Entity& e : List().entities) ++count[e.schema];
  for (Schema s : {Schema::kPerson, Schema::kOrganization, Schema::kVessel, Schema::kAircraft}) {
    const double got = double(count[s]) / kN;
    const double want = p.schema_share[size_t(s)];
    EXPECT_NEAR(got, want, 0.02) << SchemaName(s);
    EXPECT_GT(count[s], 0u) << SchemaName(s);
  }
}

TEST(SyntheticTest, AliasCountsWeakAndOriginalScriptNames) {
  const SyntheticProfile& p = Generator().profile();
  size_t hist[5] = {}, persons = 0, weak = 0, aliases = 0, original = 0, dob = 0, nat = 0;
  for (const Entity& e : List().entities) {
    ASSERT_LE(e.names.size(), 5u) << e.id;  // 0-4 aliases
    if (e.schema != Schema::kPerson) continue;
    ++persons;
    ++hist[e.names.size() - 1];
    for (size_t i = 1; i < e.names.size(); ++i) {
      ++aliases;
      weak += e.names[i].strength == NameStrength::kWeak;
      if (e.names[i].script == "Latn") continue;
      ++original;
      // An original-script name is in one script (not Georgian, Armenian and Cyrillic mixed).
      for (const std::string& w : {e.names[i].full.substr(0, e.names[i].full.find(' ')),
                                   e.names[i].full.substr(e.names[i].full.rfind(' ') + 1)}) {
        EXPECT_EQ(DetectScript(w), e.names[i].script) << e.names[i].full;
      }
    }
    dob += !e.birth_dates.empty();
    nat += !e.nationalities.empty();
  }
  for (size_t k = 0; k < 5; ++k) {
    EXPECT_NEAR(double(hist[k]) / persons, p.alias_share[size_t(Schema::kPerson)][k], 0.02) << k;
  }
  EXPECT_GT(weak, aliases / 50);       // some weak aliases
  EXPECT_GT(original, persons / 100);  // some names in Arabic, Cyrillic, Han... script
  EXPECT_NEAR(double(dob) / persons, p.birth_date_share, 0.02);
  EXPECT_GT(nat, persons / 2);
}

TEST(SyntheticTest, CommonTokensAreCommon) {
  // Document frequency of lower-case words over person primary names.
  std::map<std::string, size_t> df;
  size_t persons = 0;
  for (const Entity& e : List().entities) {
    if (e.schema != Schema::kPerson) continue;
    ++persons;
    std::set<std::string> words;
    std::string w;
    for (char c : e.names[0].full + " ") {
      if (c == ' ' || c == ',') {
        if (!w.empty()) words.insert(AsciiLower(w));
        w.clear();
      } else {
        w.push_back(c);
      }
    }
    for (const std::string& x : words) ++df[x];
  }
  std::vector<std::pair<size_t, std::string>> ranked;
  ranked.reserve(df.size());
  for (const auto& [w, n] : df) ranked.push_back({n, w});
  std::sort(ranked.rbegin(), ranked.rend());
  ASSERT_GT(ranked.size(), 1000u);
  // The most frequent words of listed persons' names are among the most frequent here, as on
  // the real lists; and frequencies are skewed (Zipf), not flat.
  std::set<std::string> top;
  for (size_t i = 0; i < 30; ++i) top.insert(ranked[i].second);
  size_t famous = 0;
  for (const char* w : {"muhammad", "mohammad", "mohammed", "ali", "ahmad", "khan", "abdul"}) {
    famous += top.count(w);
  }
  EXPECT_GE(famous, 2u);
  EXPECT_GT(ranked[0].first, persons / 50);
  EXPECT_GT(ranked[0].first, 50 * ranked[ranked.size() / 2].first);
}

}  // namespace
}  // namespace cordon::testing
