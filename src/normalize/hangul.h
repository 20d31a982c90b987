// Korean names written in Hangul: one token per syllable, spelt as the DPRK writes names in
// Latin letters, with the other spellings people use for the same syllable.
//
// A Hangul syllable block is one code point, U+AC00 + (initial * 21 + medial) * 28 + final
// (The Unicode Standard, ch. 3.12, "Conjoining Jamo Behavior"), so its letters are read by
// arithmetic. Each syllable of a personal name is one token: Korean given names are made of
// syllables (mostly Sino-Korean, one Chinese character each), and the DPRK's rules write each
// syllable of a name apart ("KIM JONG UN", "RI CHANG HO"). A two-syllable surname (남궁 Namgung,
// 선우 Sonu, ...) at the start of a name written as one word is one token.
//
// The main spelling follows the DPRK's "Rules of the Latin Alphabetical Transcription of the
// Korean Language" (1992, revised 2002 and 2012, an adaptation of McCune-Reischauer) with its
// breves dropped, as the UN, UK, EU and US lists write DPRK names: initial k n t r m p s j ch kh th
// ph h, vowels a ya o(ŏ) yo(yŏ) o yo u yu u(ŭ) i ae yae e ye oe wi ui wa wo wae we; the first
// letter of a given name voiceless, a lenis k/t/p of a later syllable voiced (g/d/b) after a vowel
// or a resonant final. The other spellings, each a token alternative (Token::alts): South Korea's
// Revised Romanization (Ministry of Culture and Tourism Proclamation 2000-8, National Institute of
// Korean Language: ㄱㄷㅂㅈ g d b j, ㅋㅌㅍㅊ k t p ch, ㅓ eo, ㅡ eu, ㅕ yeo), McCune-Reischauer's
// plain aspirates and ch for ㅈ, the voiced and voiceless forms both, MR's shi for 시, and the
// habits of passports and the press (u for ㅓ: Jung, Sung; yu for ㅕ: Hyun, Kyung; oo for ㅜ: Moon;
// ee for ㅢ: Hee; Woo for 우), plus the usual spellings of about 80 surnames (Lee/Yi/Rhee/Ri,
// Park/Pak/Bak, Choi/Choe, ...; hangul.cc cites the sources).
//
// Every token carries its syllables (Token::source of a Token::hangul token) as its identity: two
// Hangul names that differ by one syllable are two people, so such a token matches only its own
// syllables or one of its listed spellings, never by edit distance (score::TokenSim).
//
// Thread safety: pure functions over constant tables.
#ifndef CORDON_NORMALIZE_HANGUL_H_
#define CORDON_NORMALIZE_HANGUL_H_

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::normalize {

// One token of a Hangul word.
struct HangulToken {
  std::string text;               // the main (DPRK) spelling
  std::vector<std::string> alts;  // the other spellings, main ones first, without `text`
  std::string syllables;          // identity: the syllables (UTF-8), see RomanizeHangulWord
};

// Where a Hangul word stands in the name.
enum class HangulWord : uint8_t {
  kWholeName,  // the name is this one word: surname (one or two syllables) then given name
  kSurname,    // a word of one syllable in a name of several words: a surname
  kGiven,      // any other word: a given name
};

// Whether c is a precomposed Hangul syllable (U+AC00-U+D7A3).
inline bool IsHangulSyllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

// The tokens of a word made only of Hangul syllables (`word` holds their code points; anything
// else is the caller's to route elsewhere). A surname and the first syllable of a given name are
// word-initial, where South Korea's spelling drops an initial ㄹ or ㄴ that the DPRK writes
// (리/이 Ri/Lee, 류/유 Ryu/Yu, 로/노 Ro/No: the "initial sound law", Korean orthography rules of
// 1988, articles 10-12); their identity is the southern form and their spellings those of both.
std::vector<HangulToken> RomanizeHangulWord(const std::u32string& word, HangulWord role);

// Spellings of two adjacent syllable tokens written as one word ("jong"+"un" -> "jongun",
// "jeongeun", ...): every pairing of the first `per_side` spellings of each (main spelling
// first), each once, in order (a's first spelling + b's first comes first). For
// score::JoinTokens.
std::vector<std::string> JoinedSpellings(const std::vector<std::string>& a,
                                         const std::vector<std::string>& b, size_t per_side);

}  // namespace cordon::normalize

#endif  // CORDON_NORMALIZE_HANGUL_H_
