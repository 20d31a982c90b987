// SWIFT MT reader on real samples (testdata/messages/swift_mt, see
// testdata/PROVENANCE.md). Expected values were read off the files by hand.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/messages.h"
#include "messages/test_util.h"

namespace cordon::messages {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kFin2[] = "swift_mt/ballerina_swiftmt_to_iso20022/test_custom_mt_mx__fin2.fin";
constexpr char kOption50F[] =
    "swift_mt/ballerina_swiftmt_to_iso20022/test_c_53_5_mt_mx__finMessage_535_A_B.fin";
constexpr char k59FNoAccount[] =
    "swift_mt/ballerina_swiftmt_to_iso20022/test_p_2_1_2_mt_mx__finMessage_p_2_1_2_B_A.fin";
constexpr char kMt101[] = "swift_mt/prowide-core/MT101.fin";
constexpr char kRje[] = "swift_mt/prowide-core/MT103-out-ack.rje";
constexpr char kMt110[] =
    "swift_mt/ballerina_swiftmt_to_iso20022/test_c_107_1_1_mt_mx__finMessage_10711_mt110_A_B.fin";
constexpr char kMt199[] =
    "swift_mt/ballerina_swiftmt_to_iso20022/test_p_2_5_2_mt_mx__finMessage_p_2_5_2_B_A.fin";
constexpr char kMt299[] =
    "swift_mt/ballerina_swiftmt_to_iso20022/test_p_2_2_1_mt_mx__finMessage_p_2_2_1_D_C.fin";
constexpr char kMt202Cov[] =
    "swift_mt/ballerina_swiftmt_to_iso20022/test_c_29_2_2_mt_mx__finMessage_2922_A_B.fin";
constexpr char kMt205[] =
    "swift_mt/ballerina_swiftmt_to_iso20022/test_custom_mt_mx__finMessage_205RETN_pacs004.fin";

ParsedMessages Parse(const std::string& name, const std::string& bytes) {
  absl::StatusOr<ParsedMessages> r = ParseMessages(name, bytes);
  EXPECT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->family, MessageFamily::kSwiftMt);
  return *r;
}

Message ParseOne(const std::string& file) {
  ParsedMessages r = Parse(file, ReadTestFile(file));
  EXPECT_EQ(r.messages.size(), 1u);
  EXPECT_TRUE(r.messages[0].ok()) << r.messages[0].status();
  return *r.messages[0];
}

TEST(SwiftMtTest, Mt103WithOptionsKADAndNoLetter) {
  const Message m = ParseOne(kFin2);
  EXPECT_EQ(m.format, "MT103");
  EXPECT_EQ(m.id, "925OTT250922015");
  EXPECT_THAT(Roles(m), ElementsAre("sender", "receiver", "debtor", "debtor_agent",
                                    "intermediary_agent_1", "creditor_agent", "creditor"));
  // Input message: block 1 LT AABSLKLXAXXX is the sender, block 2 HANYUS33XXXX the receiver.
  EXPECT_EQ(m.parties[0].bic, "AABSLKLXXXX");
  EXPECT_EQ(m.parties[1].bic, "HANYUS33XXX");
  const Party* dbtr = FindParty(m, ":50K:");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->name, "OPTIMA TECHNOLOGIES (PVT) LTD");
  EXPECT_THAT(dbtr->address.lines, ElementsAre("NO 740 COTTA ROAD", "SRI LANKA"));
  EXPECT_THAT(dbtr->ids, ElementsAre(PartyId{"account", "100611002421", ""}));
  const Party* agent = FindParty(m, ":52A:");
  ASSERT_NE(agent, nullptr);
  EXPECT_EQ(agent->bic, "AABSLKLXXXX");
  EXPECT_EQ(agent->schema, Schema::kOrganization);
  EXPECT_EQ(FindParty(m, ":56A:")->bic, "CITIUS33XXX");
  const Party* cdtr_agt = FindParty(m, ":57D:");
  ASSERT_NE(cdtr_agt, nullptr);
  EXPECT_EQ(cdtr_agt->name, "COMMERCIAL BANK");
  const Party* cdtr = FindParty(m, ":59:");
  ASSERT_NE(cdtr, nullptr);
  EXPECT_EQ(cdtr->name, "LNM");
  EXPECT_EQ(cdtr->name_path, ":59:");
  EXPECT_THAT(cdtr->address.lines, ElementsAre("NO450", "GALLE RD COLOMBO 03 SL", "123456"));
  EXPECT_EQ(FindText(m, ":70:")->text, "TEST\n123\n456\n789");
  EXPECT_EQ(FindText(m, ":72:")->text, "/INS/FUL PAY\n/INS/CHGS\n/INS/PAY");
}

// The same payment as iso20022/.../custom__mt103_fin2.xml: both readers must
// find the same debtor and creditor.
TEST(SwiftMtTest, AgreesWithTheIso20022FormOfTheSamePayment) {
  const Message mt = ParseOne(kFin2);
  absl::StatusOr<ParsedMessages> mx = ParseMessages(
      "mx", ReadTestFile("iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml"));
  ASSERT_TRUE(mx.ok() && mx->messages[0].ok());
  for (const auto& [mt_path, mx_path] :
       {std::pair{":50K:", "CdtTrfTxInf[0]/Dbtr"}, std::pair{":59:", "CdtTrfTxInf[0]/Cdtr"}}) {
    EXPECT_EQ(FindParty(mt, mt_path)->name, FindParty(*mx->messages[0], mx_path)->name);
    EXPECT_EQ(FindParty(mt, mt_path)->address.lines,
              FindParty(*mx->messages[0], mx_path)->address.lines);
  }
}

TEST(SwiftMtTest, OptionFStructuredLinesAndOutputHeader) {
  const Message m = ParseOne(kOption50F);
  // Output message: block 2 carries the sender's LT (WPACAU2SXXXX).
  EXPECT_EQ(m.parties[0].role, "sender");
  EXPECT_EQ(m.parties[0].bic, "WPACAU2SXXX");
  EXPECT_EQ(m.parties[1].bic, "DBSSSGSGXXX");
  const Party* dbtr = FindParty(m, ":50F:");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->name, "Australian Submarine");                   // 1/
  EXPECT_THAT(dbtr->address.lines, ElementsAre("694 Mersey Rd"));  // 2/
  EXPECT_EQ(dbtr->address.country, "au");                          // 3/AU/Adelaide
  EXPECT_EQ(dbtr->address.town, "Adelaide");
  EXPECT_EQ(dbtr->country, "au");
  const Party* cdtr = FindParty(m, ":59F:");
  ASSERT_NE(cdtr, nullptr);
  EXPECT_EQ(cdtr->name, "Agoda Company");
  EXPECT_EQ(cdtr->country, "sg");
  EXPECT_EQ(FindParty(m, ":57A:")->bic, "UOVBSGSG");
}

TEST(SwiftMtTest, Option59FWithoutAccountAnd50A) {
  const Message m = ParseOne(k59FNoAccount);
  const Party* dbtr = FindParty(m, ":50A:");
  ASSERT_NE(dbtr, nullptr);
  EXPECT_EQ(dbtr->bic, "ANBTUS44XXX");
  EXPECT_EQ(dbtr->name, "");
  const Party* cdtr = FindParty(m, ":59F:");
  ASSERT_NE(cdtr, nullptr);
  EXPECT_EQ(cdtr->name, "GB Engineering");  // "1/GB Engineering " with its trailing space
  EXPECT_TRUE(cdtr->ids.empty());
  EXPECT_EQ(cdtr->address.town, "Cambridge");
}

TEST(SwiftMtTest, Mt101WithBlock5) {
  const Message m = ParseOne(kMt101);
  EXPECT_EQ(m.format, "MT101");
  EXPECT_EQ(m.id, "DG942_171206-004");
  EXPECT_THAT(Roles(m), ElementsAre("sender", "receiver", "debtor", "creditor_agent", "creditor"));
  EXPECT_EQ(FindParty(m, ":50H:")->ids[0].value, "344110001637");
  EXPECT_EQ(FindParty(m, ":57A:")->bic, "CIBKCNBJ473");
  EXPECT_EQ(FindParty(m, ":59:")->name, "CASH CUSTOMER I");
  EXPECT_EQ(FindText(m, ":70:")->text, "/RFB/C767405OCP021001");
}

TEST(SwiftMtTest, RjeBatchReadsEveryMessage) {
  const ParsedMessages r = Parse(kRje, ReadTestFile(kRje));
  // grep -c '{1:' MT103-out-ack.rje -> 13 messages, separated by "$" lines;
  // line 198 has a stray "{" after the 12th message's "-}".
  ASSERT_EQ(r.messages.size(), 13u);
  EXPECT_THAT(r.notes, ElementsAre("byte 4404: text between messages ignored: '{ $'"));
  for (const auto& m : r.messages) {
    ASSERT_TRUE(m.ok()) << m.status();
    EXPECT_EQ(m->format, "MT103");
  }
  const Message& first = *r.messages[0];
  EXPECT_EQ(first.id, "22342343");
  EXPECT_EQ(FindParty(first, ":50K:")->name, "FOO CAPITAL MARKETS LP");
  EXPECT_THAT(FindParty(first, ":50K:")->address.lines,
              ElementsAre("99 WALL ST STE 9999", "NEW YORK, NY 10005-3122"));
  EXPECT_EQ(FindParty(first, ":52D:")->name, "NORTH FOO BANK");
  EXPECT_EQ(FindParty(first, ":59:")->name, "MERCADOS Y GESTION DE VALORES SA");
  EXPECT_EQ(FindParty(*r.messages[12], ":59:")->name, "MS LATINOAMERICA FIM");
}

TEST(SwiftMtTest, BatchGoesOnPastATruncatedMessage) {
  const std::string good = ReadTestFile(kFin2);
  const std::string truncated = good.substr(0, good.find(":59:"));
  const ParsedMessages r = Parse("batch", good + "\n$\n" + truncated + "\n$\n" + good);
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_TRUE(r.messages[0].ok());
  ASSERT_FALSE(r.messages[1].ok());
  EXPECT_THAT(r.messages[1].status().message(), HasSubstr("not terminated by a line '-}'"));
  EXPECT_THAT(r.messages[1].status().message(), HasSubstr("byte"));
  EXPECT_TRUE(r.messages[2].ok());
}

TEST(SwiftMtTest, MissingBlocksAreNamed) {
  const std::string good = ReadTestFile(kFin2);
  const std::string no_block2 = "{1:F01AABSLKLXAXXX0000000000}" + good.substr(good.find("{3:"));
  ParsedMessages r = Parse("nob2", no_block2);
  ASSERT_FALSE(r.messages[0].ok());
  EXPECT_THAT(r.messages[0].status().message(), HasSubstr("missing block 2"));
  r = Parse("nob4", good.substr(0, good.find("{4:")));
  ASSERT_FALSE(r.messages[0].ok());
  EXPECT_THAT(r.messages[0].status().message(), HasSubstr("missing block 4"));
}

TEST(SwiftMtTest, AckHeaderInFrontOfTheMessageIsSkipped) {
  const std::string good = ReadTestFile(kFin2);
  const ParsedMessages r =
      Parse("ack", "{1:F21AABSLKLXAXXX0000000000}{4:{177:2509221200}{451:0}}" + good);
  ASSERT_EQ(r.messages.size(), 1u);
  ASSERT_TRUE(r.messages[0].ok()) << r.messages[0].status();
  EXPECT_EQ(r.messages[0]->id, "925OTT250922015");
}

// MT110 (advice of cheques): payer 50F, payee 59F, read with the payment field roles.
TEST(SwiftMtTest, Mt110Cheque) {
  const Message m = ParseOne(kMt110);
  EXPECT_EQ(m.format, "MT110");
  EXPECT_EQ(m.id, "camt107bzmsgidr1");
  EXPECT_THAT(Roles(m), ElementsAre("sender", "receiver", "debtor", "creditor"));
  const Party* payer = FindParty(m, ":50F:");
  ASSERT_NE(payer, nullptr);
  EXPECT_EQ(payer->name, "Debtor Co");
  EXPECT_EQ(payer->address.town, "Epping");
  EXPECT_THAT(payer->ids, ElementsAre(PartyId{"account", "60779854", ""}));
  const Party* payee = FindParty(m, ":59F:");
  ASSERT_NE(payee, nullptr);
  EXPECT_EQ(payee->name, "Ardent Finance");
  EXPECT_EQ(payee->country, "gb");
}

// MT199 and MT299 carry no party fields: the header banks, and field 79 as narrative text.
TEST(SwiftMtTest, Mt199And299NarrativeIsFreeText) {
  for (const char* file : {kMt199, kMt299}) {
    const Message m = ParseOne(file);
    EXPECT_THAT(Roles(m), ElementsAre("sender", "receiver")) << file;
    const FreeText* t = FindText(m, ":79:");
    ASSERT_NE(t, nullptr) << file;
    EXPECT_EQ(t->kind, "narrative");
    EXPECT_THAT(t->text, HasSubstr("/REJT/99\n/AC04/\n/MREF/"));
  }
  EXPECT_EQ(ParseOne(kMt199).format, "MT199");
  EXPECT_EQ(ParseOne(kMt299).format, "MT299");
}

TEST(SwiftMtTest, Mt202CovSequenceB) {
  const Message m = ParseOne(kMt202Cov);
  EXPECT_EQ(m.format, "MT202COV");
  EXPECT_THAT(Roles(m), ElementsAre("sender", "receiver", "debtor", "creditor_agent", "creditor",
                                    "underlying_debtor", "underlying_debtor_agent",
                                    "underlying_creditor_agent", "underlying_creditor"));
  EXPECT_EQ(FindParty(m, ":50F:")->name, "Debtor Co");
  EXPECT_EQ(FindParty(m, ":52A:[2]")->role, "underlying_debtor_agent");
  EXPECT_EQ(FindParty(m, ":59F:")->name, "Ardent Finance");
  EXPECT_EQ(FindText(m, ":72:")->text, "/INS/INGBROBUXXX");
}

// MT205 is read as MT202 is: 52A the ordering institution (debtor), 58A the beneficiary one.
TEST(SwiftMtTest, Mt205ReturnReadsLikeMt202) {
  const Message m = ParseOne(kMt205);
  EXPECT_EQ(m.format, "MT205");
  EXPECT_EQ(FindParty(m, ":52A:")->role, "debtor");
  EXPECT_EQ(FindParty(m, ":58A:")->bic, "BSCHGB2L");
  EXPECT_THAT(FindText(m, ":72:")->text, HasSubstr("/RETN/99"));
}

}  // namespace
}  // namespace cordon::messages
