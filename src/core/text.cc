#include "core/text.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace cordon {

TextPosition PositionOf(std::string_view text, uint64_t offset) {
  TextPosition p;
  p.offset = offset;
  const uint64_t end = std::min<uint64_t>(offset, text.size());
  uint64_t line_start = 0;
  for (uint64_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column = end - line_start + 1;
  return p;
}

namespace {

// "UTF-32LE", "UTF-32BE", "UTF-16LE", "UTF-16BE" when `text` starts with that
// byte-order mark, else "". UTF-32LE's mark begins with UTF-16LE's, so it is
// tested first.
std::string_view WideBomName(std::string_view text) {
  using namespace std::string_view_literals;
  if (text.starts_with("\xFF\xFE\x00\x00"sv)) return "UTF-32LE";
  if (text.starts_with("\x00\x00\xFE\xFF"sv)) return "UTF-32BE";
  if (text.starts_with("\xFF\xFE"sv)) return "UTF-16LE";
  if (text.starts_with("\xFE\xFF"sv)) return "UTF-16BE";
  return "";
}

}  // namespace

absl::Status ValidateUtf8(std::string_view name, std::string_view text) {
  const std::string_view bom = WideBomName(text);
  if (!bom.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: byte 0: encoding: the file is {} (byte-order mark); cordon reads UTF-8, "
                    "convert it first (iconv -f {} -t UTF-8)",
                    name, bom, bom));
  }
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  int32_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {  // fast path for ASCII
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      const TextPosition p = PositionOf(text, start);
      return absl::InvalidArgumentError(fmt::format(
          "{}:{}: byte {}: encoding: invalid UTF-8 byte 0x{:02X} (is the file in Latin-1 or "
          "Windows-1252? convert it to UTF-8)",
          name, p.line, start, s[start]));
    }
  }
  return absl::OkStatus();
}

std::string_view StripBom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

std::string CleanSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  int32_t i = 0;
  bool pending_space = false;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    const bool space = c >= 0 && (u_isUWhiteSpace(c) || c == 0xA0 || c == 0x200B || c == 0xFEFF);
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(text.substr(start, i - start));
  }
  return out;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string DetectScript(std::string_view utf8) {
  // Count letters per script; the most frequent wins.
  std::array<int, USCRIPT_CODE_LIMIT> counts{};
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(utf8.size(), INT32_MAX));
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(c, &err);
    if (U_FAILURE(err) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) continue;
    if (sc >= 0 && sc < USCRIPT_CODE_LIMIT) ++counts[sc];
  }
  const auto best = std::max_element(counts.begin(), counts.end());
  if (*best == 0) return "";
  const char* code = uscript_getShortName(static_cast<UScriptCode>(best - counts.begin()));
  return code ? code : "";
}

}  // namespace cordon
