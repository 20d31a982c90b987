#include "normalize/rules.h"

#include <algorithm>
#include <array>
#include <span>

#include "absl/container/flat_hash_map.h"
#include "normalize/legal_forms.h"

namespace cordon::normalize {
namespace {

// Arabic definite article as romanised apart from its noun, including the forms assimilated to a
// following "sun letter" (ad-Din, ar-Rahman, as-Salam, ash-Shami, at-, az-, an-); from the
// ALA-LC and BGN/PCGN Arabic romanisation rules, as the UN and OFAC lists write them.
constexpr auto kArticles =
    std::to_array<std::string_view>({"al", "el", "ul", "il", "ad", "ar", "as", "ash", "at", "az",
                                     "an", "ed", "er", "es", "et", "ez"});
// Nasab (patronymic) connectors: bin/ibn/bint (Arabic "son/daughter of", with the Malay "binti"
// and the Maghrebi "ben"/"ould"/"walad"). They say how parts relate, not who someone is.
constexpr auto kConnectors =
    std::to_array<std::string_view>({"bin", "ibn", "bint", "binti", "bn", "walad", "ould", "wuld"});
// Honorifics and titles that the UN, OFAC and UK lists give either in a separate TITLE field or
// inside the name (Mullah, Maulavi, Qari, Haji, Sheikh, ...): they may be present or absent in a
// query, so they take no part in the comparison. Military and civil ranks as written in the UK
// list.
constexpr auto kHonorifics = std::to_array<std::string_view>(
    {"mullah", "mulla", "mollah", "maulavi", "maulvi", "mawlawi", "moulavi", "mawlavi", "maulana",
     "mawlana", "qari", "qazi", "haji", "hajji", "alhaj", "alhaji", "hafiz", "hafez", "sheikh",
     "shaikh", "shaykh", "sheik", "sayed", "sayyed", "sayyid", "syed", "doctor", "dr", "prof",
     "professor", "general", "gen", "colonel", "col", "major", "maj", "captain", "capt",
     "lieutenant", "lt", "admiral", "brigadier", "commander", "mr", "mrs", "ms", "miss", "sir",
     "imam", "ayatollah", "hojatoleslam", "engineer", "eng",
     // TITLE values of the UN list (2026-02-27) besides the above: Hadji (TAi.022, TAi.148),
     // Ustad / Ustadz (teacher), Mufti.
     "hadji", "ustad", "ustadz", "mufti"});
// The same titles as Arabic, Persian and Urdu names write them, in the letters of
// TranslitModel::Symbols (alif forms, yeh and alif maqsura, kaf and keheh, the hehs unified),
// with and without the article: the lists give them inside Arabic-script names where their
// Latin names have the title the rules above drop (UN TAi.154 "حاجى مالك نورزى" beside OFAC's
// "NOORZAI, Hajji Malik"; "شيخ يونس الموريتاني", "قاري سیف الله توخى", "عبد التواب ملا حويش").
// Left in, the title was a query word that the Latin name lacks. حجي is the Iraqi and Gulf
// spelling of Hajji. Ranks only with the article (العميد, "the brigadier"), as they stand before
// a name; without it عميد and عقيد are words of names. Not قاضی (Qazi) and حافظ (Hafez): they are
// family names too, 11 and 5 times among the Persian, Urdu and Arabic names of the population
// sample (data/names/negatives/population.tsv; none of the titles above is), and dropped they
// left "امین قاضی" a lone given name that alerted on "ALAMIN, Mohamed".
constexpr auto kArabicHonorifics = std::to_array<std::string_view>(
    {"ملا",     "الملا",   "مولوي",   "المولوي", "مولانا", "قاري",   "القاري", "حاج",
     "الحاج",   "حاجي",    "الحاجي",  "حجي",     "شيخ",    "الشيخ",  "سيد",    "السيد",
     "دكتور",   "الدكتور", "امام",    "الامام",  "مفتي",   "المفتي", "استاد",  "استاذ",
     "الاستاذ", "مهندس",   "المهندس", "العميد",  "العقيد", "اللواء"});
// Legal forms (ISO 20275 entity legal forms as they appear in the lists, with their English,
// Russian, Arabic and Persian equivalents romanised) and "the": they say what kind of
// organisation, not which one.
constexpr auto kLegalForms = std::to_array<std::string_view>({"llc",
                                                              "ltd",
                                                              "limited",
                                                              "ooo",
                                                              "oao",
                                                              "zao",
                                                              "pao",
                                                              "ao",
                                                              "jsc",
                                                              "ojsc",
                                                              "cjsc",
                                                              "pjsc",
                                                              "gmbh",
                                                              "ag",
                                                              "sa",
                                                              "sarl",
                                                              "sas",
                                                              "srl",
                                                              "spa",
                                                              "bv",
                                                              "nv",
                                                              "plc",
                                                              "inc",
                                                              "incorporated",
                                                              "corp",
                                                              "corporation",
                                                              "company",
                                                              "co",
                                                              "llp",
                                                              "lp",
                                                              "fze",
                                                              "fzco",
                                                              "fzc",
                                                              "fzllc",
                                                              "liability",
                                                              "est",
                                                              "establishment",
                                                              "tov",
                                                              "too",
                                                              "kft",
                                                              "doo",
                                                              "ad",
                                                              "ab",
                                                              "as",
                                                              "oy",
                                                              "pte",
                                                              "pty",
                                                              "sdn",
                                                              "bhd",
                                                              "jv",
                                                              "the",
                                                              "sherkat",
                                                              "shirkat",
                                                              "sharikat",
                                                              "tic",
                                                              "ltda",
                                                              "cia",
                                                              "sc",
                                                              "ltdco",
                                                              "sro"});
// Vessel prefixes (motor vessel, motor tanker, steam ship) as OFAC and UK write vessel names.
constexpr auto kVesselPrefixes = std::to_array<std::string_view>({"mv", "mt", "ss"});

template <size_t N>
bool In(const std::array<std::string_view, N>& set, std::string_view t) {
  return std::any_of(set.begin(), set.end(), [&](std::string_view s) { return t == s; });
}

// Sun letters (plus l) that a romanised Arabic article assimilates to: "abd ur-rahman".
bool IsArticleConsonant(char c) {
  return c == 'l' || c == 'r' || c == 's' || c == 'd' || c == 't' || c == 'n' || c == 'z';
}

// A word split in two (a glued Abd, a glued ben): its two parts as tokens, in order.
void AppendSplitWord(std::string_view head, std::string_view tail, std::vector<RawToken>* out) {
  RawToken a, b;
  a.text = std::string(head);
  b.text = std::string(tail);
  out->push_back(std::move(a));
  out->push_back(std::move(b));
}

// "abd" alone or a short prefix form: abdul, abdel, abdal, abdur, abdus, abdush, ...
bool IsAbdPrefix(std::string_view t) {
  if (t == "abd") return true;
  if (t.size() < 5 || t.size() > 6 || !t.starts_with("abd") || !IsVowel(t[3])) return false;
  if (!IsArticleConsonant(t[4])) return false;
  return t.size() == 5 || t[5] == 'h';
}

// For a glued compound ("abdurrahman", "abdulaziz", "abdullah") returns the name after the article
// ("rahman", "aziz", "lah"); "" when the token is not one.
std::string_view GluedAbdCore(std::string_view t) {
  if (t.size() < 7 || !t.starts_with("abd") || !IsVowel(t[3]) || !IsArticleConsonant(t[4])) {
    return {};
  }
  const char c = t[4];
  std::string_view rest = t.substr(5);
  // Assimilated article: the consonant is doubled ("abdur-rahman", "abdus-salam").
  if (c != 'l') return rest.front() == c ? rest : std::string_view();
  return rest;
}

}  // namespace

std::string_view TokenClassName(TokenClass c) {
  switch (c) {
    case TokenClass::kName: return "name";
    case TokenClass::kArticle: return "article";
    case TokenClass::kConnector: return "connector";
    case TokenClass::kHonorific: return "honorific";
    case TokenClass::kLegalForm: return "legal_form";
    case TokenClass::kVesselPrefix: return "vessel_prefix";
  }
  return "name";
}

// A long legal-form word with one typo ("Comany", "Limted", "Corporaion") is still a legal form:
// otherwise the typo would turn a word that says nothing into an unknown, rare-looking token.
// Six letters and one edit, as for names (score::MaxEdits).
// Four-letter legal forms whose consonant clusters no name has ("GMBV", "GLBH", "PJSK") get
// the same allowance; the others (sarl: Karl, Sara; corp: Coro; ltda) stay exact.
constexpr auto kOddLegalForms =
    std::to_array<std::string_view>({"gmbh", "ojsc", "pjsc", "cjsc", "fzco"});

std::span<const std::string_view> ClassWords(TokenClass c) {
  switch (c) {
    case TokenClass::kName: return {};
    case TokenClass::kArticle: return kArticles;
    case TokenClass::kConnector: return kConnectors;
    case TokenClass::kHonorific: return kHonorifics;
    case TokenClass::kLegalForm: return kLegalForms;
    case TokenClass::kVesselPrefix: return kVesselPrefixes;
  }
  return {};
}

std::span<const std::string_view> OddLegalForms() { return kOddLegalForms; }

namespace {

// ClassifyToken runs several times on every token of every name and free-text window (the
// structure rules, the glued-form split, the normaliser's joins), so its word lists are one hash
// map, and the legal forms a token may be a one-edit misspelling of are listed by the token's
// length: those that the rule (IsMisspeltLegalForm) would compare it with at all.
struct ClassTable {
  // Word -> its class, the first class in ClassifyToken's order for a word in two lists ("ad"
  // and "as" are articles before legal forms).
  absl::flat_hash_map<std::string_view, TokenClass> words;
  // Token length -> the legal forms it may be one edit from (kOddLegalForms for 4-5 letters, the
  // forms of six or more letters within one letter of its length from 6 on).
  static constexpr size_t kMaxLength = 16;
  std::array<std::vector<std::string_view>, kMaxLength> misspelt;
};

const ClassTable& Classes() {
  static const ClassTable* table = [] {
    auto* t = new ClassTable();
    for (const TokenClass c : {TokenClass::kArticle, TokenClass::kConnector, TokenClass::kHonorific,
                               TokenClass::kLegalForm, TokenClass::kVesselPrefix}) {
      for (const std::string_view w : ClassWords(c)) t->words.try_emplace(w, c);
    }
    for (size_t n = 4; n <= 5; ++n) {
      t->misspelt[n].assign(kOddLegalForms.begin(), kOddLegalForms.end());
    }
    for (const std::string_view f : kLegalForms) {
      for (size_t n = std::max<size_t>(6, f.size() - 1); f.size() >= 6 && n <= f.size() + 1; ++n) {
        t->misspelt.at(n).push_back(f);
      }
    }
    return t;
  }();
  return *table;
}

// Whether t may be one OSA edit from f, by their first two letters: an edit after the second
// letter leaves the first equal, one at the start changes or moves only the first two. A
// necessary condition, so that BoundedOsa runs on few pairs.
bool MayBeOneEditApart(std::string_view t, std::string_view f) {
  return t[0] == f[0] || t[1] == f[1] || t[0] == f[1] || t[1] == f[0];
}

}  // namespace

bool IsMisspeltLegalForm(std::string_view t) {
  const ClassTable& table = Classes();
  if (t.size() >= table.misspelt.size()) return false;
  return std::any_of(
      table.misspelt[t.size()].begin(), table.misspelt[t.size()].end(),
      [&](std::string_view f) { return MayBeOneEditApart(t, f) && BoundedOsa(t, f, 1) <= 1; });
}

TokenClass ClassifyToken(std::string_view t) {
  const ClassTable& table = Classes();
  const auto it = table.words.find(t);
  // A vessel prefix comes after the legal forms (misspelt or of the table) in the order.
  if (it != table.words.end() && it->second != TokenClass::kVesselPrefix) return it->second;
  if (IsMisspeltLegalForm(t) || IsTableLegalFormWord(t)) return TokenClass::kLegalForm;
  return it != table.words.end() ? TokenClass::kVesselPrefix : TokenClass::kName;
}

namespace {

// The "Abd al-" prefix spellings that the lists write apart or glued ("Abdul Haq", "Abdel Razak",
// "Abdoul Aziz", "Abdur Rahman"); a typo in one of them is the commonest way an Abd name gets
// garbled, and it used to break the compound: "ADUL HAQ" shared no token with "abdhaq".
constexpr auto kAbdPrefixForms = std::to_array<std::string_view>(
    {"abdul", "abdel", "abdal", "abdol", "abdil", "abdoul", "abdur", "abdus"});
// The ones a glued compound starts with before its noun ("abdulkarim", "abdelrazak").
constexpr auto kAbdLForms =
    std::to_array<std::string_view>({"abdul", "abdel", "abdal", "abdol", "abdil", "abdoul"});

// An unknown token one edit from an Abd prefix form, starting with "a" and not with "ab" + vowel:
// a deleted "d" turns abdul/abdol/abdel/abdil/abdal into abul/abol/abel/abil/abal, which are the
// Abu ("father of") forms or names of their own, and Abd is not Abu. Known words such as Adel,
// Adil and Abdu (a name) are never changed: only a token the lists and the population corpus
// have never seen is taken for a misspelling.
bool IsMisspeltAbdPrefix(std::string_view t, std::span<const std::string_view> forms) {
  if (t.size() < 4 || t.size() > 7 || t[0] != 'a') return false;
  if (t[1] == 'b' && IsVowel(t[2])) return false;
  return std::any_of(forms.begin(), forms.end(),
                     [&](std::string_view f) { return BoundedOsa(t, f, 1) <= 1; });
}

// A glued compound with a typo in its prefix ("adulkarim", "abduulkarim", "adbelrazak"): the
// token splits into a misspelt l-form prefix and a known name (or "lah", the core of Abdullah).
std::string GluedMisspeltAbdCore(std::string_view t, const KnownToken& known) {
  // One edit leaves the d of the prefix near the start, unless it is the d that changed (which
  // makes an Abu-like "abul" or a rare "abxul"): a cheap test before 24 distances.
  if (t.size() < 7 || t.substr(1, 4).find('d') == std::string_view::npos) return {};
  for (size_t n = 4; n <= 7 && n + 3 <= t.size(); ++n) {
    const std::string_view head = t.substr(0, n), rest = t.substr(n);
    if (IsMisspeltAbdPrefix(head, kAbdLForms) && (rest == "lah" || known(rest))) {
      return std::string(rest);
    }
  }
  return {};
}

}  // namespace

namespace {

// A name run into a following Abd name ("JIBRILABDULKARIM", "MuhammadAbd", "Salahabdallah",
// "BENABDUL"): the token splits before "abd" when the part before is a known word or a
// connector, 3+ letters, and the part from "abd" on is an Abd prefix or glued compound.
void SplitGluedAbd(std::vector<RawToken>* tokens, const KnownToken& known) {
  std::vector<RawToken> out;
  out.reserve(tokens->size() + 1);
  for (RawToken& t : *tokens) {
    const size_t at = t.latin && t.text.size() >= 6 ? t.text.find("abd", 3) : std::string::npos;
    if (at != std::string::npos) {
      const std::string_view head = std::string_view(t.text).substr(0, at);
      const std::string_view tail = std::string_view(t.text).substr(at);
      const bool word = known(head) || ClassifyToken(head) == TokenClass::kConnector;
      if (word && !known(t.text) &&
          (tail == "abd" || IsAbdPrefix(tail) || !GluedAbdCore(tail).empty())) {
        AppendSplitWord(head, tail, &out);
        continue;
      }
    }
    out.push_back(std::move(t));
  }
  *tokens = std::move(out);
}

}  // namespace

void JoinAbdCompounds(std::vector<RawToken>* tokens, const KnownToken& known, bool surname_first) {
  if (known) SplitGluedAbd(tokens, known);
  // A prefix at the end has no noun after it: the name was written surname first ("SAMAD,
  // Abdul", OFAC; "RASHID BALUCH, Abdul" is Abdul Rashid Baluch), and the noun is its first word.
  // Without a comma only a two-word name is read so ("Samad Abdul"), and not with a bare "Abd",
  // which some names end with ("Muhammad Abd").
  if (auto& t = *tokens; t.size() >= 2 && IsAbdPrefix(t.back().text) &&
                         !IsAbdPrefix(t.front().text) && GluedAbdCore(t.front().text).empty() &&
                         (surname_first || (t.size() == 2 && t.back().text != "abd"))) {
    std::rotate(t.begin(), t.end() - 1, t.end());
  }
  std::vector<RawToken> out;
  out.reserve(tokens->size());
  for (size_t i = 0; i < tokens->size(); ++i) {
    RawToken t = (*tokens)[i];
    if (const std::string_view core = GluedAbdCore(t.text); !core.empty()) {
      t.text = "abd" + std::string(core);
      t.spellings = nullptr;
      out.push_back(std::move(t));
      continue;
    }
    // Only a token starting with "a" can be a misspelt Abd prefix (the lookup is skipped for
    // the others). A list word is known with its article glued as the token statistics key it
    // ("AL-AHDAL" is "alahdal" there): "ahdal", one edit from "abdal", was taken for a misspelt
    // Abd and joined to the next word (OFAC 6939 "AL-AHDAL, Mohammad Hamdi" read "abdmohammad").
    const bool unknown = known && t.latin && !t.text.empty() && t.text[0] == 'a' &&
                         !known(t.text) && !known("al" + t.text);
    if (unknown) {
      if (std::string core = GluedMisspeltAbdCore(t.text, known); !core.empty()) {
        t.text = "abd" + core;
        t.spellings = nullptr;
        out.push_back(std::move(t));
        continue;
      }
    }
    const bool prefix =
        IsAbdPrefix(t.text) || (unknown && IsMisspeltAbdPrefix(t.text, kAbdPrefixForms));
    if (!prefix || i + 1 >= tokens->size()) {
      out.push_back(std::move(t));
      continue;
    }
    size_t j = i + 1;
    if (In(kArticles, (*tokens)[j].text) && j + 1 < tokens->size()) ++j;
    const std::string& next = (*tokens)[j].text;
    // "abd" + "alrahman" (article glued to the noun, as Arabic script writes it).
    const std::string stripped = StripGluedArticle(next);
    t.text = "abd" + (stripped.empty() ? next : stripped);
    t.spellings = nullptr;
    // The letters of both words, for the transliteration model ("عبد" + "رحمن").
    if (!t.source.empty() && !(*tokens)[j].source.empty()) {
      t.source += (*tokens)[j].source;
    } else {
      t.source.clear();
    }
    out.push_back(std::move(t));
    i = j;
  }
  *tokens = std::move(out);
}

namespace {

// Legal forms that writers run into the neighbouring word ("CENTURONICLTD", "OOOVOLGA",
// "INSURANCECOMPANY", "LIMITEDLIABILITY", "NAFTANOAO") and whose letter sequence does not end (or
// begin) an ordinary name: the 2-letter forms (sa, co, ad, ao: "Musa", "Marco") and those that end
// common words or names (est: "Forest", inc, tic: "Baltic", sas: "Kansas", too, doo) are left out,
// and so is "corp" as a prefix ("CORPORATIVO"). Longer forms first, so "ojsc" wins over "jsc".
constexpr auto kGluedSuffixes = std::to_array<std::string_view>(
    {"incorporated", "corporation", "liability", "company", "limited", "fzllc", "gmbh",
     "ojsc",         "pjsc",        "cjsc",      "corp",    "fzco",    "sarl",  "llc",
     "ltd",          "jsc",         "plc",       "ooo",     "oao",     "fze"});
constexpr auto kGluedPrefixes =
    std::to_array<std::string_view>({"limited", "company", "ojsc", "pjsc", "cjsc", "llc", "ltd",
                                     "ooo", "oao", "zao", "pao", "jsc"});
// The part left beside a glued form must look like a word: 3+ characters ("LADYD" keeps its D).
constexpr size_t kMinGluedRest = 3;

// Splits one glued legal form off the start or end of t; returns the pieces, or {} when t is
// not such a compound. A token that is itself a legal form is never split.
std::vector<std::string> SplitGluedForm(const std::string& t) {
  if (ClassifyToken(t) == TokenClass::kLegalForm) return {};
  if (t == "jointstock") return {"joint", "stock"};
  for (const std::string_view form : kGluedSuffixes) {
    if (t.size() >= form.size() + kMinGluedRest && t.ends_with(form)) {
      return {t.substr(0, t.size() - form.size()), std::string(form)};
    }
  }
  for (const std::string_view form : kGluedPrefixes) {
    if (t.size() >= form.size() + kMinGluedRest && t.starts_with(form)) {
      return {std::string(form), t.substr(form.size())};
    }
  }
  return {};
}

// Splits glued legal forms in Latin-script tokens (repeatedly: "LIMITEDLIABILITYCOMPANY").
void SplitGluedForms(std::vector<RawToken>* tokens) {
  std::vector<RawToken> out;
  out.reserve(tokens->size());
  std::vector<RawToken> stack(tokens->rbegin(), tokens->rend());
  while (!stack.empty()) {
    RawToken t = std::move(stack.back());
    stack.pop_back();
    std::vector<std::string> parts =
        t.latin && !t.syllabic() ? SplitGluedForm(t.text) : std::vector<std::string>{};
    if (parts.empty()) {
      out.push_back(std::move(t));
      continue;
    }
    for (size_t i = parts.size(); i-- > 0;) {
      RawToken p;
      p.text = std::move(parts[i]);
      p.latin = t.latin;
      stack.push_back(std::move(p));
    }
  }
  *tokens = std::move(out);
}

// "joint stock" with at most one typo in either word ("JOINT STOQCK COMPANY"): five letters
// and one edit, the typo allowance of score::MaxEdits for 3-5 letter tokens.
bool IsJointStock(std::string_view a, std::string_view b) {
  return BoundedOsa(a, "joint", 1) <= 1 && BoundedOsa(b, "stock", 1) <= 1;
}

// Drops the legal forms spelt out in words (legal_forms.h), each as one entry of *dropped, unless
// no name word would be left: a name that is nothing but a form ("Limited Liability Company")
// keeps it.
void DropSpeltLegalForms(std::vector<RawToken>* tokens, std::vector<std::string>* dropped,
                         const LegalForms& forms) {
  auto& t = *tokens;
  // A form starts at a word that is not a Hangul syllable (RawToken::hangul).
  auto match = [&](size_t i) {
    return !t[i].syllabic() ? forms.MatchAt(t, i) : LegalForms::Match{};
  };
  size_t first = 0;
  while (first < t.size() && match(first).tokens == 0) ++first;
  if (first == t.size()) return;
  std::vector<RawToken> kept(t.begin(), t.begin() + static_cast<ptrdiff_t>(first));
  std::vector<std::string> gone;
  for (size_t i = first; i < t.size();) {
    LegalForms::Match m = match(i);
    if (m.tokens == 0) {
      kept.push_back(t[i++]);
      continue;
    }
    std::string form;
    for (size_t k = i; k < i + m.tokens; ++k) form += (form.empty() ? "" : " ") + t[k].text;
    if (!m.rest.empty()) {
      form.resize(form.size() - m.rest.size());
      RawToken rest;
      rest.text = std::move(m.rest);
      rest.latin = t[i + m.tokens - 1].latin;
      kept.push_back(std::move(rest));
    }
    gone.push_back(std::move(form));
    i += m.tokens;
  }
  const bool any_name = std::any_of(kept.begin(), kept.end(), [](const RawToken& x) {
    return ClassifyToken(x.text) == TokenClass::kName;
  });
  if (!any_name) return;
  t = std::move(kept);
  for (std::string& g : gone) dropped->push_back(std::move(g));
}

}  // namespace

std::vector<std::string> PatronymicStems(std::string_view t) {
  // Longest first, so "sergeyevich" loses "yevich", not "evich".
  static constexpr auto kSuffixes =
      std::to_array<std::string_view>({"yevich", "ievich", "yevna", "ievna", "ovich", "evich",
                                       "ovych", "evych", "ovna", "evna", "ivna"});
  std::vector<std::string> out;
  for (const std::string_view suffix : kSuffixes) {
    if (t.size() < suffix.size() + 3 || !t.ends_with(suffix)) continue;
    const std::string stem(t.substr(0, t.size() - suffix.size()));
    out = {stem, stem + "i", stem + "y"};
    break;
  }
  return out;
}

bool ResemblesDroppedWord(std::string_view t) {
  if (t.size() < 3) return false;
  // Same first letter: typists rarely get the first letter wrong (Pollock and Zamora, 1983), and
  // without this guard real names that are a title minus its first letter ("Ulla", Mulla) or a
  // legal form with a letter in front ("Ultda") would count for nothing.
  auto near = [&](std::string_view w) {
    return w.size() >= 4 && w[0] == t[0] && BoundedOsa(t, w, 1) <= 1;
  };
  return std::any_of(kHonorifics.begin(), kHonorifics.end(), near) ||
         std::any_of(kLegalForms.begin(), kLegalForms.end(), near);
}

namespace {
// The class of a word of Arabic or Cyrillic script (one with model letters, RawToken::source).
// A title is known by its letters (kArabicHonorifics). Such a word is never an article by its
// romanisation: the articles of kArticles are Latin spellings of the Arabic article, which
// Arabic script writes ال, glued to its noun or apart ("ال خویت"); romanised alone, عز (Izz of
// Izz al-Din) reads "az", and the Russian or Korean Ан "an", and both were dropped as articles
// ("عز الدين إسماعيل" scored 0.44 against "Ezzedine ISMAEL").
TokenClass ModelWordClass(const RawToken& x) {
  if (In(kArabicHonorifics, x.source)) return TokenClass::kHonorific;
  const TokenClass c = ClassifyToken(x.text);
  if (c == TokenClass::kArticle && x.source != "\u0627\u0644") return TokenClass::kName;
  return c;
}

// A Latin "ben" with a word before and after it (see ApplyStructure).
bool IsInnerBen(const std::vector<RawToken>& t, size_t i) {
  return i > 0 && i + 1 < t.size() && t[i].text == "ben" && t[i].latin && !t[i].syllabic();
}

size_t InnerBens(const std::vector<RawToken>& t) {
  size_t n = 0;
  for (size_t i = 0; i < t.size(); ++i) n += IsInnerBen(t, i);
  return n;
}

bool MaghrebiBenChain(const std::vector<RawToken>& t) { return InnerBens(t) >= 2; }

// Where a name already has an inner "ben", a word glued to another ben ("MOUNIRBEN DHAOU BEN
// BRAHIM", "Fethi BenRebai Ben Absha": cordon validate's missing_space and split_join variants of
// the lists' chains) is split there when the rest is a known word of 3+ letters, so that the
// chain reads as the list's does.
void SplitGluedBen(std::vector<RawToken>* tokens, const KnownToken& known) {
  auto& t = *tokens;
  if (InnerBens(t) == 0 || !known) return;
  std::vector<RawToken> out;
  out.reserve(t.size() + 2);
  for (RawToken& x : t) {
    const std::string_view w = x.text;
    if (x.latin && !x.syllabic() && w.size() >= 6) {
      std::string_view head, tail;
      if (w.starts_with("ben") && known(w.substr(3)) && !known(w)) {
        head = w.substr(0, 3), tail = w.substr(3);
      } else if (w.ends_with("ben") && known(w.substr(0, w.size() - 3)) && !known(w)) {
        head = w.substr(0, w.size() - 3), tail = w.substr(w.size() - 3);
      }
      if (!head.empty()) {
        AppendSplitWord(head, tail, &out);
        continue;
      }
    }
    out.push_back(std::move(x));
  }
  t = std::move(out);
}

}  // namespace

void ApplyStructure(std::vector<RawToken>* tokens, std::vector<std::string>* dropped,
                    const KnownToken& known, const LegalForms* forms, bool surname_first) {
  auto& t = *tokens;
  // "M/V NAME" splits into "m", "v"; OFAC and UK write vessel names with these prefixes.
  if (t.size() > 2 && t[0].text == "m" && (t[1].text == "v" || t[1].text == "t")) {
    dropped->push_back(t[0].text + "/" + t[1].text);
    t.erase(t.begin(), t.begin() + 2);
  }
  JoinAbdCompounds(tokens, known, surname_first);
  SplitGluedForms(tokens);
  if (forms != nullptr) DropSpeltLegalForms(tokens, dropped, *forms);
  // "joint stock (company)": the English of the Russian AO/ZAO/OAO/PAO legal forms.
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (IsJointStock(t[i].text, t[i + 1].text)) {
      dropped->push_back("joint stock");
      t.erase(t.begin() + i, t.begin() + i + 2);
      break;
    }
  }
  // A Hangul syllable is a name word whatever its spelling (see RawToken::hangul); a word of
  // Arabic or Cyrillic script by its letters first (ModelWordClass).
  auto classify = [](const RawToken& x) {
    if (x.syllabic()) return TokenClass::kName;
    return x.source.empty() ? ClassifyToken(x.text) : ModelWordClass(x);
  };
  const bool any_name = std::any_of(
      t.begin(), t.end(), [&](const RawToken& x) { return classify(x) == TokenClass::kName; });
  if (!any_name) return;
  // The Maghrebi nasab chain "Moussa Ben Amor Ben Ali" (son of Amor, son of Ali): "ben" is the
  // French transcription of بن (ibn/bin), which these rules drop as a connector, but alone it
  // is a surname's first word too ("BEN SOLTANE", "Ben Ali"), so only a chain of two or more
  // inner bens, each between two words, is read as connectors. On the train split of the
  // cross-script pairs, 7 of the 8 Arabic-script names whose Latin names hold such a chain
  // write بن there (OFAC 7251 "BEN SOLTANE, Adel Ben Al-Azhar Ben Youssef" beside the UN's
  // "عادل بن الأزهر بن يوسف"); left as words, the bens were list words an Arabic query lacks.
  SplitGluedBen(tokens, known);
  const bool ben_chain = MaghrebiBenChain(t);
  std::vector<RawToken> kept;
  kept.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    RawToken& x = t[i];
    TokenClass c = classify(x);
    if (ben_chain && IsInnerBen(t, i)) c = TokenClass::kConnector;
    // A vessel prefix only counts as one in first position ("MV Adrian Darya"). An article
    // written apart is one only before the name word it belongs to (al-Baghdadi, ash-Shishani:
    // ALA-LC and BGN/PCGN write the Arabic article as a prefix of the next word); as the last
    // word of a name nothing follows it, so it is a name word: the Korean syllable Il (Kim Jong
    // Il, UN KPi.029 Pak Chun Il), the Vietnamese An (Nguyen Van An). Dropped, "Kim Jong Il"
    // matched "Kim Jong Un" at 0.81. Not al and el, the article's usual Latin spellings: at the
    // end of a name they are a surname's article left behind when its noun moved to the front
    // ("SAYED, Mohammad Turki Al" for Mohammad Turki Al Sayed; kept as names, cordon validate's
    // reorder and last_first lost 2 cases each). Nor the Bulgarian and Turkish legal forms AD and
    // AS, which are article spellings too and end company names ("REX LOTTO AD").
    const bool final_article = c == TokenClass::kArticle && i + 1 == t.size() && !kept.empty() &&
                               x.text != "al" && x.text != "el" && !In(kLegalForms, x.text);
    if (c == TokenClass::kName || final_article ||
        (c == TokenClass::kVesselPrefix && !kept.empty())) {
      kept.push_back(std::move(x));
    } else {
      dropped->push_back(std::move(x.text));
    }
  }
  t = std::move(kept);
}

namespace {

// A Roman numeral of the letters i, v and x in its standard form, 1-39; 0 otherwise.
int RomanValue(std::string_view t) {
  static constexpr std::array<std::string_view, 10> kOnes = {"",  "i",  "ii",  "iii",  "iv",
                                                             "v", "vi", "vii", "viii", "ix"};
  size_t tens = 0;
  while (tens < t.size() && t[tens] == 'x') ++tens;
  if (tens > 3) return 0;
  const std::string_view rest = t.substr(tens);
  for (size_t ones = 0; ones < kOnes.size(); ++ones) {
    if (rest == kOnes[ones]) return static_cast<int>(10 * tens + ones);
  }
  return 0;
}

}  // namespace

std::string NumeralDigits(std::string_view t) {
  // English number words, as organisation names write them ("Three Star", "Fund Two"); the
  // numbers people's names hold stop well before twenty.
  static constexpr auto kWords = std::to_array<std::string_view>(
      {"zero",     "one",     "two",     "three",     "four",     "five",     "six",
       "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
       "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"});
  for (size_t i = 0; i < kWords.size(); ++i) {
    if (t == kWords[i]) return std::to_string(i);
  }
  // One letter (I, V, X) is an initial, not a numeral.
  if (t.size() < 2) return {};
  const int roman = RomanValue(t);
  return roman > 0 ? std::to_string(roman) : std::string();
}

std::string Skeleton(std::string_view t) {
  // Letter rules, from the regularities of Arabic, Persian and Russian romanisation:
  // - vowels are dropped (Arabic script writes none of the short ones), and so are w and y
  //   after the first letter (they write the long vowels u/o and i/e: Yusuf = ywsf);
  // - a leading vowel becomes 'a' (Usama/Osama; ayn and alif both start names);
  // - q and c become k (Qari/Kari), v becomes w (Persian vav: Vali/Wali);
  // - doubled letters are one (Muhammad/Muhamad);
  // - h after g, d or t is dropped: the digraphs gh, dh, th romanise the Arabic letters ghayn,
  //   dhal and tha, which are as often written g, d and t (Baghdadi/Bagdadi, Uthman/Utman);
  //   kh and sh stay, since they stand apart from k and s in every romanisation;
  // - a final h is dropped unless it ends a digraph (ta marbuta: Usamah/Usama, Abdullah/Abdulla).
  std::string s;
  s.reserve(t.size());
  for (char c : t) SkeletonAppend(&s, c);
  SkeletonFinish(&s);
  return s;
}

void SkeletonAppend(std::string* s, char c) {
  // The token's first letter always writes one letter, so an empty `s` means the first letter.
  if (s->empty() && IsVowel(c)) {
    s->push_back('a');
    return;
  }
  if (!s->empty() && (IsVowel(c) || c == 'w' || c == 'y')) return;
  if (c == 'q' || c == 'c') c = 'k';
  if (c == 'v') c = 'w';
  if (c == 'h' && !s->empty() && (s->back() == 'g' || s->back() == 'd' || s->back() == 't')) return;
  if (!s->empty() && s->back() == c) return;
  s->push_back(c);
}

void SkeletonFinish(std::string* s) {
  if (s->size() > 1 && s->back() == 'h') {
    const char prev = (*s)[s->size() - 2];
    const bool digraph = prev == 'k' || prev == 's' || prev == 'z';
    if (!digraph) s->pop_back();
  }
}

std::string StripGluedArticle(std::string_view t) {
  // "al"/"el" glued to a noun of at least 4 letters ("albaghdadi", "elmasri"); shorter remainders
  // are too often ordinary names (Alan, Alex, Elena).
  if (t.size() < 6 || !(t.starts_with("al") || t.starts_with("el"))) return {};
  return std::string(t.substr(2));
}

}  // namespace cordon::normalize
