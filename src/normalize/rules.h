// Name-structure rules applied to ASCII tokens after transliteration: which tokens are
// honorifics, particles, legal forms or vessel prefixes (dropped before comparison), how "Abd al-X"
// compounds are joined into one unit, and the consonant skeleton used to compare spellings that
// differ only in vowels (Arabic script writes no short vowels).
#ifndef CORDON_NORMALIZE_RULES_H_
#define CORDON_NORMALIZE_RULES_H_

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/hangul.h"

namespace cordon::normalize {

enum class TokenClass : uint8_t {
  kName = 0,
  kArticle,      // Arabic definite article written apart: al, el, ul, ad-, as-, ...
  kConnector,    // nasab connectors: bin, ibn, bint, walad, ould
  kHonorific,    // titles: mullah, maulavi, haji, sheikh, doctor, general, mr, ...
  kLegalForm,    // organisation legal forms and their translations: llc, ooo, gmbh, company, ...
  kVesselPrefix  // mv, mt (m/v, m/t after punctuation is removed)
};
std::string_view TokenClassName(TokenClass c);  // "name", "article", ...

// The class of a token: the first of article, connector, honorific, legal form (one of the
// words below, a one-edit misspelling of a long or odd one: IsMisspeltLegalForm, or a one-word
// form of data/tables/legal_forms.tsv: IsTableLegalFormWord) and vessel prefix it is; kName
// otherwise.
TokenClass ClassifyToken(std::string_view token);

// The words ClassifyToken knows each class by (none for kName); for kLegalForm the built-in
// abbreviations and words, not the table's.
std::span<const std::string_view> ClassWords(TokenClass c);
// The four-letter legal forms that, like those of six or more letters, a token one edit from is
// taken for (see rules.cc).
std::span<const std::string_view> OddLegalForms();
// Whether `token` is one OSA edit or less from a legal form of six or more letters (having six
// or more letters itself), or from one of OddLegalForms (having four or five).
bool IsMisspeltLegalForm(std::string_view token);

// A token before structure rules; `latin` is false when it was transliterated from another script.
struct RawToken {
  std::string text;
  bool latin = true;
  const std::vector<std::string>* spellings = nullptr;  // arabic_latin table entry, if any
  std::string source;  // TranslitModel::Symbols of the source word, for Arabic and Cyrillic
  // For a token made from Hangul syllables (normalize/hangul.h): its syllables and spellings
  // (`text` is its main spelling), which the name-structure rules leave alone (a syllable spelt
  // "an" or "sa" is no article or legal form); null otherwise. A pointer, not the fields: a
  // larger RawToken made every Latin name's token vectors allocate past glibc's small-request
  // bins (malloc_consolidate on each query), 17% more instructions per Normalize in callgrind.
  std::shared_ptr<const HangulToken> hangul;
  bool syllabic() const { return hangul != nullptr; }
};

// Whether a token is a known name word (seen in the lists or the population corpus); the
// normaliser passes the token statistics. Rules that correct typos only touch unknown tokens.
using KnownToken = std::function<bool(std::string_view)>;

// Joins "abd" compounds in place: "abd al rahman", "abdul rahman", "abd rahman",
// "abdurrahman", "abdulrahman" all become "abdrahman"; "abdullah"/"abdallah" become "abdlah".
// Tokens consumed by a join are removed. "abu" is never touched (Abd is not Abu).
// With `known`, an unknown token one edit from a prefix form ("Adul Haq", "Abdum Haq",
// "Adbulkarim", "Abduulkarim") joins too: see IsMisspeltAbdPrefix in rules.cc.
// With `surname_first` (or in a name of two words, when the prefix is more than a bare "abd"), a
// prefix left at the end of the name ("SAMAD, Abdul", "Samad Abdul") joins the name's first word,
// as it would written in order ("Abdul Samad" -> "abdsamad").
void JoinAbdCompounds(std::vector<RawToken>* tokens, const KnownToken& known = nullptr,
                      bool surname_first = false);

class LegalForms;

// Applies the name-structure rules: a leading vessel prefix ("m v", "mv", "mt") is dropped, Abd
// compounds are joined, legal forms spelt out in words (`forms`, when given: "obshchestvo s
// ogranichennoy otvetstvennostyu") are dropped as one, then articles, connectors, honorifics and
// legal forms are dropped unless nothing would be left. Dropped tokens are appended to *dropped
// (a form of several words as one entry).
// `surname_first`: the name was written "SURNAME, Given" (it had a comma), so an Abd prefix left
// at its end ("SAMAD, Abdul") belongs to its first word (JoinAbdCompounds).
void ApplyStructure(std::vector<RawToken>* tokens, std::vector<std::string>* dropped,
                    const KnownToken& known = nullptr, const LegalForms* forms = nullptr,
                    bool surname_first = false);

// A number written as an English word ("three") or a Roman numeral of two or more letters ("iii",
// "xiv", up to 39) as its digits ("3", "14"); "" when the token is neither. The caller leaves
// alone the tokens that are also people's names (Xi, Vi: see Normalizer::Normalize).
std::string NumeralDigits(std::string_view token);

// The given names an East Slavic patronymic may be formed from ("sergeievich" -> serge, sergei,
// sergey; "aleksandrovna" -> aleksandr, ...): the token minus its suffix (-ovich, -evich,
// -yevich, -ovna, -evna, Ukrainian -ovych, -ivna), alone and with -i or -y. Empty when the token
// is not a patronymic (fewer than three letters left).
std::vector<std::string> PatronymicStems(std::string_view token);

// Whether an unknown token is probably a misspelt title or legal form: one edit (OSA) from an
// honorific or legal form of four or more letters with the same first letter ("Qri", "Hadji",
// "Sheike", "Cop", "Crop"), the token itself having three or more letters. The caller checks that
// the token is unknown.
bool ResemblesDroppedWord(std::string_view token);

// Consonant skeleton of an ASCII token (see rules.cc for the letter rules).
std::string Skeleton(std::string_view token);
// Skeleton() letter by letter: SkeletonAppend() reads the next letter of the token into `s` (which
// starts empty), SkeletonFinish() applies the end-of-token rule. Two partial skeletons that are
// equal continue alike, whatever letters made them.
void SkeletonAppend(std::string* s, char c);
void SkeletonFinish(std::string* s);

inline bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The token without a glued Arabic article ("albaghdadi" -> "baghdadi"), or "" when the token
// does not start with one or would be too short without it.
std::string StripGluedArticle(std::string_view token);

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring);
// returns max_distance + 1 as soon as the distance must exceed max_distance.
int BoundedOsa(std::string_view a, std::string_view b, int max_distance);

}  // namespace cordon::normalize

#endif  // CORDON_NORMALIZE_RULES_H_
