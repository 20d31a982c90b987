#include "inspect/text_windows.h"

namespace cordon::inspect {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Punctuation that listed names carry inside a word: hyphens of Arabic
// article forms, apostrophes, dots of initials and legal forms, ampersands.
bool IsNamePunct(char c) { return c == '-' || c == '\'' || c == '.' || c == '&'; }

bool IsTokenByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || IsAsciiLetter(c) || IsAsciiDigit(c) || IsNamePunct(c);
}

}  // namespace

std::vector<TextToken> TokenizeFreeText(std::string_view text) {
  std::vector<TextToken> out;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsTokenByte(text[i])) {
      ++i;
      continue;
    }
    TextToken t{.begin = i};
    while (i < text.size() && IsTokenByte(text[i])) {
      const auto u = static_cast<unsigned char>(text[i]);
      if (u >= 0x80 || IsAsciiLetter(text[i])) t.has_letter = true;
      ++i;
    }
    t.end = i;
    out.push_back(t);
  }
  return out;
}

std::string WindowText(std::string_view text, const std::vector<TextToken>& tokens, size_t first,
                       size_t last) {
  std::string out;
  for (size_t i = tokens[first].begin; i < tokens[last].end; ++i) {
    if (!IsSpace(text[i])) {
      out += text[i];
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

std::vector<std::string> PlaceWords(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || IsAsciiDigit(c)) {
      word += c;
    } else if (IsAsciiLetter(c)) {
      word += static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

}  // namespace cordon::inspect
