#include "normalize/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <utility>

#include "core/sha256.h"
#include "core/strcat.h"
#include "core/text.h"
#include "normalize/hangul.h"
#include "normalize/legal_forms.h"

namespace cordon::normalize {
namespace {

// Version of the rules in this module and rules.cc; bump it when their output changes.
constexpr std::string_view kRulesVersion = "normalize/12";

// Marks removed after every transform: Latin-ASCII leaves some combining marks of the
// romanisation tables (Arabic-Latin writes "ḵ", "ẖ") in place.
constexpr char kStripMarks[] = "::Latin-ASCII; ::NFD; ::[:Nonspacing Mark:] Remove; ::NFC;";

// Arabic script (Arabic, Persian, Pashto, Urdu). Vowel marks (harakat) and hamza carriers are
// removed first: the lists write them inconsistently and Latin spellings do not follow them.
// Tatweel (U+0640) is only a stretching stroke. Ta marbuta (U+0629) is dropped because Latin
// spellings mostly omit it (Usama, Fatima) and the skeleton drops a final h anyway. Ayn (U+0639)
// becomes a vowel, as Latin spellings render it ('Ali -> Ali, Sa'd -> Saad).
// ICU's Arabic-Latin covers the Persian letters (پ چ ژ گ ک ی); its BGN variants leave
// Arabic-script letters untransliterated in ICU 72 (checked with uconv -x). It leaves the Urdu
// and Pashto letters untouched too, and a word holding one fell apart there: the UN list types
// Arabic names with the Urdu heh doachashmee (إبراھیم, الطاھر; 150 letters in the bundled lists)
// and "إبراھیم" became "abra" and "ym", without the letters the transliteration model reads.
// They are written as BGN/PCGN's Urdu (2007) and Pashto (1968) tables write them
// (tools/romanization_systems.tsv, system "ur"); Urdu teh marbuta goal (U+06C3) goes as ta
// marbuta does.
const std::string kArabicRules = StrCat(
    "::NFD; ::[:Nonspacing Mark:] Remove; ::NFC; \\u0640 > ; \\u0629 > ; \\u06C3 > ; "
    "\\u0639 > a; "
    // Urdu: tteh, ddal, rreh, noon ghunna, yeh barree, heh doachashmee, heh goal.
    "\\u0679 > t; \\u0688 > d; \\u0691 > r; \\u06BA > n; \\u06D2 > e; \\u06BE > h; "
    "\\u06C1 > h; "
    // Pashto: dze, tse, xin, zhe, rreh, ddal, tteh, nnoon, gaf.
    "\\u0681 > dz; \\u0685 > ts; \\u069A > kh; \\u0696 > zh; \\u0693 > r; \\u0689 > d; "
    "\\u067C > t; \\u06BC > n; \\u06AB > g; "
    "::Arabic-Latin; ",
    kStripMarks);

// Cyrillic. ICU's Russian-Latin/BGN leaves the letters Russian lacks untouched, and Any-Latin
// (ISO 9) spells them with diacritics that Latin-ASCII then loses; so the extra letters of Tajik,
// Kazakh, Kyrgyz, Uzbek and Ukrainian are mapped first, following the BGN/PCGN romanisation
// tables of those languages (Tajik 1994, Kazakh 1979, Kyrgyz 1979, Uzbek 1979, Ukrainian 1965).
const std::string kCyrillicRules = StrCat(
    "::NFC; ҷ > j; Ҷ > J; қ > q; Қ > Q; ғ > gh; Ғ > Gh; ӯ > u; Ӯ > U; ӣ > i; Ӣ > I; ҳ > h; "
    "Ҳ > H; ә > a; Ә > A; ө > o; Ө > O; ү > u; Ү > U; ұ > u; Ұ > U; һ > h; Һ > H; ң > ng; "
    "Ң > Ng; ў > u; Ў > U; і > i; І > I; ї > yi; Ї > Yi; є > ye; Є > Ye; ґ > g; Ґ > G; "
    // Serbian and Macedonian letters, which Russian-Latin/BGN leaves as they are ("Жељка" fell
    // apart into "zhe" and "ka"), as the Serbian Latin alphabet writes them once Latin-ASCII has
    // removed its diacritics (tools/romanization_systems.tsv, system "sl"); ѓ and ќ as the
    // Macedonian gj and kj. The hard sign is written by no Latin spelling of a name (ICAO 9303
    // gives "ie", BGN/PCGN a double prime that split "Объединение" into "ob" and "yedineniye";
    // GOST 7.79 B and the French and German systems nothing).
    "ђ > dj; Ђ > Dj; ј > j; Ј > J; љ > lj; Љ > Lj; њ > nj; Њ > Nj; ћ > c; Ћ > C; џ > dz; "
    "Џ > Dz; ѓ > gj; Ѓ > Gj; ќ > kj; Ќ > Kj; ъ > ; Ъ > ; "
    // BGN/PCGN writes a middle dot between letters that would otherwise read as one sound
    // (тс -> t·s, apart from ц -> ts); Latin names never write it, and as punctuation it split
    // "МТС" into "mt" (then taken for the vessel prefix MT) and "s".
    "::Russian-Latin/BGN; \\u00B7 > ; ",
    kStripMarks);

const std::string kGreekRules = StrCat("::Greek-Latin/UNGEGN; ", kStripMarks);
// Han-Latin/Names reads surnames with their name readings (e.g. 单 as Shan).
const std::string kHanRules = StrCat("::Han-Latin/Names; ", kStripMarks);
const std::string kAnyRules = StrCat("::Any-Latin; ", kStripMarks);
const std::string kLatinRules = kStripMarks;

enum ScriptSlot { kLatin = 0, kArabic, kCyrillic, kGreek, kHan, kOther, kSlots };

ScriptSlot SlotOf(UScriptCode sc) {
  switch (sc) {
    case USCRIPT_LATIN: return kLatin;
    case USCRIPT_ARABIC: return kArabic;
    case USCRIPT_CYRILLIC: return kCyrillic;
    case USCRIPT_GREEK: return kGreek;
    case USCRIPT_HAN: return kHan;
    default: return kOther;
  }
}

// Apostrophes and modifier letters that join rather than split a word (O'Brien, Sa'id, the
// ayn/hamza half rings of scholarly romanisation, the BGN soft/hard sign primes).
bool IsJoiner(UChar32 c) {
  switch (c) {
    case '\'':
    case '`':
    case 0x00B4:
    case 0x2018:
    case 0x2019:
    case 0x02BC:
    case 0x02BB:
    case 0x02BF:
    case 0x02BE:
    case 0x02B9:
    case 0x02BA:
    case 0x02C8: return true;
    default: return false;
  }
}

// Joins the letters of an acronym written with dots or hyphens ("T.R.O.S", "I.C.I.C.", "G-9",
// "L.L.C", "S.A.S."), which punctuation would otherwise split into one-letter tokens that only
// count as initials: a run of one-character tokens, each tied to the next by a single '.' or '-',
// becomes one token when it has three or more characters, a digit, or spells a legal form
// ("S.A.", "D.O.O."). Two letters alone stay initials: "V.A. BOYARKIN", "S.M. Tufail".
void JoinDottedAcronyms(std::vector<std::string>* tokens, const std::vector<bool>& tight) {
  std::vector<std::string> out;
  out.reserve(tokens->size());
  for (size_t i = 0; i < tokens->size();) {
    size_t j = i + 1;
    if ((*tokens)[i].size() == 1) {
      while (j < tokens->size() && tight[j] && (*tokens)[j].size() == 1) ++j;
    } else if (j < tokens->size() && tight[j] && (*tokens)[j].size() == 1) {
      // A dotted legal form run into the word before it ("UNIDASS.A.", "IRASCOS.R.L."): the
      // word's last letter and the letters after it spell the form, and 3+ letters are left.
      size_t k = j;
      std::string form(1, (*tokens)[i].back());
      while (k < tokens->size() && tight[k] && (*tokens)[k].size() == 1) form += (*tokens)[k++];
      if ((*tokens)[i].size() >= 4 && ClassifyToken(form) == TokenClass::kLegalForm) {
        std::string word = (*tokens)[i].substr(0, (*tokens)[i].size() - 1);
        out.push_back(std::move(word));
        out.push_back(std::move(form));
        i = k;
        continue;
      }
    }
    std::string joined;
    for (size_t k = i; k < j; ++k) joined += (*tokens)[k];
    const bool digit =
        std::any_of(joined.begin(), joined.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (j - i >= 3 || (j - i == 2 && (digit || ClassifyToken(joined) == TokenClass::kLegalForm))) {
      out.push_back(std::move(joined));
    } else {
      for (size_t k = i; k < j; ++k) out.push_back(std::move((*tokens)[k]));
    }
    i = j;
  }
  *tokens = std::move(out);
}

// Splits ASCII-ish text into lower-case alphanumeric tokens, appended to *out.
void SplitTokens(std::string_view s, std::vector<std::string>* out) {
  const size_t first = out->size();
  // tight[k]: token first+k follows the one before it across exactly one '.' or '-'.
  thread_local std::vector<bool> tight;
  tight.clear();
  bool any_tight = false;
  std::string cur;
  int separators = 0;
  bool dot_or_hyphen = false;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && c < 0x80 && std::isalnum(c)) {
      if (cur.empty()) {
        const bool t = out->size() > first && separators == 1 && dot_or_hyphen;
        tight.push_back(t);
        any_tight |= t;
        separators = 0;
      }
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (!IsJoiner(c)) {
      if (!cur.empty()) {
        out->push_back(std::move(cur));
        cur.clear();
      }
      ++separators;
      dot_or_hyphen = c == '.' || c == '-';
    }
  }
  if (!cur.empty()) out->push_back(std::move(cur));
  if (!any_tight) return;
  std::vector<std::string> tokens(std::make_move_iterator(out->begin() + first),
                                  std::make_move_iterator(out->end()));
  out->resize(first);
  tight.resize(tokens.size(), false);
  JoinDottedAcronyms(&tokens, tight);
  for (std::string& t : tokens) out->push_back(std::move(t));
}

// Whether the text is one word (no inner white space).
bool OneWord(const icu::UnicodeString& s) {
  int32_t b = 0, e = s.length();
  while (b < e && u_isUWhiteSpace(s.charAt(b))) ++b;
  while (e > b && u_isUWhiteSpace(s.charAt(e - 1))) --e;
  for (int32_t i = b; i < e; ++i) {
    if (u_isUWhiteSpace(s.charAt(i))) return false;
  }
  return true;
}

// Two-character Chinese surnames (fuxing) that are still in use, simplified and traditional.
constexpr std::array<const char16_t*, 19> kCompoundSurnames = {
    u"欧阳", u"歐陽", u"司马", u"司馬", u"上官", u"诸葛", u"諸葛", u"司徒", u"东方", u"東方",
    u"皇甫", u"夏侯", u"慕容", u"令狐", u"尉迟", u"尉遲", u"公孙", u"公孫", u"宇文"};

// Han-Latin gives one syllable per character ("li wei"); pinyin writes a surname and a given
// name as one word each (GB/T 28039-2011: Wang Liwei, Ouyang Wenwei). A Han word in a name with
// spaces is one part: its syllables join ("立伟 易" -> liwei, yi). A name written as one Han word
// of two to four characters, as Chinese writes full names, is surname then given name: the first
// syllable (two for a compound surname) apart from the rest ("毛泽东" -> mao, zedong).
void JoinHanSyllables(const icu::UnicodeString& word, bool one_word,
                      std::vector<std::string>* syllables) {
  std::vector<std::string>& s = *syllables;
  if (s.size() < 2) return;
  size_t surname = 0;
  if (one_word && s.size() <= 4) {
    surname = 1;
    for (const char16_t* c : kCompoundSurnames) {
      if (s.size() >= 3 && word.startsWith(icu::UnicodeString(c))) surname = 2;
    }
  }
  std::vector<std::string> out;
  std::string part;
  for (size_t i = 0; i < s.size(); ++i) {
    part += s[i];
    if (i + 1 == surname || i + 1 == s.size()) out.push_back(std::exchange(part, {}));
  }
  s = std::move(out);
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; });
}

// Cuts at a UTF-8 character boundary.
std::string_view Truncate(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<uint8_t>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

// Script of a letter, or USCRIPT_COMMON for anything else.
UScriptCode LetterScript(UChar32 c) {
  if (!u_isalpha(c)) return USCRIPT_COMMON;
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode sc = uscript_getScript(c, &err);
  return U_SUCCESS(err) && sc != USCRIPT_INHERITED ? sc : USCRIPT_COMMON;
}

// A word ends where another script begins after a separator ("T-банк", "AB-банк", "Альфа-Bank"):
// each piece is read by its own script's rules (before, the Latin rules read "T-банк" whole and
// the Cyrillic "банк" was lost). Scripts mixed with no separator between them (a Cyrillic "а"
// inside a Latin word) stay one piece. Returns the pieces' [begin, end) offsets.
std::vector<std::pair<int32_t, int32_t>> WordPieces(const icu::UnicodeString& w) {
  std::vector<std::pair<int32_t, int32_t>> out;
  int32_t begin = 0;
  UScriptCode current = USCRIPT_COMMON;
  bool after_separator = false;
  for (int32_t i = 0; i < w.length();) {
    const UChar32 c = w.char32At(i);
    const UScriptCode sc = LetterScript(c);
    if (sc == USCRIPT_COMMON) {
      after_separator = !u_isdigit(c) && u_charType(c) != U_NON_SPACING_MARK;
    } else {
      if (current != USCRIPT_COMMON && sc != current && after_separator) {
        out.emplace_back(begin, i);
        begin = i;
      }
      current = sc;
      after_separator = false;
    }
    i += U16_LENGTH(c);
  }
  out.emplace_back(begin, w.length());
  return out;
}

// Lower-case Latin and Cyrillic letters that look alike (the Latin-Cyrillic pairs of Unicode's
// confusables, UTS #39 confusables.txt). Writers type one for the other: the Canadian list's
// Belarusian names write the Belarusian і as a Latin i ("Вiктар Уладзiмiравiч", 315 words of
// data/names/cross_script), and a Latin name may carry a Cyrillic а.
constexpr std::pair<UChar32, UChar32> kLatinCyrillicHomoglyphs[] = {
    {U'a', U'\u0430'}, {U'c', U'\u0441'}, {U'd', U'\u0501'}, {U'e', U'\u0435'}, {U'h', U'\u04BB'},
    {U'i', U'\u0456'}, {U'j', U'\u0458'}, {U'l', U'\u04CF'}, {U'o', U'\u043E'}, {U'p', U'\u0440'},
    {U'q', U'\u051B'}, {U's', U'\u0455'}, {U'w', U'\u051D'}, {U'x', U'\u0445'}, {U'y', U'\u0443'}};

// A word (case-folded) that mixes Latin and Cyrillic letters, with the homoglyphs of the script
// it has fewer letters of written in the other; unchanged when it has as many of each or letters
// of a third script. A letter with no look-alike stays, and the word, still mixed, is read letter
// by letter (Any-Latin, below).
icu::UnicodeString FoldHomoglyphs(const icu::UnicodeString& w) {
  int latin = 0, cyrillic = 0;
  for (int32_t i = 0; i < w.length();) {
    const UChar32 c = w.char32At(i);
    i += U16_LENGTH(c);
    const UScriptCode sc = LetterScript(c);
    if (sc == USCRIPT_LATIN) {
      ++latin;
    } else if (sc == USCRIPT_CYRILLIC) {
      ++cyrillic;
    } else if (sc != USCRIPT_COMMON) {
      return w;
    }
  }
  if (latin == 0 || cyrillic == 0 || latin == cyrillic) return w;
  const bool to_cyrillic = cyrillic > latin;
  icu::UnicodeString out;
  for (int32_t i = 0; i < w.length();) {
    UChar32 c = w.char32At(i);
    i += U16_LENGTH(c);
    for (const auto& [lat, cyr] : kLatinCyrillicHomoglyphs) {
      if (to_cyrillic && c == lat) {
        c = cyr;
      } else if (!to_cyrillic && c == cyr) {
        c = lat;
      }
    }
    out.append(c);
  }
  return out;
}

// Whether a piece holds letters of more than one script.
bool MixesScripts(const icu::UnicodeString& w) {
  UScriptCode first = USCRIPT_COMMON;
  for (int32_t i = 0; i < w.length();) {
    const UChar32 c = w.char32At(i);
    i += U16_LENGTH(c);
    const UScriptCode sc = LetterScript(c);
    if (sc == USCRIPT_COMMON) continue;
    if (first == USCRIPT_COMMON) first = sc;
    if (sc != first) return true;
  }
  return false;
}

// Script of the first letter of a word that has one.
UScriptCode WordScript(const icu::UnicodeString& w) {
  for (int32_t i = 0; i < w.length();) {
    const UChar32 c = w.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isalpha(c)) continue;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(c, &err);
    if (U_SUCCESS(err) && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) return sc;
  }
  return USCRIPT_LATIN;
}

// A word of Hangul syllables (and punctuation) becomes one token per syllable, a surname
// split off (normalize/hangul.h); false, with nothing appended, when the word has any other
// letter or digit (old-style jamo, Hanja), which ICU then reads. A name written as one word is
// surname and given name; in a name of several words, a one-syllable word is a surname.
bool AppendHangulTokens(const icu::UnicodeString& w, bool one_word, std::vector<RawToken>* out) {
  std::u32string syllables;
  for (int32_t i = 0; i < w.length();) {
    const UChar32 c = w.char32At(i);
    i += U16_LENGTH(c);
    if (IsHangulSyllable(static_cast<char32_t>(c))) {
      syllables.push_back(static_cast<char32_t>(c));
    } else if (u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK) {
      return false;
    }
  }
  if (syllables.empty()) return false;
  const HangulWord role = one_word                ? HangulWord::kWholeName
                          : syllables.size() == 1 ? HangulWord::kSurname
                                                  : HangulWord::kGiven;
  for (HangulToken& h : RomanizeHangulWord(syllables, role)) {
    RawToken r;
    r.text = h.text;
    r.hangul = std::make_shared<const HangulToken>(std::move(h));
    out->push_back(std::move(r));
  }
  return true;
}

// A word of Arabic or Cyrillic script cut at its dashes ("نیازی-انگیلی", "Петров-Водкин"):
// [begin, end) offsets of the pieces with letters. Each piece is a name word the
// transliteration model reads with its own letters; read whole, ICU made two tokens of it and
// neither kept the letters, so the model never saw them (the Canada list's
// "مجید رضا نیازی-انگیلی" scored 0.71 against "NIYAZI-ANGILI, Majid Reza").
std::vector<std::pair<int32_t, int32_t>> DashPieces(const icu::UnicodeString& w) {
  std::vector<std::pair<int32_t, int32_t>> out;
  int32_t begin = 0;
  for (int32_t i = 0; i <= w.length();) {
    const UChar32 c = i < w.length() ? w.char32At(i) : 0;
    if (i == w.length() || u_charType(c) == U_DASH_PUNCTUATION) {
      if (i > begin) out.emplace_back(begin, i);
      begin = i + (i < w.length() ? U16_LENGTH(c) : 0);
      if (i == w.length()) break;
    }
    i += U16_LENGTH(c);
  }
  if (out.empty()) out.emplace_back(0, w.length());
  return out;
}

}  // namespace

// ICU transliterators are not thread-safe, so each thread transliterates with its own clones of
// the Normalizer's prototypes: no lock on the screening path (a lock per script serialised all
// threads screening Arabic or Cyrillic names). Clones are made on a thread's first use of a
// script and kept for the last few Normalizers the thread used (a service swaps in a new one on
// reload).
struct Normalizer::Impl {
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  std::array<std::unique_ptr<icu::Transliterator>, kSlots> translit;  // prototypes
  LegalForms legal_forms;  // read with this normaliser's own transliteration, at Create
  mutable std::mutex clone_mu;
  // Never reused, unlike an address: a thread's clones can never be taken for another's.
  const uint64_t id = [] {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1);
  }();

  icu::Transliterator* ForThisThread(ScriptSlot slot) const {
    struct Clones {
      uint64_t owner = 0;
      std::array<std::unique_ptr<icu::Transliterator>, kSlots> t;
    };
    constexpr size_t kKept = 4;
    thread_local std::array<Clones, kKept> cache;
    thread_local size_t next_victim = 0;
    Clones* c = nullptr;
    for (Clones& k : cache) {
      if (k.owner == id) c = &k;
    }
    if (c == nullptr) {
      c = &cache[next_victim];
      next_victim = (next_victim + 1) % kKept;
      c->owner = id;
      for (auto& t : c->t) t.reset();
    }
    if (!c->t[slot]) {
      std::lock_guard<std::mutex> lock(clone_mu);
      c->t[slot].reset(translit[slot]->clone());
    }
    return c->t[slot].get();
  }

  std::string Run(ScriptSlot slot, icu::UnicodeString w) const {
    ForThisThread(slot)->transliterate(w);
    std::string out;
    w.toUTF8String(out);
    return out;
  }
};

Normalizer::Normalizer(const KnowledgeTables* tables)
    : tables_(tables), impl_(std::make_unique<Impl>()) {}
Normalizer::~Normalizer() = default;

std::string Normalizer::VersionOf(const KnowledgeTables& tables) {
  static const std::string forms = LegalForms::VersionOf(kEmbedded_legal_forms);
  return StrCat(kRulesVersion, " ", tables.version(), " ", TranslitModel::Embedded().version(), " ",
                forms);
}

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(const KnowledgeTables* tables) {
  std::unique_ptr<Normalizer> n(new Normalizer(tables));
  UErrorCode err = U_ZERO_ERROR;
  n->impl_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
  n->impl_->nfd = icu::Normalizer2::getNFDInstance(err);
  if (U_FAILURE(err)) return absl::InternalError(StrCat("ICU normalizer: ", u_errorName(err)));
  const std::array<const std::string*, kSlots> rules = {
      &kLatinRules, &kArabicRules, &kCyrillicRules, &kGreekRules, &kHanRules, &kAnyRules};
  for (int s = 0; s < kSlots; ++s) {
    UParseError pe;
    err = U_ZERO_ERROR;
    n->impl_->translit[s].reset(icu::Transliterator::createFromRules(
        icu::UnicodeString::fromUTF8("cordon-" + std::to_string(s)),
        icu::UnicodeString::fromUTF8(*rules[s]), UTRANS_FORWARD, pe, err));
    if (U_FAILURE(err) || !n->impl_->translit[s]) {
      return absl::InternalError(
          StrCat("ICU transliterator ", s, ": ", u_errorName(err), " at rule offset ", pe.offset));
    }
  }
  // Any-Latin builds its per-script transliterators on first use; ICU's registry keeps their
  // compiled rules, so running one word of each script the lists and the name corpora hold
  // through the prototype here spares the first query in that script (and each thread's
  // clone) the rule compilation: the first Japanese name took 2.8 ms, later ones 0.3 ms.
  icu::UnicodeString warm = icu::UnicodeString::fromUTF8(
      "ひなた カタカナ 洋子 김민준 สมชาย राम রহিম தமிழ் ગુજરાતી ਪੰਜਾਬੀ ಕನ್ನಡ മലയാളം తెలుగు "
      "ଓଡ଼ିଆ ශ්‍රී ཀུན་ ဗမာ ខ្មែរ ລາວ "
      "ქართული Հայերեն አማርኛ ދިވެހި שלום ܣܘܪܝܝܐ ᠮᠣᠩᠭᠣᠯ");
  n->impl_->translit[kOther]->transliterate(warm);
  // The spelt-out legal forms, read as a query would be: the table writes each in its own script.
  const Normalizer* self = n.get();
  n->impl_->legal_forms = LegalForms::Parse(kEmbedded_legal_forms, [self](std::string_view form) {
    std::string script;
    std::vector<RawToken> raw;
    self->Transliterate(form, &script, &raw);
    std::vector<std::string> words;
    words.reserve(raw.size());
    for (RawToken& r : raw) words.push_back(std::move(r.text));
    return words;
  });
  n->version_ = VersionOf(*tables);
  return n;
}

absl::StatusOr<std::shared_ptr<const Normalizer>> Normalizer::Shared() {
  static const absl::StatusOr<std::shared_ptr<const Normalizer>> shared =
      []() -> absl::StatusOr<std::shared_ptr<const Normalizer>> {
    auto n = Create();
    if (!n.ok()) return n.status();
    return std::shared_ptr<const Normalizer>(std::move(*n));
  }();
  return shared;
}

std::string Normalizer::TransliterateArabicWord(const icu::UnicodeString& word,
                                                const std::vector<std::string>** spellings) const {
  // The arabic_latin table is keyed by the bare letters: vowel marks removed.
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString bare = impl_->nfd->normalize(word, err);
  icu::UnicodeString letters;
  for (int32_t i = 0; i < bare.length();) {
    const UChar32 c = bare.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) != U_NON_SPACING_MARK && c != 0x0640) letters.append(c);
  }
  std::string key;
  letters.toUTF8String(key);
  // The nasab connectors are always connectors in Arabic script (بن son of, ابن, بنت daughter
  // of); the tables would spell بن "ben", which in Latin is also a given name.
  if (key == "بن") return "bin";
  if (key == "ابن") return "ibn";
  if (key == "بنت") return "bint";
  *spellings = tables_->ArabicLatin(key);
  if (*spellings != nullptr) return (**spellings)[0];
  return impl_->Run(kArabic, word);
}

void Normalizer::Transliterate(std::string_view name, std::string* script,
                               std::vector<RawToken>* tokens) const {
  name = Truncate(name, kMaxNameBytes);
  *script = DetectScript(name);
  std::vector<std::string> split;
  if (IsAscii(name)) {
    SplitTokens(name, &split);
    tokens->reserve(tokens->size() + split.size());  // one allocation, not one per doubling
    for (std::string& s : split) tokens->push_back({std::move(s), true, nullptr});
    return;
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::UnicodeString folded =
      impl_->nfkc_cf->normalize(icu::UnicodeString::fromUTF8(name), err);
  const bool one_word = OneWord(folded);
  int32_t start = 0;
  while (start < folded.length()) {
    int32_t end = start;
    while (end < folded.length() && !u_isUWhiteSpace(folded.charAt(end))) ++end;
    const icu::UnicodeString word = folded.tempSubStringBetween(start, end);
    for (const auto& [piece_begin, piece_end] : WordPieces(word)) {
      if (piece_end == piece_begin) continue;
      const icu::UnicodeString w =
          FoldHomoglyphs(word.tempSubStringBetween(piece_begin, piece_end));
      const UScriptCode word_script = WordScript(w);
      if (word_script == USCRIPT_HANGUL && AppendHangulTokens(w, one_word, tokens)) continue;
      // A piece that mixes scripts goes through Any-Latin, which reads each letter in its own
      // script ("Bаshir" with a Cyrillic а reads as bashir, not b-shir).
      const ScriptSlot slot = MixesScripts(w) ? kOther : SlotOf(word_script);
      if (slot == kArabic || slot == kCyrillic) {
        for (const auto& [b, e] : DashPieces(w)) {
          AppendModelWord(w.tempSubStringBetween(b, e), slot, tokens);
        }
        continue;
      }
      split.clear();
      SplitTokens(impl_->Run(slot, w), &split);
      if (slot == kHan) JoinHanSyllables(w, one_word, &split);
      for (std::string& s : split) {
        // Pinyin writes every vowel, so a token from Han compares as a Latin spelling does: the
        // vowel-free skeleton rules are for scripts that leave short vowels out (Arabic).
        // Before, "晨阳 马" matched "MA, Xiaohong" through one skeleton edit (0.84). The same
        // holds for the other scripts Any-Latin romanises with their vowels (Hangul, kana,
        // Thai, Devanagari, Thaana, Armenian, Georgian, ...; "가영 왕" matched "WANG, Guoying"
        // through the skeleton gyng), but not for the abjads Hebrew and Syriac.
        const bool with_vowels =
            slot == kLatin || slot == kHan ||
            (slot == kOther && word_script != USCRIPT_HEBREW && word_script != USCRIPT_SYRIAC);
        tokens->push_back({std::move(s), with_vowels, nullptr, {}});
      }
    }
    start = end + 1;
  }
}

void Normalizer::AppendModelWord(const icu::UnicodeString& w, int slot_number,
                                 std::vector<RawToken>* tokens) const {
  const auto slot = static_cast<ScriptSlot>(slot_number);
  const std::vector<std::string>* spellings = nullptr;
  const std::string out =
      slot == kArabic ? TransliterateArabicWord(w, &spellings) : impl_->Run(slot, w);
  std::vector<std::string> split;
  SplitTokens(out, &split);
  // The word's letters for the transliteration model, when ICU made one token of it.
  std::string source;
  if (split.size() == 1) {
    std::string utf8;
    w.toUTF8String(utf8);
    source = TranslitModel::Symbols(utf8);
  }
  for (std::string& s : split) {
    // Arabic script writes the article joined to its noun; a transliterated word that starts
    // with "al" and has a noun after it loses the article (Latin names write it apart).
    if (slot == kArabic && !spellings && s.size() > 4 && s.starts_with("al")) {
      s.erase(0, 2);
      if (source.starts_with("\u0627\u0644")) source.erase(0, 4);  // the same in the letters
    }
    // Arabic and Cyrillic write vowels otherwise than Latin does (Cyrillic and Greek keep the
    // skeleton rules, which their BGN spellings rely on): see Token::latin_source. The letters
    // go with the word's one token (`source` is empty when ICU made several).
    tokens->push_back(
        {std::move(s), false, split.size() == 1 ? spellings : nullptr, std::exchange(source, {})});
  }
}

// A name that is nothing but single letters once its legal form and titles are gone ("E. S.
// Co.", "K M A", "B&H", "LIMITED LIABILITY COMPANY I T C") is an acronym: its letters join into
// one token. As initials they could only support another token's match, so such list names
// could not be found even exactly (issue 10, item 5: 9 of the 61,627 strong names of the bundled
// lists). A name with any longer token keeps its initials ("V.A. BOYARKIN").
namespace {
// Whether no name of the population sample holds the token (a word of the lists only, or of
// neither); false when the tables have no statistics, so the rules below stay off.
bool NoPersonIsNamed(const KnowledgeTables& tables, std::string_view t) {
  if (tables.token_stats_size() == 0) return false;
  const TokenStat* s = tables.Stats(t);
  return s == nullptr || s->population_count == 0;
}

// Numbers written as words or Roman numerals ("Three", "III") are their digits, so that "Fund
// III", "Fund 3" and "Fund Three" are one name and "Fund IV" another. A token that is also a
// person's name in the population sample stays as written: Xi and Vi are Chinese and Vietnamese
// names before they are Roman numerals.
void NumeralsAsDigits(std::vector<RawToken>* tokens, const KnowledgeTables& tables) {
  for (RawToken& t : *tokens) {
    if (!t.latin || t.syllabic()) continue;
    std::string digits = NumeralDigits(t.text);
    if (digits.empty() || !NoPersonIsNamed(tables, t.text)) continue;
    t.text = std::move(digits);
    t.spellings = nullptr;
  }
}

// Two consonants written as one word after the surname of a name written "SURNAME, Given" are
// the initials of a hyphenated given name: "PIVI, JC" for Jean-Claude (UK GUC0004, "PIVI,
// Jean-Claude"), "BOZIZE, JF" for Jean-Francis (OFAC SDN 46311), as "PIVI, J.-C." gives them.
// Only there: a pair starting a name is as often an organisation's acronym ("BM BANK", "AO KB
// ARSENAL", 273 list names), and split into initials "BK BANK" scored 0.85 against "BM BANK"
// (0.54 whole). Not a word that names a person in the population sample (Ng), nor the suffixes
// Jr, Sr and the saint's St.
void SplitConsonantInitials(std::vector<RawToken>* tokens, const KnowledgeTables& tables,
                            bool surname_first) {
  auto consonant = [](char c) { return c >= 'a' && c <= 'z' && !IsVowel(c) && c != 'y'; };
  auto& t = *tokens;
  if (!surname_first || t.size() < 2) return;
  const std::string& p = t[1].text;
  if (!t[1].latin || p.size() != 2 || !consonant(p[0]) || !consonant(p[1]) || p == "jr" ||
      p == "sr" || p == "st" || ClassifyToken(p) != TokenClass::kName ||
      !NoPersonIsNamed(tables, p)) {
    return;
  }
  RawToken second;
  second.text = p.substr(1, 1);
  t[1].text.resize(1);
  t[1].spellings = nullptr;
  t.insert(t.begin() + 2, std::move(second));
}

void JoinInitialsOnlyName(std::vector<RawToken>* tokens) {
  if (tokens->size() < 2) return;
  for (const RawToken& t : *tokens) {
    if (t.text.size() != 1 || t.syllabic()) return;
  }
  RawToken joined;
  for (const RawToken& t : *tokens) {
    joined.text += t.text;
    joined.latin = joined.latin && t.latin;
  }
  tokens->assign(1, joined);
}
}  // namespace

std::string Normalizer::ToAscii(std::string_view name) const {
  std::string script;
  std::vector<RawToken> tokens;
  Transliterate(name, &script, &tokens);
  std::string out;
  for (const RawToken& t : tokens) out += (out.empty() ? "" : " ") + t.text;
  return out;
}

Token Normalizer::MakeToken(RawToken raw, const KnownSkeletons* known) const {
  Token t;
  t.skeleton = Skeleton(raw.text);
  if (raw.syllabic()) {
    // A Hangul syllable: its own spellings only, no variant group or glued article.
    t.hangul = true;
    t.source = raw.hangul->syllables;
    for (const std::string& a : raw.hangul->alts) t.alts.push_back({a});
    t.text = std::move(raw.text);
    return t;
  }
  t.group = tables_->VariantGroup(raw.text);
  t.latin_source = raw.latin;
  if (!raw.source.empty() && TranslitModel::Embedded().Covers(raw.source)) {
    const SkeletonSet* held = known == nullptr ? nullptr : known->FindSkeletons(raw.source);
    t.skeletons = held != nullptr ? *held : TranslitModel::Embedded().Skeletons(raw.source);
  }
  t.source = std::move(raw.source);
  if (raw.spellings) {
    for (size_t i = 1; i < raw.spellings->size(); ++i) {
      t.alts.push_back({(*raw.spellings)[i], AltKind::kTransliteration});
    }
  }
  if (std::string s = StripGluedArticle(raw.text); !s.empty()) {
    std::string skeleton = Skeleton(s);
    t.alts.push_back({std::move(s), AltKind::kArticle, std::move(skeleton)});
  }
  t.text = std::move(raw.text);
  return t;
}

NormalizedName Normalizer::Normalize(std::string_view name, const KnownSkeletons* skeletons) const {
  NormalizedName out;
  std::vector<RawToken> tokens;
  Transliterate(name, &out.script, &tokens);
  // Typo rules need to know which words are real; without token statistics they stay off.
  KnownToken known;
  if (tables_->token_stats_size() > 0) {
    known = [this](std::string_view t) { return tables_->Stats(t) != nullptr; };
  }
  // A comma says the name was written surname first ("SAMAD, Abdul"); the Arabic comma too.
  const bool surname_first =
      name.find(',') != std::string_view::npos || name.find("\u060C") != std::string_view::npos;
  ApplyStructure(&tokens, &out.dropped, known, &impl_->legal_forms, surname_first);
  NumeralsAsDigits(&tokens, *tables_);
  SplitConsonantInitials(&tokens, *tables_, surname_first);
  JoinInitialsOnlyName(&tokens);
  out.tokens.reserve(tokens.size());
  for (RawToken& t : tokens) out.tokens.push_back(MakeToken(std::move(t), skeletons));
  return out;
}

}  // namespace cordon::normalize
