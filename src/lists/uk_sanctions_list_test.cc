// Tests of the UK Sanctions List (FCDO) XML loader on the fixture
// testdata/lists/uk/uk_sanctions_list_sample.xml, hand-built from the
// documented layout (no real file is available; see testdata/PROVENANCE.md).
// Expected values are read off the fixture: 3 Designations, 9 <Name> + 2
// <NonLatinName>, 2 "Low quality a.k.a".
#include <fstream>
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

const char kFile[] = CORDON_TESTDATA_DIR "/lists/uk/uk_sanctions_list_sample.xml";

using ::cordon::test_support::ReadTestFile;

LoadedList Load() {
  absl::StatusOr<LoadedList> l = LoadListFromBytes(kFile, ReadTestFile(kFile));
  EXPECT_TRUE(l.ok()) << l.status();
  return l.ok() ? *std::move(l) : LoadedList{};
}

TEST(UkSanctionsList, DetectsFormat) {
  EXPECT_EQ(DetectListFormat(ReadTestFile(kFile)), ListFormat::kUkSanctionsList);
  EXPECT_FALSE(lists::IsUkSanctionsList("<export><sanctionEntity/></export>"));
}

TEST(UkSanctionsList, Counts) {
  const LoadedList l = Load();
  EXPECT_EQ(l.version.list, "uksl");
  EXPECT_EQ(l.version.format, "uk-sanctions-list");
  EXPECT_EQ(l.version.published, "2026-08-20");
  ASSERT_EQ(l.entities.size(), 3u);
  size_t names = 0, weak = 0;
  for (const Entity& e : l.entities) {
    names += e.names.size();
    for (const Name& n : e.names) weak += n.strength == NameStrength::kWeak;
  }
  EXPECT_EQ(names, 9u + 2u);
  EXPECT_EQ(weak, 2u);
  EXPECT_EQ(l.entities[1].schema, Schema::kOrganization);
  EXPECT_EQ(l.entities[2].schema, Schema::kVessel);
}

TEST(UkSanctionsList, IsilKDesignationFieldByField) {
  const Entity e = Load().entities.at(0);
  EXPECT_EQ(e.id, "uksl:AQD0374");
  EXPECT_EQ(e.schema, Schema::kPerson);
  EXPECT_EQ(e.gender, Gender::kMale);
  ASSERT_EQ(e.names.size(), 5u);
  EXPECT_EQ(e.names[0].full, "Sanaullah GHAFARI");
  EXPECT_EQ(e.names[0].kind, NameKind::kPrimary);
  EXPECT_EQ(e.names[1].quality_text, "Primary name variation");
  EXPECT_EQ(e.names[3].full, "Shihab");
  EXPECT_EQ(e.names[3].strength, NameStrength::kWeak);  // "ALias" + Low quality
  EXPECT_EQ(e.names[4].script, "Arab");
  EXPECT_EQ(e.names[4].language, "Pashto");
  EXPECT_THAT(e.titles, ElementsAre("Doctor"));
  EXPECT_THAT(e.designations, ElementsAre("ISIL-K Leader"));
  ASSERT_EQ(e.birth_dates.size(), 3u);
  EXPECT_EQ(e.birth_dates[0].from, (PartialDate{1994, 10, 28}));
  EXPECT_EQ(e.birth_dates[2].text, "dd/mm/1993");
  EXPECT_EQ(e.birth_dates[2].from, (PartialDate{1993, 0, 0}));
  EXPECT_THAT(e.nationalities, ElementsAre(Country{"af", "Afghanistan"}));
  ASSERT_EQ(e.addresses.size(), 2u);
  EXPECT_EQ(e.addresses[1].full, "Kunduz, Afghanistan");
  std::vector<std::string> ids;
  for (const Identifier& i : e.identifiers) ids.push_back(i.type_text + "=" + i.value);
  EXPECT_THAT(
      ids, ElementsAre("Passport=O1503093", "OFSI Group ID=14169", "UN Reference Number=QDi.431"));
  EXPECT_EQ(e.listed_on, "2021-12-21");
  EXPECT_EQ(e.last_updated, "2024-04-29");
  ASSERT_EQ(e.remarks.size(), 1u);
}

TEST(UkSanctionsList, ShipHasImoAndBuildYear) {
  const Entity e = Load().entities.at(2);
  EXPECT_EQ(e.names[0].full, "Petrel 8");
  ASSERT_EQ(e.identifiers.size(), 1u);
  EXPECT_EQ(e.identifiers[0].type, IdentifierType::kImo);
  EXPECT_EQ(e.identifiers[0].value, "IMO9562233");
  ASSERT_EQ(e.birth_dates.size(), 1u);
  EXPECT_EQ(e.birth_dates[0].from.year, 2011);
}

absl::Status LoadText(std::string_view text) {
  lists::SourceFile f{"bad.xml", text, ListFormat::kUkSanctionsList};
  absl::StatusOr<LoadedList> l = lists::LoadUkSanctionsList(f, {});
  return l.ok() ? lists::CheckSkippedShare(*l) : l.status();
}

TEST(UkSanctionsList, BadInput) {
  const std::string good = ReadTestFile(kFile);
  EXPECT_THAT(LoadText(good.substr(0, good.size() - 40)).message(), HasSubstr("bad.xml:"));
  EXPECT_THAT(
      LoadText("<Designations>\n<Designation>\n<Names/></Designation></Designations>").message(),
      HasSubstr("bad.xml:2: UniqueID: missing or empty"));
  EXPECT_THAT(LoadText("<Designations><Designation>\n<UniqueID>X1</UniqueID><IndividualEntityShip>"
                       "Robot</IndividualEntityShip></Designation></Designations>")
                  .message(),
              HasSubstr("IndividualEntityShip: unknown value \"Robot\""));
  EXPECT_THAT(LoadText("<Designations><Designation><UniqueID>X1</UniqueID><IndividualEntityShip>"
                       "Entity</IndividualEntityShip><Names><Name><Name6>A</Name6><NameType>Nick"
                       "</NameType></Name></Names></Designation></Designations>")
                  .message(),
              HasSubstr("NameType: unknown value \"Nick\""));
  EXPECT_THAT(LoadText("<Designations><Designation><UniqueID>X1</UniqueID><IndividualEntityShip>"
                       "Entity</IndividualEntityShip></Designation></Designations>")
                  .message(),
              HasSubstr("Names: designation has no name"));
  EXPECT_THAT(LoadListFromBytes("e.xml", "").status().message(), HasSubstr("empty"));
}

}  // namespace
}  // namespace cordon
