// Free-text tokens and the windows of consecutive tokens screened as names.
//
// Thread safety: pure functions.
#ifndef CORDON_INSPECT_TEXT_WINDOWS_H_
#define CORDON_INSPECT_TEXT_WINDOWS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::inspect {

// A token of a free text: bytes [begin, end) of the text.
struct TextToken {
  size_t begin = 0;
  size_t end = 0;
  bool has_letter = false;  // an ASCII letter or any non-ASCII byte (a letter of another script)
};

// Splits on whitespace and on ASCII punctuation that does not occur inside
// listed names. Kept inside tokens: '-' (AL-QAIDA), '\'' (O'NEIL), '.'
// (S.A.), '&' (H&M); the normaliser decides what they mean. Split on: '/'
// (MT codewords "/INV/", "/ACC/"), ',', ';', ':', '(', ')', '"', '+', '=', ...
std::vector<TextToken> TokenizeFreeText(std::string_view text);

// The text of tokens [first, last] as one line: the bytes from the start of
// `first` to the end of `last`, each run of whitespace (line breaks too) as one space.
std::string WindowText(std::string_view text, const std::vector<TextToken>& tokens, size_t first,
                       size_t last);

// ASCII upper case words of `text` (split on every byte that is not an ASCII
// letter or digit and not part of a multi-byte character), for matching
// configured place names.
std::vector<std::string> PlaceWords(std::string_view text);

}  // namespace cordon::inspect

#endif  // CORDON_INSPECT_TEXT_WINDOWS_H_
