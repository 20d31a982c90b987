// Jurisdiction rules: the bundled example file, malformed files, and the checks
// on the real Ballerina pacs.008 sample
// (testdata/messages/iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml).
#include "inspect/jurisdictions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cordon/inspect.h"
#include "cordon/messages.h"
#include "cordon/screen.h"
#include "testing/files.h"

namespace cordon::inspect {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

using ::cordon::test_support::ReadTestFile;

TEST(JurisdictionRulesTest, ReadsTheExampleFile) {
  const std::string path = CORDON_DATA_DIR "/jurisdictions/example.tsv";
  absl::StatusOr<JurisdictionRules> r = ParseJurisdictionRules(path, ReadTestFile(path));
  ASSERT_TRUE(r.ok()) << r.status();
  // grep -c '^country' example.tsv = 3; grep -c '^place' example.tsv = 9.
  ASSERT_EQ(r->rules.size(), 12u);
  EXPECT_EQ(r->rules[0].kind, "country");
  EXPECT_EQ(r->rules[0].value, "cu");
  EXPECT_EQ(r->rules[0].line, 7u);
  EXPECT_EQ(r->rules[3].kind, "place");
  EXPECT_EQ(r->rules[3].value, "Crimea");
  EXPECT_THAT(r->rules[3].label, HasSubstr("13685"));
}

TEST(JurisdictionRulesTest, MalformedLinesNameTheLineAndReason) {
  auto bad = [](std::string_view text) {
    absl::StatusOr<JurisdictionRules> r = ParseJurisdictionRules("j.tsv", text);
    return r.ok() ? std::string("ok") : std::string(r.status().message());
  };
  EXPECT_EQ(bad("# c\ncountry\tiran\n"),
            "j.tsv:2: country \"iran\" is not an ISO 3166-1 alpha-2 code");
  EXPECT_EQ(bad("country ir\n"),
            "j.tsv:1: expected kind<TAB>value[<TAB>label] (2 or 3 tab-separated fields)");
  EXPECT_EQ(bad("town\tSevastopol\n"), "j.tsv:1: kind \"town\" is not country or place");
  EXPECT_EQ(bad("place\t--\n"), "j.tsv:1: place has no letters or digits");
  EXPECT_EQ(bad("country\tzz\n"), "j.tsv:1: country \"zz\" is not an ISO 3166-1 alpha-2 code");
  EXPECT_THAT(bad("place\t\xff\n"),
              HasSubstr("j.tsv:1: byte 6: encoding: invalid UTF-8 byte 0xFF"));
  EXPECT_EQ(bad("\n# only comments\n\n"), "ok");
}

TEST(JurisdictionRulesTest, BicCountryIsCharactersFiveAndSix) {
  EXPECT_EQ(BicCountry("AABSLKLXXXX"), "lk");
  EXPECT_EQ(BicCountry("CITIUS33"), "us");
  EXPECT_EQ(BicCountry("CITIUS3"), "");
  EXPECT_EQ(BicCountry("CITI1233XXX"), "");
}

struct Found {
  std::string attribute, path, text;
  bool operator==(const Found&) const = default;
};
void PrintTo(const Found& f, std::ostream* os) {
  *os << f.attribute << " " << f.path << " " << f.text;
}

// Every rule below matches something in the real sample; the expected hits were read off the
// XML: BICs with "LK" at characters 5-6 on AppHdr/Fr, InstgAgt and DbtrAgt; the debtor's
// AdrLine "SRI LANKA"; "COLOMBO" in the AdrLines of CdtrAgt and Cdtr.
TEST(JurisdictionCheckerTest, RealPacs008SriLankaRules) {
  const std::string file =
      CORDON_TESTDATA_DIR "/messages/iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml";
  absl::StatusOr<ParsedMessages> parsed = ParseMessages(file, ReadTestFile(file));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_TRUE(parsed->messages[0].ok());
  absl::StatusOr<JurisdictionRules> rules =
      ParseJurisdictionRules("test", "country\tLK\tSri Lanka (test rule)\nplace\tColombo\n");
  ASSERT_TRUE(rules.ok()) << rules.status();
  // No lists: only the jurisdiction checks can hold the message.
  auto screener = Screener::Create({});
  ASSERT_TRUE(screener.ok());
  const MessageInspector inspector(screener->get(), {.jurisdictions = &*rules});
  const MessageResult r = inspector.Inspect(*parsed->messages[0]);
  EXPECT_EQ(r.decision, Decision::kHold);
  std::vector<Found> found;
  for (const MessageHit& h : r.hits) {
    EXPECT_EQ(h.kind, MessageHitKind::kJurisdiction);
    found.push_back({h.attribute, h.path, h.text});
  }
  EXPECT_THAT(found, UnorderedElementsAre(
                         Found{"bic", "AppHdr/Fr/FIId", "AABSLKLXXXX"},
                         Found{"bic", "CdtTrfTxInf[0]/InstgAgt", "AABSLKLXXXX"},
                         Found{"bic", "CdtTrfTxInf[0]/DbtrAgt", "AABSLKLXXXX"},
                         Found{"address", "CdtTrfTxInf[0]/Dbtr/PstlAdr", "SRI LANKA"},
                         Found{"address", "CdtTrfTxInf[0]/CdtrAgt/FinInstnId/PstlAdr", "Colombo"},
                         Found{"address", "CdtTrfTxInf[0]/Cdtr/PstlAdr", "Colombo"}));
}

TEST(JurisdictionCheckerTest, ExampleRulesPassTheRealSample) {
  const std::string file =
      CORDON_TESTDATA_DIR "/messages/iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml";
  absl::StatusOr<ParsedMessages> parsed = ParseMessages(file, ReadTestFile(file));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const std::string path = CORDON_DATA_DIR "/jurisdictions/example.tsv";
  absl::StatusOr<JurisdictionRules> rules = ParseJurisdictionRules(path, ReadTestFile(path));
  ASSERT_TRUE(rules.ok()) << rules.status();
  auto screener = Screener::Create({});
  ASSERT_TRUE(screener.ok());
  const MessageInspector inspector(screener->get(), {.jurisdictions = &*rules});
  EXPECT_EQ(inspector.Inspect(*parsed->messages[0]).decision, Decision::kPass);
}

}  // namespace
}  // namespace cordon::inspect
