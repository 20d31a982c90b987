#include "lists/csv.h"
#include "testing/files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cordon::lists {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using ::cordon::test_support::ReadTestFile;

// All records, or the first error.
absl::StatusOr<std::vector<std::vector<std::string>>> ReadAll(std::string_view data,
                                                              uint64_t max_field = 1u << 20) {
  CsvReader r("t.csv", data, ',', max_field);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> fields;
  while (true) {
    absl::StatusOr<bool> more = r.Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) return out;
    out.push_back(fields);
  }
}

TEST(CsvReader, QuotingDoubledQuotesAndEmbeddedLineBreaks) {
  CsvReader r("t.csv", "a,\"b,c\",\"say \"\"hi\"\"\"\n\"multi\nline\",,x\nlast", ',');
  std::vector<std::string> f;
  ASSERT_TRUE(*r.Next(&f));
  EXPECT_THAT(f, ElementsAre("a", "b,c", "say \"hi\""));
  EXPECT_EQ(r.line(), 1u);
  ASSERT_TRUE(*r.Next(&f));
  EXPECT_THAT(f, ElementsAre("multi\nline", "", "x"));
  EXPECT_EQ(r.line(), 2u);
  ASSERT_TRUE(*r.Next(&f));  // final record without a line end
  EXPECT_THAT(f, ElementsAre("last"));
  EXPECT_EQ(r.line(), 4u);  // the quoted line break moved it to line 4
  EXPECT_FALSE(*r.Next(&f));
}

TEST(CsvReader, CrLfLoneCrBomAndEmptyFields) {
  const auto rows = ReadAll("\xEF\xBB\xBFid,name\r\n1,\r\n,\r2,b\r\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(ElementsAre("id", "name"), ElementsAre("1", ""),
                                 ElementsAre("", ""), ElementsAre("2", "b")));
}

TEST(CsvReader, OfacSpacesAfterClosingQuote) {
  const auto rows = ReadAll("36,\"AEROCARIBBEAN AIRLINES\" ,-0- ,\"CUBA\"\r\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT((*rows)[0], ElementsAre("36", "AEROCARIBBEAN AIRLINES", "-0- ", "CUBA"));
}

TEST(CsvReader, UnclosedQuoteNamesTheLineWhereTheRecordStarts) {
  const auto rows = ReadAll("a,b\nc,\"open\nstill open\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(rows.status().message()), HasSubstr("t.csv:2: field 2"));
  EXPECT_THAT(std::string(rows.status().message()), HasSubstr("never closed"));
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  const auto rows = ReadAll("a,b\nc,d\n\"x\"y,z\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_THAT(std::string(rows.status().message()), HasSubstr("t.csv:3: field 1"));
  EXPECT_THAT(std::string(rows.status().message()), HasSubstr("after a closing quote"));
}

TEST(CsvReader, FieldLongerThanTheBudget) {
  const auto ok = ReadAll("12345,\"abcde\"\n", 5);
  EXPECT_TRUE(ok.ok()) << ok.status();
  const auto plain = ReadAll("a\n123456\n", 5);
  ASSERT_FALSE(plain.ok());
  EXPECT_THAT(std::string(plain.status().message()), HasSubstr("t.csv:2: field 1: longer than 5"));
  const auto quoted = ReadAll("a,\"123456\"\n", 5);
  ASSERT_FALSE(quoted.ok());
  EXPECT_THAT(std::string(quoted.status().message()), HasSubstr("field 2"));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  const auto rows = ReadAll("");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST(CsvReader, RealOfacSdnFile) {
  const std::string data = ReadTestFile(CORDON_DATA_DIR "/lists/ofac-sdn/sdn.csv");
  const auto rows = ReadAll(data);
  ASSERT_TRUE(rows.ok()) << rows.status();
  // Python csv.reader: 14966 records; all have 12 fields except the last,
  // which is the DOS end-of-file byte 0x1A the file ends with.
  ASSERT_EQ(rows->size(), 14966u);
  for (size_t i = 0; i + 1 < rows->size(); ++i) ASSERT_EQ((*rows)[i].size(), 12u) << i;
  EXPECT_THAT(rows->back(), ElementsAre("\x1A"));
  EXPECT_THAT((*rows)[0], ElementsAre("36", "AEROCARIBBEAN AIRLINES", "-0- ", "CUBA", "-0- ",
                                      "-0- ", "-0- ", "-0- ", "-0- ", "-0- ", "-0- ", "-0- "));
}

TEST(CsvReader, RealUaeFileWithMultiLineHeaderCells) {
  const std::string data =
      ReadTestFile(CORDON_DATA_DIR "/lists/uae/uae_local_terrorist_list_2025.csv");
  CsvReader r("uae.csv", data);
  std::vector<std::string> f;
  std::vector<uint64_t> lines;
  size_t records = 0;
  while (true) {
    absl::StatusOr<bool> more = r.Next(&f);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ++records;
    ASSERT_EQ(f.size(), 19u) << r.line();
    lines.push_back(r.line());
  }
  // Python csv.reader: 158 records of 19 fields; the header record 3 spans
  // lines 3-4, so record 4 starts on line 5 and the last on line 162.
  EXPECT_EQ(records, 158u);
  EXPECT_EQ(lines[2], 3u);
  EXPECT_EQ(lines[3], 5u);
  EXPECT_EQ(lines.back(), 162u);
  EXPECT_EQ(f[0], "155");
  EXPECT_EQ(f[2], "الصومال");
}

}  // namespace
}  // namespace cordon::lists
