#include "validate/variants.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include "core/strcat.h"
#include "core/tsv.h"

namespace cordon::validate {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string Join(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

// Byte positions eligible for a typo: ASCII letters of tokens with at least kMinTypoToken letters,
// never a token's first letter. Typos in 1-3 letter tokens ("Ali", "bin") and in the first letter
// are rare in practice (people get the start of a name right) and would turn the token into
// another common token rather than a misspelling of it.
constexpr size_t kMinTypoToken = 4;

std::vector<size_t> TypoPositions(std::string_view name) {
  std::vector<size_t> out;
  size_t i = 0;
  while (i < name.size()) {
    if (!IsAsciiLetter(name[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < name.size() && IsAsciiLetter(name[j])) ++j;
    if (j - i >= kMinTypoToken) {
      for (size_t k = i + 1; k < j; ++k) out.push_back(k);
    }
    i = j;
  }
  return out;
}

char RandomLetterLike(char like, Rng& rng) {
  const char c = static_cast<char>('a' + rng.Below(26));
  return IsUpper(like) ? Upper(c) : c;
}

std::optional<std::string> Typo(Category category, std::string_view name, Rng& rng) {
  std::vector<size_t> pos = TypoPositions(name);
  if (pos.empty()) return std::nullopt;
  std::string out(name);
  size_t p = pos[rng.Below(pos.size())];
  switch (category) {
    case Category::kTypoInsert:
      out.insert(out.begin() + static_cast<ptrdiff_t>(p), RandomLetterLike(out[p], rng));
      break;
    case Category::kTypoDelete: out.erase(p, 1); break;
    case Category::kTypoSubstitute: {
      // One of the 25 other letters, uniformly.
      char c = static_cast<char>('a' + rng.Below(25));
      if (c >= Lower(out[p])) ++c;
      out[p] = IsUpper(out[p]) ? Upper(c) : c;
      break;
    }
    case Category::kTypoTranspose:
      if (p + 1 >= out.size() || !IsAsciiLetter(out[p + 1]) || Lower(out[p]) == Lower(out[p + 1])) {
        return std::nullopt;
      }
      std::swap(out[p], out[p + 1]);
      break;
    case Category::kDoubledLetter:
      out.insert(out.begin() + static_cast<ptrdiff_t>(p), out[p]);
      break;
    default: return std::nullopt;
  }
  return out;
}

std::optional<std::string> MissingSpace(const std::vector<std::string>& t, Rng& rng) {
  if (t.size() < 2) return std::nullopt;
  std::vector<std::string> out = t;
  size_t i = rng.Below(t.size() - 1);
  out[i] += out[i + 1];
  out.erase(out.begin() + static_cast<ptrdiff_t>(i) + 1);
  return Join(out);
}

std::optional<std::string> Reorder(const std::vector<std::string>& t) {
  if (t.size() < 2) return std::nullopt;
  std::vector<std::string> out = t;
  std::rotate(out.rbegin(), out.rbegin() + 1, out.rend());  // last token first
  return Join(out);
}

std::string StripComma(std::string s) {
  while (!s.empty() && s.back() == ',') s.pop_back();
  return s;
}

// Index of the token that closes the family name in "LAST, First" order (OFAC writes names so),
// or t.size() when the name has no such comma.
size_t CommaToken(const std::vector<std::string>& t) {
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].ends_with(',')) return i;
  }
  return t.size();
}

std::optional<std::string> LastFirst(const std::vector<std::string>& t) {
  if (t.size() < 2) return std::nullopt;
  const size_t k = CommaToken(t);
  if (k < t.size()) {  // already "LAST, First": write it "First LAST"
    std::vector<std::string> out(t.begin() + static_cast<ptrdiff_t>(k) + 1, t.end());
    for (size_t i = 0; i <= k; ++i) out.push_back(StripComma(t[i]));
    return Join(out);
  }
  std::string last = t.back();
  std::transform(last.begin(), last.end(), last.begin(), Upper);
  std::vector<std::string> out = {last + ","};
  out.insert(out.end(), t.begin(), t.end() - 1);
  return Join(out);
}

// "Abd"/"Abdul"/"Abdel"/... written apart from its noun ("Abd al-Khaliq", "Abdul Rahim"): the
// two are one name ("servant of the Creator"), so dropping either half is not a missing middle
// name but another name; such tokens are not dropped.
bool IsAbdPrefix(std::string_view token) {
  std::string t;
  for (char c : token) {
    if (IsAsciiLetter(c)) t.push_back(Lower(c));
  }
  return t.starts_with("abd") && t.size() <= 6;
}

std::optional<std::string> MissingPart(const std::vector<std::string>& t, Rng& rng) {
  if (t.size() < 3) return std::nullopt;
  std::vector<size_t> middle;
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    if (!t[i].ends_with(',') && !IsAbdPrefix(t[i]) && !IsAbdPrefix(t[i - 1])) middle.push_back(i);
  }
  if (middle.empty()) return std::nullopt;
  std::vector<std::string> out = t;
  out.erase(out.begin() + static_cast<ptrdiff_t>(middle[rng.Below(middle.size())]));
  return Join(out);
}

std::optional<std::string> Initials(const std::vector<std::string>& t) {
  if (t.size() < 3) return std::nullopt;
  std::vector<std::string> out = t;
  const size_t k = CommaToken(t);
  const size_t i = k < t.size() ? k + 1 : 0;  // the first given name
  if (out[i].size() < 2 || !IsAsciiLetter(out[i][0])) return std::nullopt;
  out[i] = std::string(1, Upper(out[i][0])) + ".";
  return Join(out);
}

// Longest token joined to the next one in kSplitJoin: particles and name prefixes (Abdul, bin,
// al, Abu) are what writers run together with the following token ("Abdulrahman", "Binladen").
constexpr size_t kMaxJoinedPrefix = 5;

std::optional<std::string> SplitJoin(const std::vector<std::string>& t) {
  for (size_t i = 0; i < t.size(); ++i) {
    const size_t h = t[i].find('-');
    if (h != std::string::npos && h > 0 && h + 1 < t[i].size()) {
      std::vector<std::string> out = t;
      out[i][h] = ' ';
      return Join(out);
    }
  }
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].size() <= kMaxJoinedPrefix && !t[i].ends_with(',') && t.size() >= 3) {
      std::vector<std::string> out = t;
      std::string next = out[i + 1];
      if (!next.empty() && IsUpper(next[0]) && !IsUpper(out[i].back())) next[0] = Lower(next[0]);
      out[i] += next;
      out.erase(out.begin() + static_cast<ptrdiff_t>(i) + 1);
      return Join(out);
    }
  }
  return std::nullopt;
}

// Titles and noise words that lists and payments add to or omit from people's names; the ones
// named in the matching issue (Mullah, Haji, Dr., Mr) and the other honorifics the UN list uses in
// its TITLE fields (Maulavi, Sheikh, Hafiz, Qari).
constexpr std::array<std::string_view, 8> kPersonTitles = {"Mullah",  "Haji",   "Dr.",   "Mr",
                                                           "Maulavi", "Sheikh", "Hafiz", "Qari"};

std::optional<std::string> Titles(std::string_view name, bool is_person, Rng& rng) {
  if (is_person) return StrCat(kPersonTitles[rng.Below(kPersonTitles.size())], " ", name);
  std::string lower(name.substr(0, 4));
  std::transform(lower.begin(), lower.end(), lower.begin(), Lower);
  if (lower == "the ") return std::nullopt;
  return StrCat("The ", name);
}

std::optional<std::string> StripDiacritics(std::string_view name) {
  static std::once_flag once;
  static std::unique_ptr<icu::Transliterator> tr;
  static std::mutex mu;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    tr.reset(icu::Transliterator::createInstance("NFD; [:Nonspacing Mark:] Remove; NFC",
                                                 UTRANS_FORWARD, status));
    if (U_FAILURE(status)) tr.reset();
  });
  if (!tr) return std::nullopt;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  {
    std::lock_guard<std::mutex> lock(mu);  // a Transliterator is not thread-safe
    tr->transliterate(u);
  }
  std::string out;
  u.toUTF8String(out);
  if (out == name) return std::nullopt;
  return out;
}

// Accented forms the Latin alphabets of the lists' countries use (Spanish, French, Turkish,
// German, Portuguese), for the letters that have one.
std::string_view Accented(char c) {
  switch (c) {
    case 'a': return "á";
    case 'e': return "é";
    case 'i': return "í";
    case 'o': return "ö";
    case 'u': return "ü";
    case 'c': return "ç";
    case 's': return "ş";
    case 'n': return "ñ";
    case 'A': return "Á";
    case 'E': return "É";
    case 'I': return "Í";
    case 'O': return "Ö";
    case 'U': return "Ü";
    case 'C': return "Ç";
    case 'S': return "Ş";
    case 'N': return "Ñ";
    default: return {};
  }
}

std::optional<std::string> Diacritics(std::string_view name, Rng& rng) {
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x80) return StripDiacritics(name);
  }
  std::vector<size_t> pos;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!Accented(name[i]).empty()) pos.push_back(i);
  }
  if (pos.empty()) return std::nullopt;
  // Two accented letters at most: a name written with its diacritics has a few, not every
  // vowel accented.
  size_t a = pos[rng.Below(pos.size())], b = pos[rng.Below(pos.size())];
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (i == a || i == b) {
      out += Accented(name[i]);
    } else {
      out += name[i];
    }
  }
  return out;
}

// The table key of a token: ASCII letters and digits, lower case (apostrophes and hyphens
// dropped, as the table generator does).
std::string TableKey(std::string_view token) {
  std::string key;
  for (char c : token) {
    if (IsAsciiLetter(c) || (c >= '0' && c <= '9')) key += Lower(c);
  }
  return key;
}

std::string LikeCase(std::string_view spelling, std::string_view model) {
  std::string out(spelling);
  const bool all_upper =
      std::none_of(model.begin(), model.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (all_upper) {
    std::transform(out.begin(), out.end(), out.begin(), Upper);
  } else if (!model.empty() && IsUpper(model[0])) {
    out[0] = Upper(out[0]);
  }
  return out;
}

std::optional<std::string> Transliteration(const std::vector<std::string>& t,
                                           const VariantTable& table, Rng& rng) {
  std::vector<size_t> known;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!table.Others(TableKey(t[i])).empty()) known.push_back(i);
  }
  if (known.empty()) return std::nullopt;
  const size_t i = known[rng.Below(known.size())];
  std::vector<std::string_view> others = table.Others(TableKey(t[i]));
  std::vector<std::string> out = t;
  out[i] = LikeCase(others[rng.Below(others.size())], t[i]);
  if (t[i].ends_with(',')) out[i] += ',';
  return Join(out);
}

}  // namespace

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::string_view CategoryName(Category c) {
  static constexpr std::array<std::string_view, kNumCategories> kNames = {
      "exact",       "alias",           "weak_alias",     "original_script", "typo_insert",
      "typo_delete", "typo_substitute", "typo_transpose", "doubled_letter",  "missing_space",
      "reorder",     "last_first",      "missing_part",   "initials",        "split_join",
      "titles",      "diacritics",      "transliteration"};
  return kNames[static_cast<size_t>(c)];
}

const std::vector<Category>& GeneratedCategories() {
  static const std::vector<Category> kGenerated = {
      Category::kTypoInsert,    Category::kTypoDelete,     Category::kTypoSubstitute,
      Category::kTypoTranspose, Category::kDoubledLetter,  Category::kMissingSpace,
      Category::kReorder,       Category::kLastFirst,      Category::kMissingPart,
      Category::kInitials,      Category::kSplitJoin,      Category::kTitles,
      Category::kDiacritics,    Category::kTransliteration};
  return kGenerated;
}

std::vector<std::string> SplitTokens(std::string_view name) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && name[i] == ' ') ++i;
    size_t j = i;
    while (j < name.size() && name[j] != ' ') ++j;
    if (j > i) out.emplace_back(name.substr(i, j - i));
    i = j;
  }
  return out;
}

std::optional<std::string> MakeVariant(Category category, std::string_view name, bool is_person,
                                       const VariantTable& table, Rng& rng) {
  const std::vector<std::string> t = SplitTokens(name);
  std::optional<std::string> out;
  switch (category) {
    case Category::kTypoInsert:
    case Category::kTypoDelete:
    case Category::kTypoSubstitute:
    case Category::kTypoTranspose:
    case Category::kDoubledLetter: out = Typo(category, name, rng); break;
    case Category::kMissingSpace: out = MissingSpace(t, rng); break;
    case Category::kReorder: out = Reorder(t); break;
    case Category::kLastFirst: out = LastFirst(t); break;
    // Dropping a middle name or abbreviating the first given name are person-name habits. For an
    // organisation the same edits remove a distinctive word ("RUSSIAN BANK" for "RUSSIAN
    // AGRICULTURAL BANK", "W. GROUP LIMITED" for "WELMART GROUP LIMITED"): that names another
    // organisation, not a variant of this one, so these categories are generated for persons only.
    case Category::kMissingPart:
      if (is_person) out = MissingPart(t, rng);
      break;
    case Category::kInitials:
      if (is_person) out = Initials(t);
      break;
    case Category::kSplitJoin: out = SplitJoin(t); break;
    case Category::kTitles: out = Titles(name, is_person, rng); break;
    case Category::kDiacritics: out = Diacritics(name, rng); break;
    case Category::kTransliteration: out = Transliteration(t, table, rng); break;
    default: return std::nullopt;
  }
  if (out && *out == name) return std::nullopt;
  return out;
}

absl::StatusOr<VariantTable> VariantTable::Parse(std::string_view text) {
  VariantTable table;
  const absl::Status s = ForEachDataLine(text, [&](uint64_t line_no, std::string_view line) {
    std::vector<std::string> group;
    for (std::string_view field : SplitTabs(line)) {
      std::string token(field);
      if (token.empty() || TableKey(token) != token) {
        return absl::InvalidArgumentError(StrCat("name_variants.tsv:", line_no, ": token \"", token,
                                                 "\" is not lower-case ASCII letters/digits"));
      }
      if (table.group_of_.count(token) != 0) {
        return absl::InvalidArgumentError(StrCat("name_variants.tsv:", line_no, ": token \"", token,
                                                 "\" is already in another group"));
      }
      table.group_of_[token] = table.groups_.size();
      group.push_back(std::move(token));
    }
    if (group.size() < 2) {
      return absl::InvalidArgumentError(
          StrCat("name_variants.tsv:", line_no, ": a group needs at least two spellings"));
    }
    table.groups_.push_back(std::move(group));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return table;
}

std::vector<std::string_view> VariantTable::Others(std::string_view token) const {
  std::vector<std::string_view> out;
  auto it = group_of_.find(std::string(token));
  if (it == group_of_.end()) return out;
  for (const std::string& s : groups_[it->second]) {
    if (s != token) out.push_back(s);
  }
  return out;
}

}  // namespace cordon::validate
