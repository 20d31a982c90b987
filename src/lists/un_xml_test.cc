// Tests of the UN consolidated list XML loader on the two real vintages.
//
// Expected numbers were derived from the raw files independently of cordon:
//   grep -c '<INDIVIDUAL>' / '<ENTITY>'              entries per schema
//   grep -c '<QUALITY>Good</QUALITY>' (Low, a.k.a., f.k.a., <QUALITY/>)
//   grep -c '<NAME_ORIGINAL_SCRIPT>[^<]'             original-script names
// and cross-checked with Python's xml.etree (every <QUALITY/> alias also has
// an empty <ALIAS_NAME/>, so empty-quality aliases add no names).
#include <algorithm>
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
using ::testing::StartsWith;

const std::string kUn2026 =
    std::string(CORDON_DATA_DIR) + "/lists/un/un_consolidated_2026-02-27.xml";
const std::string kUn2025 =
    std::string(CORDON_TESTDATA_DIR) + "/lists/un/un_consolidated_2025-08-02_by_prn.xml";

using ::cordon::test_support::ReadTestFile;

const LoadedList& Load(const std::string& path) {
  static auto* cache = new std::map<std::string, LoadedList>();
  auto it = cache->find(path);
  if (it == cache->end()) {
    auto lists = LoadLists({path});
    EXPECT_TRUE(lists.ok()) << lists.status();
    EXPECT_EQ(lists->size(), 1u);
    it = cache->emplace(path, std::move(lists->at(0))).first;
  }
  return it->second;
}

const Entity& Find(const LoadedList& l, std::string_view id) {
  auto it = std::find_if(l.entities.begin(), l.entities.end(),
                         [&](const Entity& e) { return e.id == id; });
  EXPECT_NE(it, l.entities.end()) << id;
  return *it;
}

size_t CountSchema(const LoadedList& l, Schema s) {
  return std::count_if(l.entities.begin(), l.entities.end(),
                       [&](const Entity& e) { return e.schema == s; });
}

size_t CountNames(const LoadedList& l, std::string_view quality, NameKind kind,
                  NameStrength strength) {
  size_t n = 0;
  for (const Entity& e : l.entities) {
    for (size_t i = 1; i < e.names.size(); ++i) {
      const Name& x = e.names[i];
      n += x.quality_text == quality && x.kind == kind && x.strength == strength;
    }
  }
  return n;
}

size_t CountAllNames(const LoadedList& l) {
  size_t n = 0;
  for (const Entity& e : l.entities) n += e.names.size();
  return n;
}

TEST(UnXmlTest, Version2026) {
  const LoadedList& l = Load(kUn2026);
  EXPECT_EQ(l.version.list, "un");
  EXPECT_EQ(l.version.title, "UN Security Council Consolidated List");
  EXPECT_EQ(l.version.format, "un-xml");
  EXPECT_EQ(l.version.published, "2026-02-27T00:00:09.554Z");
  EXPECT_THAT(l.version.content_hash, StartsWith("sha256:"));
  EXPECT_TRUE(l.skipped.empty());
}

TEST(UnXmlTest, Counts2026) {
  const LoadedList& l = Load(kUn2026);
  EXPECT_EQ(l.entities.size(), 1003u);
  EXPECT_EQ(CountSchema(l, Schema::kPerson), 730u);
  EXPECT_EQ(CountSchema(l, Schema::kOrganization), 273u);
  // Alias texts holding several forms ("حسن غول (Hassan Ghul; Hassan Gul)") and
  // NOTEs "original script: ..." add names: counted with a Python copy of the
  // splitting rule over the raw XML (1524 Good, 615 Low and 594 a.k.a. alias
  // elements become 1547, 643 and 610 names).
  EXPECT_EQ(CountNames(l, "Good", NameKind::kAlias, NameStrength::kStrong), 1547u);
  EXPECT_EQ(CountNames(l, "Low", NameKind::kAlias, NameStrength::kWeak), 643u);
  EXPECT_EQ(CountNames(l, "a.k.a.", NameKind::kAlias, NameStrength::kStrong), 610u);
  EXPECT_EQ(CountNames(l, "f.k.a.", NameKind::kFormer, NameStrength::kStrong), 19u);
  EXPECT_EQ(CountNames(l, "original script", NameKind::kAlias, NameStrength::kStrong), 378u);
  EXPECT_EQ(CountNames(l, "", NameKind::kAlias, NameStrength::kStrong), 0u);  // 291 empty ones
  // 1003 primary + 1547 + 643 + 610 + 19 + 378: nothing else becomes a name.
  EXPECT_EQ(CountAllNames(l), 4200u);
}

TEST(UnXmlTest, Counts2025ByPrn) {
  const LoadedList& l = Load(kUn2025);
  EXPECT_EQ(l.version.published, "2025-08-02T23:00:00.935Z");
  EXPECT_EQ(CountSchema(l, Schema::kPerson), 684u);
  EXPECT_EQ(CountSchema(l, Schema::kOrganization), 195u);
  EXPECT_EQ(CountNames(l, "Good", NameKind::kAlias, NameStrength::kStrong), 1526u);
  EXPECT_EQ(CountNames(l, "Low", NameKind::kAlias, NameStrength::kWeak), 647u);
  EXPECT_EQ(CountNames(l, "a.k.a.", NameKind::kAlias, NameStrength::kStrong), 587u);
  EXPECT_EQ(CountNames(l, "f.k.a.", NameKind::kFormer, NameStrength::kStrong), 18u);
  EXPECT_EQ(CountNames(l, "original script", NameKind::kAlias, NameStrength::kStrong), 380u);
}

bool HasName(const Entity& e, std::string_view full, std::string_view script) {
  for (const Name& n : e.names) {
    if (n.full == full && n.script == script) return true;
  }
  return false;
}

TEST(UnXmlTest, AliasTextsWithSeveralFormsAreSplit) {
  const LoadedList& l = Load(kUn2026);
  // "أبو بكر البغدادي الحسيني القريشي (Abu Bakr al-Baghdadi al-Husayni al-Quraishi;
  // Abu Bakr al-Baghdadi)": one Arabic and two Latin names.
  const Entity& baghdadi = Find(l, "un:QDi.299");
  EXPECT_TRUE(HasName(baghdadi, "أبو بكر البغدادي الحسيني القريشي", "Arab"));
  EXPECT_TRUE(HasName(baghdadi, "Abu Bakr al-Baghdadi al-Husayni al-Quraishi", "Latn"));
  EXPECT_TRUE(HasName(baghdadi, "Abu Bakr al-Baghdadi", "Latn"));
  // "(birth name)" is a note about the alias, not a name.
  bool found_note = false;
  for (const Entity& e : l.entities) {
    EXPECT_FALSE(HasName(e, "Encep Nurjaman (birth name)", "Latn"));
    if (HasName(e, "Encep Nurjaman", "Latn")) {
      for (const std::string& r : e.remarks) found_note |= r == "Alias Encep Nurjaman: birth name";
    }
  }
  EXPECT_TRUE(found_note);
}

TEST(UnXmlTest, IsilKhorasanEntity) {
  const Entity& e = Find(Load(kUn2026), "un:QDe.161");
  EXPECT_EQ(e.source_id, "QDe.161");
  EXPECT_EQ(e.schema, Schema::kOrganization);
  EXPECT_EQ(e.names[0].full, "ISLAMIC STATE IN IRAQ AND THE LEVANT - KHORASAN (ISIL-K)");
  EXPECT_EQ(e.names[0].kind, NameKind::kPrimary);
  EXPECT_EQ(e.names[0].script, "Latn");
  EXPECT_TRUE(e.names[0].parts.empty());
  ASSERT_EQ(e.names.size(), 13u);  // primary + 12 a.k.a.
  EXPECT_EQ(e.names[1].full, "ISIL KHORASAN");
  EXPECT_EQ(e.names[1].quality_text, "a.k.a.");
  EXPECT_EQ(e.names[6].full, "The Islamic State of Iraq and ash-Sham—Khorasan Province");
  EXPECT_EQ(e.names[12].full, "IS-Khorasan");
  EXPECT_THAT(e.programs, ElementsAre("Al-Qaida"));
  EXPECT_EQ(e.listed_on, "2019-05-14");
  EXPECT_EQ(e.last_updated, "2022-04-01");
  ASSERT_EQ(e.remarks.size(), 1u);
  EXPECT_THAT(e.remarks[0], StartsWith("Islamic State of Iraq and the Levant - Khorasan (ISIL - K)"
                                       " was formed on January 10, 2015 by a former"));
  EXPECT_TRUE(e.addresses.empty());  // only an empty <COUNTRY/>
  EXPECT_TRUE(e.identifiers.empty());
}

TEST(UnXmlTest, IsilKhorasanLeader) {
  const Entity& e = Find(Load(kUn2026), "un:QDi.431");
  EXPECT_EQ(e.schema, Schema::kPerson);
  EXPECT_EQ(e.names[0].full, "SANAULLAH GHAFARI");
  EXPECT_THAT(e.names[0].parts, ElementsAre(NamePart{NamePartType::kGiven, "SANAULLAH"},
                                            NamePart{NamePartType::kMiddle, "GHAFARI"}));
  ASSERT_EQ(e.names.size(), 10u);  // primary, original script, 8 Good aliases
  EXPECT_EQ(e.names[1].full, "ثناء اللہ غفاری");
  EXPECT_EQ(e.names[1].script, "Arab");
  EXPECT_EQ(e.names[2].full, "Dr. Shahab al Muhajir");
  EXPECT_EQ(e.names[2].quality_text, "Good");
  EXPECT_EQ(e.names[9].full, "Shihab Mahajar");
  EXPECT_THAT(e.titles, ElementsAre("Dr."));
  ASSERT_EQ(e.nationalities.size(), 1u);
  EXPECT_EQ(e.nationalities[0].text, "Afghanistan");
  EXPECT_EQ(e.nationalities[0].code, "af");
  ASSERT_EQ(e.birth_dates.size(), 2u);
  EXPECT_EQ(e.birth_dates[0].from.ToString(), "1994-10-28");
  EXPECT_EQ(e.birth_dates[0].to, e.birth_dates[0].from);
  EXPECT_FALSE(e.birth_dates[0].circa);
  EXPECT_EQ(e.birth_dates[1].from.ToString(), "1990-05-24");
  ASSERT_EQ(e.birth_places.size(), 1u);
  EXPECT_EQ(e.birth_places[0].text, "Mir Bacha, Kot District, Kabul Province, Afghanistan");
  EXPECT_EQ(e.birth_places[0].city, "Mir Bacha, Kot District");
  EXPECT_EQ(e.birth_places[0].region, "Kabul Province");
  ASSERT_EQ(e.identifiers.size(), 1u);
  const Identifier& p = e.identifiers[0];
  EXPECT_EQ(p.type, IdentifierType::kPassport);
  EXPECT_EQ(p.type_text, "Passport (number)");
  EXPECT_EQ(p.value, "O1503093");
  EXPECT_EQ(p.country.text, "Afghanistan");
  EXPECT_EQ(p.country.code, "af");
  EXPECT_EQ(p.issued, "2016-08-25");
  EXPECT_EQ(p.note, "expired on 25 Aug. 2021; place of issue: Kabul, Afghanistan");
  ASSERT_EQ(e.addresses.size(), 2u);
  EXPECT_EQ(e.addresses[0].full, "Afghanistan");
  EXPECT_EQ(e.addresses[0].note, "2021");
  EXPECT_EQ(e.addresses[1].full, "Kunduz, Afghanistan");
  EXPECT_EQ(e.addresses[1].region, "Kunduz");
  EXPECT_EQ(e.addresses[1].note, "previous");
  EXPECT_THAT(e.programs, ElementsAre("Al-Qaida"));
  EXPECT_EQ(e.listed_on, "2021-12-21");
  EXPECT_EQ(e.last_updated, "2024-04-25");
  ASSERT_EQ(e.remarks.size(), 1u);
  EXPECT_THAT(e.remarks[0], StartsWith("Leader of the Islamic State of Iraq and the Levant - "
                                       "Khorasan (ISIL - K) (QDe.161)."));
}

TEST(UnXmlTest, RangeDateLowAliasesAndAliasNotes) {
  const Entity& e = Find(Load(kUn2026), "un:CDi.030");
  EXPECT_EQ(e.names[0].full, "BOSCO TAGANDA");
  EXPECT_EQ(e.gender, Gender::kMale);
  ASSERT_EQ(e.names.size(), 9u);  // 3 Good, 5 Low
  EXPECT_EQ(e.names[4].full, "Lydia");
  EXPECT_EQ(e.names[4].strength, NameStrength::kWeak);
  EXPECT_EQ(e.names[4].quality_text, "Low");
  ASSERT_EQ(e.birth_dates.size(), 1u);
  EXPECT_EQ(e.birth_dates[0].from.ToString(), "1973");
  EXPECT_EQ(e.birth_dates[0].to.ToString(), "1974");
  EXPECT_EQ(e.last_updated, "2023-03-01");  // the latest of three VALUEs
  EXPECT_THAT(e.remarks,
              ElementsAre(StartsWith("Born in Rwanda"), "Alias Lydia: When he was part of APR.",
                          "Alias Tango Romeo: Call sign", "Alias Romeo: Call sign"));
  ASSERT_EQ(e.addresses.size(), 1u);
  EXPECT_EQ(e.addresses[0].full, "Belgium");
  EXPECT_EQ(e.addresses[0].country.code, "be");
  EXPECT_EQ(e.addresses[0].note, "As of 14 December 2022");
}

TEST(UnXmlTest, YearOnlyDateAndEmptyAlias) {
  const Entity& e = Find(Load(kUn2026), "un:CDi.001");
  EXPECT_EQ(e.names[0].full, "ERIC BADEGE");
  EXPECT_EQ(e.names.size(), 1u);  // its only alias element is empty
  ASSERT_EQ(e.birth_dates.size(), 1u);
  EXPECT_EQ(e.birth_dates[0].from.ToString(), "1971");
  EXPECT_EQ(e.birth_dates[0].to.ToString(), "1971");
  EXPECT_EQ(e.nationalities[0].text, "Democratic Republic of the Congo");
  EXPECT_EQ(e.nationalities[0].code, "cd");
  EXPECT_TRUE(e.birth_places.empty());  // <COUNTRY/> only
  EXPECT_THAT(e.programs, ElementsAre("DRC"));
}

TEST(UnXmlTest, ApproximateAndFreeTextDates) {
  // Counted with xml.etree over INDIVIDUAL_DATE_OF_BIRTH, per entry, equal
  // elements once.
  const LoadedList& l = Load(kUn2026);
  size_t circa = 0, ranges = 0, with_text = 0;
  for (const Entity& e : l.entities) {
    for (const BirthDate& d : e.birth_dates) {
      circa += d.circa;
      ranges += d.from != d.to;
      with_text += !d.text.empty();
    }
  }
  // 117 TYPE_OF_DATE=APPROXIMATELY + 8 BETWEEN with NOTE "Approximately".
  EXPECT_EQ(circa, 125u);
  EXPECT_EQ(ranges, 32u);     // the 31 BETWEEN + "Between Aug. and Sep. 1977"
  EXPECT_EQ(with_text, 17u);  // the 17 NOTE elements, text kept
  // Dates given only as NOTE text.
  const Entity& cdi4 = Find(l, "un:CDi.004");
  ASSERT_EQ(cdi4.birth_dates.size(), 1u);
  EXPECT_EQ(cdi4.birth_dates[0].from.ToString(), "1973-11");
  EXPECT_EQ(cdi4.birth_dates[0].text, "Nov. 1973");
  const Entity& qdi306 = Find(l, "un:QDi.306");
  ASSERT_GE(qdi306.birth_dates.size(), 1u);
  EXPECT_EQ(qdi306.birth_dates[0].from.ToString(), "1977-08");
  EXPECT_EQ(qdi306.birth_dates[0].to.ToString(), "1977-09");
  const Entity& lyi22 = Find(l, "un:LYi.022");
  ASSERT_EQ(lyi22.birth_dates.size(), 1u);
  EXPECT_TRUE(lyi22.birth_dates[0].from.empty());
  EXPECT_TRUE(lyi22.birth_dates[0].circa);
  EXPECT_EQ(lyi22.birth_dates[0].text, "30-35 years old");
  // A Hijri date must not be read as Gregorian year 1402.
  const Entity& hijri = Find(l, "un:QDi.291");
  auto it =
      std::find_if(hijri.birth_dates.begin(), hijri.birth_dates.end(),
                   [](const BirthDate& d) { return d.text == "24/06/1402 (Hijri Calendar)"; });
  ASSERT_NE(it, hijri.birth_dates.end());
  EXPECT_TRUE(it->from.empty());
}

TEST(UnXmlTest, AliasBirthDataJoinsEntity) {
  // The alias "Lased Ben Heni" carries DATE_OF_BIRTH 1969-02-05 and
  // CITY_OF_BIRTH Tripoli, COUNTRY_OF_BIRTH Libya.
  const LoadedList& l = Load(kUn2026);
  auto it = std::find_if(l.entities.begin(), l.entities.end(), [](const Entity& e) {
    return std::any_of(e.names.begin(), e.names.end(),
                       [](const Name& n) { return n.full == "Lased Ben Heni"; });
  });
  ASSERT_NE(it, l.entities.end());
  const bool has_dob =
      std::any_of(it->birth_dates.begin(), it->birth_dates.end(),
                  [](const BirthDate& d) { return d.from.ToString() == "1969-02-05"; });
  EXPECT_TRUE(has_dob);
  const bool has_pob = std::any_of(it->birth_places.begin(), it->birth_places.end(),
                                   [](const Place& p) { return p.text == "Tripoli, Libya"; });
  EXPECT_TRUE(has_pob);
}

TEST(UnXmlTest, ImoNumberFromComments) {
  const Entity& e = Find(Load(kUn2026), "un:KPe.056");
  EXPECT_EQ(e.names[0].full, "CHONMYONG SHIPPING CO");
  ASSERT_EQ(e.identifiers.size(), 1u);
  EXPECT_EQ(e.identifiers[0].type, IdentifierType::kImo);
  EXPECT_EQ(e.identifiers[0].value, "5571322");
}

TEST(UnXmlTest, Detector) {
  const std::string un = ReadTestFile(kUn2026).substr(0, 64 * 1024);
  EXPECT_TRUE(lists::IsUnXml(un));
  EXPECT_EQ(DetectListFormat(un), ListFormat::kUnXml);
  EXPECT_TRUE(lists::IsUnXml(ReadTestFile(kUn2025).substr(0, 64 * 1024)));
  const std::string ca =
      ReadTestFile(std::string(CORDON_DATA_DIR) + "/lists/canada/sema_2025-03-20.xml")
          .substr(0, 65536);
  EXPECT_FALSE(lists::IsUnXml(ca));
  EXPECT_FALSE(lists::IsUnXml("<CONSOLIDATED_LIST><FOO/></CONSOLIDATED_LIST>"));
  EXPECT_FALSE(lists::IsUnXml("<OTHER><INDIVIDUALS/></OTHER>"));
  EXPECT_FALSE(lists::IsUnXml("CONSOLIDATED_LIST,INDIVIDUALS\n"));
}

// --- bad input -------------------------------------------------------------

constexpr std::string_view kHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<CONSOLIDATED_LIST dateGenerated=\"2026-01-01T00:00:00Z\">\n"
    "  <INDIVIDUALS>\n";

std::string Doc(std::string_view individuals) {
  return std::string(kHead) + std::string(individuals) + "  </INDIVIDUALS>\n</CONSOLIDATED_LIST>\n";
}

std::string Msg(const absl::StatusOr<LoadedList>& r) { return std::string(r.status().message()); }

absl::StatusOr<LoadedList> LoadBytes(const std::string& bytes) {
  return LoadListFromBytes("t.xml", bytes);
}

TEST(UnXmlBadInputTest, SmallValidDocumentLoads) {
  auto l = LoadBytes(
      Doc("    <INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>"
          "</INDIVIDUAL>\n"));
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->entities.size(), 1u);
  EXPECT_EQ(l->entities[0].id, "un:QDi.1");
}

TEST(UnXmlBadInputTest, TruncatedRealFile) {
  const std::string all = ReadTestFile(kUn2026);
  auto l = LoadListFromBytes("un_half.xml", all.substr(0, all.size() / 2));
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(l), testing::MatchesRegex("un_half.xml:[0-9]+: byte [0-9]+: xml: .*"));
}

TEST(UnXmlBadInputTest, Empty) {
  EXPECT_THAT(Msg(LoadBytes("")), HasSubstr("t.xml: the file is empty"));
  auto direct = lists::LoadUnXml({"t.xml", "", ListFormat::kUnXml}, {});
  ASSERT_FALSE(direct.ok());
  EXPECT_THAT(Msg(direct), StartsWith("t.xml"));
}

TEST(UnXmlBadInputTest, WrongRoot) {
  const std::string doc = "<?xml version=\"1.0\"?>\n<LIST>\n<INDIVIDUALS/>\n</LIST>\n";
  EXPECT_THAT(Msg(LoadBytes(doc)), HasSubstr("unknown list format"));
  auto direct = lists::LoadUnXml({"t.xml", doc, ListFormat::kUnXml}, {});
  EXPECT_THAT(Msg(direct), HasSubstr("t.xml:2: LIST: root element is not CONSOLIDATED_LIST"));
}

TEST(UnXmlBadInputTest, EntityBomb) {
  const std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST [\n"
      " <!ENTITY a \"aaaaaaaaaa\">\n <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n"
      "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&b;</FIRST_NAME>"
      "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n";
  EXPECT_FALSE(LoadBytes(bomb).ok());
  auto direct = lists::LoadUnXml({"t.xml", bomb, ListFormat::kUnXml}, {});
  EXPECT_THAT(Msg(direct),
              HasSubstr("t.xml:3: byte 53: DOCTYPE: entity declarations are not allowed"));
}

TEST(UnXmlBadInputTest, NotUtf8) {
  auto l = LoadBytes(Doc("    <INDIVIDUAL><FIRST_NAME>\xff</FIRST_NAME></INDIVIDUAL>\n"));
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(Msg(l), HasSubstr("t.xml:4"));
}

TEST(UnXmlBadInputTest, DeepNesting) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  deep += "x";
  for (int i = 0; i < 100; ++i) deep += "</a>";
  auto l = LoadBytes(Doc("    <INDIVIDUAL>" + deep + "</INDIVIDUAL>\n"));
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(Msg(l), HasSubstr("nested deeper than 64 levels"));
}

TEST(UnXmlBadInputTest, MissingReferenceNumber) {
  auto l = LoadBytes(
      Doc("    <INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>"
          "</INDIVIDUAL>\n"
          "    <INDIVIDUAL>\n      <FIRST_NAME>B</FIRST_NAME>\n    </INDIVIDUAL>\n"));
  EXPECT_THAT(Msg(l), HasSubstr("t.xml:5: REFERENCE_NUMBER: missing or empty"));
}

TEST(UnXmlBadInputTest, DuplicateReferenceNumber) {
  const std::string e =
      "    <INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>"
      "</INDIVIDUAL>\n";
  EXPECT_THAT(Msg(LoadBytes(Doc(e + e))),
              HasSubstr("t.xml:5: REFERENCE_NUMBER: duplicate reference number QDi.1"));
}

TEST(UnXmlBadInputTest, NoName) {
  EXPECT_THAT(Msg(LoadBytes(Doc(
                  "    <INDIVIDUAL><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL>\n"))),
              HasSubstr("t.xml:4: FIRST_NAME: entry has no name"));
}

TEST(UnXmlBadInputTest, BadStructuredDate) {
  auto l = LoadBytes(
      Doc("    <INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>\n"
          "      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>\n"
          "        <DATE>1979-02-30</DATE></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n"));
  EXPECT_THAT(Msg(l), HasSubstr("t.xml:6: DATE: not a date: 1979-02-30"));
  auto range = LoadBytes(
      Doc("    <INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>\n"
          "      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>\n"
          "        <FROM_YEAR>1970</FROM_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n"));
  EXPECT_THAT(Msg(range), HasSubstr("TO_YEAR: not a year"));
}

TEST(UnXmlBadInputTest, UnexpectedElementInGroup) {
  auto l = LoadBytes(Doc("    <PERSON><FIRST_NAME>A</FIRST_NAME></PERSON>\n"));
  EXPECT_EQ(Msg(l), "t.xml:4: PERSON: unexpected element in INDIVIDUALS");
}

}  // namespace
}  // namespace cordon
