// Tests of the Canada SEMA XML loader on the real 2025-03-20 file.
//
// Expected numbers were derived from the raw file independently of cordon:
//   grep -c '<record>'                                       4759 records
//   awk: records with a <LastName> or <GivenName>            3334 persons
//   grep -c '<ShipIMONumber>' (= records with both
//     EntityOrShip and TitleOrShip, xml.etree)               109 vessels
//   the rest                                                 1316 organisations
//   grep -c '<Aliases>'                                      2877 records with aliases
//   xml.etree: (English Country, Schedule, Item) triples     4759 distinct
// The alias-name total comes from a Python prototype of the splitting rules
// in canada_sema_xml.cc, run over xml.etree's Aliases texts: 3601 names, one
// of them a repeat within its record ("Владислав Адольфович РУСАНОВ" twice),
// so 3600 distinct.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/lists.h"
#include "lists/loaders.h"
#include "testing/files.h"

namespace cordon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kSema = std::string(CORDON_DATA_DIR) + "/lists/canada/sema_2025-03-20.xml";

using ::cordon::test_support::ReadTestFile;

const LoadedList& Sema() {
  static const LoadedList* list = [] {
    auto lists = LoadLists({kSema});
    EXPECT_TRUE(lists.ok()) << lists.status();
    return new LoadedList(std::move(lists->at(0)));
  }();
  return *list;
}

const Entity& Find(std::string_view id) {
  const LoadedList& l = Sema();
  auto it = std::find_if(l.entities.begin(), l.entities.end(),
                         [&](const Entity& e) { return e.id == id; });
  EXPECT_NE(it, l.entities.end()) << id;
  return *it;
}

std::vector<std::string> AliasTexts(const Entity& e) {
  std::vector<std::string> out;
  for (size_t i = 1; i < e.names.size(); ++i) out.push_back(e.names[i].full);
  return out;
}

std::string Msg(const absl::StatusOr<LoadedList>& r) { return std::string(r.status().message()); }

TEST(CanadaSemaXmlTest, Version) {
  const LoadedList& l = Sema();
  EXPECT_EQ(l.version.list, "ca");
  EXPECT_EQ(l.version.title, "Canada Consolidated Autonomous Sanctions List (SEMA)");
  EXPECT_EQ(l.version.format, "canada-sema-xml");
  EXPECT_EQ(l.version.published, "2025-03-20");  // latest DateOfListing
  EXPECT_TRUE(l.skipped.empty());
}

TEST(CanadaSemaXmlTest, Counts) {
  const LoadedList& l = Sema();
  EXPECT_EQ(l.entities.size(), 4759u);
  size_t persons = 0, vessels = 0, orgs = 0, with_aliases = 0, aliases = 0;
  std::set<std::string> ids;
  for (const Entity& e : l.entities) {
    persons += e.schema == Schema::kPerson;
    vessels += e.schema == Schema::kVessel;
    orgs += e.schema == Schema::kOrganization;
    with_aliases += e.names.size() > 1;
    aliases += e.names.size() - 1;
    ids.insert(e.id);
  }
  EXPECT_EQ(persons, 3334u);
  EXPECT_EQ(vessels, 109u);
  EXPECT_EQ(orgs, 1316u);
  EXPECT_EQ(with_aliases, 2877u);
  EXPECT_EQ(aliases, 3600u);
  EXPECT_EQ(ids.size(), 4759u);
}

TEST(CanadaSemaXmlTest, PersonLukashenko) {
  const Entity& e = Find("ca:belarus-1-part-1-8");
  EXPECT_EQ(e.source_id, "belarus-1-part-1-8");
  EXPECT_EQ(e.schema, Schema::kPerson);
  EXPECT_EQ(e.names[0].full, "Aleksandr Grigoryevich Lukashenko");
  EXPECT_THAT(e.names[0].parts,
              ElementsAre(NamePart{NamePartType::kGiven, "Aleksandr Grigoryevich"},
                          NamePart{NamePartType::kFamily, "Lukashenko"}));
  EXPECT_EQ(e.names[0].script, "Latn");
  EXPECT_EQ(e.names.size(), 1u);
  ASSERT_EQ(e.birth_dates.size(), 1u);
  EXPECT_EQ(e.birth_dates[0].from.ToString(), "1954-08-30");
  EXPECT_EQ(e.birth_dates[0].text, "1954-08-30");
  EXPECT_THAT(e.programs, ElementsAre("SEMA - Belarus"));
  EXPECT_TRUE(e.nationalities.empty());  // Country is the regime, not a nationality
  EXPECT_EQ(e.listed_on, "2020-09-28");
  EXPECT_THAT(e.remarks, ElementsAre("Schedule 1, Part 1, item 8"));
}

TEST(CanadaSemaXmlTest, LanguageLabelledAliases) {
  const Entity& e = Find("ca:belarus-1-part-1-124");
  EXPECT_EQ(e.names[0].full, "Valiantsina Piatrouna NOVIKAVA");
  ASSERT_EQ(e.names.size(), 4u);
  EXPECT_EQ(e.names[1].full, "Valentina Petrovna Novikova");
  EXPECT_EQ(e.names[1].language, "");
  EXPECT_EQ(e.names[2].full, "Валянціна Новікава");
  EXPECT_EQ(e.names[2].language, "Belarussian");
  EXPECT_EQ(e.names[2].script, "Cyrl");
  EXPECT_EQ(e.names[3].full, "Валентина Петровна Новикова");
  EXPECT_EQ(e.names[3].language, "Russian");
  EXPECT_EQ(e.names[3].kind, NameKind::kAlias);
  EXPECT_EQ(e.names[3].strength, NameStrength::kStrong);
}

TEST(CanadaSemaXmlTest, OrganisationLegalFormStaysWithName) {
  const Entity& e = Find("ca:russia-1-part-2-435");
  EXPECT_EQ(e.schema, Schema::kOrganization);
  EXPECT_EQ(e.names[0].full, "Severstal PJSC");
  EXPECT_TRUE(e.names[0].parts.empty());
  EXPECT_THAT(AliasTexts(e),
              ElementsAre("Северсталь, ПАО", "Публичное Акционерное Общество \"Северсталь\""));
  EXPECT_THAT(e.programs, ElementsAre("SEMA - Russia"));
  EXPECT_EQ(e.listed_on, "2023-08-22");
}

TEST(CanadaSemaXmlTest, Vessel) {
  const Entity& e = Find("ca:russia-1-1-1");
  EXPECT_EQ(e.schema, Schema::kVessel);
  EXPECT_EQ(e.names[0].full, "Balitiyskiy III");
  ASSERT_EQ(e.identifiers.size(), 1u);
  EXPECT_EQ(e.identifiers[0].type, IdentifierType::kImo);
  EXPECT_EQ(e.identifiers[0].value, "7612448");
  ASSERT_EQ(e.birth_dates.size(), 1u);  // build date
  EXPECT_EQ(e.birth_dates[0].from.ToString(), "1980");
  EXPECT_TRUE(e.titles.empty());
  EXPECT_THAT(e.remarks,
              ElementsAre("Ship type: General Cargo / Multi Purpose", "Schedule 1.1, item 1"));
  EXPECT_EQ(e.listed_on, "2025-02-21");
}

TEST(CanadaSemaXmlTest, NoScheduleAndOtherRegulations) {
  const Entity& v = Find("ca:venezuela-1");
  EXPECT_EQ(v.names[0].full, "Nicolás MADURO MOROS");
  EXPECT_THAT(v.programs, ElementsAre("SEMA - Venezuela"));
  EXPECT_THAT(v.remarks, ElementsAre("Item 1"));
  const Entity& j =
      Find("ca:justice-for-victims-of-corrupt-foreign-officials-regulations-jvcfor-1");
  EXPECT_EQ(j.names[0].full, "Nicolás MADURO MOROS");
  EXPECT_THAT(j.programs,
              ElementsAre("Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)"));
  EXPECT_EQ(j.listed_on, "2017-11-03");
}

TEST(CanadaSemaXmlTest, FreeTextDateAndInlineLanguageLabel) {
  const Entity& e = Find("ca:sudan-part-1-1");
  EXPECT_EQ(e.names[0].full, "Abdelrahim Hamdan Dagalo");
  EXPECT_THAT(AliasTexts(e), ElementsAre("Abdel Rahim Hamdan Dagalo", "Abdelrahim Dagalo",
                                         "Abdul Rahim Dagalo and Abdelrahim Hamdan Dagalo Mousa",
                                         "عبدالرحيم دقلو"));
  EXPECT_EQ(e.names[4].language, "Arabic");
  ASSERT_GE(e.birth_dates.size(), 1u);
  EXPECT_EQ(e.birth_dates[0].text, "born in the early 1970s");
}

TEST(CanadaSemaXmlTest, Detector) {
  const std::string head = ReadTestFile(kSema).substr(0, 64 * 1024);
  EXPECT_TRUE(lists::IsCanadaSemaXml(head));
  EXPECT_EQ(DetectListFormat(head), ListFormat::kCanadaSemaXml);
  const std::string un =
      ReadTestFile(std::string(CORDON_DATA_DIR) + "/lists/un/un_consolidated_2026-02-27.xml");
  EXPECT_FALSE(lists::IsCanadaSemaXml(un.substr(0, 64 * 1024)));
  EXPECT_FALSE(lists::IsCanadaSemaXml("<data-set><row><name>x</name></row></data-set>"));
}

// --- bad input -------------------------------------------------------------

std::string Doc(std::string_view records) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<data-set>\n" + std::string(records) +
         "</data-set>\n";
}

constexpr std::string_view kRecord =
    "<record><Country>Iran</Country><LastName>X</LastName><Schedule>1</Schedule>"
    "<Item>7</Item><DateOfListing>2024-01-01</DateOfListing></record>\n";

absl::StatusOr<LoadedList> LoadBytes(const std::string& bytes) {
  return LoadListFromBytes("s.xml", bytes);
}

TEST(CanadaSemaXmlBadInputTest, SmallValidDocument) {
  auto l = LoadBytes(Doc(kRecord));
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->entities[0].id, "ca:iran-1-7");
}

TEST(CanadaSemaXmlBadInputTest, TruncatedRealFile) {
  const std::string all = ReadTestFile(kSema);
  auto l = LoadListFromBytes("sema_half.xml", all.substr(0, all.size() / 2));
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(Msg(l), testing::MatchesRegex("sema_half.xml:[0-9]+: byte [0-9]+: xml: .*"));
}

TEST(CanadaSemaXmlBadInputTest, EmptyAndWrongRoot) {
  EXPECT_THAT(Msg(LoadBytes("  \n")), HasSubstr("s.xml: the file is empty"));
  const std::string other = "<?xml version=\"1.0\"?>\n<records>\n<record/>\n</records>\n";
  EXPECT_THAT(Msg(LoadBytes(other)), HasSubstr("unknown list format"));
  auto direct = lists::LoadCanadaSemaXml({"s.xml", other, ListFormat::kCanadaSemaXml}, {});
  EXPECT_EQ(Msg(direct), "s.xml:2: records: root element is not data-set");
}

TEST(CanadaSemaXmlBadInputTest, EntityBombAndDeepNesting) {
  const std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE data-set [<!ENTITY a \"aaaa\">]>\n"
      "<data-set><record><Country>&a;</Country><Item>1</Item>"
      "<DateOfListing>2024-01-01</DateOfListing></record></data-set>\n";
  auto direct = lists::LoadCanadaSemaXml({"s.xml", bomb, ListFormat::kCanadaSemaXml}, {});
  EXPECT_THAT(Msg(direct), HasSubstr("s.xml:2: byte 42: DOCTYPE: entity declarations"));
  EXPECT_FALSE(LoadBytes(bomb).ok());
  std::string deep;
  for (int i = 0; i < 80; ++i) deep += "<x>";
  for (int i = 0; i < 80; ++i) deep += "</x>";
  EXPECT_THAT(Msg(LoadBytes(Doc(std::string(kRecord) + "<record>" + deep + "</record>\n"))),
              HasSubstr("nested deeper than 64 levels"));
}

TEST(CanadaSemaXmlBadInputTest, NotUtf8) {
  EXPECT_THAT(Msg(LoadBytes(Doc("<record><Country>\xc3\x28</Country></record>\n"))),
              HasSubstr("s.xml:3"));
}

TEST(CanadaSemaXmlBadInputTest, MissingFields) {
  EXPECT_THAT(
      Msg(LoadBytes(Doc(std::string(kRecord) +
                        "<record><Country>Iran</Country><LastName>Y</LastName></record>\n"))),
      HasSubstr("s.xml:4: Item: missing or empty"));
  EXPECT_THAT(Msg(LoadBytes(Doc("<record><Item>1</Item><LastName>Y</LastName>"
                                "<DateOfListing>2024-01-01</DateOfListing></record>\n"))),
              HasSubstr("s.xml:3: Country: missing or empty"));
  EXPECT_THAT(Msg(LoadBytes(Doc("<record><Country>Iran</Country><Item>1</Item>"
                                "<DateOfListing>2024-01-01</DateOfListing></record>\n"))),
              HasSubstr("s.xml:3: EntityOrShip: no name"));
}

TEST(CanadaSemaXmlBadInputTest, DuplicateId) {
  EXPECT_THAT(Msg(LoadBytes(Doc(std::string(kRecord) + std::string(kRecord)))),
              HasSubstr("s.xml:4: Item: same Country, Schedule and Item as the record at line 3 "
                        "(ID ca:iran-1-7)"));
}

TEST(CanadaSemaXmlBadInputTest, UnexpectedElement) {
  EXPECT_EQ(Msg(LoadBytes(Doc(std::string(kRecord) + "<entry/>\n"))),
            "s.xml:4: entry: unexpected element in data-set");
}

}  // namespace
}  // namespace cordon
