// End-to-end tests of `cordon screen --input` on the real UN list: a listed person (UN QDi.431
// Sanaullah GHAFARI, born 1994-10-28, Afghanistan) queried with other spellings of the list's own
// date of birth and nationality, unreadable attributes (hits plus warnings, never an error), and
// the id and line echoed on every output line, errors included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kUn = CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml";

// The first hit's entity and its evidence as "attribute effect adjustment".
std::string TopHit(const json& line) {
  if (!line.contains("hits") || line["hits"].empty()) return "no hits";
  const json& h = line["hits"][0];
  std::string s =
      h["entity_id"].get<std::string>() + " " + std::to_string(h["score"].get<double>());
  for (const json& e : h["explanation"]["evidence"]) {
    s += " " + e["attribute"].get<std::string>() + " " + e["effect"].get<std::string>();
  }
  return s;
}

TEST(ScreenCliTest, JsonLinesFailClosedAndEchoIds) {
  const std::string dir = FreshTempDir("screen_jsonl");
  WriteFileBytes(
      dir + "/q.jsonl",
      "{\"id\":\"iso\",\"name\":\"Sanaullah Ghafari\",\"birth_date\":\"1994-10-28\","
      "\"nationality\":\"af\"}\n"
      "{\"id\":\"eu\",\"name\":\"Sanaullah Ghafari\",\"birth_date\":\"28/10/1994\","
      "\"nationality\":\"Afghan\"}\n"
      "{\"id\":\"us\",\"name\":\"Sanaullah Ghafari\",\"birth_date\":\"October 28, 1994\","
      "\"nationality\":\"AFG\"}\n"
      "{\"id\":\"bad\",\"name\":\"Sanaullah Ghafari\",\"birth_date\":\"soon\","
      "\"nationality\":\"Atlantis\",\"schema\":\"Alien\"}\n"
      "{\"id\":\"noname\",\"birth_date\":\"1994-10-28\"}\n"
      "{\"id\":\"broken\",\n"
      "\n"
      "{\"id\":42,\"name\":\"Maria Schmidt\"}\n"
      "{\"name\":\"Maria Schmidt\"}\n");
  const CliResult r = RunCordon({"screen", "--lists", kUn, "--input", dir + "/q.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 8u) << r.out;
  // Every spelling of the listed date and nationality gives the ISO form's hit and evidence.
  EXPECT_THAT(TopHit(lines[0]), HasSubstr("un:QDi.431"));
  EXPECT_THAT(TopHit(lines[0]), HasSubstr("birth_date supports nationality supports"));
  for (size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(TopHit(lines[i]), TopHit(lines[0])) << lines[i].dump();
    EXPECT_FALSE(lines[i].contains("warnings")) << lines[i].dump();
  }
  EXPECT_EQ(lines[1]["id"], "eu");
  // Unreadable attributes: the name's hit, and a warning for each.
  EXPECT_EQ(lines[3]["id"], "bad");
  EXPECT_THAT(TopHit(lines[3]), HasSubstr("un:QDi.431"));
  EXPECT_THAT(TopHit(lines[3]), ::testing::Not(HasSubstr("supports")));
  ASSERT_EQ(lines[3]["warnings"].size(), 3u);
  EXPECT_EQ(lines[3]["warnings"][0]["field"], "schema");
  EXPECT_EQ(lines[3]["warnings"][1]["field"], "birth_date");
  EXPECT_EQ(lines[3]["warnings"][1]["value"], "soon");
  EXPECT_EQ(lines[3]["warnings"][2]["field"], "nationality");
  EXPECT_FALSE(lines[3].contains("error"));
  // No usable name, or no JSON: an error line with the id (where there is one) and the line.
  EXPECT_EQ(
      lines[4],
      json({{"id", "noname"}, {"line", 5}, {"error", "name: missing or not a non-empty string"}}));
  EXPECT_EQ(lines[5], json({{"id", "6"}, {"line", 6}, {"error", "not valid JSON"}}));
  // The blank line 7 gives no output; ids are echoed, defaulting to the line number.
  EXPECT_EQ(lines[6]["id"], "42");
  EXPECT_EQ(lines[6]["hits"], json::array());
  EXPECT_EQ(lines[7]["id"], "9");
}

TEST(ScreenCliTest, CsvInputAndOutputCarryWarningsAndIds) {
  const std::string dir = FreshTempDir("screen_csv");
  WriteFileBytes(dir + "/q.csv",
                 "id,name,birth_date,nationality\n"
                 "c1,Sanaullah Ghafari,28.10.1994,Afghanistan\n"
                 "c2,Sanaullah Ghafari,05/07/1994,Afghan\n"
                 "c3,Sanaullah Ghafari\n");
  const CliResult r =
      RunCordon({"screen", "--lists", kUn, "--format", "csv", "--input", dir + "/q.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("id,entity_id,list,schema,name,matched_name,score,error,warnings\n"));
  EXPECT_THAT(r.out, HasSubstr("c1,un:QDi.431,un,Person,SANAULLAH GHAFARI,SANAULLAH GHAFARI,"));
  // The ambiguous date: the hit, with the warning in the last column.
  EXPECT_THAT(r.out, HasSubstr("c2,un:QDi.431,un,Person,SANAULLAH GHAFARI"));
  EXPECT_THAT(r.out, HasSubstr("\"birth_date \"\"05/07/1994\"\": day and month are ambiguous (5 "
                               "July or May 7): only the year 1994 is used; write YYYY-MM-DD\"\n"));
  EXPECT_THAT(r.out, HasSubstr("c3,,,,,,,\"line 4: has 2 fields, the header 4\",\n"));
}

TEST(ScreenCliTest, TableShowsWarnings) {
  const std::string dir = FreshTempDir("screen_table");
  WriteFileBytes(dir + "/q.jsonl",
                 "{\"id\":\"t\",\"name\":\"Sanaullah Ghafari\",\"nationality\":\"Narnia\"}\n");
  const CliResult r =
      RunCordon({"screen", "--lists", kUn, "--format", "table", "--input", dir + "/q.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("t  Sanaullah Ghafari\n  warning: nationality \"Narnia\": not "
                               "recognised as one current country"));
  EXPECT_THAT(r.out, HasSubstr("un:QDi.431"));
}

}  // namespace
}  // namespace cordon::e2e
