// Queries read from JSON fail closed: on the real UN list, every spelling of a listed person's
// date of birth and nationality gives the same hit and evidence as the ISO form, and attributes
// that cannot be read are reported as warnings while the name is still screened.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cordon/lists.h"
#include "cordon/screen.h"
#include "engine/json.h"

namespace cordon::engine {
namespace {

using nlohmann::json;

class QueryJsonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lists = LoadLists({std::string(CORDON_DATA_DIR) + "/lists/un"});
    ASSERT_TRUE(lists.ok()) << lists.status();
    screener_ = Screener::Create(std::move(*lists))->release();
  }
  static void TearDownTestSuite() { delete screener_; }

  // The hit on UN QDi.431 (Sanaullah GHAFARI, born 1994-10-28, Afghanistan) for the query.
  static Hit Ghafari(const json& query, std::vector<AttributeWarning>* warnings = nullptr) {
    absl::StatusOr<ParsedQuery> q = QueryFromJson(query, "1");
    EXPECT_TRUE(q.ok()) << q.status();
    if (!q.ok()) return {};
    if (warnings != nullptr) *warnings = q->warnings;
    for (const Hit& h : screener_->Screen(q->query)) {
      if (h.entity_id == "un:QDi.431") return h;
    }
    ADD_FAILURE() << "no hit on un:QDi.431 for " << query.dump();
    return {};
  }
  static Screener* screener_;
};
Screener* QueryJsonTest::screener_ = nullptr;

// What the evidence says, without the query's own wording.
std::vector<std::string> Effects(const Hit& h) {
  std::vector<std::string> out;
  for (const Evidence& e : h.explanation.evidence) {
    out.push_back(e.attribute + " " + e.list_value + " " +
                  std::string(EvidenceEffectName(e.effect)) + " " + std::to_string(e.adjustment));
  }
  return out;
}

TEST_F(QueryJsonTest, EveryDateSpellingGivesTheEvidenceOfTheIsoForm) {
  const Hit iso = Ghafari({{"name", "Sanaullah Ghafari"}, {"birth_date", "1994-10-28"}});
  ASSERT_EQ(Effects(iso).size(), 1u);
  EXPECT_EQ(iso.explanation.evidence[0].effect, EvidenceEffect::kSupports);
  for (const char* dob :
       {"1994-10-28T00:00:00Z", "19941028", "1994/10/28", "28.10.1994", "28/10/1994", "10/28/1994",
        "28 Oct 1994", "October 28, 1994", "28-Oct-1994"}) {
    std::vector<AttributeWarning> warnings;
    const Hit h = Ghafari({{"name", "Sanaullah Ghafari"}, {"birth_date", dob}}, &warnings);
    EXPECT_EQ(Effects(h), Effects(iso)) << dob;
    EXPECT_EQ(h.score, iso.score) << dob;
    EXPECT_TRUE(warnings.empty()) << dob;
  }
}

TEST_F(QueryJsonTest, EveryCountrySpellingGivesTheEvidenceOfTheCode) {
  const Hit code = Ghafari({{"name", "Sanaullah Ghafari"}, {"nationality", "af"}});
  ASSERT_EQ(Effects(code).size(), 1u);
  EXPECT_EQ(code.explanation.evidence[0].effect, EvidenceEffect::kSupports);
  for (const char* nat : {"AF", "AFG", "afg", "Afghanistan", "AFGHANISTAN", "Afghan",
                          "Islamic Republic of Afghanistan", "Afghanistan, Islamic Republic of"}) {
    std::vector<AttributeWarning> warnings;
    const Hit h = Ghafari({{"name", "Sanaullah Ghafari"}, {"nationality", nat}}, &warnings);
    EXPECT_EQ(Effects(h), Effects(code)) << nat;
    EXPECT_TRUE(warnings.empty()) << nat;
  }
}

TEST_F(QueryJsonTest, UnreadableAttributesAreWarningsAndTheNameIsScreened) {
  const Hit name_only = Ghafari({{"name", "Sanaullah Ghafari"}});
  std::vector<AttributeWarning> w;
  const Hit h = Ghafari({{"id", 7},
                         {"name", "Sanaullah Ghafari"},
                         {"birth_date", "next Tuesday"},
                         {"nationality", "Atlantis"},
                         {"country", 4},
                         {"gender", "yes"},
                         {"schema", "Alien"},
                         {"identifiers", json::array({"A123", 456, json::object()})},
                         {"dob", "1994-10-28"}},
                        &w);
  // Nothing unreadable counts for or against: the score is the name's alone.
  EXPECT_EQ(h.score, name_only.score);
  EXPECT_EQ(Effects(h), Effects(name_only));
  std::vector<std::string> fields;
  fields.reserve(w.size());
  for (const AttributeWarning& x : w) fields.push_back(x.field + "=" + x.value);
  EXPECT_EQ(fields, (std::vector<std::string>{"schema=Alien", "birth_date=next Tuesday",
                                              "nationality=Atlantis", "country=4", "gender=yes",
                                              "identifiers={}", "dob=1994-10-28"}));
  EXPECT_EQ(w[1].message.substr(0, 28), "not a date: write YYYY-MM-DD");
  EXPECT_EQ(w[3].message, "not a string: ignored");
  EXPECT_EQ(w[5].message, "not a string: ignored");
  EXPECT_EQ(WarningsToJson(w)[0],
            json({{"field", "schema"},
                  {"value", "Alien"},
                  {"message",
                   "not Person, Organization, Vessel, Aircraft or Any: screened against every "
                   "schema"}}));
}

TEST_F(QueryJsonTest, AmbiguousDateUsesTheYearAndSaysSo) {
  // 10/11/1994 may be 10 November or October 11: only the listed year is used, which supports.
  std::vector<AttributeWarning> w;
  const Hit h = Ghafari({{"name", "Sanaullah Ghafari"}, {"birth_date", "10/11/1994"}}, &w);
  ASSERT_EQ(h.explanation.evidence.size(), 1u);
  EXPECT_EQ(h.explanation.evidence[0].query_value, "1994");
  EXPECT_EQ(h.explanation.evidence[0].effect, EvidenceEffect::kSupports);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].field, "birth_date");
  EXPECT_EQ(w[0].value, "10/11/1994");
}

TEST(QueryFromJson, OnlyAMissingNameIsAnError) {
  for (const json& j : {json::array(), json("Sanaullah Ghafari"), json({{"id", "x"}}),
                        json({{"name", ""}}), json({{"name", "   "}}), json({{"name", 12}})}) {
    const absl::StatusOr<ParsedQuery> q = QueryFromJson(j, "9");
    EXPECT_FALSE(q.ok()) << j.dump();
  }
  const absl::StatusOr<ParsedQuery> q = QueryFromJson({{"name", "Ali"}}, "9");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->query.id, "9");
  EXPECT_TRUE(q->warnings.empty());
}

TEST(QueryIdOf, EchoesAnyIdAsGiven) {
  EXPECT_EQ(QueryIdOf({{"id", "c-17"}}, "3"), "c-17");
  EXPECT_EQ(QueryIdOf({{"id", 17}}, "3"), "17");
  EXPECT_EQ(QueryIdOf({{"id", 1.5}}, "3"), "1.5");
  EXPECT_EQ(QueryIdOf({{"id", json::array({1, 2})}}, "3"), "[1,2]");
  EXPECT_EQ(QueryIdOf({{"id", nullptr}}, "3"), "3");
  EXPECT_EQ(QueryIdOf({{"name", "x"}}, "3"), "3");
  EXPECT_EQ(QueryIdOf(json::array(), "3"), "3");
}

}  // namespace
}  // namespace cordon::engine
