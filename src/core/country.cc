// Country texts -> ISO 3166-1 alpha-2.
//
// The table is built once, first writer winning, from: the data tables below,
// which hold the wordings the official lists use that ICU does not (UN formal
// names, OFAC inversions, UK shorthand, demonyms, Arabic short forms from the
// UAE list; each row taken from the distinct country values of the bundled
// lists, see country_test.cc for how they were extracted); ICU's English
// display names; data/tables/countries.tsv (ISO 3166-1 names and codes from
// iso-codes, CLDR's short and variant names, English demonyms from
// i18n-nationality; tools/build_countries.py); every ISO region code with its
// alpha-3 code; ICU's French and Arabic names.
//
// Keys are compared after KeyOf(): compatibility decomposition, combining marks
// dropped (accents, Arabic harakat and hamza seats), case folded, every run of
// non-letters a single space, and the filler words "the", "and", "of" dropped
// (so "Bosnia & Herzegovina", "Bosnia-Herzegovina" and "Bosnia and
// Herzegovina" meet).
#include "core/country.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text.h"
#include "core/tsv.h"

namespace cordon {

// data/tables/countries.tsv (tools/build_countries.py), embedded by src/core/CMakeLists.txt.
extern const char kEmbedded_countries[];

namespace {

// Texts that ICU does not produce but the lists write; code "" marks a
// historical or multi-country name that must not map to anything (and must not
// fall through to a looser rule).
struct Variant {
  const char* text;
  const char* code;
};

constexpr Variant kVariants[] = {
    // UN Security Council list (UN terminology bulletin short/formal names).
    {"Iran (Islamic Republic of)", "ir"},
    {"Syrian Arab Republic", "sy"},
    {"Democratic People's Republic of Korea", "kp"},
    {"Republic of Korea", "kr"},
    {"Russian Federation", "ru"},
    {"Democratic Republic of the Congo", "cd"},
    {"Republic of the Congo", "cg"},
    {"Congo", "cg"},  // the UN's short name for the Republic of the Congo
    {"United Republic of Tanzania", "tz"},
    {"Viet Nam", "vn"},
    {"Lao People's Democratic Republic", "la"},
    {"Türkiye", "tr"},
    {"State of Palestine", "ps"},
    {"Republic of Moldova", "md"},
    {"Bolivia (Plurinational State of)", "bo"},
    {"Venezuela (Bolivarian Republic of)", "ve"},
    {"Micronesia (Federated States of)", "fm"},
    {"United Kingdom of Great Britain and Northern Ireland", "gb"},
    {"United States of America", "us"},
    {"China, Hong Kong Special Administrative Region", "hk"},
    {"China, Macao Special Administrative Region", "mo"},
    {"Libyan Arab Jamahiriya", "ly"},
    {"Cabo Verde", "cv"},
    {"Côte d'Ivoire", "ci"},
    {"Eswatini", "sz"},
    {"Swaziland", "sz"},
    {"North Macedonia", "mk"},
    {"The former Yugoslav Republic of Macedonia", "mk"},
    {"Brunei Darussalam", "bn"},
    {"Timor-Leste", "tl"},
    {"Holy See", "va"},
    // OFAC (inverted and older names).
    {"Korea, North", "kp"},
    {"Korea, South", "kr"},
    {"Burma", "mm"},
    {"Congo, Democratic Republic of the", "cd"},
    {"Congo, Republic of the", "cg"},
    {"Bahamas, The", "bs"},
    {"Gambia, The", "gm"},
    {"Man, Isle of", "im"},
    {"Virgin Islands, British", "vg"},
    {"Virgin Islands, U.S.", "vi"},
    {"North Macedonia, The Republic of", "mk"},
    {"Macau", "mo"},
    {"Hong Kong", "hk"},
    {"Macao", "mo"},
    {"Myanmar", "mm"},
    {"Czech Republic", "cz"},
    {"Cote d Ivoire", "ci"},
    {"Gaza", "ps"},
    {"North Gaza", "ps"},
    {"Northern Gaza", "ps"},
    {"West Bank", "ps"},
    {"Northern Mali", "ml"},
    {"Palestinian", "ps"},
    {"Kosovo", "xk"},              // user-assigned code used by the EU, UK and OFAC lists
    {"Netherlands Antilles", ""},  // dissolved in 2010 into several territories
    // UK OFSI list.
    {"UK", "gb"},
    {"Britain", "gb"},
    {"Great Britain", "gb"},
    {"USA", "us"},
    {"DPRK", "kp"},
    {"Congo (Democratic Republic)", "cd"},
    {"DRC", "cd"},
    {"Occupied Palestinian Territories", "ps"},
    {"Palestinian Territories", "ps"},
    {"Palestine", "ps"},
    {"Laos", "la"},
    {"Cape Verde", "cv"},
    {"Ivory Coast", "ci"},
    // Crimea: UN General Assembly resolution 68/262 and the UK, EU and OFAC
    // lists treat it as part of Ukraine (OFAC writes "Region: Crimea").
    {"Crimea", "ua"},
    {"Yakut Autonomous SSR", "ru"},
    // Misspellings found in the UK list; each is unambiguous.
    {"Belrus", "by"},
    {"Sundan", "sd"},
    {"Uzbekhistan", "uz"},
    {"Repubic of Moldova", "md"},
    {"Republic of Moldovia", "md"},
    {"Moldovian", "md"},
    // Historical states that map to several current countries.
    {"USSR", ""},
    {"Soviet Union", ""},
    {"Union of Soviet Socialist Republics", ""},
    {"Yugoslavia", ""},
    {"Federal Republic of Yugoslavia", ""},
    {"Serbia and Montenegro", ""},
    {"Czechoslovakia", ""},
    {"German Democratic Republic", ""},
    {"East Germany", ""},
    {"Commonwealth of Independent States", ""},
    {"undetermined", ""},
    // Canada SEMA (English half of a bilingual value is enough, but the French
    // half alone also occurs in other Canadian files).
    {"Birmanie", "mm"},
    {"Myanmar (Birmanie)", "mm"},
    // Arabic short and colloquial forms (UAE local terrorist list).
    {"الإمارات", "ae"},
    {"السعودية", "sa"},
    {"أمريكا", "us"},
    {"بريطانيا", "gb"},
    {"سوريا", "sy"},
    {"سانت كيتس - نافيس", "kn"},
    {"فلسطين", "ps"},
    {"الكونغو", "cg"},
};

// Demonyms (English and Arabic) as nationality fields write them. Ambiguous
// ones ("Korean", "Congolese", "Dominican", "Guinean") are left out.
constexpr Variant kDemonyms[] = {
    {"Afghan", "af"},
    {"Albanian", "al"},
    {"Algerian", "dz"},
    {"American", "us"},
    {"Angolan", "ao"},
    {"Argentine", "ar"},
    {"Argentinian", "ar"},
    {"Armenian", "am"},
    {"Australian", "au"},
    {"Austrian", "at"},
    {"Azerbaijani", "az"},
    {"Bahraini", "bh"},
    {"Bangladeshi", "bd"},
    {"Belarusian", "by"},
    {"Belarussian", "by"},
    {"Belgian", "be"},
    {"Beninese", "bj"},
    {"Bolivian", "bo"},
    {"Bosnian", "ba"},
    {"Brazilian", "br"},
    {"British", "gb"},
    {"Bulgarian", "bg"},
    {"Burkinabe", "bf"},
    {"Burmese", "mm"},
    {"Burundian", "bi"},
    {"Cambodian", "kh"},
    {"Cameroonian", "cm"},
    {"Canadian", "ca"},
    {"Central African", "cf"},
    {"Chadian", "td"},
    {"Chilean", "cl"},
    {"Chinese", "cn"},
    {"Colombian", "co"},
    {"Comoran", "km"},
    {"Croatian", "hr"},
    {"Cuban", "cu"},
    {"Cypriot", "cy"},
    {"Czech", "cz"},
    {"Danish", "dk"},
    {"Djiboutian", "dj"},
    {"Dutch", "nl"},
    {"Ecuadorian", "ec"},
    {"Egyptian", "eg"},
    {"Emirati", "ae"},
    {"Eritrean", "er"},
    {"Estonian", "ee"},
    {"Ethiopian", "et"},
    {"Filipino", "ph"},
    {"Finnish", "fi"},
    {"French", "fr"},
    {"Gabonese", "ga"},
    {"Gambian", "gm"},
    {"Georgian", "ge"},
    {"German", "de"},
    {"Ghanaian", "gh"},
    {"Greek", "gr"},
    {"Guatemalan", "gt"},
    {"Haitian", "ht"},
    {"Honduran", "hn"},
    {"Hungarian", "hu"},
    {"Icelandic", "is"},
    {"Indian", "in"},
    {"Indonesian", "id"},
    {"Iranian", "ir"},
    {"Iraqi", "iq"},
    {"Irish", "ie"},
    {"Israeli", "il"},
    {"Italian", "it"},
    {"Ivorian", "ci"},
    {"Jamaican", "jm"},
    {"Japanese", "jp"},
    {"Jordanian", "jo"},
    {"Kazakh", "kz"},
    {"Kazakhstani", "kz"},
    {"Kenyan", "ke"},
    {"Kosovar", "xk"},
    {"Kuwaiti", "kw"},
    {"Kyrgyz", "kg"},
    {"Lao", "la"},
    {"Laotian", "la"},
    {"Latvian", "lv"},
    {"Lebanese", "lb"},
    {"Liberian", "lr"},
    {"Libyan", "ly"},
    {"Lithuanian", "lt"},
    {"Macedonian", "mk"},
    {"Malaysian", "my"},
    {"Maldivian", "mv"},
    {"Malian", "ml"},
    {"Maltese", "mt"},
    {"Mauritanian", "mr"},
    {"Mexican", "mx"},
    {"Moldovan", "md"},
    {"Mongolian", "mn"},
    {"Montenegrin", "me"},
    {"Moroccan", "ma"},
    {"Mozambican", "mz"},
    {"Namibian", "na"},
    {"Nepalese", "np"},
    {"Nicaraguan", "ni"},
    {"Nigerian", "ng"},
    {"Nigerien", "ne"},
    {"North Korean", "kp"},
    {"Norwegian", "no"},
    {"Omani", "om"},
    {"Pakistani", "pk"},
    {"Panamanian", "pa"},
    {"Paraguayan", "py"},
    {"Peruvian", "pe"},
    {"Polish", "pl"},
    {"Portuguese", "pt"},
    {"Qatari", "qa"},
    {"Romanian", "ro"},
    {"Russian", "ru"},
    {"Rwandan", "rw"},
    {"Salvadoran", "sv"},
    {"Saudi", "sa"},
    {"Senegalese", "sn"},
    {"Serbian", "rs"},
    {"Sierra Leonean", "sl"},
    {"Singaporean", "sg"},
    {"Slovak", "sk"},
    {"Slovenian", "si"},
    {"Somali", "so"},
    {"South African", "za"},
    {"South Korean", "kr"},
    {"South Sudanese", "ss"},
    {"Spanish", "es"},
    {"Sri Lankan", "lk"},
    {"Sudanese", "sd"},
    {"Swedish", "se"},
    {"Swiss", "ch"},
    {"Syrian", "sy"},
    {"Taiwanese", "tw"},
    {"Tajik", "tj"},
    {"Tanzanian", "tz"},
    {"Thai", "th"},
    {"Togolese", "tg"},
    {"Trinidadian", "tt"},
    {"Tunisian", "tn"},
    {"Turkish", "tr"},
    {"Turkmen", "tm"},
    {"Ugandan", "ug"},
    {"Ukrainian", "ua"},
    {"Uruguayan", "uy"},
    {"Uzbek", "uz"},
    {"Venezuelan", "ve"},
    {"Vietnamese", "vn"},
    {"Yemeni", "ye"},
    {"Zambian", "zm"},
    {"Zimbabwean", "zw"},
    // Arabic nisba adjectives (UAE list writes "إيراني", "نيجيري", "سوري").
    {"أفغاني", "af"},
    {"إماراتي", "ae"},
    {"أردني", "jo"},
    {"أمريكي", "us"},
    {"باكستاني", "pk"},
    {"بحريني", "bh"},
    {"بريطاني", "gb"},
    {"تركي", "tr"},
    {"روسي", "ru"},
    {"سعودي", "sa"},
    {"سوداني", "sd"},
    {"سوري", "sy"},
    {"صومالي", "so"},
    {"عراقي", "iq"},
    {"عماني", "om"},
    {"فلسطيني", "ps"},
    {"قطري", "qa"},
    {"كويتي", "kw"},
    {"لبناني", "lb"},
    {"ليبي", "ly"},
    {"مصري", "eg"},
    {"نيجيري", "ng"},
    {"إيراني", "ir"},
    {"يمني", "ye"},
};

// English names for codes where ICU's short display name is a disambiguation
// form ("Congo - Kinshasa", "Hong Kong SAR China") rather than a name a list
// would print.
constexpr Variant kEnglishNames[] = {
    {"cd", "Democratic Republic of the Congo"},
    {"cg", "Republic of the Congo"},
    {"hk", "Hong Kong"},
    {"mo", "Macao"},
    {"ps", "Palestine"},
    {"mm", "Myanmar"},
    {"xk", "Kosovo"},
};

bool IsFillerWord(const std::string& w) { return w == "the" || w == "and" || w == "of"; }

// Maps a code point of the decomposed text to its key form: 0 to drop it,
// ' ' for a word break, else the folded letter or digit.
UChar32 KeyChar(UChar32 c) {
  if (c == 0x0640) return 0;  // Arabic tatweel (elongation), typographic only
  const int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) return 0;
  if (!u_isalnum(c)) return c == '&' ? '+' : ' ';
  c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
  // Arabic spelling variants the UAE list mixes: alef maksura for yeh
  // ("السعوديه"/"السعودية" differ in ta marbuta, "ايران"/"إيران" in the hamza,
  // which decomposition already removed).
  if (c == 0x0649) return 0x064A;
  if (c == 0x0629) return 0x0647;
  return c;
}

// Splits the normalised text into key words.
std::vector<std::string> KeyWords(std::string_view text) {
  static const icu::Normalizer2* nfkd = [] {
    UErrorCode err = U_ZERO_ERROR;
    return icu::Normalizer2::getNFKDInstance(err);
  }();
  UErrorCode err = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = nfkd->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size())), err);
  if (U_FAILURE(err)) return {};
  std::vector<std::string> words;
  icu::UnicodeString word;
  auto flush = [&] {
    std::string w;
    word.toUTF8String(w);
    word.remove();
    // "&" joins like "and"; ICU abbreviates "Saint" ("St. Kitts & Nevis").
    if (w == "+") w = "and";
    if (w == "saint") w = "st";
    if (!w.empty()) words.push_back(w);
  };
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 k = KeyChar(decomposed.char32At(i));
    if (k == ' ' || k == '+') flush();
    if (k == '+') word.append(k), flush();
    if (k != 0 && k != ' ' && k != '+') word.append(k);
  }
  flush();
  return words;
}

std::string JoinKey(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string key;
  for (size_t i = begin; i < end && i < words.size(); ++i) {
    if (IsFillerWord(words[i])) continue;
    if (!key.empty()) key.push_back(' ');
    key += words[i];
  }
  return key;
}

std::string KeyOf(std::string_view text) {
  const std::vector<std::string> words = KeyWords(text);
  return JoinKey(words, 0, words.size());
}

using Table = std::unordered_map<std::string, std::string>;

// First writer wins: callers add the most authoritative source first.
void Add(Table& t, std::string_view text, std::string_view code) {
  const std::string key = KeyOf(text);
  if (!key.empty()) t.emplace(key, std::string(code));
}

std::string Lower(const char* s) { return AsciiLower(s == nullptr ? "" : s); }

std::vector<std::string> IsoRegions() {
  std::vector<std::string> codes;
  for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c) {
    codes.emplace_back(*c);
  }
  codes.emplace_back("XK");  // Kosovo: not in ISO 3166 but in every list
  return codes;
}

void AddIcuNames(Table& t, const icu::Locale& lang) {
  for (const std::string& code : IsoRegions()) {
    icu::UnicodeString name;
    icu::Locale("", code.c_str()).getDisplayCountry(lang, name);
    std::string utf8;
    name.toUTF8String(utf8);
    // ICU returns the code itself when it has no name in that language.
    if (utf8 != code) Add(t, utf8, Lower(code.c_str()));
  }
}

// The rows of the generated table: ISO names, CLDR alternatives, demonyms. The table is built
// and reviewed with the source (tools/build_countries.py); a malformed row is skipped.
void AddTableRows(Table& t) {
  (void)ForEachDataLine(kEmbedded_countries, [&](uint64_t, std::string_view line) {
    const std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() >= 2 && f[1].size() == 2) Add(t, f[0], f[1]);
    return absl::OkStatus();
  });
}

Table BuildTable() {
  Table t;
  for (const Variant& v : kVariants) Add(t, v.text, v.code);
  AddIcuNames(t, icu::Locale::getEnglish());
  AddTableRows(t);
  for (const Variant& v : kDemonyms) Add(t, v.text, v.code);
  for (const std::string& code : IsoRegions()) {
    Add(t, code, Lower(code.c_str()));
    const char* a3 = icu::Locale("", code.c_str()).getISO3Country();
    if (a3 != nullptr && a3[0] != '\0') Add(t, a3, Lower(code.c_str()));
  }
  Add(t, "XKX", "xk");  // the alpha-3 form the EU and UK lists use for Kosovo
  AddIcuNames(t, icu::Locale::getFrench());
  AddIcuNames(t, icu::Locale("ar"));
  return t;
}

const Table& CountryTable() {
  static const Table* table = new Table(BuildTable());
  return *table;
}

std::optional<std::string> Find(const std::string& key) {
  if (key.empty()) return std::nullopt;
  const Table& t = CountryTable();
  const auto it = t.find(key);
  if (it == t.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Resolve(std::string_view text, int depth);

// "A / B" (Canada writes English / French) and "A - note": one code if the
// sides agree or only one side is a country; "" if they name two countries.
std::optional<std::string> ResolveHalves(std::string_view text, std::string_view sep, int depth) {
  const size_t pos = text.find(sep);
  if (pos == std::string_view::npos) return std::nullopt;
  auto a = Resolve(text.substr(0, pos), depth + 1);
  auto b = Resolve(text.substr(pos + sep.size()), depth + 1);
  const bool ha = a && !a->empty(), hb = b && !b->empty();
  if (ha && hb) return *a == *b ? a : std::optional<std::string>("");
  if (ha) return a;
  if (hb) return b;
  return std::nullopt;
}

// "Afghanistan, Islamic Republic of", "Korea, North": the inverted order of ISO 3166 and OFAC
// index entries, read as "Islamic Republic of Afghanistan". One comma only: more is a list.
std::optional<std::string> ResolveInverted(std::string_view text) {
  const size_t comma = text.find(',');
  if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string swapped(text.substr(comma + 1));
  swapped += ' ';
  swapped += text.substr(0, comma);
  return Find(KeyOf(swapped));
}

// Length of a list-item marker "(12)" at the start of `text`, or 0.
size_t ItemMarker(std::string_view text) {
  if (text.size() < 3 || text[0] != '(') return 0;
  size_t i = 1;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  return i > 1 && i < text.size() && text[i] == ')' ? i + 1 : 0;
}

// "(1) Afghanistan (2) Afghanistan" (UK): one country only if every item that
// names something agrees; "(1) - (2) Gaza" has an empty first item.
std::optional<std::string> ResolveNumbered(std::string_view text, int depth) {
  if (ItemMarker(text) == 0) return std::nullopt;
  std::string code;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t begin = pos + ItemMarker(text.substr(pos));
    size_t end = begin;
    while (end < text.size() && ItemMarker(text.substr(end)) == 0) ++end;
    const std::string_view item = text.substr(begin, end - begin);
    pos = end;
    if (KeyOf(item).empty()) continue;
    const auto r = Resolve(item, depth + 1);
    if (!r || r->empty() || (!code.empty() && code != *r)) return "";
    code = *r;
  }
  return code;
}

// Word-level rules on the key: "X (now Y)", "Former USSR, currently Y",
// "Y (former USSR)", "Region: Y", "Kazakh SSR" (one SSR is one successor).
std::optional<std::string> ResolveWords(const std::vector<std::string>& w) {
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "now" || w[i] == "currently" || w[i] == "الحاليه") {
      size_t end = i + 1;
      while (end < w.size() && w[end] != "السابقه") ++end;
      return Find(JoinKey(w, i + 1, end));
    }
  }
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "former" || w[i] == "formerly") {
      return i > 0 ? Find(JoinKey(w, 0, i)) : Find(JoinKey(w, i + 1, w.size()));
    }
  }
  if (!w.empty() && w[0] == "region") return Find(JoinKey(w, 1, w.size()));
  if (!w.empty() && (w.back() == "ssr" || w.back() == "sfsr" || w.back() == "assr")) {
    return Find(JoinKey(w, 0, w.size() - 1));
  }
  const std::string key = JoinKey(w, 0, w.size());
  for (const char* suffix :
       {" soviet socialist republic", " soviet federative socialist republic"}) {
    const size_t pos = key.rfind(suffix);
    if (pos != std::string::npos && pos + std::string_view(suffix).size() == key.size()) {
      return Find(key.substr(0, pos));
    }
  }
  return std::nullopt;
}

// Text outside parentheses, else inside: "Russia (as at November 2010)".
std::optional<std::string> ResolveParens(std::string_view text, int depth) {
  const size_t open = text.find('(');
  const size_t close = text.find(')', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return std::nullopt;
  std::string outside(text.substr(0, open));
  outside += text.substr(close + 1);
  if (auto r = Resolve(outside, depth + 1)) return r;
  return Resolve(text.substr(open + 1, close - open - 1), depth + 1);
}

// Nested texts are short; the depth bound keeps hostile input cheap.
constexpr int kMaxDepth = 4;

std::optional<std::string> Resolve(std::string_view text, int depth) {
  if (depth > kMaxDepth) return std::nullopt;
  const std::vector<std::string> words = KeyWords(text);
  if (auto r = Find(JoinKey(words, 0, words.size()))) return r;
  if (auto r = ResolveNumbered(text, depth)) return r;
  if (auto r = ResolveHalves(text, " / ", depth)) return r;
  if (auto r = ResolveHalves(text, "/", depth)) return r;
  // UAE: "مصر - مسجون" ("Egypt - imprisoned"); names with a hyphen
  // ("Guinea - Bissau") already matched as a whole above.
  if (auto r = ResolveHalves(text, " - ", depth)) return r;
  if (auto r = ResolveInverted(text)) return r;
  if (auto r = ResolveWords(words)) return r;
  return ResolveParens(text, depth);
}

// Country fields are short; anything longer is a sentence, not a country.
constexpr size_t kMaxCountryText = 200;

}  // namespace

std::string CountryCode(std::string_view text) {
  const std::string clean = CleanSpaces(text);
  if (clean.empty() || clean.size() > kMaxCountryText) return "";
  // The UN list writes lower-case "na" for "not available" in NATIONALITY;
  // upper-case "NA" stays Namibia's code.
  if (clean == "na") return "";
  return Resolve(clean, 0).value_or("");
}

Country MakeCountry(std::string_view text) { return Country{CountryCode(text), CleanSpaces(text)}; }

std::string CountryName(std::string_view code) {
  const std::string lower = AsciiLower(code);
  for (const Variant& v : kEnglishNames) {
    if (lower == v.text) return v.code;
  }
  if (lower.size() != 2) return "";
  std::string upper = lower;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (const std::string& region : IsoRegions()) {
    if (region != upper) continue;
    icu::UnicodeString name;
    icu::Locale("", upper.c_str()).getDisplayCountry(icu::Locale::getEnglish(), name);
    std::string utf8;
    name.toUTF8String(utf8);
    return utf8;
  }
  return "";
}

}  // namespace cordon
