// Small text utilities shared by the loaders and parsers: UTF-8 validation
// with positions, script detection, whitespace cleanup.
#ifndef CORDON_CORE_TEXT_H_
#define CORDON_CORE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace cordon {

// Position of a byte in a text: 1-based line and column (in bytes), and the
// 0-based byte offset.
struct TextPosition {
  uint64_t line = 1;
  uint64_t column = 1;
  uint64_t offset = 0;
};
TextPosition PositionOf(std::string_view text, uint64_t offset);

// Checks that `text` is well-formed UTF-8 (no overlongs, no surrogates, no
// code points above U+10FFFF). On failure returns InvalidArgument naming the
// line and byte offset of the first bad byte, prefixed with `name`. UTF-16 and
// UTF-32 byte-order marks get their own message, since that is the usual cause.
absl::Status ValidateUtf8(std::string_view name, std::string_view text);

// Strips a leading UTF-8 byte-order mark.
std::string_view StripBom(std::string_view text);

// Trims ASCII and Unicode whitespace (incl. NBSP) at both ends and folds inner
// runs of whitespace into one ASCII space.
std::string CleanSpaces(std::string_view text);

// ASCII letters to lower case; other bytes unchanged.
std::string AsciiLower(std::string_view text);

// ISO 15924 code of the dominant script of the letters in `utf8` ("Latn",
// "Arab", "Cyrl", "Grek", "Hani", "Hang", "Hebr", "Thai", ...). Common and
// inherited characters (digits, punctuation, combining marks) do not count.
// Returns "" when the text has no letters. Assumes valid UTF-8.
std::string DetectScript(std::string_view utf8);

}  // namespace cordon

#endif  // CORDON_CORE_TEXT_H_
