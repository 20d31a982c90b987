// PAXLST and PNRGOV readers on real samples (testdata/messages/paxlst and
// pnrgov, see testdata/PROVENANCE.md). Expected values were read off the
// files by hand; segment numbers count from UNH = 1 as UNT does (derived with
// python: split the text on the segment terminator after the UNH).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/messages.h"
#include "messages/test_util.h"

namespace cordon::messages {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kCrew[] = "paxlst/US-CBP_GTAS/gtas-loader/apis-messages/Test1.txt";
constexpr char kCustomUna[] = "paxlst/US-CBP_GTAS/gtas-loader/apis-messages/airline2.edi";
constexpr char kLegs[] =
    "paxlst/US-CBP_GTAS/gtas-loader/apis-messages/multiple_flight_leg_apis.txt";
constexpr char kTwoDocs[] =
    "paxlst/US-CBP_GTAS/gtas-job-scheduler-war/tamr-integration-data/flight1.txt";
constexpr char kTwoPnrs[] = "pnrgov/US-CBP_GTAS/gtas-loader/pnr-messages/2_pnrs_basic.edi";
constexpr char kDoco[] = "pnrgov/US-CBP_GTAS/gtas-parsers/pnr-messages/pnrWithDoco.txt";
constexpr char kDashSeparators[] =
    "pnrgov/US-CBP_GTAS/gtas-parsers/pnr-messages/danglingMetaCharacter.txt";
constexpr char kShortUna[] = "pnrgov/US-CBP_GTAS/gtas-loader/pnr-messages/codeshare.edi";
constexpr char kUnicodeUna[] = "pnrgov/US-CBP_GTAS/gtas-loader/pnr-messages/infant.edi";

ParsedMessages Parse(const std::string& name, const std::string& bytes) {
  absl::StatusOr<ParsedMessages> r = ParseMessages(name, bytes);
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

Message ParseOne(const std::string& file) {
  ParsedMessages r = Parse(file, ReadTestFile(file));
  EXPECT_EQ(r.messages.size(), 1u);
  EXPECT_TRUE(r.messages[0].ok()) << r.messages[0].status();
  return *r.messages[0];
}

TEST(PaxlstTest, CrewListWithoutUna) {
  const Message m = ParseOne(kCrew);
  EXPECT_EQ(m.family, MessageFamily::kPaxlst);
  EXPECT_EQ(m.format, "PAXLST");
  EXPECT_EQ(m.id, "1402010600");
  // 1 NAD+MS and 8 NAD+FM (grep -o "NAD+FM" | wc -l), 12 segments per crew member.
  ASSERT_EQ(m.parties.size(), 9u);
  EXPECT_EQ(m.parties[0].role, "reporting_party");
  EXPECT_EQ(m.parties[0].name, "CREW SCHEDULING");
  const Party& first = m.parties[1];
  EXPECT_EQ(first.role, "crew");
  EXPECT_EQ(first.path, "NAD+FM[10]");
  EXPECT_EQ(first.name, "Andrea Pat Steur");
  EXPECT_EQ(first.family_name, "Steur");
  EXPECT_EQ(first.gender, Gender::kFemale);
  EXPECT_EQ(first.birth_date.ToString(), "1978-07-06");  // DTM+329:780706, UNB dated 2014
  EXPECT_EQ(first.birth_place, "Hartford USA");          // LOC+180+:::Hartford USA
  EXPECT_EQ(first.nationality, "gb");
  EXPECT_EQ(first.country, "gb");  // LOC+174
  ASSERT_EQ(first.documents.size(), 1u);
  EXPECT_EQ(first.documents[0],
            (TravelDocument{
                .type = "P", .number = "123456789", .country = "gb", .expiry = "2061-02-18"}));
  EXPECT_EQ(m.parties[2].path, "NAD+FM[22]");
  EXPECT_EQ(m.parties[8].name, "Jaclyn Pat Zschieschak");
  ASSERT_EQ(m.legs.size(), 1u);
  EXPECT_EQ(m.legs[0], (FlightLeg{"UA", "UA0989", "FRA", "IAD", "1701271725", "1701280710"}));
  // UNT+0000152 disagrees with the 107 segments of the message.
  EXPECT_THAT(m.notes, ElementsAre("UNT says 0000152 segments, the message has 107"));
}

TEST(PaxlstTest, CustomSeparatorsFromUna) {
  // UNA:*.? $ : data separator '*', segment terminator '$', and "UNG *" with a space.
  const Message m = ParseOne(kCustomUna);
  EXPECT_EQ(m.id, "1402111800");
  // grep -c 'NAD\*FL' -> 10 passengers; the CNT says 136.
  ASSERT_EQ(m.parties.size(), 11u);
  const Party& p = m.parties[1];
  EXPECT_EQ(p.path, "NAD+FL[10]");
  EXPECT_EQ(p.name, "DAVID BETTON");
  EXPECT_EQ(p.birth_date.ToString(), "1954-10-16");
  EXPECT_EQ(p.documents[0].number, "178556534");
  EXPECT_EQ(p.documents[0].expiry, "2018-02-21");
  EXPECT_THAT(m.notes, testing::Contains("CNT[110] says 136 passengers, the message lists 10"));
}

TEST(PaxlstTest, MultipleLegsAndTextAfterUnz) {
  const ParsedMessages r = Parse(kLegs, ReadTestFile(kLegs));
  EXPECT_THAT(r.notes, ElementsAre("byte 970: text after UNZ ignored: '13Nov09'"));
  ASSERT_EQ(r.messages.size(), 1u);
  const Message& m = *r.messages[0];
  ASSERT_EQ(m.legs.size(), 3u);
  EXPECT_EQ(m.legs[0], (FlightLeg{"QQ", "QQ877", "MIA", "IAD", "0807101500", "0807101755"}));
  EXPECT_EQ(m.legs[2].origin, "JFK");
  EXPECT_EQ(m.legs[2].destination, "CDG");
  ASSERT_EQ(m.parties.size(), 3u);
  EXPECT_EQ(m.parties[1].name, "TODD BARRETT");
  EXPECT_EQ(m.parties[1].path, "NAD+FL[21]");
  EXPECT_EQ(m.parties[1].documents[0].number, "YY3478621G");
  EXPECT_EQ(m.parties[2].name, "KRISTIN LANG");
  EXPECT_EQ(m.parties[2].nationality, "es");
  EXPECT_TRUE(m.notes.empty());  // UNT+46 is right, CNT+42:2 is right
}

TEST(PaxlstTest, PassengerWithPassportAndVisa) {
  const Message m = ParseOne(kTwoDocs);
  const Party& p = m.parties[1];
  EXPECT_EQ(p.name, "HSIUYUAN JIANG");
  ASSERT_EQ(p.documents.size(), 2u);
  EXPECT_EQ(
      p.documents[0],
      (TravelDocument{.type = "", .number = "433419360", .country = "cn", .expiry = "2023-09-20"}));
  EXPECT_EQ(
      p.documents[1],
      (TravelDocument{.type = "V", .number = "57131424", .country = "us", .expiry = "2021-07-29"}));
}

TEST(PnrgovTest, TwoPnrsWithDocsAndRepeatedTravellers) {
  const Message m = ParseOne(kTwoPnrs);
  EXPECT_EQ(m.family, MessageFamily::kPnrgov);
  EXPECT_THAT(m.locators, ElementsAre("MFN4TI", "23456"));
  // Distinct TIF names per PNR: SMITHJR/JOHNMR, JONES/WILLIAMMR; WAYNE/JOHNMR,
  // COOPER/GARYMR and the history entry WAYNE/JONMR.
  ASSERT_EQ(m.parties.size(), 5u);
  const Party& smith = m.parties[0];
  EXPECT_EQ(smith.path, "TIF[15]");
  EXPECT_EQ(smith.name, "JOHN SMITHJR");  // title MR stripped from JOHNMR
  // SSR DOCS /P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMITHJ<line break>R/MRJONATHON/ROBERT
  EXPECT_EQ(smith.documents[0],
            (TravelDocument{
                .type = "P", .number = "123456789", .country = "gb", .expiry = "2019-08-23"}));
  EXPECT_EQ(smith.birth_date.ToString(), "1964-07-12");
  EXPECT_EQ(smith.gender, Gender::kMale);
  EXPECT_THAT(smith.other_names, ElementsAre("MRJONATHON ROBERT SMITHJR"));
  EXPECT_EQ(m.parties[1].name, "WILLIAM JONES");
  EXPECT_TRUE(m.parties[1].documents.empty());  // DOCS without a document number
  EXPECT_EQ(m.parties[4].name, "JON WAYNE");
  // The PNR-level address, with its line break inside "45 HIGH" / "STREET" removed.
  const FreeText* add = FindText(m, "ADD[13]");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->text, "45 HIGHSTREET\nSLOUGH\nBERKSHIRE");
  EXPECT_EQ(FindText(m, "IFT[10]")->text, "THIS PASSENGER IS A VIP");
  ASSERT_GE(m.legs.size(), 2u);
  EXPECT_EQ(m.legs[0].flight, "DL324");
  EXPECT_EQ(m.legs[1].flight, "DL330");
}

TEST(PnrgovTest, DocoVisa) {
  const Message m = ParseOne(kDoco);
  ASSERT_EQ(m.parties.size(), 1u);
  const Party& p = m.parties[0];
  EXPECT_EQ(p.name, "CHARLES ACKARY");
  EXPECT_EQ(p.birth_date.ToString(), "1948-12-26");
  EXPECT_EQ(p.birth_place, "HERE VA");
  ASSERT_EQ(p.documents.size(), 2u);
  EXPECT_EQ(p.documents[0].expiry, "2021-01-30");
  EXPECT_EQ(
      p.documents[1],
      (TravelDocument{.type = "V", .number = "8675309", .country = "li", .issued = "2006-12-22"}));
}

TEST(PnrgovTest, DashAndStarSeparators) {
  const Message m = ParseOne(kDashSeparators);  // UNA:-.? *
  EXPECT_THAT(m.locators, ElementsAre("BGXFR4"));
  ASSERT_EQ(m.parties.size(), 1u);
  EXPECT_EQ(m.parties[0].name, "REUBEN SERIO");
  EXPECT_EQ(m.parties[0].nationality, "th");
}

TEST(EdifactTest, MalformedUnaHeadersAreRejectedWithPosition) {
  // "UNA:+\*'" then a line break: five characters where six are needed.
  absl::StatusOr<ParsedMessages> r = ParseMessages(kShortUna, ReadTestFile(kShortUna));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("byte 8: UNA service string advice"));
  EXPECT_THAT(r.status().message(), HasSubstr("line break"));
  // "UNA:+.\*" and a U+2019 right quote as terminator.
  r = ParseMessages(kUnicodeUna, ReadTestFile(kUnicodeUna));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("byte 8"));
  EXPECT_THAT(r.status().message(), HasSubstr("not printable ASCII"));
  r = ParseMessages("dup", "UNA:::? 'UNB+UNOA:4+X+Y+140202:0600+1++PAXLST'");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("not distinct"));
}

TEST(EdifactTest, TruncatedMessageIsAnErrorAndTheNextOneIsRead) {
  const std::string good = ReadTestFile(kLegs);
  const size_t unh = good.find("UNH+");
  const size_t unz = good.find("UNZ+");
  const std::string body = good.substr(unh, unz - unh);       // UNH .. UNE
  const std::string cut = body.substr(0, body.find("DOC+"));  // ends inside Todd's group
  const std::string input = good.substr(0, unh) + cut + body + good.substr(unz);
  const ParsedMessages r = Parse("cut", input);
  ASSERT_EQ(r.messages.size(), 2u);
  ASSERT_FALSE(r.messages[0].ok());
  EXPECT_THAT(r.messages[0].status().message(), HasSubstr("not closed by UNT"));
  ASSERT_TRUE(r.messages[1].ok()) << r.messages[1].status();
  EXPECT_EQ(r.messages[1]->parties.size(), 3u);
}

TEST(EdifactTest, SegmentCutAtTheEndOfInput) {
  const std::string good = ReadTestFile(kLegs);
  const std::string cut = good.substr(0, good.find("LANG:KRIS") + 5);
  const ParsedMessages r = Parse("cut", cut);
  ASSERT_EQ(r.messages.size(), 1u);
  ASSERT_FALSE(r.messages[0].ok());
  EXPECT_THAT(r.messages[0].status().message(), HasSubstr("segment 33 (NAD): not terminated"));
}

}  // namespace
}  // namespace cordon::messages
