#include "core/text.h"
#include "testing/files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cordon {
namespace {

using ::testing::HasSubstr;

using ::cordon::test_support::ReadTestFile;

TEST(PositionOf, LinesAndColumns) {
  const std::string text = "ab\ncde\n\nf";
  EXPECT_EQ(PositionOf(text, 0).line, 1u);
  EXPECT_EQ(PositionOf(text, 1).column, 2u);
  const TextPosition p = PositionOf(text, 5);  // 'e'
  EXPECT_EQ(p.line, 2u);
  EXPECT_EQ(p.column, 3u);
  EXPECT_EQ(p.offset, 5u);
  EXPECT_EQ(PositionOf(text, 8).line, 4u);  // 'f'
}

TEST(ValidateUtf8, AcceptsTheRealArabicAndCyrillicLists) {
  // The UAE list is Arabic, the UN list carries Arabic and Cyrillic names.
  EXPECT_TRUE(ValidateUtf8("uae", ReadTestFile(CORDON_DATA_DIR
                                               "/lists/uae/uae_local_terrorist_list_2025.csv"))
                  .ok());
  EXPECT_TRUE(
      ValidateUtf8("un", ReadTestFile(CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml"))
          .ok());
}

TEST(ValidateUtf8, NamesLineAndByteOfTheFirstBadByte) {
  const std::string text = "name,country\nAli,Iraq\nJos\xE9,Spain\n";  // Latin-1 e-acute
  const absl::Status s = ValidateUtf8("list.csv", text);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  // "Jos" starts at byte 22, so the bad byte is at 25, on line 3.
  EXPECT_THAT(std::string(s.message()), HasSubstr("list.csv:3: byte 25"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("0xE9"));
}

TEST(ValidateUtf8, RejectsOverlongsSurrogatesAndOutOfRange) {
  EXPECT_FALSE(ValidateUtf8("x", "\xC0\xAF").ok());          // overlong '/'
  EXPECT_FALSE(ValidateUtf8("x", "\xE0\x80\xAF").ok());      // overlong, 3 bytes
  EXPECT_FALSE(ValidateUtf8("x", "\xED\xA0\x80").ok());      // U+D800 surrogate
  EXPECT_FALSE(ValidateUtf8("x", "\xF4\x90\x80\x80").ok());  // above U+10FFFF
  EXPECT_FALSE(ValidateUtf8("x", "abc\xE2\x82").ok());       // truncated sequence at the end
  EXPECT_TRUE(ValidateUtf8("x", "\xF4\x8F\xBF\xBF").ok());   // U+10FFFF itself
  EXPECT_TRUE(ValidateUtf8("x", "").ok());
}

TEST(ValidateUtf8, ExplainsUtf16ByteOrderMarks) {
  const absl::Status le = ValidateUtf8("f.csv", std::string("\xFF\xFEn\0a\0", 6));
  ASSERT_FALSE(le.ok());
  EXPECT_THAT(std::string(le.message()), HasSubstr("UTF-16"));
  const absl::Status be = ValidateUtf8("f.csv", std::string("\xFE\xFF\0n\0a", 6));
  ASSERT_FALSE(be.ok());
  EXPECT_THAT(std::string(be.message()), HasSubstr("UTF-16"));
}

TEST(ValidateUtf8, ExplainsUtf32ByteOrderMarks) {
  const absl::Status le = ValidateUtf8("f.csv", std::string("\xFF\xFE\0\0n\0\0\0", 8));
  ASSERT_FALSE(le.ok());
  EXPECT_THAT(std::string(le.message()), HasSubstr("UTF-32LE"));
  const absl::Status be = ValidateUtf8("f.csv", std::string("\0\0\xFE\xFF\0\0\0n", 8));
  ASSERT_FALSE(be.ok());
  EXPECT_THAT(std::string(be.message()), HasSubstr("UTF-32BE"));
}

TEST(StripBom, OnlyAtTheStart) {
  EXPECT_EQ(StripBom("\xEF\xBB\xBFname"), "name");
  EXPECT_EQ(StripBom("name\xEF\xBB\xBF"), "name\xEF\xBB\xBF");
  EXPECT_EQ(StripBom(""), "");
}

TEST(CleanSpaces, TrimsAndFoldsUnicodeSpaces) {
  EXPECT_EQ(CleanSpaces("  Abu \t\n Bakr  "), "Abu Bakr");
  EXPECT_EQ(CleanSpaces("\u00a0Abu\u00a0\u00a0Bakr\u00a0"), "Abu Bakr");  // NBSP
  EXPECT_EQ(CleanSpaces("Abu\u2003Bakr"), "Abu Bakr");                    // em space
  EXPECT_EQ(CleanSpaces("\u200bAbu\u200b"), "Abu");                       // zero-width space
  EXPECT_EQ(CleanSpaces("سيف  العدل"), "سيف العدل");
  EXPECT_EQ(CleanSpaces(" \t\r\n "), "");
  EXPECT_EQ(CleanSpaces(""), "");
}

TEST(AsciiLower, LeavesNonAsciiAlone) { EXPECT_EQ(AsciiLower("ÀBC def"), "Àbc def"); }

TEST(DetectScript, RealNamesInFourScripts) {
  EXPECT_EQ(DetectScript("سيف العدل"), "Arab");              // a UN list NOTE
  EXPECT_EQ(DetectScript("Тархан Исаевич Газиев"), "Cyrl");  // UN NOTE original script
  EXPECT_EQ(DetectScript("SANAULLAH GHAFARI"), "Latn");
  EXPECT_EQ(DetectScript("Dr. Ibrahim Awwad al-Samarra’i"), "Latn");
  EXPECT_EQ(DetectScript("金正恩"), "Hani");
  EXPECT_EQ(DetectScript("김정은"), "Hang");
  EXPECT_EQ(DetectScript("Ελλάδα"), "Grek");
}

TEST(DetectScript, MajorityWinsAndCommonCharactersDoNotCount) {
  EXPECT_EQ(DetectScript("Abu سيف العدل"), "Arab");
  EXPECT_EQ(DetectScript("1975-04-12 / (2)"), "");
  EXPECT_EQ(DetectScript(""), "");
  EXPECT_EQ(DetectScript("Ali ١٢٣"), "Latn");  // Arabic-Indic digits are not letters
}

}  // namespace
}  // namespace cordon
