// ISO 20022 reader on real samples (testdata/messages/iso20022, see
// testdata/PROVENANCE.md). Expected values were read off the XML by hand;
// party counts come from grep over the files as stated at each test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/messages.h"
#include "core/strcat.h"
#include "messages/test_util.h"

namespace cordon::messages {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kPacs008[] = "iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml";
constexpr char kPain001v9[] =
    "iso20022/ballerina_swiftmt_to_iso20022/pn_01_1_1__mt101_pain_001_A_B.xml";
constexpr char kPain001v3[] = "iso20022/moov-io_iso20022/musterfile_pain.001_Nov2020.xml";
constexpr char kCbpr[] = "iso20022/ballerina_iso20022_to_swiftmt/";
constexpr char kProwide[] = "iso20022/prowide-iso20022/";

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
  // grep -c '<PmtId>': 8, one per transaction, with its InstrId and EndToEndId.
  ASSERT_EQ(m.payment_ids.size(), 8u);
  EXPECT_EQ(m.payment_ids[0], (PaymentReference{"PmtInf[0]/CdtTrfTxInf[0]", "EndToEndId-01-01", "",
                                                "InstrId-01-01", ""}));
  EXPECT_EQ(m.payment_ids[2].path, "PmtInf[1]/CdtTrfTxInf[1]");
  EXPECT_EQ(m.payment_ids[2].end_to_end_id, "EndToEndId-02-02");
}

// prowide's sample is an AppHdr and a Document side by side in a <message> element: before issue
// 15 the reader refused it ("byte 0: not a supported message").
TEST(Iso20022Test, AppHdrAndDocumentInAnyWrapper) {
  const Message m = ParseOne(StrCat(kProwide, "pacs.008.001.07.xml"));
  EXPECT_EQ(m.format, "pacs.008.001.07");
  EXPECT_EQ(m.id, "823823423");
  const Party* sender = FindParty(m, "AppHdr/Fr/FIId");
  ASSERT_NE(sender, nullptr);
  EXPECT_EQ(sender->bic, "MLCOUS33XXX");
  const Party* instd = FindParty(m, "GrpHdr/InstdAgt");
  ASSERT_NE(instd, nullptr);
  EXPECT_EQ(instd->name, "Manu Ginobili");
  EXPECT_EQ(instd->name_path, "GrpHdr/InstdAgt/FinInstnId/Nm");
  EXPECT_EQ(instd->address.street, "My Street 23423");
  const Party* dbtr = FindParty(m, "CdtTrfTxInf[0]/Dbtr");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->name, "JOHN DOE");
}

TEST(Iso20022Test, MessageOffsetIsTheHeaderOrTheDocument) {
  const std::string bytes = ReadTestFile(StrCat(kProwide, "pacs.008.001.07.xml"));
  absl::StatusOr<ParsedMessages> r = ParseMessages("p.xml", bytes);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->messages[0].ok());
  EXPECT_EQ(r->messages[0]->offset, bytes.find("<AppHdr"));
}

// Several AppHdr + Document pairs in one file, whatever wraps them: two real CBPR+ messages in a
// vendor element, a third bare Document after it, and a header left without its Document.
TEST(Iso20022Test, EveryPairOfAFileIsAMessage) {
  auto inner = [](const std::string& file) {
    const std::string x = ReadTestFile(file);
    const size_t from = x.find("<AppHdr");
    return x.substr(from, x.rfind("</Document>") + 11 - from);
  };
  const std::string pacs009 =
      inner(StrCat(kCbpr, "p_2_3_1_a__CBPR_p.2.3.1.a_pacs.009.cov-AtoB.xml"));
  const std::string pacs004 = inner(StrCat(kCbpr, "p_2_1_2__CBPR_p.2.1.2_pacs.004-BtoA.xml"));
  const std::string bare = ReadTestFile(kPain001v3);
  const std::string orphan = pacs009.substr(0, pacs009.find("<Document"));
  const std::string file = "<Batch xmlns=\"urn:vendor:batch\">\n<BizMsg>" + pacs009 +
                           "</BizMsg>\n<BizMsg>" + pacs004 + "</BizMsg>\n<BizMsg>" + orphan +
                           "</BizMsg>\n</Batch>\n" + bare;
  absl::StatusOr<ParsedMessages> r = ParseMessages("batch.xml", file);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->messages.size(), 4u);
  ASSERT_TRUE(r->messages[0].ok()) << r->messages[0].status();
  EXPECT_EQ(r->messages[0]->format, "pacs.009.001.11");
  EXPECT_EQ(r->messages[0]->offset, file.find("<AppHdr"));
  ASSERT_TRUE(r->messages[1].ok()) << r->messages[1].status();
  EXPECT_EQ(r->messages[1]->format, "pacs.004.001.13");
  ASSERT_FALSE(r->messages[2].ok());
  EXPECT_THAT(r->messages[2].status().message(), HasSubstr("no ISO 20022 Document follows"));
  EXPECT_EQ(MessageErrorOffset(r->messages[2].status()),
            file.find("<AppHdr", file.find("<AppHdr", file.find("<AppHdr") + 1) + 1));
  ASSERT_TRUE(r->messages[3].ok()) << r->messages[3].status();
  EXPECT_EQ(r->messages[3]->format, "pain.001.001.03");
}

// The namespace, not the root element, says a file is ISO 20022: a transport prefix before the
// XML and an unknown root are both read.
TEST(Iso20022Test, RecognisedByNamespaceAfterAPrefix) {
  const std::string file = "MQHDR 0001 pacs\n<Wrapper>" +
                           ReadTestFile(StrCat(kProwide, "pacs.009.001.07.xml")) + "</Wrapper>";
  EXPECT_EQ(DetectMessageFamily(file), MessageFamily::kIso20022);
  const ParsedMessages r = *ParseMessages("prefixed.xml", file);
  ASSERT_EQ(r.messages.size(), 1u);
  ASSERT_TRUE(r.messages[0].ok()) << r.messages[0].status();
  EXPECT_EQ(r.messages[0]->format, "pacs.009.001.07");
}

TEST(Iso20022Test, Pacs009CovReadsTheUnderlyingCustomerTransfer) {
  const Message m = ParseOne(StrCat(kCbpr, "p_2_3_1_a__CBPR_p.2.3.1.a_pacs.009.cov-AtoB.xml"));
  EXPECT_EQ(m.format, "pacs.009.001.11");
  EXPECT_EQ(m.id, "pacs9bizmsgidr01");
  EXPECT_THAT(Roles(m), ElementsAre("sender", "receiver", "instructing_agent", "instructed_agent",
                                    "debtor", "debtor_agent", "creditor_agent", "creditor",
                                    "underlying_debtor", "underlying_debtor_agent",
                                    "underlying_creditor_agent", "underlying_creditor"));
  const Party* dbtr = FindParty(m, "CdtTrfTxInf[0]/UndrlygCstmrCdtTrf/Dbtr");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->name, "A Debiter");
  EXPECT_EQ(dbtr->address.town, "Epping");
  EXPECT_THAT(dbtr->ids, ElementsAre(PartyId{"account", "25698745", ""}));  // DbtrAcct
  EXPECT_EQ(FindParty(m, "CdtTrfTxInf[0]/UndrlygCstmrCdtTrf/Cdtr")->name, "B Creditor Co");
  EXPECT_EQ(FindParty(m, "CdtTrfTxInf[0]/Cdtr")->bic, "CAIXESBB");
}

// pacs.004 from version 9 on wraps the return chain's parties in Pty (a customer) or Agt (a
// bank); the header's Rltd names the returned message's sender and receiver.
TEST(Iso20022Test, Pacs004ReturnChainAndRelatedHeader) {
  const Message m = ParseOne(StrCat(kCbpr, "p_2_1_2__CBPR_p.2.1.2_pacs.004-BtoA.xml"));
  EXPECT_EQ(m.format, "pacs.004.001.13");  // the namespace wins over MsgDefIdr (pacs.004.001.09)
  EXPECT_EQ(m.id, "P4B2A-006");
  const Party* cdtr = FindParty(m, "TxInf[0]/RtrChain/Cdtr");
  ASSERT_NE(cdtr, nullptr);
  EXPECT_EQ(cdtr->name, "GB Engineering");
  EXPECT_EQ(cdtr->name_path, "TxInf[0]/RtrChain/Cdtr/Pty/Nm");
  EXPECT_EQ(cdtr->address.town, "Cambridge");
  const Party* dbtr = FindParty(m, "TxInf[0]/RtrChain/Dbtr");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->bic, "ANBTUS44XXX");
  EXPECT_EQ(dbtr->schema, Schema::kOrganization);
  const Party* related = FindParty(m, "AppHdr/Rltd/Fr/FIId");
  ASSERT_NE(related, nullptr);
  EXPECT_EQ(related->role, "related_sender");
  EXPECT_EQ(related->bic, "CHASGB2LXXX");
}

TEST(Iso20022Test, Pacs003DirectDebit) {
  const Message m = ParseOne(StrCat(kCbpr, "p_2_5_1__CBPR_p.2.5.1_pacs.003_AtoB.xml"));
  EXPECT_EQ(m.format, "pacs.003.001.08");
  EXPECT_EQ(m.id, "pc003bzmsgidr01");
  EXPECT_THAT(Roles(m),
              ElementsAre("sender", "receiver", "creditor", "creditor_agent", "instructing_agent",
                          "instructed_agent", "debtor", "debtor_agent"));
  const Party* cdtr = FindParty(m, "DrctDbtTxInf[0]/Cdtr");
  ASSERT_NE(cdtr, nullptr);
  EXPECT_EQ(cdtr->name, "OP Corporate Bank");
  EXPECT_EQ(cdtr->address.street, "Aleksanterinkatu 19");
  EXPECT_EQ(FindParty(m, "DrctDbtTxInf[0]/Dbtr")->name, "NT Asset Management");
}

TEST(Iso20022Test, Pain008CbprAndSixVersions) {
  const Message cbpr = ParseOne(StrCat(kCbpr, "p_2_5_1__CBPR_p.2.5.1_pain.008_CdtrToA.xml"));
  EXPECT_EQ(cbpr.format, "pain.008.001.08");
  EXPECT_EQ(FindParty(cbpr, "GrpHdr/InitgPty")->name, "OP Corporate Bank");
  EXPECT_EQ(FindParty(cbpr, "GrpHdr/FwdgAgt")->bic, "OKOYFIHH");
  EXPECT_EQ(FindParty(cbpr, "PmtInf[0]/DrctDbtTxInf[0]/Dbtr")->name, "NT Asset Management");
  // The SIX Swiss musterfile: pain.008.001.02.ch.03, two collections.
  const Message six = ParseOne("iso20022/moov-io_iso20022/pain008-musterfile.xml");
  EXPECT_EQ(six.format, "pain.008.001.02");
  EXPECT_EQ(FindParty(six, "GrpHdr/InitgPty")->name, "Robert Schneider SA");
  EXPECT_EQ(FindParty(six, "PmtInf[0]/Cdtr")->address.town, "Biel");
  EXPECT_NE(FindParty(six, "PmtInf[0]/DrctDbtTxInf[1]/Dbtr"), nullptr);
}

// camt.056: the assignment's parties, the case creator and the cancellation reason's
// originator, each a Party40Choice.
TEST(Iso20022Test, Camt056Recall) {
  const Message m = ParseOne(StrCat(kCbpr, "c_29_1_1__CBPR_c.29.1.1_camt.056-AtoB.xml"));
  EXPECT_EQ(m.format, "camt.056.001.11");
  EXPECT_EQ(m.id, "cmt056bizmsgidr-001");  // Assgnmt/Id
  EXPECT_EQ(FindParty(m, "Assgnmt/Assgnr")->bic, "MYMBGB2LXXX");
  EXPECT_EQ(FindParty(m, "Undrlyg[0]/TxInf[0]/Case/Cretr")->role, "case_creator");
  const Party* orgtr = FindParty(m, "Undrlyg[0]/TxInf[0]/CxlRsnInf/Orgtr");
  ASSERT_NE(orgtr, nullptr);
  EXPECT_EQ(orgtr->name, "Debtor Co");
  EXPECT_EQ(orgtr->name_path, "Undrlyg[0]/TxInf[0]/CxlRsnInf/Orgtr/Nm");
}

// Every version of pacs.008 read the same way: .07 (prowide), .08 (Ballerina), .12 (CBPR+).
TEST(Iso20022Test, Pacs008Versions) {
  const Message v12 = ParseOne(StrCat(kCbpr, "p_2_1_1__CBPR_p.2.1.1_pacs.008-AtoB.xml"));
  EXPECT_EQ(v12.format, "pacs.008.001.12");
  EXPECT_THAT(v12.payment_ids,
              ElementsAre(PaymentReference{"CdtTrfTxInf[0]", "pacs008EndToEndId-001",
                                           "8a562c67-ca16-48ba-b074-65581be6f001",
                                           "pacs8bizmsgidr01", ""}));
  const Party* dbtr = FindParty(v12, "CdtTrfTxInf[0]/Dbtr");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_FALSE(dbtr->name.empty());
  EXPECT_EQ(ParseOne(kPacs008).format, "pacs.008.001.08");
  EXPECT_EQ(ParseOne(StrCat(kProwide, "pacs.008.001.07.xml")).format, "pacs.008.001.07");
}

TEST(Iso20022Test, UnsupportedMessageInAWrapperIsAnErrorAtItsDocument) {
  const std::string file = StrCat(kProwide, "mx_sample_request_wrapper.xml");
  const std::string bytes = ReadTestFile(file);
  absl::StatusOr<ParsedMessages> r = ParseMessages(file, bytes);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->messages.size(), 1u);
  ASSERT_FALSE(r->messages[0].ok());
  EXPECT_THAT(r->messages[0].status().message(), HasSubstr("camt.003.001.04 is not supported"));
  EXPECT_EQ(MessageErrorOffset(r->messages[0].status()), bytes.find("<Doc:Document"));
}

TEST(Iso20022Test, BrokenXmlIsAnErrorWithItsByteOffset) {
  const std::string full = ReadTestFile(kPacs008);
  const std::string cut = full.substr(0, full.find("<pacs:Cdtr>") + 20);
  absl::StatusOr<ParsedMessages> r = ParseMessages("cut.xml", cut);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->messages.size(), 1u);
  ASSERT_FALSE(r->messages[0].ok());
  EXPECT_THAT(r->messages[0].status().message(), HasSubstr("cut.xml:"));
  // pugixml stops at the end of the input, where the open elements were left unclosed.
  const std::optional<uint64_t> offset = MessageErrorOffset(r->messages[0].status());
  ASSERT_TRUE(offset.has_value());
  EXPECT_GT(*offset, full.find("<pacs:Cdtr>"));
  EXPECT_LE(*offset, cut.size());
}

// A file the XML budget refuses (nesting past max_xml_depth; found by the envelope fuzzer) is an
// error at the element where the budget ran out, like every other unreadable payment.
TEST(Iso20022Test, TooDeepIsAnErrorWithItsByteOffset) {
  const std::string full = ReadTestFile(kPacs008);
  const size_t cdtr = full.find("<pacs:Cdtr>");
  ASSERT_NE(cdtr, std::string::npos);
  std::string nest;
  for (int i = 0; i < 20; ++i) nest += "<x>";
  for (int i = 0; i < 20; ++i) nest += "</x>";
  std::string deep = full;
  deep.insert(cdtr, nest);
  MessageOptions options;
  options.max_xml_depth = 16;
  absl::StatusOr<ParsedMessages> r = ParseIso20022("deep.xml", deep, options);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->messages.size(), 1u);
  ASSERT_FALSE(r->messages[0].ok());
  EXPECT_THAT(r->messages[0].status().message(), HasSubstr("nested deeper than 16"));
  const std::optional<uint64_t> offset = MessageErrorOffset(r->messages[0].status());
  ASSERT_TRUE(offset.has_value());
  EXPECT_GT(*offset, cdtr);
  EXPECT_LT(*offset, cdtr + 60);
  EXPECT_EQ(deep.substr(*offset, 3), "<x>");
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
