// ISO 20022 reader on real samples (testdata/messages/iso20022, see
// testdata/PROVENANCE.md). Expected values were read off the XML by hand;
// party counts come from grep over the files as stated at each test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/messages.h"
#include "messages/test_util.h"

namespace cordon::messages {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kPacs008[] = "iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml";
constexpr char kPain001v9[] =
    "iso20022/ballerina_swiftmt_to_iso20022/pn_01_1_1__mt101_pain_001_A_B.xml";
constexpr char kPain001v3[] = "iso20022/moov-io_iso20022/musterfile_pain.001_Nov2020.xml";

Message ParseOne(const std::string& file) {
  absl::StatusOr<ParsedMessages> r = ParseMessages(file, ReadTestFile(file));
  EXPECT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->family, MessageFamily::kIso20022);
  EXPECT_EQ(r->messages.size(), 1u);
  EXPECT_TRUE(r->messages[0].ok()) << r->messages[0].status();
  return *r->messages[0];
}

TEST(Iso20022Test, Pacs008InSwiftEnvelopeGivesEveryAgentAndParty) {
  const Message m = ParseOne(kPacs008);
  EXPECT_EQ(m.format, "pacs.008.001.08");
  EXPECT_EQ(m.id, "925OTT250922015");
  EXPECT_THAT(Roles(m), ElementsAre("sender", "receiver", "previous_instructing_agent_1",
                                    "previous_instructing_agent_2", "previous_instructing_agent_3",
                                    "instructing_agent", "instructed_agent", "intermediary_agent_1",
                                    "debtor", "debtor_agent", "creditor_agent", "creditor"));
  const Party* sender = FindParty(m, "AppHdr/Fr/FIId");
  ASSERT_NE(sender, nullptr);
  EXPECT_EQ(sender->bic, "AABSLKLXXXX");
  const Party* dbtr = FindParty(m, "CdtTrfTxInf[0]/Dbtr");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->name, "OPTIMA TECHNOLOGIES (PVT) LTD");
  EXPECT_EQ(dbtr->name_path, "CdtTrfTxInf[0]/Dbtr/Nm");
  EXPECT_FALSE(dbtr->schema.has_value());
  EXPECT_THAT(dbtr->address.lines, ElementsAre("NO 740 COTTA ROAD", "SRI LANKA"));
  const Party* intermediary = FindParty(m, "CdtTrfTxInf[0]/IntrmyAgt1");
  ASSERT_NE(intermediary, nullptr);
  EXPECT_EQ(intermediary->bic, "CITIUS33XXX");
  EXPECT_EQ(intermediary->schema, Schema::kOrganization);
  const Party* cdtr_agt = FindParty(m, "CdtTrfTxInf[0]/CdtrAgt");
  ASSERT_NE(cdtr_agt, nullptr);
  EXPECT_EQ(cdtr_agt->name, "COMMERCIAL BANK");
  EXPECT_EQ(cdtr_agt->name_path, "CdtTrfTxInf[0]/CdtrAgt/FinInstnId/Nm");
  const Party* cdtr = FindParty(m, "CdtTrfTxInf[0]/Cdtr");
  ASSERT_NE(cdtr, nullptr);
  EXPECT_EQ(cdtr->name, "LNM");
  EXPECT_THAT(cdtr->address.lines, ElementsAre("NO450", "GALLE RD COLOMBO 03 SL", "123456"));
  const FreeText* rmt = FindText(m, "CdtTrfTxInf[0]/RmtInf/Ustrd[0]");
  ASSERT_NE(rmt, nullptr);
  EXPECT_EQ(rmt->kind, "remittance");
  EXPECT_EQ(rmt->text, "TEST 123 456 789");
}

TEST(Iso20022Test, Pain001v09WithAnyBicClearingIdAndStructuredAddress) {
  const Message m = ParseOne(kPain001v9);
  EXPECT_EQ(m.format, "pain.001.001.09");
  EXPECT_EQ(m.id, "11FF99RR");
  EXPECT_THAT(Roles(m), ElementsAre("sender", "receiver", "initiating_party", "debtor",
                                    "debtor_agent", "creditor_agent", "creditor"));
  const Party* initg = FindParty(m, "GrpHdr/InitgPty");
  ASSERT_NE(initg, nullptr);
  EXPECT_EQ(initg->bic, "NDEADKK2XXX");  // OrgId/AnyBIC
  EXPECT_EQ(initg->schema, Schema::kOrganization);
  const Party* dbtr = FindParty(m, "PmtInf[0]/Dbtr");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->name, "FINPETROL INC.");
  EXPECT_EQ(dbtr->address.town, "HELSINKI");
  EXPECT_EQ(dbtr->address.country, "fi");
  EXPECT_EQ(dbtr->country, "fi");
  const Party* agt = FindParty(m, "PmtInf[0]/CdtTrfTxInf[0]/CdtrAgt");
  ASSERT_NE(agt, nullptr);
  ASSERT_EQ(agt->ids.size(), 1u);
  EXPECT_EQ(agt->ids[0], (PartyId{"clearing", "NOTPROVIDED", "CP999"}));
  const Party* cdtr = FindParty(m, "PmtInf[0]/CdtTrfTxInf[0]/Cdtr");
  ASSERT_NE(cdtr, nullptr);
  EXPECT_EQ(cdtr->name, "SOFTEASE PC GRAPHICS");
  EXPECT_EQ(cdtr->country, "us");  // CtryOfRes
  const FreeText* rmt = FindText(m, "PmtInf[0]/CdtTrfTxInf[0]/RmtInf/Ustrd[0]");
  ASSERT_NE(rmt, nullptr);
  EXPECT_EQ(rmt->text, "/INV/19S95");
}

TEST(Iso20022Test, Pain001v03BatchReadsEveryTransaction) {
  const Message m = ParseOne(kPain001v3);
  EXPECT_EQ(m.format, "pain.001.001.03");  // from the SIX namespace "...pain.001.001.03.ch.02.xsd"
  // grep -c over the file: <InitgPty> 1, <Dbtr> 5, <DbtrAgt> 5, <Cdtr> 8,
  // <CdtrAgt> 1 -> 20 parties; <Ustrd> 5.
  EXPECT_EQ(m.parties.size(), 20u);
  size_t remittances = 0;
  for (const FreeText& t : m.free_texts) remittances += t.kind == "remittance";
  EXPECT_EQ(remittances, 5u);
  const Party* first = FindParty(m, "PmtInf[0]/CdtTrfTxInf[0]/Cdtr");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->name, "Maria Bernasconi");
  EXPECT_EQ(first->address.street, "Musterstrasse 15");  // StrtNm + BldgNb
  EXPECT_EQ(first->address.postal_code, "2500");
  EXPECT_EQ(first->address.town, "Biel");
  const Party* italy = FindParty(m, "PmtInf[3]/CdtTrfTxInf[0]/Cdtr");
  ASSERT_NE(italy, nullptr);
  EXPECT_EQ(italy->country, "it");
  EXPECT_THAT(italy->address.lines, ElementsAre("Via 10", "Florenz"));
  const Party* last = FindParty(m, "PmtInf[4]/CdtTrfTxInf[1]/Cdtr");
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->name, "Maria Bernasconi");
  EXPECT_EQ(FindParty(m, "PmtInf[4]/Dbtr")->name, "Maria Bernasconi");
}

TEST(Iso20022Test, BrokenXmlIsAnErrorWithItsByteOffset) {
  const std::string full = ReadTestFile(kPacs008);
  const std::string cut = full.substr(0, full.find("<pacs:Cdtr>") + 20);
  absl::StatusOr<ParsedMessages> r = ParseMessages("cut.xml", cut);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->messages.size(), 1u);
  ASSERT_FALSE(r->messages[0].ok());
  EXPECT_THAT(r->messages[0].status().message(), HasSubstr("cut.xml:"));
  EXPECT_THAT(r->messages[0].status().message(), HasSubstr("byte"));
}

TEST(Iso20022Test, UnsupportedDocumentIsNamed) {
  const std::string xml =
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt/>"
      "</Document>";
  absl::StatusOr<ParsedMessages> r = ParseMessages("camt.xml", xml);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->messages[0].ok());
  EXPECT_THAT(r->messages[0].status().message(), HasSubstr("camt.053.001.02 is not supported"));
}

TEST(Iso20022Test, EntityDeclarationsAreRefused) {
  const std::string xml =
      "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\">]><Document>&a;</Document>";
  absl::StatusOr<ParsedMessages> r = ParseIso20022("bomb.xml", xml);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->messages[0].ok());
  EXPECT_THAT(r->messages[0].status().message(), HasSubstr("entity declarations"));
}

}  // namespace
}  // namespace cordon::messages
