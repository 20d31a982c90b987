// Entity legal forms written out in words ("Gesellschaft mit beschränkter Haftung", "Общество с
// ограниченной ответственностью", "Sociedad Anónima", "Limited Liability Company") and one-word
// forms ("Aktiengesellschaft", "Osakeyhtiö"), from data/tables/legal_forms.tsv, which
// tools/build_legal_forms.py derives from the ISO 20275 Entity Legal Forms code list (GLEIF,
// CC0). The normaliser drops a form spelt out in a name as one legal form, as it drops the
// abbreviation (GmbH, OOO, SA, LLC), so the two spellings of a company's name agree.
//
// Example:
//   LegalForms forms = LegalForms::Parse(kEmbedded_legal_forms, read);  // read: text -> tokens
//   forms.MatchAt(tokens, 1);  // {"volga", "obshchestvo", "s", ...} -> 4 (the form's words)
//
// Thread safety: immutable after Parse; const access from many threads is safe.
#ifndef CORDON_NORMALIZE_LEGAL_FORMS_H_
#define CORDON_NORMALIZE_LEGAL_FORMS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/rules.h"
#include "normalize/tables.h"

namespace cordon::normalize {

class LegalForms {
 public:
  // Reads a form as the normaliser reads a name (its transliteration and tokens), so that the
  // table and a query written in any script compare alike.
  using Reader = std::function<std::vector<std::string>(std::string_view)>;

  // Parses the table text ("kind TAB form TAB abbreviations TAB codes"; '#' lines are comments).
  // Phrase rows are read by `read`; one that reads as fewer than two tokens is skipped.
  static LegalForms Parse(std::string_view text, const Reader& read);

  struct Match {
    size_t tokens = 0;  // tokens from tokens[i] that spell the form; 0 when none starts there
    // The rest of the last of them when the form's last word was run into the next word
    // ("OTVETSTVENNOSTYUPROEKT" -> "proekt"), else empty.
    std::string rest;
  };
  // The longest legal form of two or more words spelt from tokens[i]. A word of six or more
  // letters may differ from the form's by one edit (OSA: "ogranichennoi" / ogranichennoy,
  // "beschraenkter" / beschrankter, "obschestvo" / obshchestvo), shorter words must be equal; one
  // token may hold two of the form's words run together ("SOGRANICHENNOI", "OBSHCHESTVOS"), and
  // the last word may run into the name word after it (3+ letters left).
  Match MatchAt(const std::vector<RawToken>& tokens, size_t i) const;

  size_t phrases() const { return phrases_.size(); }
  // "forms:<12 hex digits of sha256 over the table text>", or "forms:none" for an empty table.
  const std::string& version() const { return version_; }
  static std::string VersionOf(std::string_view text);

 private:
  std::vector<std::vector<std::string>> phrases_;
  // Phrases by the first three letters of their first word (the whole word when shorter).
  StringMap<std::vector<uint32_t>> by_prefix_;
  std::string version_;
};

// Whether `token` is a one-word legal form of the table ("aktiengesellschaft"); the table's word
// rows are lower-case ASCII, read once from the embedded table.
bool IsTableLegalFormWord(std::string_view token);

// Raw text of the embedded table (generated file).
extern const char kEmbedded_legal_forms[];

}  // namespace cordon::normalize

#endif  // CORDON_NORMALIZE_LEGAL_FORMS_H_
