// Tests of the UAE local terrorist list loader on the bundled 2025 file.
// Expected numbers derived independently with Python's csv module over
// data/lists/uae/uae_local_terrorist_list_2025.csv (utf-8-sig): rows after the
// 3 header rows = 155, all classified "شخص إرهابي" (terrorist person); names =
// distinct non-"-" values of full name (Arabic), full name (Latin) and known
// name per row, after whitespace folding = 311; document numbers = non-empty
// lines of the document number cell = 68; non-empty DOB cells = 90.
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

const char kFile[] = CORDON_DATA_DIR "/lists/uae/uae_local_terrorist_list_2025.csv";

using ::cordon::test_support::ReadTestFile;

const LoadedList& Loaded() {
  static const LoadedList* list = [] {
    absl::StatusOr<LoadedList> l = LoadListFromBytes(kFile, ReadTestFile(kFile));
    EXPECT_TRUE(l.ok()) << l.status();
    return new LoadedList(l.ok() ? *std::move(l) : LoadedList{});
  }();
  return *list;
}

const Entity& Get(std::string_view id) {
  for (const Entity& e : Loaded().entities) {
    if (e.id == id) return e;
  }
  static const Entity kNone;
  ADD_FAILURE() << "no entity " << id;
  return kNone;
}

TEST(UaeCsv, DetectsFormat) {
  EXPECT_EQ(DetectListFormat(ReadTestFile(kFile).substr(3)), ListFormat::kUaeCsv);  // after BOM
  EXPECT_FALSE(lists::IsUaeCsv("#,Name\n1,x\n"));
}

TEST(UaeCsv, CountsMatchTheFile) {
  const LoadedList& l = Loaded();
  EXPECT_EQ(l.version.list, "uae");
  EXPECT_EQ(l.version.format, "uae-csv");
  ASSERT_EQ(l.entities.size(), 155u);
  size_t names = 0, docs = 0, dobs = 0, nat_coded = 0, nats = 0;
  for (const Entity& e : l.entities) {
    EXPECT_EQ(e.schema, Schema::kPerson) << e.id;
    EXPECT_EQ(e.names[0].kind, NameKind::kPrimary);
    EXPECT_EQ(e.names[0].script, "Arab") << e.id;
    names += e.names.size();
    docs += e.identifiers.size();
    dobs += e.birth_dates.size();
    nats += e.nationalities.size();
    for (const Country& c : e.nationalities) nat_coded += !c.code.empty();
  }
  EXPECT_EQ(names, 311u);
  EXPECT_EQ(docs, 68u);
  EXPECT_EQ(dobs, 90u);
  // 153 one-country cells + "السعودية / الكويت" + "الحالية: السويد السابقة:
  // ليبيريا" (current: Sweden, former: Liberia), all with codes.
  EXPECT_EQ(nats, 157u);
  EXPECT_EQ(nat_coded, 157u);
}

TEST(UaeCsv, FirstEntryFieldByField) {
  const Entity& e = Get("uae:1");
  EXPECT_EQ(e.source_id, "1");
  ASSERT_EQ(e.names.size(), 2u);
  EXPECT_EQ(e.names[0].full, "خليفة محمد تركي السبيعي");
  EXPECT_THAT(e.names[0].parts, ElementsAre(NamePart{NamePartType::kFamily, "السبيعي"}));
  EXPECT_EQ(e.names[1].full, "KHALIFA MOHD T AL SUBAEY");
  EXPECT_EQ(e.names[1].kind, NameKind::kAlias);
  EXPECT_EQ(e.names[1].script, "Latn");
  EXPECT_THAT(e.names[1].parts, ElementsAre(NamePart{NamePartType::kFamily, "AL SUBAEY"}));
  ASSERT_EQ(e.birth_dates.size(), 1u);
  EXPECT_EQ(e.birth_dates[0].text, "01-01-1965");
  EXPECT_EQ(e.birth_dates[0].from, (PartialDate{1965, 1, 1}));
  ASSERT_EQ(e.nationalities.size(), 1u);
  EXPECT_EQ(e.nationalities[0], (Country{"qa", "قطر"}));
  ASSERT_EQ(e.birth_places.size(), 1u);
  EXPECT_EQ(e.birth_places[0].country.code, "qa");
  ASSERT_EQ(e.identifiers.size(), 1u);
  EXPECT_EQ(e.identifiers[0].type, IdentifierType::kPassport);
  EXPECT_EQ(e.identifiers[0].type_text, "جواز سفر");
  EXPECT_EQ(e.identifiers[0].value, "685868");
  EXPECT_EQ(e.identifiers[0].country.code, "qa");
  EXPECT_THAT(e.remarks, ElementsAre("مدرج بموجب قرار مجلس الوزراء رقم (18) لسنة 2017"));
}

TEST(UaeCsv, KnownNameBecomesAlias) {
  const Entity& e = Get("uae:4");
  ASSERT_EQ(e.names.size(), 3u);
  EXPECT_EQ(e.names[2].full, "إبراهيم عيسى الحجي محمد الباكر (أبوخليل)");
  EXPECT_EQ(e.names[2].quality_text, "known name");
}

// A multi-line document cell: "تركي رقم: U24171753\n إماراتي رقم: NZ9Y56591".
TEST(UaeCsv, MultiLineDocuments) {
  const Entity& e = Get("uae:131");
  ASSERT_EQ(e.identifiers.size(), 2u);
  EXPECT_EQ(e.identifiers[0].value, "U24171753");
  EXPECT_EQ(e.identifiers[0].country.code, "tr");
  EXPECT_EQ(e.identifiers[1].value, "NZ9Y56591");
  EXPECT_EQ(e.identifiers[1].country.code, "ae");
  const Entity& f = Get("uae:130");
  ASSERT_EQ(f.nationalities.size(), 2u);
  EXPECT_EQ(f.nationalities[0].code, "se");
  EXPECT_EQ(f.nationalities[1].code, "lr");
}

// --- bad input ---------------------------------------------------------------

// The three header rows: up to the line end after the last header cell
// ("معلومات أخرى", other information).
std::string Head() {
  const std::string all = ReadTestFile(kFile);
  return all.substr(0, all.find('\n', all.find("معلومات أخرى")) + 1);
}

absl::Status Load(const std::string& text) {
  lists::SourceFile f{"bad.csv", text, ListFormat::kUaeCsv};
  absl::StatusOr<LoadedList> l = lists::LoadUaeCsv(f, {});
  return l.ok() ? lists::CheckSkippedShare(*l) : l.status();
}

TEST(UaeCsv, BadInput) {
  const std::string head = Head();
  const std::string row = "1,شخص إرهابي,قطر,-,-,اسم,NAME,-,-,-,-,-,-,-,-,-,-,-,-\n";
  ASSERT_TRUE(Load(head + row).ok()) << Load(head + row);
  EXPECT_THAT(Load(head + row + "2,شخص إرهابي,قطر\n").message(),
              HasSubstr("bad.csv:6: row: has 3 fields, the header has 19"));
  EXPECT_THAT(Load(head + row + row).message(),
              HasSubstr("bad.csv:6: #: duplicate entry number 1"));
  EXPECT_THAT(Load("title\n" + row).message(), HasSubstr("bad.csv:1: header: no"));
  std::string robot = row;
  robot.replace(robot.find("شخص إرهابي"), std::string("شخص إرهابي").size(), "روبوت");
  EXPECT_THAT(Load(head + robot).message(), HasSubstr("bad.csv:5: التصنيف (classification)"));
  EXPECT_THAT(Load(head + "3,\"شخص").message(), HasSubstr("never closed"));
  EXPECT_THAT(LoadListFromBytes("e.csv", "").status().message(), HasSubstr("empty"));
  EXPECT_FALSE(LoadListFromBytes("u.csv", head + "1,\xc3\x28\n").ok());
}

}  // namespace
}  // namespace cordon
