#include "core/files.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace cordon {
namespace {

TEST(FilesTest, ReadsAWholeRealFile) {
  const std::string path = std::string(CORDON_TESTDATA_DIR) + "/PROVENANCE.md";
  const absl::StatusOr<std::string> text = ReadFileToString(path);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->size(), std::filesystem::file_size(path));
  EXPECT_NE(text->find("PROVENANCE"), std::string::npos);
}

TEST(FilesTest, MissingFileNamesThePath) {
  const absl::StatusOr<std::string> text = ReadFileToString("/nonexistent/list.xml");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(text.status().message(), "/nonexistent/list.xml: cannot open");
}

}  // namespace
}  // namespace cordon
