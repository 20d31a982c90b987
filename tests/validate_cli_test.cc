// End-to-end tests of `cordon validate --cross-script-only`: the section in JSON on the bundled
// cross-script pairs and the real UN list, and a malformed pairs file failing with its line and
// field, exit status 1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kUn = CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml";

TEST(ValidateCliTest, CrossScriptOnlyJson) {
  const CliResult r = RunCordon({"validate", "--lists", kUn, "--cross-script-only",
                                 "--cross-script-split", "dev", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_FALSE(j.contains("categories"));
  const json& c = j["cross_script"];
  EXPECT_EQ(c["split"], "dev");
  ASSERT_FALSE(c["groups"].empty());
  const json& all = c["groups"].back();
  EXPECT_EQ(all["group"], "all");
  // The dev split of the committed set (docs/validation.md): 1,172 names.
  EXPECT_EQ(all["names"], 1172);
  EXPECT_EQ(all["negatives"], 5 * 1172);
  // Scoring pairs needs no list; screening against the UN list alone finds only UN clusters.
  EXPECT_GT(all["at_threshold"]["recall"].get<double>(), 0.5);
  EXPECT_LT(all["screening_recall"].get<double>(), all["at_threshold"]["recall"].get<double>());
}

TEST(ValidateCliTest, MalformedPairsFileNamesLineAndField) {
  const std::string dir = FreshTempDir("validate_pairs");
  WriteFileBytes(dir + "/pairs.tsv",
                 "split\tcluster\tscript\tschema\toriginal\tlatin\tentities\n"
                 "test\tun:QDi.431\tArab\tPerson\tثناء اللہ غفاری\tSANAULLAH GHAFARI\tun:QDi.431\n"
                 "exam\tun:QDi.1\tArab\tPerson\tا\tb\tun:QDi.1\n");
  const CliResult r = RunCordon(
      {"validate", "--lists", kUn, "--cross-script-only", "--cross-script", dir + "/pairs.tsv"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("pairs.tsv:3: split: unknown split \"exam\""));
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
}  // namespace cordon::e2e
