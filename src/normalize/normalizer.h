// Name normalisation: any script in, comparable ASCII tokens out.
//
// Pipeline (docs/matching.md): NFKC with case folding (drops zero-width and other default-ignorable
// characters) -> split into script runs -> transliteration by script (Arabic/Persian/Pashto/Urdu
// via ICU "Arabic-Latin" after removing vowel marks, Cyrillic via the BGN/PCGN Russian table after
// mapping the Tajik/Kazakh/Uzbek letters, Greek via UNGEGN, Han via Han-Latin/Names, Hangul
// syllables one token each by normalize/hangul.h, anything else via Any-Latin) -> Latin-ASCII ->
// tokens -> name structure (titles, particles, legal forms, vessel prefixes dropped; Abd compounds
// joined) -> per token: consonant skeleton, variant group, alternative spellings.
//
// Example:
//   auto n = cordon::normalize::Normalizer::Create();
//   cordon::normalize::NormalizedName x = (*n)->Normalize("Mullah Abd al-Rahman AL-BAGHDADI");
//   // x.tokens: "abdrahman", "baghdadi"; x.dropped: "mullah", "al"
//
// Thread safety: Normalize() may be called from many threads; the ICU transliterators, which are
// not thread-safe, are created at Create() and each is guarded by its own mutex.
#ifndef CORDON_NORMALIZE_NORMALIZER_H_
#define CORDON_NORMALIZE_NORMALIZER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/unistr.h>

#include "absl/status/statusor.h"
#include "normalize/rules.h"
#include "normalize/skeleton_set.h"
#include "normalize/tables.h"
#include "normalize/translit.h"

namespace cordon::normalize {

// Where an alternative spelling of a token comes from.
enum class AltKind : uint8_t {
  kTransliteration = 0,  // arabic_latin table
  kArticle = 1,          // the token without a glued article ("albaghdadi" -> "baghdadi")
};

struct Alt {
  std::string text;
  AltKind kind = AltKind::kTransliteration;
  // Skeleton(text) of a kArticle spelling, which the cross-script comparison reads on every
  // pair (score::ForEachCrossScriptForm); empty for other kinds.
  std::string skeleton;
  bool operator==(const Alt&) const = default;
};

struct Token {
  std::string text;      // lower-case ASCII letters and digits
  std::string skeleton;  // Skeleton(text)
  std::vector<Alt> alts;
  uint32_t group = 0;  // variant group from name_variants.tsv, 0 if none
  // False when the token was transliterated from a script whose spelling of vowels differs from
  // Latin's (Arabic, Hebrew, Syriac; Cyrillic and Greek, whose BGN spellings the skeleton rules
  // serve); true for Latin, and for Han, Hangul, kana and the other scripts Any-Latin romanises
  // with their vowels.
  bool latin_source = true;
  // True for a token made from Hangul syllables (normalize/hangul.h; a join of such tokens too),
  // whose `source` holds the syllables (UTF-8) as its identity. Such a token is one syllable of a
  // name, and two names one syllable apart are two people: it matches only a token of the same
  // syllables, its own spellings (text and alts) or nothing, never by edit distance, skeleton,
  // variant group or the transliteration model (score::SyllableSim, index::NameIndex::Reach).
  // (A flag beside latin_source, not a field of its own: Token stays the size it was.)
  bool hangul = false;
  // For a word of Arabic or Cyrillic script: its letters as the transliteration model reads them
  // (TranslitModel::Symbols), and, when the model covers the script, the skeletons of their
  // likeliest romanisations (TranslitModel::Skeletons); for a Hangul token its syllables; empty
  // otherwise. A Latin token matches a token with skeletons through the model
  // (score::CrossScriptSim).
  std::string source;
  SkeletonSet skeletons;
  bool syllabic() const { return hangul; }
  // One letter: an initial, which stands for any name it begins. A lone digit is a number, not
  // an initial ("Project 3" is not "Project 30"), and a Hangul syllable spelt with one letter
  // (이 I, 오 O, 우 U) is a whole name word.
  bool initial() const {
    return text.size() == 1 && !(text[0] >= '0' && text[0] <= '9') && !hangul;
  }
  bool operator==(const Token&) const = default;
};

struct NormalizedName {
  std::vector<Token> tokens;
  std::vector<std::string> dropped;  // tokens removed as titles, particles, legal forms, prefixes
  std::string script;                // ISO 15924 code of the input's dominant script
};

class Normalizer {
 public:
  // Longest name accepted, in bytes; longer input is cut at a character boundary. The longest
  // name in the bundled lists is under 400 bytes; the cap bounds the work a hostile query causes.
  static constexpr size_t kMaxNameBytes = 1024;

  // Creates and warms the transliterators. Fails if ICU lacks one of them.
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create(
      const KnowledgeTables* tables = &KnowledgeTables::Embedded());
  // One Normalizer over the embedded tables, created on first use and shared by every Screener
  // of the process (a service reload or a second Screener then skips ICU's start-up).
  static absl::StatusOr<std::shared_ptr<const Normalizer>> Shared();
  ~Normalizer();

  NormalizedName Normalize(std::string_view name) const { return Normalize(name, nullptr); }
  // The same, taking the model skeletons of a word whose letters `known` holds from there
  // (the same sets, made once: see KnownSkeletons).
  NormalizedName Normalize(std::string_view name, const KnownSkeletons* known) const;

  // The name as lower-case ASCII words before name-structure rules (for tests and explanations).
  std::string ToAscii(std::string_view name) const;

  // "normalize/7 tables:<hash> translit:<hash>": changes whenever the rules or the tables change.
  const std::string& version() const { return version_; }
  // The version a Normalizer over `tables` has, without creating one (no ICU start-up).
  static std::string VersionOf(const KnowledgeTables& tables);
  const KnowledgeTables& tables() const { return *tables_; }

 private:
  struct Impl;
  explicit Normalizer(const KnowledgeTables* tables);
  // Transliterates word by word into raw tokens; sets *script.
  void Transliterate(std::string_view name, std::string* script,
                     std::vector<RawToken>* tokens) const;
  // Appends the tokens of one word of Arabic (slot 1) or Cyrillic (slot 2) script, with the
  // word's letters (RawToken::source) when ICU makes one token of it.
  void AppendModelWord(const icu::UnicodeString& word, int slot,
                       std::vector<RawToken>* tokens) const;
  std::string TransliterateArabicWord(const icu::UnicodeString& word,
                                      const std::vector<std::string>** spellings) const;
  Token MakeToken(RawToken raw, const KnownSkeletons* known) const;

  const KnowledgeTables* tables_;
  std::unique_ptr<Impl> impl_;
  std::string version_;
};

}  // namespace cordon::normalize

#endif  // CORDON_NORMALIZE_NORMALIZER_H_
