// Free-text tokens and windows (inspect/text_windows.h). The texts are an MT
// 70 line in the documented codeword style and the real address lines of the
// Ballerina pacs.008 sample (testdata/messages/iso20022/.../custom__mt103_fin2.xml).
#include "inspect/text_windows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cordon::inspect {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Texts(std::string_view text) {
  std::vector<std::string> out;
  for (const TextToken& t : TokenizeFreeText(text)) {
    out.emplace_back(text.substr(t.begin, t.end - t.begin));
  }
  return out;
}

TEST(TextWindowsTest, SplitsOnCodewordSlashesAndKeepsNamePunctuation) {
  EXPECT_THAT(Texts("/INV/42 PAYMENT TO ABU BAKR AL-BAGHDADI, O'NEIL & CO."),
              ElementsAre("INV", "42", "PAYMENT", "TO", "ABU", "BAKR", "AL-BAGHDADI", "O'NEIL", "&",
                          "CO."));
}

TEST(TextWindowsTest, NonAsciiBytesAreLetters) {
  const std::string text = "\xD8\xA3\xD8\xA8\xD9\x88 42";  // "أبو 42"
  const std::vector<TextToken> t = TokenizeFreeText(text);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(t[0].has_letter);
  EXPECT_FALSE(t[1].has_letter);
}

TEST(TextWindowsTest, WindowJoinsLinesWithOneSpace) {
  // The creditor address lines of the real pacs.008 sample, joined with "\n" as the reader does.
  const std::string text = "NO450\nGALLE RD COLOMBO 03 SL\n123456";
  const std::vector<TextToken> t = TokenizeFreeText(text);
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(WindowText(text, t, 0, 2), "NO450 GALLE RD");
  EXPECT_EQ(WindowText(text, t, 3, 3), "COLOMBO");
}

TEST(TextWindowsTest, PlaceWordsAreUpperCaseAsciiWords) {
  EXPECT_THAT(PlaceWords("ul. Lenina 5, Sevastopol-city\n299011"),
              ElementsAre("UL", "LENINA", "5", "SEVASTOPOL", "CITY", "299011"));
}

}  // namespace
}  // namespace cordon::inspect
