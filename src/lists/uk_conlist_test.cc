// Tests of the UK OFSI ConList CSV loader on the bundled 2025-04-10 file.
// Expected numbers were derived independently with Python's csv module over
// data/lists/uk/ofsi_conlist_2025-04-10.csv: group rows by "Group ID"; names =
// distinct (Name 1..5 + Name 6 joined by spaces, kind) per group, kind
// "Primary name" -> primary (a primary whose text differs from an earlier
// primary -> aka), FKA -> fka, else aka, plus distinct "Name Non-Latin
// Script" values; weak = "Low quality" non-primary names; schema counts =
// Group Type of each group's rows.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/lists.h"
#include "core/dates.h"
#include "lists/loaders.h"
#include "testing/files.h"

namespace cordon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char kFile[] = CORDON_DATA_DIR "/lists/uk/ofsi_conlist_2025-04-10.csv";

using ::cordon::test_support::ReadTestFile;

const LoadedList& Loaded() {
  static const LoadedList* list = [] {
    absl::StatusOr<LoadedList> l = LoadListFromBytes(kFile, ReadTestFile(kFile));
    EXPECT_TRUE(l.ok()) << l.status();
    return new LoadedList(l.ok() ? *std::move(l) : LoadedList{});
  }();
  return *list;
}

const Entity* Find(std::string_view id) {
  for (const Entity& e : Loaded().entities) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

TEST(UkConList, DetectsFormat) {
  const std::string bytes = ReadTestFile(kFile);
  EXPECT_EQ(DetectListFormat(std::string_view(bytes).substr(0, 65536)), ListFormat::kUkConList);
  EXPECT_FALSE(lists::IsUkConList("Name,Type\nx,y\n"));
}

TEST(UkConList, CountsMatchTheFile) {
  const LoadedList& l = Loaded();
  EXPECT_EQ(l.version.list, "uk");
  EXPECT_EQ(l.version.format, "uk-conlist-csv");
  ASSERT_EQ(l.entities.size(), 4686u);  // distinct Group IDs
  size_t persons = 0, orgs = 0, vessels = 0, names = 0, weak = 0, primary = 0, fka = 0;
  for (const Entity& e : l.entities) {
    persons += e.schema == Schema::kPerson;
    orgs += e.schema == Schema::kOrganization;
    vessels += e.schema == Schema::kVessel;
    names += e.names.size();
    ASSERT_FALSE(e.names.empty()) << e.id;
    EXPECT_EQ(e.names[0].kind, NameKind::kPrimary) << e.id;
    for (const Name& n : e.names) {
      weak += n.strength == NameStrength::kWeak;
      primary += n.kind == NameKind::kPrimary;
      fka += n.kind == NameKind::kFormer;
    }
  }
  EXPECT_EQ(persons, 3662u);  // Group Type Individual
  EXPECT_EQ(orgs, 1009u);     // Entity
  EXPECT_EQ(vessels, 15u);    // Ship
  EXPECT_EQ(names, 16004u);
  EXPECT_EQ(weak, 617u);
  // 4684 groups have a "Primary name" row; the 2 others get their first name.
  EXPECT_EQ(primary, 4686u);
  EXPECT_EQ(fka, 15u);
  EXPECT_TRUE(l.skipped.empty());
}

// An ISIL-K leader (ISIL (Da'esh) and Al-Qaida regime, UN QDi.431): 60 rows
// (15 names x 2 DOBs x 2 addresses) merge into one entity.
TEST(UkConList, IsilKLeaderFieldByField) {
  const Entity* e = Find("uk:14169");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kPerson);
  EXPECT_EQ(e->source_id, "14169");
  EXPECT_EQ(e->names[0].full, "Sanaullah GHAFARI");
  EXPECT_EQ(e->names[0].script, "Latn");
  EXPECT_THAT(e->names[0].parts, ElementsAre(NamePart{NamePartType::kGiven, "Sanaullah"},
                                             NamePart{NamePartType::kFamily, "GHAFARI"}));
  ASSERT_EQ(e->names.size(), 16u);  // 15 Latin names + 1 Arabic-script name
  const auto arabic = std::find_if(e->names.begin(), e->names.end(),
                                   [](const Name& n) { return n.script == "Arab"; });
  ASSERT_NE(arabic, e->names.end());
  EXPECT_EQ(arabic->full, "ثناء اللہ غفاری");
  EXPECT_EQ(arabic->kind, NameKind::kAlias);
  const auto shahab = std::find_if(e->names.begin(), e->names.end(),
                                   [](const Name& n) { return n.full == "Shahab AL MUHAJIR"; });
  ASSERT_NE(shahab, e->names.end());
  EXPECT_EQ(shahab->quality_text, "Good quality");
  EXPECT_EQ(shahab->strength, NameStrength::kStrong);
  EXPECT_THAT(e->titles, ElementsAre("Doctor"));
  EXPECT_THAT(e->designations, ElementsAre("ISIL-K Leader"));
  EXPECT_THAT(e->programs, ElementsAre("ISIL (Da'esh) and Al-Qaida"));
  ASSERT_EQ(e->birth_dates.size(), 2u);
  EXPECT_EQ(e->birth_dates[0].text, "28/10/1994");
  EXPECT_EQ(e->birth_dates[1].text, "24/05/1990");
  ASSERT_EQ(e->birth_places.size(), 1u);
  EXPECT_EQ(e->birth_places[0].city, "Mir Bacha Kot District, Kabul Province");
  EXPECT_EQ(e->birth_places[0].country.text, "Afghanistan");
  ASSERT_EQ(e->nationalities.size(), 1u);
  EXPECT_EQ(e->nationalities[0].text, "Afghanistan");
  ASSERT_EQ(e->addresses.size(), 2u);
  EXPECT_EQ(e->addresses[0].full, "Afghanistan");
  EXPECT_EQ(e->addresses[1].full, "Kunduz, Afghanistan");
  std::vector<std::string> ids;
  for (const Identifier& i : e->identifiers) ids.push_back(i.type_text + "=" + i.value);
  EXPECT_THAT(ids,
              ElementsAre("UK Sanctions List Ref=AQD0374", "UN Ref=QDi.431", "Passport=O1503093"));
  EXPECT_EQ(e->identifiers[2].type, IdentifierType::kPassport);
  EXPECT_THAT(e->identifiers[2].note, HasSubstr("issued on 25 Aug. 2016 in Kabul"));
  ASSERT_EQ(e->remarks.size(), 1u);
  EXPECT_THAT(e->remarks[0], HasSubstr("Khorasan (ISIL - K)"));
}

// Gender comes from "(Gender):Male" in Other Information (GHR0086).
TEST(UkConList, GenderAndNameVariationsWithoutPrimaryRowFirst) {
  const Entity* e = Find("uk:15672");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->gender, Gender::kMale);
  EXPECT_EQ(e->names[0].full, "Mian Abdul HAQ");
  EXPECT_EQ(e->identifiers[0].value, "GHR0086");
  // Group 16601 has only "Primary name variation" rows: the first becomes
  // the primary name and keeps its label.
  const Entity* v = Find("uk:16601");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->names[0].full, "33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE");
  EXPECT_EQ(v->names[0].quality_text, "Primary name variation");
  EXPECT_EQ(v->names.size(), 3u);
}

TEST(UkConList, ShipHasImoAndBuildYear) {
  const Entity* e = Find("uk:13651");  // AKTIVA, DPRK regime
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kVessel);
  const auto imo = std::find_if(e->identifiers.begin(), e->identifiers.end(),
                                [](const Identifier& i) { return i.type == IdentifierType::kImo; });
  ASSERT_NE(imo, e->identifiers.end());
  EXPECT_EQ(imo->value, "7408873");
  ASSERT_EQ(e->birth_dates.size(), 1u);
  EXPECT_EQ(e->birth_dates[0].text, "1975");
}

// Assertions that need the shared date parser (src/core/dates.cc) and country
// table (src/core/country.cc).
TEST(UkConList, DatesAndCountryCodes) {
  if (!ParseDateText("10/04/2025").has_value()) GTEST_SKIP() << "date parser not landed yet";
  const LoadedList& l = Loaded();
  EXPECT_EQ(l.version.published, "2025-04-10");
  const Entity* e = Find("uk:14169");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->listed_on, "2021-12-22");
  EXPECT_EQ(e->last_updated, "2024-04-29");
  EXPECT_EQ(e->birth_dates[0].from, (PartialDate{1994, 10, 28}));
  EXPECT_EQ(e->nationalities[0].code, "af");
  EXPECT_EQ(e->birth_places[0].country.code, "af");
}

// --- bad input ---------------------------------------------------------------

std::string Header() {
  const std::string all = ReadTestFile(kFile);
  size_t second = all.find('\n', all.find('\n') + 1);
  return all.substr(0, second + 1);  // "Last Updated" row + header row
}

std::string FirstDataRow() {
  const std::string all = ReadTestFile(kFile);
  const size_t start = Header().size();
  return all.substr(start, all.find('\n', start) + 1 - start);
}

absl::Status LoadText(const std::string& text) {
  return LoadListFromBytes("bad.csv", text).status();
}

TEST(UkConList, GoodSmallFileLoads) {
  absl::StatusOr<LoadedList> l = LoadListFromBytes("ok.csv", Header() + FirstDataRow());
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->entities.size(), 1u);
  EXPECT_EQ(l->entities[0].names[0].full, "Mian MITHOO");
}

TEST(UkConList, WrongColumnCountNamesTheLine) {
  std::string row = FirstDataRow();
  row.erase(row.rfind(','), 1);  // drop one separator -> 35 fields
  const absl::Status s = LoadText(Header() + FirstDataRow() + row);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("bad.csv:4: row: has 35 fields, the header has 36"));
  EXPECT_THAT(s.message(), HasSubstr("1 of 2 records unreadable"));
}

TEST(UkConList, TruncatedFileFails) {
  const std::string text = Header() + FirstDataRow();
  const size_t cut = text.find("(UK Sanctions List Ref)");  // inside a quoted cell
  const absl::Status s = LoadText(text.substr(0, cut));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("bad.csv:3: field 28: quoted field is never closed"));
}

TEST(UkConList, MissingHeaderFails) {
  lists::SourceFile f{"nohead.csv", "", ListFormat::kUkConList};
  const std::string text = "Last Updated,10/04/2025\n" + FirstDataRow();
  f.bytes = text;
  const absl::Status s = lists::LoadUkConList(f, {}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("nohead.csv:1: header: no \"Name 6"));
}

TEST(UkConList, MissingColumnAndBadValuesFail) {
  std::string header = Header();
  header.replace(header.find("Group Type"), 10, "Group Kind");
  lists::SourceFile f{"cols.csv", "", ListFormat::kUkConList};
  std::string text = header + FirstDataRow();
  f.bytes = text;
  EXPECT_THAT(lists::LoadUkConList(f, {}).status().message(),
              HasSubstr("cols.csv:2: header: column \"Group Type\" is missing"));
  std::string row = FirstDataRow();
  row.replace(row.find(",Individual,"), 12, ",Robot,");
  EXPECT_THAT(LoadText(Header() + row).message(),
              HasSubstr("bad.csv:3: Group Type: unknown value \"Robot\""));
}

TEST(UkConList, EmptyAndNonUtf8Fail) {
  EXPECT_THAT(LoadText("").message(), HasSubstr("empty"));
  std::string text = Header() + FirstDataRow();
  text[text.find("MITHOO")] = '\xff';
  const absl::Status s = LoadText(text);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("bad.csv:3:"));
}

}  // namespace
}  // namespace cordon
