// The sources file parser on the bundled data/sources.toml and on bad files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cordon/updates.h"

namespace cordon {
namespace {

using ::testing::HasSubstr;

TEST(SourcesFile, BundledFileNamesTheOfficialLists) {
  absl::StatusOr<SourcesFile> f = ReadSourcesFile(std::string(CORDON_DATA_DIR) + "/sources.toml");
  ASSERT_TRUE(f.ok()) << f.status();
  std::vector<std::string> names, formats;
  for (const SourceSpec& s : f->sources) {
    names.push_back(s.name);
    formats.push_back(s.format);
    ASSERT_EQ(s.urls.size(), 1u);
    EXPECT_TRUE(s.urls[0].starts_with("https://")) << s.urls[0];
    EXPECT_EQ(s.guards.min_entity_share, 0.9);
  }
  // The UAE entry is disabled until pointed at an export (no stable official CSV address).
  EXPECT_EQ(names, (std::vector<std::string>{"un", "ofac-sdn", "ofac-cons", "eu", "uk", "canada"}));
  EXPECT_EQ(formats, (std::vector<std::string>{"un-xml", "ofac-xml", "ofac-xml", "eu-fsf-xml",
                                               "uk-sanctions-list", "canada-sema-xml"}));
  EXPECT_EQ(f->fetch.retries, 3);
  EXPECT_EQ(f->fetch.max_bytes, 536870912u);
}

TEST(SourcesFile, MultiFileSourceAndOverrides) {
  absl::StatusOr<SourcesFile> f = ParseSourcesFile(
      "s.toml",
      "[fetch]\nretries = 0\nca_file = \"/etc/ca.pem\"\n"
      "[[source]]\nname = \"ofac-csv\"\nformat = \"ofac-csv\"\nmin_entity_share = 0.5\n"
      "refuse_older = false\nurls = [\"https://x/sdn.csv\", \"https://x/alt.csv\"]\n");
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ(f->sources.size(), 1u);
  EXPECT_EQ(f->sources[0].urls.size(), 2u);
  EXPECT_EQ(f->sources[0].guards.min_entity_share, 0.5);
  EXPECT_FALSE(f->sources[0].guards.refuse_older);
  EXPECT_EQ(f->fetch.retries, 0);
  EXPECT_EQ(f->fetch.ca_file, "/etc/ca.pem");
}

TEST(SourcesFile, BadFilesNameTheProblem) {
  const std::string ok = "name = \"un\"\nurl = \"https://x/un.xml\"\nformat = \"un-xml\"\n";
  struct Case {
    std::string text, message;
  };
  for (const Case& c : std::vector<Case>{
           {"[[source]]\n" + ok + "colour = 1\n", "s.toml:1: source 1: colour: unknown key"},
           {"[[source]]\nname = \"UN!\"\nurl = \"https://x\"\nformat = \"un-xml\"\n",
            "name: expected 1-32 of [a-z0-9_-]"},
           {"[[source]]\nname = \"un\"\nurl = \"ftp://x\"\nformat = \"un-xml\"\n",
            "\"ftp://x\" is not an http, https or file URL"},
           {"[[source]]\nname = \"un\"\nurl = \"https://x\"\nformat = \"pdf\"\n",
            "format: \"pdf\" is not a list format"},
           {"[[source]]\nname = \"un\"\nformat = \"un-xml\"\n", "url: missing"},
           {"[[source]]\n" + ok + "[[source]]\n" + ok, "source 2: name: \"un\" given twice"},
           {"[[source]]\n" + ok + "min_entity_share = 2\n", "expected a number from 0 to 1"},
           {"[fetch]\nretries = 1.5\n[[source]]\n" + ok, "retries: expected a whole number"},
           {"[fetch]\nspeed = 1\n[[source]]\n" + ok, "fetch: speed: unknown key"},
           {"[[source]]\n" + ok + "enabled = false\n", "no enabled [[source]]"},
           {"x = [" + std::string(100, '[') + "]\n", "nested deeper than 16 levels"},
           {"[[source]\n", "not valid TOML"},
       }) {
    absl::StatusOr<SourcesFile> f = ParseSourcesFile("s.toml", c.text);
    ASSERT_FALSE(f.ok()) << c.text;
    EXPECT_THAT(std::string(f.status().message()), HasSubstr(c.message)) << c.text;
  }
}

}  // namespace
}  // namespace cordon
