#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "cordon/lists.h"
#include "core/strcat.h"
#include "lists/ftm_export.h"
#include "lists/loaders.h"
#include "testing/files.h"

namespace cordon::lists {
namespace {

using ::testing::HasSubstr;

using ::cordon::test_support::ReadTestFile;

absl::StatusOr<LoadedList> Load(std::string_view bytes) {
  absl::StatusOr<LoadedList> l =
      LoadFtmJson(SourceFile{"t.json", bytes, ListFormat::kFtmJson}, LoadOptions{});
  if (!l.ok()) return l;
  if (absl::Status s = CheckSkippedShare(*l); !s.ok()) return s;
  return l;
}

const std::string kNested = CORDON_TESTDATA_DIR "/lists/ftm/targets.nested.json";
const std::string kFlat = CORDON_TESTDATA_DIR "/lists/ftm/entities.ftm.json";

const Entity& Find(const LoadedList& l, const std::string& id) {
  static const Entity kNone;
  for (const Entity& e : l.entities) {
    if (e.id == id) return e;
  }
  ADD_FAILURE() << "no entity " << id;
  return kNone;
}

TEST(FtmJson, DetectedFromContent) {
  EXPECT_EQ(DetectListFormat(ReadTestFile(kNested)), ListFormat::kFtmJson);
  EXPECT_EQ(DetectListFormat(ReadTestFile(kFlat)), ListFormat::kFtmJson);
  EXPECT_FALSE(IsFtmJson("{\"id\":\"1\",\"name\":\"Ali\"}\n"));  // cordon JSONL
  EXPECT_FALSE(IsFtmJson("id,name\n1,Ali\n"));
  EXPECT_FALSE(IsFtmJson(""));
}

TEST(FtmJson, NestedFixture) {
  absl::StatusOr<std::vector<LoadedList>> lists = LoadLists({kNested});
  ASSERT_TRUE(lists.ok()) << lists.status();
  ASSERT_EQ(lists->size(), 1u);
  const LoadedList& l = (*lists)[0];
  // 7 lines, each a target (wc -l).
  ASSERT_EQ(l.entities.size(), 7u);
  EXPECT_EQ(l.version.list, "ftm");
  EXPECT_EQ(l.version.format, "ftm-json");
  EXPECT_EQ(l.version.published, "2025-03-11");  // latest last_change
  EXPECT_TRUE(l.skipped.empty());

  const Entity& zawahiri = Find(l, "ftm:un-QDi.006");
  EXPECT_EQ(zawahiri.source_id, "un-QDi.006");
  EXPECT_EQ(zawahiri.schema, Schema::kPerson);
  EXPECT_EQ(zawahiri.names[0].full, "AIMAN MUHAMMED RABI AL-ZAWAHIRI");
  // 1 name + 14 aliases + 2 weak aliases in the line.
  EXPECT_EQ(zawahiri.names.size(), 17u);
  EXPECT_EQ(zawahiri.names[1].script, "Arab");
  EXPECT_EQ(zawahiri.names.back().strength, NameStrength::kWeak);
  ASSERT_EQ(zawahiri.birth_dates.size(), 1u);
  EXPECT_EQ(zawahiri.birth_dates[0].from.ToString(), "1951-06-19");
  ASSERT_EQ(zawahiri.nationalities.size(), 1u);
  EXPECT_EQ(zawahiri.nationalities[0].code, "eg");
  ASSERT_EQ(zawahiri.identifiers.size(), 2u);
  EXPECT_EQ(zawahiri.identifiers[0].type, IdentifierType::kPassport);
  EXPECT_EQ(zawahiri.identifiers[0].value, "1084010");
  EXPECT_EQ(zawahiri.identifiers[0].country.code, "eg");
  EXPECT_EQ(zawahiri.listed_on, "2001-01-25");
  EXPECT_EQ(zawahiri.programs, std::vector<std::string>{"Al-Qaida"});
  EXPECT_EQ(zawahiri.titles, (std::vector<std::string>{"Doctor", "Dr."}));

  const Entity& ebano = Find(l, "ftm:ofac-4243");
  EXPECT_EQ(ebano.schema, Schema::kVessel);
  EXPECT_EQ(ebano.names[1].kind, NameKind::kFormer);
  ASSERT_EQ(ebano.identifiers.size(), 1u);
  EXPECT_EQ(ebano.identifiers[0].type, IdentifierType::kImo);  // "Vessel Registration ..."

  const Entity& plane = Find(l, "ftm:ofac-15431");
  EXPECT_EQ(plane.schema, Schema::kAircraft);
  EXPECT_EQ(plane.birth_dates[0].from.ToString(), "1992");  // buildDate
  EXPECT_EQ(plane.identifiers[1].type, IdentifierType::kAircraftSerial);

  const Entity& hayat = Find(l, "ftm:ofac-21392");
  ASSERT_EQ(hayat.birth_dates.size(), 2u);  // OFAC "DOB 1957 to 1959" as its two ends
  EXPECT_EQ(hayat.addresses.size(), 2u);
  EXPECT_EQ(hayat.addresses[0].city, "Peshawar");
  EXPECT_EQ(hayat.addresses[0].country.code, "pk");
}

TEST(FtmJson, FlatFormatResolvesToTheSameEntities) {
  const std::string flat_bytes = ReadTestFile(kFlat);
  const std::string nested_bytes = ReadTestFile(kNested);
  absl::StatusOr<LoadedList> flat = Load(flat_bytes);
  absl::StatusOr<LoadedList> nested = Load(nested_bytes);
  ASSERT_TRUE(flat.ok()) << flat.status();
  ASSERT_TRUE(nested.ok()) << nested.status();
  ASSERT_EQ(flat->entities.size(), nested->entities.size());
  for (size_t i = 0; i < flat->entities.size(); ++i) {
    EXPECT_EQ(flat->entities[i], nested->entities[i]) << flat->entities[i].id;
  }
  // The one relationship line (UnknownLink) is counted, not screened.
  ASSERT_EQ(flat->skipped.size(), 1u);
  EXPECT_EQ(flat->skipped[0].line, 23u);
  EXPECT_THAT(flat->skipped[0].reason, HasSubstr("1 skipped: UnknownLink"));
}

TEST(FtmJson, NonTargetsAndDanglingAdjunctsAreNoted) {
  const std::string bytes =
      "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ali Hassan\"]}}\n"
      "{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Relative\"]},"
      "\"target\":false}\n"
      "{\"id\":\"s\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"zz\"]}}\n"
      "{\"id\":\"c\",\"schema\":\"Company\",\"properties\":{}}\n"
      "{\"id\":\"d\",\"schema\":\"Address\",\"properties\":{\"full\":[\"Kabul\"]}}\n"
      "{\"id\":\"e\",\"schema\":\"Person\",\"properties\":{\"name\":[\"X\"]},"
      "\"last_change\":7}\n";
  absl::StatusOr<LoadedList> l = Load(bytes);
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->entities.size(), 2u);  // a non-string last_change is ignored, not fatal
  ASSERT_EQ(l->skipped.size(), 4u);
  std::set<uint64_t> lines;
  for (const LoadNote& n : l->skipped) lines.insert(n.line);
  EXPECT_EQ(lines, (std::set<uint64_t>{2, 3, 4, 5}));
}

TEST(FtmJson, BadInputNamesTheLine) {
  struct Case {
    std::string bytes;
    std::string message;
  };
  const std::string ok = "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n";
  for (const Case& c : std::vector<Case>{
           {ok + "{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\n", "t.json:2: json:"},
           {ok + "[1,2]\n", "t.json:2: json: not an object"},
           {ok + "\n{\"schema\":\"Person\"}\n", "t.json:3: id: missing"},
           {ok + "{\"id\":\"b\",\"schema\":7}\n", "t.json:2: schema: missing or not a string"},
           {ok + "{\"id\":\"b\",\"schema\":\"Person\",\"properties\":[]}\n",
            "t.json:2: properties: not an object"},
           {ok + ok, "t.json:2: id: duplicate entity id \"a\""},
           {ok + std::string(100, '[') + std::string(100, ']') + "\n",
            "t.json:2: json: nested deeper than 32"},
       }) {
    absl::StatusOr<LoadedList> l = Load(c.bytes);
    ASSERT_FALSE(l.ok()) << c.message;
    EXPECT_THAT(std::string(l.status().message()), HasSubstr(c.message));
  }
}

// What survives FtM: the list's names (order and labels aside), exact date
// ends, country codes, documents, programs, listing date and remarks.
struct Projection {
  std::multiset<std::string> names;
  std::set<std::string> dates, nationalities, ids, programs, remarks;
  std::string listed_on;
  bool operator==(const Projection&) const = default;
};

Projection Project(const Entity& e) {
  Projection p;
  std::set<std::pair<std::string, int>> seen;
  for (size_t i = 0; i < e.names.size(); ++i) {
    const Name& n = e.names[i];
    const int kind = i == 0 ? 0 : n.kind == NameKind::kFormer ? 2 : 1;
    const bool weak = kind == 1 && n.strength == NameStrength::kWeak;
    if (seen.insert({n.full, kind}).second) p.names.insert(StrCat(kind, weak, n.full));
  }
  for (const BirthDate& b : e.birth_dates) {
    for (const PartialDate& d : {b.from, b.to}) {
      if (!d.empty()) p.dates.insert(d.ToString());
    }
  }
  for (const Country& c : e.nationalities) {
    if (!c.code.empty()) p.nationalities.insert(c.code);
  }
  for (const Identifier& x : e.identifiers) p.ids.insert(StrCat(x.value, "/", x.country.code));
  p.programs = {e.programs.begin(), e.programs.end()};
  p.remarks = {e.remarks.begin(), e.remarks.end()};
  p.listed_on = e.listed_on;
  return p;
}

TEST(FtmExport, RoundTripOfEveryUnListEntity) {
  absl::StatusOr<std::vector<LoadedList>> un = LoadLists({CORDON_DATA_DIR "/lists/un"});
  ASSERT_TRUE(un.ok()) << un.status();
  const std::vector<Entity>& original = (*un)[0].entities;
  // 730 individuals + 273 entities (grep -c '<INDIVIDUAL>' / '<ENTITY>').
  ASSERT_EQ(original.size(), 1003u);
  std::string lines;
  for (const Entity& e : original) lines += EntityToFtmJson(e) + "\n";
  ASSERT_TRUE(IsFtmJson(lines.substr(0, 65536)));
  absl::StatusOr<LoadedList> back = Load(lines);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->entities.size(), original.size());
  for (size_t i = 0; i < original.size(); ++i) {
    const Entity& a = original[i];
    const Entity& b = back->entities[i];
    EXPECT_EQ(b.id, "ftm:un-" + a.source_id);
    EXPECT_EQ(b.schema, a.schema) << a.id;
    EXPECT_EQ(b.gender, a.gender) << a.id;
    EXPECT_EQ(b.names[0].full, a.names[0].full) << a.id;
    EXPECT_TRUE(Project(b) == Project(a)) << a.id;
    // Exporting the loaded entity again gives the same FtM line, with the
    // FtM id kept.
    EXPECT_THAT(EntityToFtmJson(b), HasSubstr("\"id\":\"un-" + a.source_id + "\""));
  }
}

TEST(FtmExport, IdentifierWithIssuerBecomesNestedIdentification) {
  Entity e{.id = "internal:7", .list = "internal", .source_id = "7", .schema = Schema::kPerson};
  e.names.push_back({.full = "Ali Hassan"});
  e.identifiers.push_back({.type = IdentifierType::kPassport,
                           .type_text = "Passport",
                           .value = "A123",
                           .country = {"iq", "Iraq"},
                           .issued = "2015-02-01",
                           .expires = "01 Feb 2025"});
  e.identifiers.push_back({.type = IdentifierType::kBic, .value = "ABCDIQBA"});
  const std::string line = EntityToFtmJson(e);
  EXPECT_THAT(line, HasSubstr("\"swiftBic\":[\"ABCDIQBA\"]"));
  EXPECT_THAT(line, HasSubstr("\"schema\":\"Passport\""));
  EXPECT_THAT(line, HasSubstr("\"endDate\":[\"2025-02-01\"]"));
  absl::StatusOr<LoadedList> back = Load(line);
  ASSERT_TRUE(back.ok()) << back.status();
  const Entity& b = back->entities[0];
  EXPECT_EQ(b.id, "ftm:internal-7");
  ASSERT_EQ(b.identifiers.size(), 2u);
  EXPECT_EQ(b.identifiers[0].type, IdentifierType::kBic);
  EXPECT_EQ(b.identifiers[1].type, IdentifierType::kPassport);
  EXPECT_EQ(b.identifiers[1].country.code, "iq");
  EXPECT_EQ(b.identifiers[1].issued, "2015-02-01");
  EXPECT_EQ(b.identifiers[1].expires, "2025-02-01");
}

}  // namespace
}  // namespace cordon::lists
