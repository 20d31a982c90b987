#include "normalize/hangul.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace cordon::normalize {
namespace {

// Hangul syllable arithmetic (The Unicode Standard, ch. 3.12): 19 initials, 21 medials, 28
// finals (0 = none).
constexpr char32_t kSBase = 0xAC00;
constexpr int kMedials = 21, kFinals = 28;

struct Jamo {
  int initial, medial, final;
};
Jamo Decompose(char32_t s) {
  const int i = static_cast<int>(s - kSBase);
  return {i / (kMedials * kFinals), (i / kFinals) % kMedials, i % kFinals};
}
char32_t Compose(Jamo j) {
  return kSBase + static_cast<char32_t>((j.initial * kMedials + j.medial) * kFinals + j.final);
}

// Initials in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ.
enum : int { kG = 0, kN = 2, kD = 3, kR = 5, kB = 7, kS = 9, kIeung = 11 };
// Medials: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ.
enum : int { kU = 13, kWi = 16, kI = 20 };

// Spellings of each initial: the DPRK's first (its 1992/2002 rules: k kk n t tt r m p pp s ss -
// j jj ch kh th ph h), then Revised Romanization's where it differs (g gg d dd l b bb; k t p for
// the aspirates), then McCune-Reischauer's (ch for ㅈ, tch for ㅉ).
constexpr std::array<std::array<std::string_view, 2>, 19> kInitials = {{
    {"k", "g"}, {"kk", "gg"}, {"n", ""},   {"t", "d"},  {"tt", "dd"}, {"r", "l"},  {"m", ""},
    {"p", "b"}, {"pp", "bb"}, {"s", ""},   {"ss", ""},  {"", ""},     {"j", "ch"}, {"jj", "tch"},
    {"ch", ""}, {"kh", "k"},  {"th", "t"}, {"ph", "p"}, {"h", ""},
}};
// The voiced forms the DPRK's rules write for a lenis ㄱ ㄷ ㅂ between vowels or after a
// resonant (a later syllable of a given name: 김영복 Kim Yong Bok).
std::string_view Voiced(int initial) {
  switch (initial) {
    case kG: return "g";
    case kD: return "d";
    case kB: return "b";
    default: return kInitials[initial][0];
  }
}

// Spellings of each medial: the DPRK's without its breves first (ŏ o, ŭ u), then Revised
// Romanization's (eo, eu, yeo, ...), then the usual spellings of names in passports and the press
// (u for ㅓ: Jung, Sung, Chun; yu and you for ㅕ: Hyun, Kyung, Young; oo for ㅜ and yoo for ㅠ:
// Moon, Yoo; oi for ㅚ: Choi; ee for ㅢ: Hee).
constexpr std::array<std::array<std::string_view, 4>, kMedials> kMedialSpellings = {{
    {"a"},
    {"ae"},
    {"ya"},
    {"yae"},
    {"o", "eo", "u"},
    {"e"},
    {"yo", "yeo", "yu", "you"},
    {"ye"},
    {"o"},
    {"wa"},
    {"wae"},
    {"oe", "oi"},
    {"yo"},
    {"u", "oo"},
    {"wo", "weo"},
    {"we"},
    {"wi"},
    {"yu", "yoo"},
    {"u", "eu"},
    {"ui", "eui", "ee"},
    {"i"},
}};

// Finals as the DPRK and Revised Romanization both write them at the end of a syllable (given
// names are romanised syllable by syllable, without the sound changes between them: RR,
// "special provisions", 4).
constexpr std::array<std::string_view, kFinals> kFinalSpellings = {
    "",  "k", "k", "k", "n", "n", "n", "t",  "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};

bool IsIYVowel(int medial) {
  // ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
  return medial == 2 || medial == 3 || medial == 6 || medial == 7 || medial == 12 || medial == 17 ||
         medial == kI;
}

// The "initial sound law" of South Korean spelling (Hangul orthography of 1988, articles 10-12):
// word-initially ㄴ before i/y is dropped (녀 -> 여), ㄹ before i/y is dropped (리 -> 이, 량 ->
// 양) and before other vowels becomes ㄴ (로 -> 노, 라 -> 나). The DPRK keeps the written
// consonant, so 리 and 이 are one surname written two ways.
char32_t SouthernInitial(char32_t s) {
  Jamo j = Decompose(s);
  if (j.initial == kR) {
    j.initial = IsIYVowel(j.medial) ? kIeung : kN;
  } else if (j.initial == kN && IsIYVowel(j.medial)) {
    j.initial = kIeung;
  }
  return Compose(j);
}

void AddUnique(std::vector<std::string>* out, std::string s) {
  if (s.empty()) return;
  if (std::find(out->begin(), out->end(), s) == out->end()) out->push_back(std::move(s));
}

// The main (DPRK) spelling of a syllable, voiced or not.
std::string MainSpelling(char32_t s, bool voiced) {
  const Jamo j = Decompose(s);
  std::string out(voiced ? Voiced(j.initial) : kInitials[j.initial][0]);
  out += kMedialSpellings[j.medial][0];
  out += kFinalSpellings[j.final];
  return out;
}

// Every spelling of a syllable the tables above make: each initial form (the voiced one too)
// with each medial form, the final.
void AddSpellings(char32_t s, std::vector<std::string>* out) {
  const Jamo j = Decompose(s);
  std::array<std::string_view, 4> initials{};
  size_t ni = 0;
  for (std::string_view i : kInitials[j.initial]) {
    if (ni == 0 || !i.empty()) initials[ni++] = i;
  }
  if (Voiced(j.initial) != kInitials[j.initial][0]) initials[ni++] = Voiced(j.initial);
  // McCune-Reischauer writes ㅅ as sh before ㅣ and ㅟ (Shin, Shim).
  if (j.initial == kS && (j.medial == kI || j.medial == kWi)) initials[ni++] = "sh";
  std::array<std::string_view, 6> medials{};
  size_t nm = 0;
  for (std::string_view m : kMedialSpellings[j.medial]) {
    if (!m.empty()) medials[nm++] = m;
  }
  // 우 as Woo, Wu (Sun-woo, Hyun-woo): the silent ㅇ before ㅜ heard as w.
  if (j.initial == kIeung && j.medial == kU) {
    medials[nm++] = "wu";
    medials[nm++] = "woo";
  }
  for (size_t i = 0; i < ni; ++i) {
    for (size_t m = 0; m < nm; ++m) {
      AddUnique(out, std::string(initials[i]) + std::string(medials[m]) +
                         std::string(kFinalSpellings[j.final]));
    }
  }
}

// The usual Latin spellings of common Korean surnames beyond the systematic ones, keyed by the
// southern form of the syllable (SouthernInitial). Sources: the family-name table of the article
// "Korean name" (Revised, McCune-Reischauer and common spellings), the National Institute of
// Korean Language's 2001 note on Lee/Yi/I and the 2007 passport study it cites (98.5% Lee), and
// the Ministry of Foreign Affairs' passport guidance that a spelling "pronounced like the Hangul
// name" may be registered (In, Inn, Ihn, Yin for 인).
struct SurnameSpellings {
  char32_t syllable;
  std::array<std::string_view, 6> spellings;
};
constexpr SurnameSpellings kSurnames[] = {
    {U'김', {"kim", "gim"}},
    {U'이', {"lee", "yi", "rhee", "ri", "li", "rhie"}},
    {U'박', {"park", "pak", "bak", "bark"}},
    {U'최', {"choi", "choe", "chey"}},
    {U'정', {"jung", "jeong", "chung", "chong", "cheong", "joung"}},
    {U'강', {"kang", "gang"}},
    {U'조', {"cho", "jo", "joe", "choh"}},
    {U'윤', {"yoon", "yun", "youn"}},
    {U'장', {"jang", "chang"}},
    {U'임', {"lim", "im", "rim", "yim", "lym"}},
    {U'한', {"han"}},
    {U'오', {"oh", "o"}},
    {U'서', {"seo", "suh", "so", "sur"}},
    {U'신', {"shin", "sin", "sheen"}},
    {U'권', {"kwon", "gwon", "kwun"}},
    {U'황', {"hwang", "whang"}},
    {U'안', {"ahn", "an", "ann"}},
    {U'송', {"song"}},
    {U'유', {"yoo", "yu", "you", "ryu", "rhyu", "ryoo"}},
    {U'홍', {"hong"}},
    {U'전', {"jeon", "jun", "chun", "jon", "chon", "cheon"}},
    {U'고', {"ko", "go", "koh"}},
    {U'문', {"moon", "mun"}},
    {U'양', {"yang", "ryang"}},
    {U'손', {"son", "sohn"}},
    {U'배', {"bae", "pae", "bai"}},
    {U'백', {"baek", "paek", "back", "paik", "baik"}},
    {U'허', {"heo", "hur", "huh", "ho"}},
    {U'남', {"nam"}},
    {U'심', {"shim", "sim"}},
    {U'노', {"noh", "no", "roh", "ro", "rho"}},
    {U'하', {"ha"}},
    {U'곽', {"kwak", "gwak"}},
    {U'성', {"sung", "seong", "song"}},
    {U'차', {"cha"}},
    {U'주', {"joo", "ju", "chu", "choo"}},
    {U'우', {"woo", "u", "wu"}},
    {U'구', {"koo", "ku", "gu", "goo"}},
    {U'민', {"min"}},
    {U'진', {"jin", "chin"}},
    {U'나', {"na", "ra", "la"}},
    {U'지', {"ji", "chi"}},
    {U'엄', {"eom", "um", "uhm", "om"}},
    {U'채', {"chae", "chai"}},
    {U'원', {"won"}},
    {U'천', {"cheon", "chun", "chon"}},
    {U'방', {"bang", "pang"}},
    {U'공', {"kong", "gong"}},
    {U'현', {"hyun", "hyeon", "hyon"}},
    {U'함', {"ham", "hahm"}},
    {U'변', {"byun", "byeon", "pyon"}},
    {U'염', {"yeom", "yum", "yom", "ryom"}},
    {U'석', {"seok", "suk", "sok"}},
    {U'선', {"sun", "seon", "son"}},
    {U'설', {"seol", "sul", "sol"}},
    {U'마', {"ma"}},
    {U'길', {"gil", "kil"}},
    {U'연', {"yeon", "yun", "youn", "ryon", "yon"}},
    {U'위', {"wi", "wee"}},
    {U'표', {"pyo", "phyo"}},
    {U'명', {"myung", "myeong", "myong"}},
    {U'기', {"ki", "gi"}},
    {U'반', {"ban", "pan"}},
    {U'왕', {"wang"}},
    {U'금', {"keum", "kum", "geum", "gum"}},
    {U'옥', {"ok"}},
    {U'육', {"yuk", "yook", "ryuk"}},
    {U'인', {"in", "inn", "ihn", "yin"}},
    {U'맹', {"maeng"}},
    {U'제', {"je", "jeh", "che"}},
    {U'모', {"mo"}},
    {U'탁', {"tak", "thak"}},
    {U'국', {"kook", "kuk", "guk"}},
    {U'여', {"yeo", "yo", "yuh", "ryo"}},
    {U'어', {"eo", "o", "uh"}},
    {U'은', {"eun", "un"}},
    {U'편', {"pyun", "pyeon", "phyon"}},
    {U'용', {"yong", "ryong"}},
    {U'예', {"ye", "yeh"}},
    {U'봉', {"bong", "pong"}},
    {U'경', {"kyung", "gyeong", "kyong"}},
};

// Two-syllable surnames in use (the same article's list), with their usual spellings.
struct HangulCompoundSurname {
  std::u32string_view syllables;
  std::array<std::string_view, 4> spellings;
};
constexpr HangulCompoundSurname kHangulCompoundSurnames[] = {
    {U"남궁", {"namgung", "namkung"}}, {U"황보", {"hwangbo", "hwangpo"}},
    {U"제갈", {"jegal", "chegal"}},    {U"선우", {"sunwoo", "seonu", "sonu"}},
    {U"독고", {"dokgo", "tokko"}},     {U"사공", {"sagong", "sakong"}},
    {U"서문", {"seomun", "somun"}},
};

void AddSurnameTable(char32_t southern, std::vector<std::string>* out) {
  for (const SurnameSpellings& s : kSurnames) {
    if (s.syllable != southern) continue;
    for (std::string_view sp : s.spellings) AddUnique(out, std::string(sp));
  }
}

void AppendUtf8(char32_t c, std::string* out) {
  // Hangul syllables are three bytes.
  out->push_back(static_cast<char>(0xE0 | (c >> 12)));
  out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
  out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
}

// A token of one word-initial syllable (a surname, or the first syllable of a given name).
HangulToken InitialSyllable(char32_t s, bool surname) {
  const char32_t south = SouthernInitial(s);
  std::vector<std::string> spellings{MainSpelling(s, false)};
  AddSpellings(s, &spellings);
  if (south != s) AddSpellings(south, &spellings);
  if (surname) AddSurnameTable(south, &spellings);
  HangulToken t;
  t.text = std::move(spellings[0]);
  t.alts.assign(std::make_move_iterator(spellings.begin() + 1),
                std::make_move_iterator(spellings.end()));
  AppendUtf8(south, &t.syllables);
  return t;
}

// A later syllable of a given name; `prev` is the syllable before it.
HangulToken LaterSyllable(char32_t s, char32_t prev) {
  const int f = Decompose(prev).final;
  const bool resonant_before = f == 0 || f == 4 || f == 8 || f == 16 || f == 21;  // - ㄴ ㄹ ㅁ ㅇ
  std::vector<std::string> spellings{MainSpelling(s, resonant_before)};
  AddSpellings(s, &spellings);
  HangulToken t;
  t.text = std::move(spellings[0]);
  t.alts.assign(std::make_move_iterator(spellings.begin() + 1),
                std::make_move_iterator(spellings.end()));
  AppendUtf8(s, &t.syllables);
  return t;
}

// Spellings of a syllable token, main first.
std::vector<std::string> All(const HangulToken& t) {
  std::vector<std::string> v{t.text};
  v.insert(v.end(), t.alts.begin(), t.alts.end());
  return v;
}

HangulToken CompoundSurnameToken(const HangulCompoundSurname& c) {
  const HangulToken a = InitialSyllable(c.syllables[0], false);
  const HangulToken b = LaterSyllable(c.syllables[1], c.syllables[0]);
  std::vector<std::string> spellings = JoinedSpellings(All(a), All(b), 8);
  for (std::string_view sp : c.spellings) AddUnique(&spellings, std::string(sp));
  HangulToken t;
  t.text = std::move(spellings[0]);
  t.alts.assign(std::make_move_iterator(spellings.begin() + 1),
                std::make_move_iterator(spellings.end()));
  t.syllables = a.syllables;
  AppendUtf8(c.syllables[1], &t.syllables);
  return t;
}

}  // namespace

std::vector<std::string> JoinedSpellings(const std::vector<std::string>& a,
                                         const std::vector<std::string>& b, size_t per_side) {
  std::vector<std::string> out;
  const size_t na = std::min(a.size(), per_side), nb = std::min(b.size(), per_side);
  out.reserve(na * nb);
  for (size_t i = 0; i < na; ++i) {
    for (size_t j = 0; j < nb; ++j) AddUnique(&out, a[i] + b[j]);
  }
  return out;
}

std::vector<HangulToken> RomanizeHangulWord(const std::u32string& word, HangulWord role) {
  std::vector<HangulToken> out;
  if (word.empty()) return out;
  size_t given = 0;  // first syllable of the given name
  if (role == HangulWord::kSurname || (role == HangulWord::kWholeName && word.size() == 1)) {
    for (char32_t s : word) out.push_back(InitialSyllable(s, true));
    return out;
  }
  if (role == HangulWord::kWholeName) {
    given = 1;
    for (const HangulCompoundSurname& c : kHangulCompoundSurnames) {
      // Only before a given name: 선우 alone is as often a given name (Seon-u).
      if (word.size() >= 3 && word.compare(0, 2, c.syllables) == 0) {
        out.push_back(CompoundSurnameToken(c));
        given = 2;
      }
    }
    if (given == 1) out.push_back(InitialSyllable(word[0], true));
  }
  out.push_back(InitialSyllable(word[given], false));
  for (size_t i = given + 1; i < word.size(); ++i) {
    out.push_back(LaterSyllable(word[i], word[i - 1]));
  }
  return out;
}

}  // namespace cordon::normalize
