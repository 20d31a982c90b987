// MessageInspector on the real message samples (testdata/messages, see testdata/PROVENANCE.md)
// against the bundled lists (data/lists). Listed names are injected into copies of the real
// samples made here; the facts of the listed entries were read off the raw lists:
//   UN QDi.431 SANAULLAH GHAFARI, born 28 Oct 1994, Afghan (data/lists/un, also OFAC 33941 and
//   UK group 14169); OFAC 12926 has the alias "AL-BAGHDADI, Abu Bakr al-Husayni" (alt.csv);
//   OFAC 906 HAVIN BANK LIMITED has "SWIFT/BIC HAVIGB2L" in its remarks (sdn.csv).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "cordon/inspect.h"
#include "cordon/lists.h"
#include "cordon/messages.h"
#include "cordon/screen.h"

namespace cordon {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;

std::string ReadSample(const std::string& relative) {
  std::ifstream in(std::string(CORDON_TESTDATA_DIR) + "/messages/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Replaces the one occurrence of `from` (the test fails if there is not exactly one).
std::string ReplaceOnce(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

constexpr char kPacs008[] = "iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml";
constexpr char kMt103[] = "swift_mt/ballerina_swiftmt_to_iso20022/test_custom_mt_mx__fin2.fin";
constexpr char kPaxlst[] = "paxlst/US-CBP_GTAS/gtas-loader/apis-messages/Test1.txt";

class InspectorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto paths = DefaultListPaths();
    ASSERT_TRUE(paths.ok()) << paths.status();
    auto lists = LoadLists(*paths);
    ASSERT_TRUE(lists.ok()) << lists.status();
    auto s = Screener::Create(std::move(*lists));
    ASSERT_TRUE(s.ok()) << s.status();
    screener_ = s->release();
    inspector_ = new MessageInspector(screener_, {});
  }
  static void TearDownTestSuite() {
    delete inspector_;
    delete screener_;
  }

  // Parses `bytes` (one message expected) and inspects it.
  static MessageResult InspectOne(const std::string& name, const std::string& bytes) {
    absl::StatusOr<ParsedMessages> parsed = ParseMessages(name, bytes);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (!parsed.ok() || parsed->messages.size() != 1 || !parsed->messages[0].ok()) return {};
    return inspector_->Inspect(*parsed->messages[0]);
  }

  static std::vector<std::string> EntitiesAt(const MessageResult& r, const std::string& path) {
    std::vector<std::string> out;
    for (const MessageHit& h : r.hits) {
      if (h.path == path) out.push_back(h.match.entity_id);
    }
    return out;
  }

  static const Screener* screener_;
  static const MessageInspector* inspector_;
};

const Screener* InspectorTest::screener_ = nullptr;
const MessageInspector* InspectorTest::inspector_ = nullptr;

// The untouched samples name no listed party. 27 messages: 3 ISO 20022 files, 4 PAXLST files,
// 3 PNRGOV files that parse (codeshare.edi and infant.edi have malformed UNA headers and are
// refused by the reader), 3 single-message MT files, MT101.fin and the 13 MT103 of the RJE file
// (grep -c '{1:' MT103-out-ack.rje = 13).
TEST_F(InspectorTest, UntouchedRealSamplesPass) {
  const std::vector<std::string> files = {
      kPacs008,
      "iso20022/ballerina_swiftmt_to_iso20022/pn_01_1_1__mt101_pain_001_A_B.xml",
      "iso20022/moov-io_iso20022/musterfile_pain.001_Nov2020.xml",
      "paxlst/US-CBP_GTAS/gtas-job-scheduler-war/tamr-integration-data/flight1.txt",
      kPaxlst,
      "paxlst/US-CBP_GTAS/gtas-loader/apis-messages/airline2.edi",
      "paxlst/US-CBP_GTAS/gtas-loader/apis-messages/multiple_flight_leg_apis.txt",
      "pnrgov/US-CBP_GTAS/gtas-loader/pnr-messages/2_pnrs_basic.edi",
      "pnrgov/US-CBP_GTAS/gtas-parsers/pnr-messages/danglingMetaCharacter.txt",
      "pnrgov/US-CBP_GTAS/gtas-parsers/pnr-messages/pnrWithDoco.txt",
      "swift_mt/ballerina_swiftmt_to_iso20022/test_c_53_5_mt_mx__finMessage_535_A_B.fin",
      kMt103,
      "swift_mt/ballerina_swiftmt_to_iso20022/test_p_2_1_2_mt_mx__finMessage_p_2_1_2_B_A.fin",
      "swift_mt/prowide-core/MT101.fin",
      "swift_mt/prowide-core/MT103-out-ack.rje"};
  size_t inspected = 0;
  for (const std::string& f : files) {
    absl::StatusOr<ParsedMessages> parsed = ParseMessages(f, ReadSample(f));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    for (const auto& m : parsed->messages) {
      ASSERT_TRUE(m.ok()) << m.status();
      const MessageResult r = inspector_->Inspect(*m);
      ++inspected;
      EXPECT_EQ(r.decision, Decision::kPass)
          << f << " " << m->id << " first hit at " << (r.hits.empty() ? "" : r.hits[0].path);
    }
  }
  EXPECT_EQ(inspected, 27u);
}

TEST_F(InspectorTest, ListedCreditorInPacs008Holds) {
  const std::string bytes = ReplaceOnce(ReadSample(kPacs008), "<pacs:Nm>LNM</pacs:Nm>",
                                        "<pacs:Nm>SANAULLAH GHAFARI</pacs:Nm>");
  const MessageResult r = InspectOne(kPacs008, bytes);
  EXPECT_EQ(r.decision, Decision::kHold);
  // Every hit is on the creditor's name: the rest of the real message stays clean.
  for (const MessageHit& h : r.hits) {
    EXPECT_EQ(h.kind, MessageHitKind::kParty);
    EXPECT_EQ(h.path, "CdtTrfTxInf[0]/Cdtr/Nm");
    EXPECT_EQ(h.role, "creditor");
    EXPECT_EQ(h.text, "SANAULLAH GHAFARI");
  }
  EXPECT_THAT(EntitiesAt(r, "CdtTrfTxInf[0]/Cdtr/Nm"),
              ElementsAre("ofac:33941", "uk:14169", "un:QDi.431"));
  EXPECT_TRUE(r.passengers.empty());
}

TEST_F(InspectorTest, ListedNamesInMt103PartyTextAndBic) {
  std::string bytes = ReadSample(kMt103);  // CR LF line ends, as extracted
  bytes = ReplaceOnce(bytes, "\r\nLNM\r\n", "\r\nSANAULLAH GHAFARI\r\n");
  bytes =
      ReplaceOnce(bytes, ":70:TEST\r\n", ":70:PAYMENT FOR INVOICE 42 TO ABU BAKR AL BAGHDADI\r\n");
  bytes = ReplaceOnce(bytes, ":52A:/KOL BRANCH\r\nAABSLKLXXXX", ":52A:/KOL BRANCH\r\nHAVIGB2LXXX");
  const MessageResult r = InspectOne(kMt103, bytes);
  EXPECT_EQ(r.decision, Decision::kHold);
  EXPECT_THAT(EntitiesAt(r, ":59:"), ElementsAre("ofac:33941", "uk:14169", "un:QDi.431"));
  EXPECT_THAT(EntitiesAt(r, ":52A:"), ElementsAre("ofac:906"));
  // The remittance hit names the words of the text, not the padding around them.
  const std::vector<std::string> in_70 = EntitiesAt(r, ":70:");
  EXPECT_THAT(in_70, Contains("ofac:12926"));
  for (const MessageHit& h : r.hits) {
    if (h.path == ":70:") {
      EXPECT_EQ(h.kind, MessageHitKind::kText);
      EXPECT_EQ(h.role, "remittance");
      EXPECT_EQ(h.text, "ABU BAKR AL BAGHDADI");
      EXPECT_EQ(h.party, -1);
    }
    if (h.path == ":52A:") {
      EXPECT_EQ(h.kind, MessageHitKind::kIdentifier);
      EXPECT_EQ(h.text, "HAVIGB2LXXX");
      EXPECT_EQ(h.match.explanation.evidence[0].list_value, "HAVIGB2L");
    }
  }
  EXPECT_EQ(r.hits.size(), 3u + 1u + in_70.size());
}

// Two words that occur in many listed names ("ABU BAKR") are a hit in a name field but not in
// free text, where the whole listed name (or three of its words) must appear.
TEST_F(InspectorTest, PartOfAListedNameInFreeTextDoesNotHold) {
  const std::string bytes =
      ReplaceOnce(ReadSample(kMt103), ":70:TEST\r\n", ":70:SCHOOL FEES ABU BAKR\r\n");
  EXPECT_EQ(InspectOne(kMt103, bytes).decision, Decision::kPass);
  ScreenQuery q;
  q.name = "ABU BAKR";
  EXPECT_FALSE(screener_->Screen(q).empty());
}

// Fail closed: the listed crew member with a date of birth and nationality the reader cannot
// read is still screened and held on his name; the two attributes are left out of the evidence
// and reported in the result's warnings with the party's path.
TEST_F(InspectorTest, UnreadableDateAndNationalityStillScreenTheName) {
  const std::string bytes =
      ReplaceOnce(ReadSample(kPaxlst), "NAD+FM+++Nalek:Clifton:Pat'ATT+2++M'DTM+329:780708'",
                  "NAD+FM+++GHAFARI:SANAULLAH'ATT+2++M'DTM+329:28OCT94'");
  const MessageResult r = InspectOne(
      kPaxlst,
      ReplaceOnce(bytes,
                  "NAT+2+GBR'DOC+P:1812019+123456789'DTM+36:610218'LOC+91+GBR'NAD+FM+++Meissener",
                  "NAT+2+QQQ'DOC+P:1812019+123456789'DTM+36:610218'LOC+91+GBR'NAD+FM+++Meissener"));
  EXPECT_EQ(r.decision, Decision::kHold);
  EXPECT_THAT(EntitiesAt(r, "NAD+FM[34]"), ElementsAre("ofac:33941", "uk:14169", "un:QDi.431"));
  for (const MessageHit& h : r.hits) EXPECT_TRUE(h.match.explanation.evidence.empty());
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0],
            (AttributeWarning{"NAD+FM[34] DTM+329", "28OCT94", "not a YYMMDD date: ignored"}));
  EXPECT_EQ(r.warnings[1], (AttributeWarning{"NAD+FM[34] NAT+2", "QQQ",
                                             "not recognised as one current country: ignored"}));
}

TEST_F(InspectorTest, ListedCrewMemberOfPaxlstHoldsOnlyThatPerson) {
  // Crew member Nalek (NAD+FM, segment 34 counted from UNH) becomes the listed person with his
  // listed birth date and nationality, so the evidence supports the name.
  const std::string bytes =
      ReplaceOnce(ReadSample(kPaxlst), "NAD+FM+++Nalek:Clifton:Pat'ATT+2++M'DTM+329:780708'",
                  "NAD+FM+++GHAFARI:SANAULLAH'ATT+2++M'DTM+329:941028'");
  const MessageResult r = InspectOne(
      kPaxlst,
      ReplaceOnce(bytes,
                  "NAT+2+GBR'DOC+P:1812019+123456789'DTM+36:610218'LOC+91+GBR'NAD+FM+++Meissener",
                  "NAT+2+AFG'DOC+P:1812019+123456789'DTM+36:610218'LOC+91+GBR'NAD+FM+++Meissener"));
  EXPECT_EQ(r.decision, Decision::kHold);
  EXPECT_THAT(EntitiesAt(r, "NAD+FM[34]"), ElementsAre("ofac:33941", "uk:14169", "un:QDi.431"));
  for (const MessageHit& h : r.hits) {
    EXPECT_EQ(h.path, "NAD+FM[34]");
    EXPECT_THAT(h.match.explanation.evidence, Contains(Field(&Evidence::attribute, "birth_date")));
    for (const Evidence& e : h.match.explanation.evidence)
      EXPECT_EQ(e.effect, EvidenceEffect::kSupports);
  }
  // Eight crew members (grep -o "NAD+FM" Test1.txt | wc -l = 8); only the third holds.
  ASSERT_EQ(r.passengers.size(), 8u);
  for (size_t i = 0; i < r.passengers.size(); ++i) {
    EXPECT_EQ(r.passengers[i].role, "crew");
    EXPECT_EQ(r.passengers[i].decision, i == 2 ? Decision::kHold : Decision::kPass)
        << r.passengers[i].name;
  }
  EXPECT_EQ(r.passengers[2].path, "NAD+FM[34]");
  EXPECT_EQ(r.passengers[2].hits.size(), r.hits.size());
}

// What a result says, for comparing two runs: every hit's kind, path, text, entity and score.
std::vector<std::tuple<std::string, std::string, std::string, std::string, double>> Summary(
    const MessageResult& r) {
  std::vector<std::tuple<std::string, std::string, std::string, std::string, double>> out;
  for (const MessageHit& h : r.hits) {
    out.emplace_back(MessageHitKindName(h.kind), h.path, h.text, h.match.entity_id, h.match.score);
  }
  return out;
}

// The free-text pre-check (engine/strict_precheck.h) changes no result: every message of every
// sample file, and remittance texts that carry real listed names (every 60th name of the bundled
// lists, as written and as a typo variant would not be found either way), screened with and
// without it.
TEST_F(InspectorTest, PrecheckChangesNoResult) {
  const MessageInspector every_window(screener_, {.skip_unmatchable_windows = false});
  size_t messages = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           std::string(CORDON_TESTDATA_DIR) + "/messages")) {
    if (!e.is_regular_file()) continue;
    const std::string path = e.path().string();
    absl::StatusOr<ParsedMessages> parsed =
        ParseMessages(path, ReadSample(path.substr(std::string(CORDON_TESTDATA_DIR).size() +
                                                   std::string("/messages/").size())));
    if (!parsed.ok()) continue;
    for (const auto& m : parsed->messages) {
      if (!m.ok()) continue;
      ++messages;
      EXPECT_EQ(Summary(inspector_->Inspect(*m)), Summary(every_window.Inspect(*m))) << path;
    }
  }
  EXPECT_GT(messages, 40u);
  Message m;
  m.family = MessageFamily::kIso20022;
  size_t names = 0, text_hits = 0;
  for (const LoadedList& l : screener_->lists()) {
    for (const Entity& e : l.entities) {
      if (++names % 60 != 0 || e.names.empty()) continue;
      m.free_texts.push_back({"RmtInf/Ustrd[0]", "remittance",
                              "/INV/4411 PAYMENT TO " + e.names[0].full + " FOR SERVICES"});
    }
  }
  const MessageResult with = inspector_->Inspect(m);
  EXPECT_EQ(Summary(with), Summary(every_window.Inspect(m)));
  for (const MessageHit& h : with.hits) text_hits += h.kind == MessageHitKind::kText;
  EXPECT_GT(text_hits, 100u);  // the listed names are found: the comparison is not vacuous
}

}  // namespace
}  // namespace cordon
