// Tests of the EU FSF XML loader. No complete real EU file is available to
// the project; the fixtures in testdata/lists/eu/ are hand-built from the
// documented structure (testdata/PROVENANCE.md). Expected values are read off
// the fixture text: 5 + 2 sanctionEntity elements, 14 nameAlias elements of
// which 11 distinct whole names are strong="true" or absent and 3 "false".
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

const std::string kDir = CORDON_TESTDATA_DIR "/lists/eu/";

using ::cordon::test_support::ReadTestFile;

LoadedList Load(const std::string& name) {
  absl::StatusOr<LoadedList> l = LoadListFromBytes(name, ReadTestFile(kDir + name));
  EXPECT_TRUE(l.ok()) << l.status();
  return l.ok() ? *std::move(l) : LoadedList{};
}

TEST(EuFsfXml, DetectsBothNamespaceForms) {
  EXPECT_EQ(DetectListFormat(ReadTestFile(kDir + "eu_fsf_sample.xml")), ListFormat::kEuFsfXml);
  EXPECT_EQ(DetectListFormat(ReadTestFile(kDir + "eu_fsf_prefixed.xml")), ListFormat::kEuFsfXml);
  EXPECT_FALSE(lists::IsEuFsfXml("<export><other/></export>"));
}

TEST(EuFsfXml, Counts) {
  const LoadedList a = Load("eu_fsf_sample.xml");
  const LoadedList b = Load("eu_fsf_prefixed.xml");
  EXPECT_EQ(a.version.list, "eu");
  EXPECT_EQ(a.version.published, "2026-02-02T17:26:53.906+01:00");
  ASSERT_EQ(a.entities.size(), 5u);
  ASSERT_EQ(b.entities.size(), 2u);
  size_t names = 0, weak = 0, persons = 0;
  for (const LoadedList* l : {&a, &b}) {
    for (const Entity& e : l->entities) {
      persons += e.schema == Schema::kPerson;
      names += e.names.size();
      for (const Name& n : e.names) weak += n.strength == NameStrength::kWeak;
    }
  }
  EXPECT_EQ(names, 14u);
  EXPECT_EQ(weak, 3u);
  EXPECT_EQ(persons, 4u);
  EXPECT_EQ(a.entities[4].id, "eu:9003");  // no euReferenceNumber: logicalId
}

TEST(EuFsfXml, IsilKPersonFieldByField) {
  const LoadedList l = Load("eu_fsf_sample.xml");
  const Entity& e = l.entities[1];
  EXPECT_EQ(e.id, "eu:EU.9001.1");
  EXPECT_EQ(e.schema, Schema::kPerson);
  EXPECT_EQ(e.gender, Gender::kMale);
  ASSERT_EQ(e.names.size(), 4u);
  EXPECT_EQ(e.names[0].full, "Sanaullah Ghafari");
  EXPECT_EQ(e.names[0].kind, NameKind::kPrimary);
  EXPECT_EQ(e.names[0].language, "EN");
  EXPECT_THAT(e.names[0].parts, ElementsAre(NamePart{NamePartType::kGiven, "Sanaullah"},
                                            NamePart{NamePartType::kFamily, "Ghafari"}));
  EXPECT_EQ(e.names[2].full, "ثناء الله غفاري");
  EXPECT_EQ(e.names[2].script, "Arab");
  EXPECT_EQ(e.names[2].language, "AR");
  EXPECT_EQ(e.names[3].strength, NameStrength::kWeak);
  EXPECT_THAT(e.titles, ElementsAre("Doctor"));
  EXPECT_THAT(e.designations, ElementsAre("Leader of ISIL-K"));
  ASSERT_EQ(e.birth_dates.size(), 2u);
  EXPECT_EQ(e.birth_dates[0].from, (PartialDate{1994, 10, 28}));
  EXPECT_EQ(e.birth_dates[1].from, (PartialDate{1990, 5, 24}));
  ASSERT_EQ(e.birth_places.size(), 1u);  // the second birthdate has no place
  EXPECT_EQ(e.birth_places[0].city, "Mir Bacha Kot District, Kabul Province");
  EXPECT_EQ(e.birth_places[0].country.code, "af");
  EXPECT_THAT(e.citizenships, ElementsAre(Country{"af", "AFGHANISTAN"}));
  ASSERT_EQ(e.identifiers.size(), 2u);
  EXPECT_EQ(e.identifiers[0].type, IdentifierType::kPassport);
  EXPECT_EQ(e.identifiers[0].value, "O1503093");
  EXPECT_EQ(e.identifiers[0].issued, "2016-08-25");
  EXPECT_EQ(e.identifiers[0].note, "Kabul; Expired on 25 Aug. 2021");
  EXPECT_EQ(e.identifiers[1].value, "QDi.431");
  EXPECT_THAT(e.programs, ElementsAre("AQL"));
  EXPECT_EQ(e.listed_on, "2021-12-21");
}

TEST(EuFsfXml, EnterpriseRangeAndCirca) {
  const LoadedList l = Load("eu_fsf_sample.xml");
  const Entity& org = l.entities[2];
  EXPECT_EQ(org.schema, Schema::kOrganization);
  EXPECT_EQ(org.names[1].language, "PT");
  ASSERT_EQ(org.addresses.size(), 1u);  // the "00"/UNKNOWN address is empty
  EXPECT_EQ(org.addresses[0].full, "Beirut, LEBANON");
  EXPECT_EQ(org.addresses[0].note, "Head office");
  EXPECT_EQ(org.identifiers[0].type, IdentifierType::kPhone);
  const Entity& p = l.entities[3];
  EXPECT_EQ(p.names[0].full, "Fixture Range Person");  // composed from the parts
  EXPECT_THAT(p.titles, ElementsAre("Mullah", "Maulavi"));
  ASSERT_EQ(p.birth_dates.size(), 2u);
  EXPECT_EQ(p.birth_dates[0].from.year, 1953);
  EXPECT_EQ(p.birth_dates[0].to.year, 1958);
  EXPECT_TRUE(p.birth_dates[0].circa);
  EXPECT_EQ(p.listed_on, "2001-03-02");  // earliest regulation in force
  EXPECT_EQ(l.entities[4].identifiers[1].type, IdentifierType::kTaxId);
}

absl::Status LoadText(std::string_view text) {
  lists::SourceFile f{"bad.xml", text, ListFormat::kEuFsfXml};
  absl::StatusOr<LoadedList> l = lists::LoadEuFsfXml(f, {});
  return l.ok() ? lists::CheckSkippedShare(*l) : l.status();
}

TEST(EuFsfXml, BadInput) {
  const std::string good = ReadTestFile(kDir + "eu_fsf_sample.xml");
  EXPECT_THAT(LoadText(good.substr(0, good.size() / 2)).message(), HasSubstr("bad.xml:"));
  EXPECT_THAT(LoadText("<export>\n<sanctionEntity>\n<nameAlias wholeName=\"x\"/>"
                       "</sanctionEntity></export>")
                  .message(),
              HasSubstr("bad.xml:2: sanctionEntity: neither euReferenceNumber nor logicalId"));
  EXPECT_THAT(LoadText("<export>\n<sanctionEntity logicalId=\"1\">\n<nameAlias wholeName=\"x\" "
                       "strong=\"maybe\"/></sanctionEntity></export>")
                  .message(),
              HasSubstr("bad.xml:3: nameAlias@strong: not true/false"));
  EXPECT_THAT(LoadText("<export><sanctionEntity logicalId=\"1\"><nameAlias wholeName=\"x\"/>"
                       "<birthdate monthOfYear=\"13\" year=\"1961\"/></sanctionEntity></export>")
                  .message(),
              HasSubstr("birthdate@monthOfYear: out of range: 13"));
  EXPECT_THAT(LoadText("<export><sanctionEntity logicalId=\"1\"/></export>").message(),
              HasSubstr("nameAlias: entry has no name"));
  EXPECT_THAT(LoadText("<export><sanctionEntity logicalId=\"1\"><nameAlias wholeName=\"x\"/>"
                       "</sanctionEntity><sanctionEntity logicalId=\"1\"><nameAlias "
                       "wholeName=\"y\"/></sanctionEntity></export>")
                  .message(),
              HasSubstr("duplicate 1"));
  EXPECT_THAT(LoadListFromBytes("e.xml", "").status().message(), HasSubstr("empty"));
  EXPECT_FALSE(
      LoadListFromBytes("u.xml", "<export><sanctionEntity logicalId=\"\xff\"/></export>").ok());
}

}  // namespace
}  // namespace cordon
