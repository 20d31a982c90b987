#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cordon/lists.h"
#include "lists/loaders.h"
#include "testing/files.h"

namespace cordon::lists {
namespace {

using ::testing::HasSubstr;

using ::cordon::test_support::ReadTestFile;

const std::string kCsv = CORDON_TESTDATA_DIR "/lists/custom/internal_watchlist.csv";
const std::string kJsonl = CORDON_TESTDATA_DIR "/lists/custom/internal_watchlist.jsonl";

absl::StatusOr<LoadedList> Csv(std::string_view bytes) {
  return LoadCustomCsv(SourceFile{"w.csv", bytes, ListFormat::kCustomCsv}, LoadOptions{});
}
absl::StatusOr<LoadedList> Jsonl(std::string_view bytes) {
  return LoadCustomJsonl(SourceFile{"w.jsonl", bytes, ListFormat::kCustomJsonl}, LoadOptions{});
}

TEST(CustomFormat, DetectedAndNotConfusedWithOfficialLists) {
  EXPECT_EQ(DetectListFormat(ReadTestFile(kCsv)), ListFormat::kCustomCsv);
  EXPECT_EQ(DetectListFormat(ReadTestFile(kJsonl)), ListFormat::kCustomJsonl);
  for (const char* path :
       {"/lists/ofac-sdn/sdn.csv", "/lists/ofac-sdn/add.csv", "/lists/ofac-cons/cons_prim.csv",
        "/lists/uk/ofsi_conlist_2025-04-10.csv", "/lists/uae/uae_local_terrorist_list_2025.csv"}) {
    const std::string head = ReadTestFile(std::string(CORDON_DATA_DIR) + path).substr(0, 65536);
    EXPECT_FALSE(IsCustomCsv(head)) << path;
    EXPECT_FALSE(IsCustomJsonl(head)) << path;
  }
  EXPECT_FALSE(IsCustomJsonl(ReadTestFile(CORDON_TESTDATA_DIR "/lists/ftm/targets.nested.json")));
}

TEST(CustomFormat, CsvFixture) {
  absl::StatusOr<std::vector<LoadedList>> lists = LoadLists({kCsv});
  ASSERT_TRUE(lists.ok()) << lists.status();
  const LoadedList& l = (*lists)[0];
  ASSERT_EQ(l.entities.size(), 5u);  // 5 data rows
  EXPECT_EQ(l.version.list, "internal");
  EXPECT_EQ(l.version.format, "cordon-csv");

  const Entity& hayat = l.entities[0];
  EXPECT_EQ(hayat.id, "internal:C-0001");
  EXPECT_EQ(hayat.schema, Schema::kPerson);
  ASSERT_EQ(hayat.names.size(), 4u);
  EXPECT_EQ(hayat.names[0].full, "Hayat Ullah Ghulam MUHAMMAD");
  EXPECT_EQ(hayat.names[2].full, "HAYATOLLAH Haji");
  EXPECT_EQ(hayat.names[3].strength, NameStrength::kWeak);
  ASSERT_EQ(hayat.birth_dates.size(), 1u);
  EXPECT_EQ(hayat.birth_dates[0].from.ToString(), "1957");
  EXPECT_EQ(hayat.birth_dates[0].to.ToString(), "1959");
  EXPECT_EQ(hayat.nationalities[0].code, "af");
  EXPECT_EQ(hayat.addresses[0].country.code, "pk");
  EXPECT_EQ(hayat.gender, Gender::kMale);
  ASSERT_EQ(hayat.identifiers.size(), 2u);
  EXPECT_EQ(hayat.identifiers[1].type, IdentifierType::kPassport);
  EXPECT_EQ(hayat.identifiers[1].value, "TR035506");
  EXPECT_EQ(hayat.identifiers[1].country.code, "af");
  EXPECT_EQ(hayat.programs, std::vector<std::string>{"SDGT"});
  ASSERT_EQ(hayat.remarks.size(), 1u);
  EXPECT_THAT(hayat.remarks[0], HasSubstr("\"Linked To\""));

  EXPECT_EQ(l.entities[2].schema, Schema::kVessel);
  EXPECT_EQ(l.entities[2].identifiers[0].type, IdentifierType::kImo);
  EXPECT_EQ(l.entities[3].schema, Schema::kPerson);                       // "Individual"
  EXPECT_EQ(l.entities[4].birth_dates[0].from.ToString(), "1975-04-12");  // day first
  EXPECT_EQ(l.entities[4].identifiers[1].type, IdentifierType::kEmail);
}

TEST(CustomFormat, JsonlFixtureEqualsCsvFixture) {
  const std::string csv_bytes = ReadTestFile(kCsv), jsonl_bytes = ReadTestFile(kJsonl);
  absl::StatusOr<LoadedList> csv = Csv(csv_bytes);
  absl::StatusOr<LoadedList> jsonl = Jsonl(jsonl_bytes);
  ASSERT_TRUE(csv.ok()) << csv.status();
  ASSERT_TRUE(jsonl.ok()) << jsonl.status();
  EXPECT_EQ(jsonl->version.format, "cordon-jsonl");
  ASSERT_EQ(csv->entities.size(), jsonl->entities.size());
  for (size_t i = 0; i < csv->entities.size(); ++i) {
    EXPECT_EQ(csv->entities[i], jsonl->entities[i]) << csv->entities[i].id;
  }
}

TEST(CustomFormat, ListColumnSetsTheIdPrefix) {
  absl::StatusOr<LoadedList> l = Csv("id,name,list\n7,Ali Hassan,fraud_team\n8,Omar,fraud_team\n");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->version.list, "fraud_team");
  EXPECT_EQ(l->entities[1].id, "fraud_team:8");
  EXPECT_EQ(l->entities[1].schema, Schema::kLegalEntity);  // no schema column
}

TEST(CustomFormat, CsvErrorsNameLineAndField) {
  struct Case {
    std::string bytes, message;
  };
  for (const Case& c : std::vector<Case>{
           {"id,name\n1,Ali\n2,Omar\n1,Ali again\n",
            "w.csv:4: id: duplicate id \"1\" (first on line 2)"},
           {"id,name,colour\n1,Ali,red\n", "w.csv:1: column 3: unknown column \"colour\""},
           {"id,id,name\n", "w.csv:1: column 2: column \"id\" appears twice"},
           {"name,aliases\nAli,\n", "w.csv:1: header: needs the columns id and name"},
           {"id,name\n1,Ali\n2\n", "w.csv:3: row: has 1 fields, the header has 2"},
           {"id,name\n1,\n", "w.csv:2: name: empty"},
           {"id,name,birth_date\n1,Ali,31/02/1975\n", "w.csv:2: birth_date: \"31/02/1975\""},
           {"id,name,nationality\n1,Ali,Atlantis\n", "w.csv:2: nationality: \"Atlantis\" is not"},
           {"id,name,country\n1,Ali,Soviet Union\n", "w.csv:2: country: \"Soviet Union\""},
           {"id,name,gender\n1,Ali,x\n", "w.csv:2: gender: \"x\" is not male"},
           {"id,name,schema\n1,Ali,robot\n", "w.csv:2: schema: \"robot\""},
           {"id,name,identifiers\n1,Ali,A123\n",
            "w.csv:2: identifiers: \"A123\" is not type:value"},
           {"id,name,identifiers\n1,Ali,visa:A123\n", "unknown identifier type \"visa\""},
           {"id,name,identifiers\n1,Ali,passport:A1:zz9\n", "\"zz9\" is not a country"},
           {"id,name,list\n1,Ali,a\n2,Omar,b\n", "w.csv:3: list: \"b\" differs from \"a\""},
           {"id,name,list\n1,Ali,UN:x\n", "w.csv:2: list: \"UN:x\" is not a list code"},
           {"id,name\n1,\"Ali\n", "w.csv:2: field 2: quoted field is never closed"},
       }) {
    absl::StatusOr<LoadedList> l = Csv(c.bytes);
    ASSERT_FALSE(l.ok()) << c.message;
    EXPECT_THAT(std::string(l.status().message()), HasSubstr(c.message));
  }
}

TEST(CustomFormat, JsonlErrorsNameLineAndField) {
  struct Case {
    std::string bytes, message;
  };
  const std::string ok = "{\"id\":\"1\",\"name\":\"Ali\"}\n";
  for (const Case& c : std::vector<Case>{
           {ok + ok, "w.jsonl:2: id: duplicate id \"1\" (first on line 1)"},
           {ok + "\n{\"id\":\"2\",\"name\":\"Omar\",\"colour\":\"red\"}\n",
            "w.jsonl:3: colour: unknown key"},
           {ok + "{\"id\":2,\"name\":\"Omar\"}\n", "w.jsonl:2: id: must be a string"},
           {ok + "{\"id\":\"2\",\"name\":\"Omar\",\"aliases\":[1]}\n",
            "w.jsonl:2: aliases: values must be strings"},
           {ok + "{\"id\":\"2\",\"name\":\"Omar\"\n", "w.jsonl:2: json: not a valid JSON value"},
           {ok + "[]\n", "w.jsonl:2: json: not an object"},
           {ok + "{\"id\":\"2\",\"name\":\"Omar\",\"aliases\":[[[\"x\"]]]}\n",
            "w.jsonl:2: json: nested deeper than 3"},
           {ok + "{\"id\":\"2\",\"name\":\"Omar\",\"birth_date\":\"soon\"}\n",
            "w.jsonl:2: birth_date: \"soon\""},
       }) {
    absl::StatusOr<LoadedList> l = Jsonl(c.bytes);
    ASSERT_FALSE(l.ok()) << c.message;
    EXPECT_THAT(std::string(l.status().message()), HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace cordon::lists
