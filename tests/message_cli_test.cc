// End-to-end tests of `cordon message` on the real message samples (testdata/messages) and on
// copies of them with a listed name injected (UN QDi.431 SANAULLAH GHAFARI, data/lists/un).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kSamples = CORDON_TESTDATA_DIR "/messages/";
const std::string kPacs008 =
    kSamples + "iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml";
const std::string kRje = kSamples + "swift_mt/prowide-core/MT103-out-ack.rje";
// Refused by the reader: its UNA advice ends in a line break (see docs/messages.md).
const std::string kBadUna = kSamples + "pnrgov/US-CBP_GTAS/gtas-loader/pnr-messages/codeshare.edi";
const std::string kUn = CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml";

// A bad file gives an error line (decision "error", reason, byte offset) and the files after it
// are still screened; the exit code says that something was not read. The RJE file holds 13
// MT103 messages (grep -c '{1:' MT103-out-ack.rje), none naming a listed party.
TEST(MessageCliTest, BatchGoesOnPastABadFileAndExitsOne) {
  const CliResult r = RunCordon({"message", "--lists", kUn, kBadUna, kRje});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u + 13u);
  EXPECT_EQ(lines[0]["file"], kBadUna);
  EXPECT_EQ(lines[0]["decision"], "error");
  EXPECT_EQ(lines[0]["offset"], 8);
  EXPECT_THAT(lines[0]["error"].get<std::string>(), HasSubstr("byte 8: UNA service string advice"));
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["file"], kRje);
    EXPECT_EQ(lines[i]["message"], i - 1);
    EXPECT_EQ(lines[i]["format"], "MT103");
    EXPECT_EQ(lines[i]["decision"], "pass");
  }
  EXPECT_EQ(lines[1]["id"], "22342343");  // the :20: of the first message
  // Every file read: exit code 0.
  EXPECT_EQ(RunCordon({"message", "--lists", kUn, kRje}).exit_code, 0);
}

// A message that cannot be read inside a file that can: its own error line, the others screened.
TEST(MessageCliTest, UnreadableMessageIsAnErrorWithItsOffset) {
  const std::string dir = FreshTempDir("message_cli_err");
  const std::string rje = ReadFileBytes(kRje);
  const size_t second = rje.find("{1:", rje.find("{4:"));
  // The second message loses the end of its text block.
  const size_t cut = rje.find("-}", second);
  WriteFileBytes(dir + "/broken.rje", rje.substr(0, cut) + rje.substr(cut + 2));
  const CliResult r = RunCordon({"message", "--lists", kUn, dir + "/broken.rje"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::vector<json> lines = JsonLines(r.out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0]["decision"], "pass");
  size_t errors = 0;
  for (const json& l : lines) {
    if (l["decision"] != "error") continue;
    ++errors;
    EXPECT_TRUE(l["offset"].is_number()) << l.dump();
    EXPECT_THAT(l["error"].get<std::string>(), HasSubstr("byte "));
  }
  EXPECT_GE(errors, 1u);
}

TEST(MessageCliTest, InjectedListedCreditorHoldsWithItsPath) {
  const std::string dir = FreshTempDir("message_cli");
  std::string xml = ReadFileBytes(kPacs008);
  const std::string from = "<pacs:Nm>LNM</pacs:Nm>";
  ASSERT_NE(xml.find(from), std::string::npos);
  xml.replace(xml.find(from), from.size(), "<pacs:Nm>SANAULLAH GHAFARI</pacs:Nm>");
  WriteFileBytes(dir + "/pacs.xml", xml);
  // The bundled lists (the default): with the UN list alone the token weights differ and the real
  // creditor agent COMMERCIAL BANK scores 0.82 against TANCHON COMMERCIAL BANK (un:KPe.003).
  const CliResult r = RunCordon({"message", dir + "/pacs.xml", kPacs008});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["decision"], "hold");
  // UN QDi.431, OFAC 33941 and UK group 14169 list the same person.
  std::vector<std::string> entities;
  for (const json& hit : lines[0]["hits"]) {
    EXPECT_EQ(hit["kind"], "party");
    EXPECT_EQ(hit["path"], "CdtTrfTxInf[0]/Cdtr/Nm");
    EXPECT_EQ(hit["text"], "SANAULLAH GHAFARI");
    entities.push_back(hit["match"]["entity_id"]);
  }
  EXPECT_THAT(entities, ::testing::ElementsAre("ofac:33941", "uk:14169", "un:QDi.431"));
  EXPECT_EQ(lines[1]["decision"], "pass");  // the untouched original
  EXPECT_EQ(lines[1]["format"], "pacs.008.001.08");
}

// Fail closed: the listed creditor's date of birth written day first (not the xs:date the
// schema asks for) is still read and supports the hit; a residence country that names no country
// is left out and reported in "warnings" with its path; the name is screened either way.
TEST(MessageCliTest, CreditorAttributesReadLenientlyOrReported) {
  const std::string dir = FreshTempDir("message_cli_attrs");
  std::string xml = ReadFileBytes(kPacs008);
  const std::string from = "<pacs:Nm>LNM</pacs:Nm>";
  ASSERT_NE(xml.find(from), std::string::npos);
  xml.replace(xml.find(from), from.size(),
              "<pacs:Nm>SANAULLAH GHAFARI</pacs:Nm><pacs:Id><pacs:PrvtId><pacs:DtAndPlcOfBirth>"
              "<pacs:BirthDt>28.10.1994</pacs:BirthDt><pacs:CityOfBirth>Kabul</pacs:CityOfBirth>"
              "<pacs:CtryOfBirth>AF</pacs:CtryOfBirth></pacs:DtAndPlcOfBirth></pacs:PrvtId>"
              "</pacs:Id><pacs:CtryOfRes>Atlantis</pacs:CtryOfRes>");
  WriteFileBytes(dir + "/pacs.xml", xml);
  const CliResult r = RunCordon({"message", dir + "/pacs.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["decision"], "hold");
  json un_hit;
  for (const json& hit : lines[0]["hits"]) {
    if (hit["kind"] == "party" && hit["match"]["entity_id"] == "un:QDi.431") un_hit = hit;
  }
  ASSERT_TRUE(un_hit.is_object()) << r.out;
  EXPECT_EQ(un_hit["path"], "CdtTrfTxInf[0]/Cdtr/Nm");
  EXPECT_EQ(un_hit["match"]["explanation"]["evidence"][0]["attribute"], "birth_date");
  EXPECT_EQ(un_hit["match"]["explanation"]["evidence"][0]["effect"], "supports");
  EXPECT_EQ(lines[0]["warnings"],
            json::array({{{"field", "CdtTrfTxInf[0]/Cdtr/CtryOfRes"},
                          {"value", "Atlantis"},
                          {"message", "not recognised as one current country: ignored"}}}));
}

TEST(MessageCliTest, JurisdictionFileAndTable) {
  const std::string dir = FreshTempDir("message_cli_j");
  WriteFileBytes(dir + "/j.tsv", "country\tlk\tSri Lanka (test rule)\n");
  const CliResult r = RunCordon({"message", "--lists", kUn, "--format", "table", "--jurisdictions",
                                 dir + "/j.tsv", kPacs008});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("pacs.008.001.08  925OTT250922015  HOLD"));
  // AppHdr/Fr, InstgAgt and DbtrAgt carry the BIC AABSLKLXXXX; the debtor's last line is SRI LANKA.
  EXPECT_THAT(r.out, HasSubstr("CdtTrfTxInf[0]/DbtrAgt"));
  EXPECT_THAT(r.out, HasSubstr("SRI LANKA (address lk: Sri Lanka (test rule))"));

  WriteFileBytes(dir + "/bad.tsv", "country\tiran\n");
  const CliResult bad = RunCordon({"message", "--jurisdictions", dir + "/bad.tsv", kPacs008});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("bad.tsv:1: country \"iran\" is not an ISO 3166-1 alpha-2 code"));
}

TEST(MessageCliTest, UnreadableFileExitsOneAfterTheOthers) {
  const CliResult r = RunCordon({"message", "--lists", kUn, "/nonexistent/m.xml", kPacs008});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("/nonexistent/m.xml: cannot open"));
  ASSERT_EQ(JsonLines(r.out).size(), 1u);
}

TEST(MessageCliTest, FilesAreRequired) { EXPECT_EQ(RunCordon({"message"}).exit_code, 2); }

}  // namespace
}  // namespace cordon::e2e
