// The direct hit writer (hit_writer.h) must give exactly the bytes of nlohmann's
// engine::HitToJson(h).dump(): checked on every hit of real queries over the UN list (Latin and
// Arabic names, birth dates, nationalities, identifiers, weak aliases, low thresholds for partial
// alignments), and on strings with quotes, control characters and invalid UTF-8.
#include "service/hit_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cordon/sources.h"
#include "engine/json.h"

namespace cordon::service {
namespace {

using nlohmann::json;

std::string Nlohmann(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

TEST(HitWriterTest, SameBytesAsNlohmannOnRealHits) {
  auto screener = OpenScreener({CORDON_DATA_DIR "/lists/un"});
  ASSERT_TRUE(screener.ok()) << screener.status();
  std::vector<ScreenQuery> queries(8);
  queries[0].name = "Hamza Usama Muhammad bin Laden";
  queries[0].birth_date = PartialDate{1989, 5, 9};
  queries[1].name = "Salim Ahmad Salim Hamdan";
  queries[1].identifiers = {"00385937"};
  queries[1].nationality = "ye";
  queries[2].name = "محمد";
  queries[3].name = "Sanaullah Gafari";
  queries[4].name = "Muhammad";
  queries[5].name = "Al-Qaida";
  queries[6].name = "Tanchon Commercial Bank";
  queries[6].schema = Schema::kOrganization;
  queries[7].name = "Abu Bakr al-Baghdadi";
  queries[7].gender = Gender::kFemale;
  size_t hits = 0, evidence = 0;
  for (const ScreenQuery& q : queries) {
    for (double threshold : {0.3, 0.8}) {
      const std::vector<Hit> found = (*screener)->Screen(q, {.threshold = threshold, .limit = 50});
      std::string mine;
      AppendHitsJson(&mine, found);
      json theirs = json::array();
      for (const Hit& h : found) {
        theirs.push_back(engine::HitToJson(h));
        evidence += h.explanation.evidence.size();
      }
      ASSERT_EQ(mine, Nlohmann(theirs)) << q.name;
      hits += found.size();
    }
  }
  EXPECT_GT(hits, 100u);  // the comparison covered many real hits
  EXPECT_GT(evidence, 3u);
}

TEST(HitWriterTest, StringsAndNumbersAsNlohmann) {
  for (const std::string& s :
       {std::string(""), std::string("plain"), std::string("quote \" and \\ back"),
        std::string("tab\tnew\nline\rcr\bbs\fff"), std::string("ctl \x01\x1f\x7f"),
        std::string("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xe2\x82\xac \xf0\x9f\x98\x80"),
        std::string("bad \xc3\x28 utf8"), std::string("lone \xed\xa0\x80 surrogate"),
        std::string("overlong \xc0\xaf"), std::string("cut \xe2\x82"), std::string("\xff"),
        std::string("nul \0 inside", 13)}) {
    std::string mine;
    AppendJsonString(&mine, s);
    EXPECT_EQ(mine, Nlohmann(json(s))) << s;
  }
  for (double x : {0.0, 1.0, -1.0, 0.8876, 0.0001, -0.05, 0.1, 1e-7, 123456.0, 0.30000000000000004,
                   std::nan(""), HUGE_VAL}) {
    std::string mine;
    AppendJsonNumber(&mine, x);
    EXPECT_EQ(mine, Nlohmann(json(x))) << x;
  }
}

}  // namespace
}  // namespace cordon::service
