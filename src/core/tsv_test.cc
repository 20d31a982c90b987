#include "core/tsv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace cordon {
namespace {

using ::testing::ElementsAre;

TEST(TsvTest, SplitsAtEveryTab) {
  EXPECT_THAT(SplitTabs("a\tb\t\tc"), ElementsAre("a", "b", "", "c"));
  EXPECT_THAT(SplitTabs(""), ElementsAre(""));
  EXPECT_THAT(SplitTabs("a\t"), ElementsAre("a", ""));
}

TEST(TsvTest, VisitsDataLinesWithTheirNumbers) {
  std::vector<std::pair<uint64_t, std::string>> seen;
  const absl::Status s = ForEachDataLine("# header\r\nx\ty\r\n\n  \t \n  # indented comment\nlast",
                                         [&](uint64_t n, std::string_view l) {
                                           seen.emplace_back(n, std::string(l));
                                           return absl::OkStatus();
                                         });
  ASSERT_TRUE(s.ok());
  EXPECT_THAT(seen, ElementsAre(std::pair<uint64_t, std::string>{2, "x\ty"},
                                std::pair<uint64_t, std::string>{6, "last"}));
}

TEST(TsvTest, StopsAtTheFirstError) {
  int calls = 0;
  const absl::Status s = ForEachDataLine("a\nb\nc\n", [&](uint64_t n, std::string_view) {
    ++calls;
    return n == 2 ? absl::InvalidArgumentError("bad") : absl::OkStatus();
  });
  EXPECT_EQ(s.message(), "bad");
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace cordon
