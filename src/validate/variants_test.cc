#include "validate/variants.h"
#include "testing/files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace cordon::validate {
namespace {

// Real listed names used below:
//   UN QDi.006 FIRST..FOURTH_NAME: "AIMAN MUHAMMED RABI AL-ZAWAHIRI"
//   OFAC SDN ent_num 6365 (sdn.csv): "BIN LADIN, Usama bin Muhammad bin Awad"
//   UK OFSI ConList (two rows, grep -c 'SALAMÉ'): Name 6 "SALAMÉ", Name 1 "Raja"
constexpr std::string_view kZawahiri = "AIMAN MUHAMMED RABI AL-ZAWAHIRI";
constexpr std::string_view kBinLadin = "BIN LADIN, Usama bin Muhammad bin Awad";
constexpr std::string_view kSalame = "Raja SALAMÉ";

using ::cordon::test_support::ReadTestFile;

const VariantTable& RealTable() {
  static const VariantTable* table = [] {
    auto t = VariantTable::Parse(
        ReadTestFile(std::string(CORDON_DATA_DIR) + "/tables/name_variants.tsv"));
    EXPECT_TRUE(t.ok()) << t.status();
    return new VariantTable(t.ok() ? *std::move(t) : VariantTable());
  }();
  return *table;
}

std::string Make(Category c, std::string_view name, uint64_t seed, bool person = true) {
  Rng rng(seed);
  std::optional<std::string> v = MakeVariant(c, name, person, RealTable(), rng);
  EXPECT_TRUE(v.has_value()) << CategoryName(c) << " " << name;
  return v.value_or("");
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](char c) { return std::tolower(c); });
  return s;
}

// Positions where two equal-length strings differ.
std::vector<size_t> Diff(std::string_view a, std::string_view b) {
  std::vector<size_t> d;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) d.push_back(i);
  }
  return d;
}

// True when `longer` is `shorter` with exactly one byte inserted; sets *at to its position.
bool OneInserted(std::string_view shorter, std::string_view longer, size_t* at) {
  if (longer.size() != shorter.size() + 1) return false;
  size_t i = 0;
  while (i < shorter.size() && shorter[i] == longer[i]) ++i;
  *at = i;
  return shorter.substr(i) == longer.substr(i + 1);
}

// Many seeds, so every branch of a generator's random choices is exercised.
constexpr int kSeeds = 50;

TEST(Variants, TypoInsertAddsOneLetter) {
  for (int s = 0; s < kSeeds; ++s) {
    const std::string v = Make(Category::kTypoInsert, kZawahiri, s);
    size_t at = 0;
    ASSERT_TRUE(OneInserted(kZawahiri, v, &at)) << v;
    EXPECT_TRUE(std::isalpha(v[at])) << v;
  }
}

TEST(Variants, TypoDeleteRemovesOneLetterInsideALongToken) {
  for (int s = 0; s < kSeeds; ++s) {
    const std::string v = Make(Category::kTypoDelete, kZawahiri, s);
    size_t at = 0;
    ASSERT_TRUE(OneInserted(v, kZawahiri, &at)) << v;
    EXPECT_TRUE(std::isalpha(kZawahiri[at]));
    EXPECT_NE(kZawahiri[at - 1], ' ') << "first letters are never deleted: " << v;
  }
}

TEST(Variants, TypoSubstituteChangesExactlyOneLetter) {
  for (int s = 0; s < kSeeds; ++s) {
    const std::string v = Make(Category::kTypoSubstitute, kZawahiri, s);
    ASSERT_EQ(v.size(), kZawahiri.size());
    const std::vector<size_t> d = Diff(kZawahiri, v);
    ASSERT_EQ(d.size(), 1u) << v;
    EXPECT_TRUE(std::isupper(v[d[0]])) << "case kept: " << v;
  }
}

TEST(Variants, TypoTransposeSwapsTwoAdjacentLetters) {
  int made = 0;
  for (int s = 0; s < kSeeds; ++s) {
    Rng rng(s);
    auto v = MakeVariant(Category::kTypoTranspose, kZawahiri, true, RealTable(), rng);
    if (!v) continue;  // the drawn position had an equal neighbour or a token end
    ++made;
    const std::vector<size_t> d = Diff(kZawahiri, *v);
    ASSERT_EQ(d.size(), 2u) << *v;
    EXPECT_EQ(d[1], d[0] + 1);
    EXPECT_EQ((*v)[d[0]], kZawahiri[d[1]]);
    EXPECT_EQ((*v)[d[1]], kZawahiri[d[0]]);
  }
  EXPECT_GT(made, kSeeds / 2);
}

TEST(Variants, DoubledLetterRepeatsALetter) {
  for (int s = 0; s < kSeeds; ++s) {
    const std::string v = Make(Category::kDoubledLetter, kZawahiri, s);
    size_t at = 0;
    ASSERT_TRUE(OneInserted(kZawahiri, v, &at)) << v;
    EXPECT_TRUE(v[at] == v[at + 1] || (at > 0 && v[at] == v[at - 1])) << v;
  }
}

TEST(Variants, MissingSpaceJoinsTwoTokens) {
  const std::string v = Make(Category::kMissingSpace, kZawahiri, 3);
  EXPECT_EQ(SplitTokens(v).size(), 3u) << v;
  std::string a(kZawahiri), b(v);
  std::erase(a, ' ');
  std::erase(b, ' ');
  EXPECT_EQ(a, b);
}

TEST(Variants, ReorderPutsTheLastTokenFirst) {
  EXPECT_EQ(Make(Category::kReorder, kZawahiri, 1), "AL-ZAWAHIRI AIMAN MUHAMMED RABI");
}

TEST(Variants, LastFirstWritesTheFamilyNameFirstWithAComma) {
  EXPECT_EQ(Make(Category::kLastFirst, kZawahiri, 1), "AL-ZAWAHIRI, AIMAN MUHAMMED RABI");
  // OFAC already writes "LAST, First": the variant is the natural order.
  EXPECT_EQ(Make(Category::kLastFirst, kBinLadin, 1), "Usama bin Muhammad bin Awad BIN LADIN");
}

TEST(Variants, MissingPartDropsOneMiddleToken) {
  for (int s = 0; s < kSeeds; ++s) {
    const std::string v = Make(Category::kMissingPart, kZawahiri, s);
    EXPECT_THAT(v, ::testing::AnyOf("AIMAN RABI AL-ZAWAHIRI", "AIMAN MUHAMMED AL-ZAWAHIRI"));
  }
  Rng rng(1);
  EXPECT_FALSE(MakeVariant(Category::kMissingPart, "Raja SALAMÉ", true, RealTable(), rng));
  // Neither half of an "Abd" name written apart is dropped ("Abdul Rauf" is one name), so of
  // the two middle tokens only ZAKIR can go.
  for (int s = 0; s < kSeeds; ++s) {
    EXPECT_EQ(Make(Category::kMissingPart, "ABDUL RAUF ZAKIR BAHRAM", s), "ABDUL RAUF BAHRAM");
  }
  // Organisations get no missing-part or initials variant (variants.cc says why); a real OFAC
  // company name of three tokens.
  EXPECT_FALSE(
      MakeVariant(Category::kMissingPart, "RUSSIAN AGRICULTURAL BANK", false, RealTable(), rng));
  EXPECT_FALSE(MakeVariant(Category::kInitials, "WELMART GROUP LIMITED", false, RealTable(), rng));
}

TEST(Variants, InitialsAbbreviateTheFirstGivenName) {
  EXPECT_EQ(Make(Category::kInitials, kZawahiri, 1), "A. MUHAMMED RABI AL-ZAWAHIRI");
  EXPECT_EQ(Make(Category::kInitials, kBinLadin, 1), "BIN LADIN, U. bin Muhammad bin Awad");
}

TEST(Variants, SplitJoinSplitsAHyphenOrJoinsAPrefix) {
  EXPECT_EQ(Make(Category::kSplitJoin, kZawahiri, 1), "AIMAN MUHAMMED RABI AL ZAWAHIRI");
  // No hyphen: the first short token that is not "LAST," is joined to the next.
  EXPECT_EQ(Make(Category::kSplitJoin, "Usama bin Muhammad bin Awad", 1),
            "Usamabin Muhammad bin Awad");
}

TEST(Variants, TitlesAddANoiseWord) {
  const std::set<std::string> titles = {"Mullah",  "Haji",   "Dr.",   "Mr",
                                        "Maulavi", "Sheikh", "Hafiz", "Qari"};
  for (int s = 0; s < kSeeds; ++s) {
    const std::string v = Make(Category::kTitles, kZawahiri, s);
    ASSERT_TRUE(v.ends_with(std::string(" ") + std::string(kZawahiri))) << v;
    EXPECT_TRUE(titles.count(v.substr(0, v.size() - kZawahiri.size() - 1))) << v;
  }
  EXPECT_EQ(Make(Category::kTitles, "AL-QAIDA", 1, /*person=*/false), "The AL-QAIDA");
}

TEST(Variants, DiacriticsAddedToAsciiAndRemovedFromAccented) {
  const std::string added = Make(Category::kDiacritics, kZawahiri, 4);
  EXPECT_TRUE(std::any_of(added.begin(), added.end(), [](char c) { return c & 0x80; })) << added;
  EXPECT_EQ(Make(Category::kDiacritics, added, 1), kZawahiri);  // removal restores the name
  EXPECT_EQ(Make(Category::kDiacritics, kSalame, 1), "Raja SALAME");
}

TEST(Variants, TransliterationUsesAnotherSpellingFromTheTable) {
  // Of these tokens MUHAMMED and RABI are in groups of name_variants.tsv, AIMAN and AL-ZAWAHIRI
  // are not (grep -P '(^|\t)(aiman|alzawahiri)(\t|$)' finds nothing).
  const std::vector<std::string> orig = SplitTokens(kZawahiri);
  std::set<size_t> changed_positions;
  for (int s = 0; s < kSeeds; ++s) {
    const std::vector<std::string> t = SplitTokens(Make(Category::kTransliteration, kZawahiri, s));
    ASSERT_EQ(t.size(), 4u);
    const std::vector<size_t> d = [&] {
      std::vector<size_t> out;
      for (size_t i = 0; i < 4; ++i)
        if (t[i] != orig[i]) out.push_back(i);
      return out;
    }();
    ASSERT_EQ(d.size(), 1u);
    changed_positions.insert(d[0]);
    EXPECT_THAT(RealTable().Others(Lower(orig[d[0]])), ::testing::Contains(Lower(t[d[0]])));
    EXPECT_EQ(t[d[0]], [&] {
      std::string u = Lower(t[d[0]]);
      for (char& c : u) c = std::toupper(c);
      return u;
    }());
  }
  EXPECT_EQ(changed_positions, (std::set<size_t>{1, 2}));
  Rng rng(1);
  EXPECT_FALSE(MakeVariant(Category::kTransliteration, "Zzyzx Qwrty", true, RealTable(), rng));
}

TEST(Variants, SameSeedSameVariants) {
  for (Category c : GeneratedCategories()) {
    Rng a(99), b(99);
    EXPECT_EQ(MakeVariant(c, kBinLadin, true, RealTable(), a),
              MakeVariant(c, kBinLadin, true, RealTable(), b));
  }
}

TEST(Variants, NoVariantOfANameWithoutLatinLetters) {
  for (Category c : {Category::kTypoInsert, Category::kTypoDelete, Category::kTypoSubstitute,
                     Category::kDoubledLetter, Category::kTransliteration}) {
    Rng rng(1);
    EXPECT_FALSE(MakeVariant(c, "أيمن محمد ربيع الظواهري", true, RealTable(), rng));
  }
}

TEST(VariantTable, ParsesTheRealTable) {
  // grep -vc '^#' data/tables/name_variants.tsv
  EXPECT_EQ(RealTable().groups(), 669u);
  EXPECT_THAT(RealTable().Others("usama"), ::testing::Contains("osama"));
  EXPECT_THAT(RealTable().Others("yusuf"), ::testing::Contains("yousef"));
  EXPECT_THAT(RealTable().Others("abdullah"), ::testing::Contains("abdallah"));
}

TEST(VariantTable, RejectsBadLinesWithTheirNumber) {
  auto dup = VariantTable::Parse("# c\nosama\tusama\nusama\tusamah\n");
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(std::string(dup.status().message()), ::testing::HasSubstr("name_variants.tsv:3: "));
  auto upper = VariantTable::Parse("Osama\tusama\n");
  ASSERT_FALSE(upper.ok());
  EXPECT_THAT(std::string(upper.status().message()), ::testing::HasSubstr("name_variants.tsv:1: "));
  EXPECT_FALSE(VariantTable::Parse("osama\n").ok());
  EXPECT_FALSE(VariantTable::Parse("osama\t\tusama\n").ok());
}

}  // namespace
}  // namespace cordon::validate
