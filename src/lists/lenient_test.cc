// One unreadable record in a real official file (a duplicate reference number,
// a missing name) is skipped and reported with its position; the list loads
// without it. A skipped share above lists::kMaxSkippedShare refuses the list. Each case breaks one
// record of a real file (data/lists, testdata/lists) in memory and checks the exact entity count,
// note and position.
#include <algorithm>
#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/lists.h"
#include "lists/loaders.h"
#include "testing/files.h"

namespace cordon {
namespace {

using ::cordon::test_support::ReadTestFile;
using ::testing::HasSubstr;

const std::string kData = CORDON_DATA_DIR;
const std::string kTestdata = CORDON_TESTDATA_DIR;

uint64_t LineAt(std::string_view text, size_t pos) {
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + pos, '\n'));
}

// Offset of the value after the k-th (1-based) `marker`.
size_t ValueAt(std::string_view text, std::string_view marker, int k) {
  size_t at = std::string_view::npos;
  for (int i = 0; i < k; ++i) {
    at = text.find(marker, at == std::string_view::npos ? 0 : at + 1);
    if (at == std::string_view::npos) {
      ADD_FAILURE() << "marker " << marker << " #" << k << " not found";
      return 0;
    }
  }
  return at + marker.size();
}

std::string Get(std::string_view text, std::string_view marker, int k, std::string_view end) {
  const size_t v = ValueAt(text, marker, k);
  return std::string(text.substr(v, text.find(end, v) - v));
}

// The text with the value after the k-th `marker` (up to `end`) replaced.
std::string Put(std::string text, std::string_view marker, int k, std::string_view end,
                std::string_view value) {
  const size_t v = ValueAt(text, marker, k);
  return text.replace(v, text.find(end, v) - v, value);
}

struct Expected {
  uint64_t line;
  std::string field;
  std::string reason;  // substring
  std::string where;   // substring of the reason: the element path ("" for CSV)
};

using Loader = absl::StatusOr<LoadedList> (*)(const std::string& name, const std::string& bytes);

absl::StatusOr<LoadedList> ViaDispatcher(const std::string& name, const std::string& bytes) {
  return LoadListFromBytes(name, bytes);
}

// The loader alone, without the dispatcher's share guard: for samples of a few entries, where
// one skipped is above 1%.
template <ListFormat kFormat, auto kLoad>
absl::StatusOr<LoadedList> Direct(const std::string& name, const std::string& bytes) {
  return kLoad(lists::SourceFile{name, bytes, kFormat}, LoadOptions{});
}

// `broken` loads with one entity fewer than `good` and one note saying `expected`; with no skip
// allowed it is refused.
void ExpectOneSkipped(const std::string& name, const std::string& good, const std::string& broken,
                      const Expected& expected, Loader load = &ViaDispatcher) {
  SCOPED_TRACE(name);
  absl::StatusOr<LoadedList> before = load(name, good);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(lists::RecordsSkipped(*before), 0u);
  absl::StatusOr<LoadedList> after = load(name, broken);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->entities.size() + 1, before->entities.size());
  EXPECT_EQ(lists::RecordsSkipped(*after), 1u);
  ASSERT_EQ(after->skipped.size(), before->skipped.size() + 1);
  const auto note = std::find_if(after->skipped.begin(), after->skipped.end(),
                                 [](const LoadNote& n) { return n.reason.ends_with("skipped"); });
  ASSERT_NE(note, after->skipped.end());
  EXPECT_EQ(note->file, name);
  EXPECT_EQ(note->line, expected.line);
  EXPECT_EQ(note->field, expected.field);
  EXPECT_THAT(note->reason, HasSubstr(expected.reason));
  EXPECT_THAT(note->reason, HasSubstr(expected.where));

  const absl::Status strict = lists::CheckSkippedShare(*after, 0);
  EXPECT_EQ(strict.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(strict.message(),
              HasSubstr("1 of " + std::to_string(before->entities.size()) + " records unreadable"));
  EXPECT_THAT(strict.message(), HasSubstr(expected.reason));
}

TEST(LenientTest, UnDuplicateReferenceNumber) {
  const std::string good = ReadTestFile(kData + "/lists/un/un_consolidated_2026-02-27.xml");
  const std::string first = Get(good, "<REFERENCE_NUMBER>", 1, "<");
  const std::string broken = Put(good, "<REFERENCE_NUMBER>", 2, "<", first);
  const size_t entry = good.rfind("<INDIVIDUAL>", ValueAt(good, "<REFERENCE_NUMBER>", 2));
  ExpectOneSkipped("un.xml", good, broken,
                   {LineAt(good, entry), "REFERENCE_NUMBER", "duplicate reference number " + first,
                    "/CONSOLIDATED_LIST/INDIVIDUALS[1]/INDIVIDUAL[2]"});
}

TEST(LenientTest, UnEntityWithoutName) {
  const std::string good = ReadTestFile(kData + "/lists/un/un_consolidated_2026-02-27.xml");
  const size_t entities = good.find("<ENTITIES>");
  const std::string before = good.substr(0, entities);
  const std::string broken = before + Put(good.substr(entities), "<FIRST_NAME>", 1, "<", "");
  const size_t entry = good.find("<ENTITY>", entities);
  ExpectOneSkipped("un.xml", good, broken,
                   {LineAt(good, entry), "FIRST_NAME", "entry has no name",
                    "/CONSOLIDATED_LIST/ENTITIES[1]/ENTITY[1]"});
}

TEST(LenientTest, UnTooManyBrokenRecordsRefused) {
  const std::string good = ReadTestFile(kData + "/lists/un/un_consolidated_2026-02-27.xml");
  absl::StatusOr<LoadedList> whole = LoadListFromBytes("un.xml", good);
  ASSERT_TRUE(whole.ok()) << whole.status();
  // 1% of the entries may be skipped; one more than that refuses the list.
  const int allowed = static_cast<int>(whole->entities.size() / 100);
  std::string broken = good;
  for (int k = 1; k <= allowed; ++k) broken = Put(broken, "<REFERENCE_NUMBER>", k, "<", "");
  absl::StatusOr<LoadedList> at_limit = LoadListFromBytes("un.xml", broken);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status();
  EXPECT_EQ(lists::RecordsSkipped(*at_limit), static_cast<uint64_t>(allowed));
  EXPECT_EQ(at_limit->entities.size(), whole->entities.size() - allowed);
  broken = Put(broken, "<REFERENCE_NUMBER>", allowed + 1, "<", "");
  absl::StatusOr<LoadedList> refused = LoadListFromBytes("un.xml", broken);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(),
              HasSubstr(std::to_string(allowed + 1) + " of " +
                        std::to_string(whole->entities.size()) + " records unreadable"));
  EXPECT_THAT(refused.status().message(), HasSubstr("REFERENCE_NUMBER: missing or empty"));
}

TEST(LenientTest, OfacXmlDuplicateUid) {
  const std::string good =
      ReadTestFile(kTestdata + "/lists/ofac/cons_xml_2025-03-28/consolidated.xml");
  // The uid of an entry is the first <uid> after its <sdnEntry>.
  const size_t second = good.find("<sdnEntry>", good.find("<sdnEntry>") + 1);
  const std::string first_uid = Get(good, "<uid>", 1, "<");
  std::string broken = good;
  const size_t v = good.find("<uid>", second) + 5;
  broken.replace(v, good.find('<', v) - v, first_uid);
  ExpectOneSkipped(
      "consolidated.xml", good, broken,
      {LineAt(good, second), "sdnEntry/uid", "duplicate uid " + first_uid, "/sdnList/sdnEntry[2]"});
}

TEST(LenientTest, OfacCsvDuplicateEntryNumber) {
  const std::string good = ReadTestFile(kData + "/lists/ofac-sdn/sdn.csv");
  ASSERT_TRUE(good.starts_with("36,")) << good.substr(0, 20);
  const size_t row2 = good.find('\n') + 1;
  std::string broken = good;
  broken.replace(row2, good.find(',', row2) - row2, "36");
  ExpectOneSkipped("sdn.csv", good, broken, {2, "ent_num", "duplicate entry 36", ""});
}

TEST(LenientTest, EuDuplicateReferenceNumber) {
  const std::string good = ReadTestFile(kTestdata + "/lists/eu/eu_fsf_sample.xml");
  const std::string first = Get(good, "euReferenceNumber=\"", 1, "\"");
  const std::string broken = Put(good, "euReferenceNumber=\"", 2, "\"", first);
  const size_t entry = good.rfind("<sanctionEntity", ValueAt(good, "euReferenceNumber=\"", 2));
  // The sample has 5 entries: one skipped is 20%, above the guard, so the loader runs alone.
  ExpectOneSkipped("eu.xml", good, broken,
                   {LineAt(good, entry), "sanctionEntity@euReferenceNumber", "duplicate " + first,
                    "/export/sanctionEntity[2]"},
                   &Direct<ListFormat::kEuFsfXml, &lists::LoadEuFsfXml>);
}

TEST(LenientTest, CanadaDuplicateItem) {
  const std::string good = ReadTestFile(kData + "/lists/canada/sema_2025-03-20.xml");
  const std::string broken = Put(good, "<Item>", 2, "<", Get(good, "<Item>", 1, "<"));
  const size_t record = good.rfind("<record>", ValueAt(good, "<Item>", 2));
  ExpectOneSkipped(
      "sema.xml", good, broken,
      {LineAt(good, record), "Item", "same Country, Schedule and Item as the record at line 3",
       "/data-set/record[2]"});
}

TEST(LenientTest, UkSanctionsListDuplicateUniqueId) {
  const std::string good = ReadTestFile(kTestdata + "/lists/uk/uk_sanctions_list_sample.xml");
  const std::string first = Get(good, "<UniqueID>", 1, "<");
  const std::string broken = Put(good, "<UniqueID>", 2, "<", first);
  const size_t entry = good.rfind("<Designation>", ValueAt(good, "<UniqueID>", 2));
  ExpectOneSkipped(
      "uk.xml", good, broken,
      {LineAt(good, entry), "UniqueID", "duplicate " + first, "/Designations/Designation[2]"},
      &Direct<ListFormat::kUkSanctionsList, &lists::LoadUkSanctionsList>);
}

TEST(LenientTest, UkConListRowWithoutGroupId) {
  const std::string good = ReadTestFile(kData + "/lists/uk/ofsi_conlist_2025-04-10.csv");
  // The Group ID column of the first data row with no quoted cell, found from the header.
  const size_t header = good.find('\n') + 1;
  const std::string head = good.substr(header, good.find('\n', header) - header);
  int column = 0;
  for (size_t at = 0; at < head.find("Group ID"); ++at) column += head[at] == ',';
  size_t row = good.find('\n', header) + 1;
  while (good.substr(row, good.find('\n', row) - row).find('"') != std::string::npos) {
    row = good.find('\n', row) + 1;
  }
  size_t cell = row;
  for (int c = 0; c < column; ++c) cell = good.find(',', cell) + 1;
  std::string broken = good;
  broken.erase(cell, good.find_first_of(",\r\n", cell) - cell);
  // The row's group keeps its other rows (each UK entry has one row per name).
  absl::StatusOr<LoadedList> before = LoadListFromBytes("uk.csv", good);
  absl::StatusOr<LoadedList> after = LoadListFromBytes("uk.csv", broken);
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(lists::RecordsSkipped(*after), 1u);
  ASSERT_EQ(after->skipped.size(), before->skipped.size() + 1);
  EXPECT_EQ(after->skipped.back().line, LineAt(good, row));
  EXPECT_EQ(after->skipped.back().field, "Group ID");
  EXPECT_EQ(after->skipped.back().reason, "empty; record skipped");
}

TEST(LenientTest, UaeDuplicateEntryNumber) {
  const std::string good = ReadTestFile(kData + "/lists/uae/uae_local_terrorist_list_2025.csv");
  const size_t row2 = good.find("\n2,") + 1;
  ASSERT_NE(good.find("\n1,"), std::string::npos);
  std::string broken = good;
  broken.replace(row2, 1, "1");
  ExpectOneSkipped("uae.csv", good, broken,
                   {LineAt(good, row2), "#", "duplicate entry number 1", ""});
}

}  // namespace
}  // namespace cordon
