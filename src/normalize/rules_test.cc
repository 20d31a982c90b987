// ClassifyToken (a hash map of the class words, the misspelt legal forms listed by token length
// and filtered by their first two letters) against the plain scan it replaced: every word of the
// class lists compared in order, BoundedOsa against every legal form. Compared over every token
// of every bundled list's names, every word of the testdata/messages samples, and every one- and
// two-edit variant of each class word (misspelt legal forms and near misses alike).
#include "normalize/rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "cordon/sources.h"
#include "normalize/legal_forms.h"
#include "normalize/normalizer.h"

namespace cordon::normalize {
namespace {

bool InWords(TokenClass c, std::string_view t) {
  const std::span<const std::string_view> w = ClassWords(c);
  return std::find(w.begin(), w.end(), t) != w.end();
}

// The rule as first written (normalize/8): the odd four-letter forms for tokens of 4-5 letters,
// every form of six or more letters within one letter of the token's length from 6 letters on.
bool MisspeltByScan(std::string_view t) {
  const std::span<const std::string_view> odd = OddLegalForms();
  if (t.size() >= 4 && t.size() <= 5 &&
      std::any_of(odd.begin(), odd.end(),
                  [&](std::string_view f) { return BoundedOsa(t, f, 1) <= 1; })) {
    return true;
  }
  if (t.size() < 6) return false;
  const std::span<const std::string_view> forms = ClassWords(TokenClass::kLegalForm);
  return std::any_of(forms.begin(), forms.end(), [&](std::string_view f) {
    return f.size() >= 6 && f.size() + 1 >= t.size() && t.size() + 1 >= f.size() &&
           BoundedOsa(t, f, 1) <= 1;
  });
}

// `misspelt`: MisspeltByScan(t).
TokenClass ClassifyByScan(std::string_view t, bool misspelt) {
  if (InWords(TokenClass::kArticle, t)) return TokenClass::kArticle;
  if (InWords(TokenClass::kConnector, t)) return TokenClass::kConnector;
  if (InWords(TokenClass::kHonorific, t)) return TokenClass::kHonorific;
  if (InWords(TokenClass::kLegalForm, t) || misspelt || IsTableLegalFormWord(t)) {
    return TokenClass::kLegalForm;
  }
  if (InWords(TokenClass::kVesselPrefix, t)) return TokenClass::kVesselPrefix;
  return TokenClass::kName;
}

// Tallies of the comparisons, so that the test shows both answers were met often.
struct Seen {
  size_t tokens = 0, misspelt = 0, not_misspelt = 0, legal = 0, name = 0;
};

void ExpectSame(std::string_view t, Seen* seen) {
  const bool misspelt = MisspeltByScan(t);
  ASSERT_EQ(IsMisspeltLegalForm(t), misspelt) << "'" << t << "'";
  const TokenClass want = ClassifyByScan(t, misspelt);
  ASSERT_EQ(ClassifyToken(t), want) << "'" << t << "': " << TokenClassName(want);
  ++seen->tokens;
  ++(misspelt ? seen->misspelt : seen->not_misspelt);
  seen->legal += want == TokenClass::kLegalForm;
  seen->name += want == TokenClass::kName;
}

// Each distinct word of `text` as the normaliser reads it before the structure rules.
void AddWords(const Normalizer& n, std::string_view text, std::unordered_set<std::string>* out) {
  std::istringstream words(n.ToAscii(text));
  for (std::string w; words >> w;) out->insert(w);
}

class RulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    norm_ = n->release();
  }
  static void TearDownTestSuite() { delete norm_; }
  static Normalizer* norm_;
};
Normalizer* RulesTest::norm_ = nullptr;

TEST_F(RulesTest, ClassifyTokenEqualsScanOverBundledListNames) {
  std::vector<std::string> folders;  // un, ofac-sdn, ofac-cons, uk, canada, uae
  for (const auto& f :
       std::filesystem::directory_iterator(std::string(CORDON_DATA_DIR) + "/lists")) {
    if (f.is_directory()) folders.push_back(f.path().string());
  }
  ASSERT_GE(folders.size(), 6u);
  auto lists = LoadSources(folders);
  ASSERT_TRUE(lists.ok()) << lists.status();
  std::unordered_set<std::string> words;
  for (const LoadedList& l : *lists) {
    for (const Entity& e : l.entities) {
      for (const Name& name : e.names) AddWords(*norm_, name.full, &words);
    }
  }
  Seen seen;
  for (const std::string& w : words) ExpectSame(w, &seen);
  // On the bundled lists: 35,874 distinct words, 76 of them legal forms, 32 within one edit of
  // a form the rule knows (the forms themselves, and "limted", "comany", "corporaton", "kompany",
  // "corporacion", "sharikah", ...).
  EXPECT_GT(seen.tokens, 30000u);
  EXPECT_GT(seen.misspelt, 20u);
  EXPECT_GT(seen.legal, 60u);
  EXPECT_GT(seen.name, 30000u);
}

TEST_F(RulesTest, ClassifyTokenEqualsScanOverMessageSamples) {
  std::unordered_set<std::string> words;
  size_t files = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(
           std::string(CORDON_TESTDATA_DIR) + "/messages")) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    ++files;
    // Line by line, as the normaliser reads a name of at most Normalizer::kMaxNameBytes.
    for (std::string line; std::getline(in, line);) {
      for (size_t at = 0; at < line.size();) {
        size_t end = std::min(line.size(), at + 512);
        while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
        AddWords(*norm_, std::string_view(line).substr(at, end - at), &words);
        at = end;
      }
    }
  }
  Seen seen;
  for (const std::string& w : words) ExpectSame(w, &seen);
  // 1,950 distinct words, 10 of them legal forms (LTD, LIMITED, CO, ... in the parties' names).
  EXPECT_GT(files, 50u);
  EXPECT_GT(seen.tokens, 1500u);
  EXPECT_GT(seen.legal, 8u);
}

// Every string one edit (deletion, insertion, substitution, adjacent transposition) from `w`,
// inserting or substituting the letters, a digit and a byte of UTF-8, and with `depth` 2 those
// one edit further (inserting or substituting fewer letters: a, o, z and the byte).
std::unordered_set<std::string> Edits(
    const std::string& w, int depth,
    const std::string& letters = "abcdefghijklmnopqrstuvwxyz0\xC3") {
  std::unordered_set<std::string> out;
  for (size_t i = 0; i <= w.size(); ++i) {
    if (i < w.size()) out.insert(w.substr(0, i) + w.substr(i + 1));
    if (i + 1 < w.size()) {
      std::string t = w;
      std::swap(t[i], t[i + 1]);
      out.insert(t);
    }
    for (const char c : letters) {
      out.insert(w.substr(0, i) + c + w.substr(i));
      if (i < w.size()) out.insert(w.substr(0, i) + c + w.substr(i + 1));
    }
  }
  if (depth > 1) {
    const std::unordered_set<std::string> first = out;
    for (const std::string& e : first) out.merge(Edits(e, depth - 1, "aoz\xC3"));
  }
  return out;
}

TEST_F(RulesTest, ClassifyTokenEqualsScanOnEditsOfEveryClassWord) {
  std::vector<std::string> words;
  for (const TokenClass c : {TokenClass::kArticle, TokenClass::kConnector, TokenClass::kHonorific,
                             TokenClass::kLegalForm, TokenClass::kVesselPrefix}) {
    for (const std::string_view w : ClassWords(c)) words.emplace_back(w);
  }
  Seen seen;
  for (const std::string& w : words) {
    // Two edits of the forms the misspelt-form rule knows (its near misses), one of the rest.
    const std::span<const std::string_view> odd = OddLegalForms();
    const bool rule = (InWords(TokenClass::kLegalForm, w) && w.size() >= 6) ||
                      std::find(odd.begin(), odd.end(), w) != odd.end();
    for (const std::string& e : Edits(w, rule ? 2 : 1)) ExpectSame(e, &seen);
    ExpectSame(w, &seen);
  }
  // 461,355 strings, 6,996 of them within one edit of a form the rule knows.
  EXPECT_GT(seen.misspelt, 5000u);
  EXPECT_GT(seen.not_misspelt, 400000u);
}

}  // namespace
}  // namespace cordon::normalize
