#include "validate/negatives.h"
#include "testing/files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace cordon::validate {
namespace {

using ::cordon::test_support::ReadTestFile;

TEST(Negatives, ParsesTheBundledCorpus) {
  const std::string path = std::string(CORDON_DATA_DIR) + "/names/negatives/names.tsv";
  auto names = ParseNegatives(path, ReadTestFile(path));
  ASSERT_TRUE(names.ok()) << names.status();
  // Counts from the file: grep -vc '^#' names.tsv; grep -c -P '^ar\t'; grep -c -P '^ru-Latn\t';
  // grep -c -P '\tOrganization\t'; cut -f1 | grep -v '^#' | sort -u | wc -l.
  EXPECT_EQ(names->size(), 149557u);
  std::set<std::string> cultures;
  size_t ar = 0, ru_latn = 0, orgs = 0;
  for (const NegativeName& n : *names) {
    cultures.insert(n.culture);
    ar += n.culture == "ar";
    ru_latn += n.culture == "ru-Latn";
    orgs += n.schema == Schema::kOrganization;
  }
  EXPECT_EQ(ar, 2000u);
  EXPECT_EQ(ru_latn, 2200u);
  EXPECT_EQ(orgs, 7556u);
  EXPECT_EQ(cultures.size(), 71u);
  // First data line (line 70 of the file, after the header and the 63 locale lines).
  EXPECT_EQ((*names)[0].culture, "af_ZA");
  EXPECT_EQ((*names)[0].schema, Schema::kPerson);
  EXPECT_EQ((*names)[0].name, "Johannes Cecil Brink");
}

TEST(Negatives, ErrorsNameFileLineAndField) {
  auto r = ParseNegatives("n.tsv", "# c\nar\tPerson\tAli Hassan\nar\tPerson\n");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr("n.tsv:3: "));
  r = ParseNegatives("n.tsv", "ar\tPlanet\tAli Hassan\n");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr(":1: schema: "));
  r = ParseNegatives("n.tsv", "ar\tPerson\t  \n");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr(": name: "));
  EXPECT_FALSE(ParseNegatives("n.tsv", "ar\tPerson\t\xff\xfe\n").ok());
}

TEST(Negatives, CrLfAndMissingFinalNewline) {
  auto r = ParseNegatives("n.tsv", "ru\tPerson\tИван  Петров\r\nde\tOrganization\tHeinke KG");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "Иван Петров");
  EXPECT_EQ((*r)[1].schema, Schema::kOrganization);
}

}  // namespace
}  // namespace cordon::validate
