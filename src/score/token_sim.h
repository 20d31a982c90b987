// Similarity of two normalised tokens.
//
// Thread safety: pure functions.
#ifndef CORDON_SCORE_TOKEN_SIM_H_
#define CORDON_SCORE_TOKEN_SIM_H_

#include <cstdint>
#include <string_view>

#include "cordon/hit.h"
#include "normalize/normalizer.h"
#include "normalize/rules.h"

namespace cordon::score {

// How two tokens matched: the public cordon::MatchHow (cordon/hit.h) that explanations carry.
using MatchHow = ::cordon::MatchHow;

struct TokenSimilarity {
  float sim = 0;  // 0 (unrelated) or in [kMinTokenSim, 1]
  MatchHow how = MatchHow::kNone;
};

// Similarity levels. Exact is 1. A spelling the tables or the skeleton vouch for is nearly as good
// as exact; each level is below the one whose evidence is stronger (table from the lists' own
// alias groups > learnt variant group > vowel-free agreement). Edit distances give 1 - d/len.
inline constexpr float kAltSim = 0.97f;
inline constexpr float kVariantSim = 0.95f;
inline constexpr float kSkeletonSim = 0.90f;
// One consonant off between a transliterated token and a Latin one: below kMinJoinSim, so it
// never joins, and with kMismatchCost a single-token name matched this way stays below 0.80.
inline constexpr float kSkeletonEditSim = 0.80f;
// Below this an edit-distance pair is no evidence: 1 - 1/3 (one edit in three letters) is
// already two different names (Ali/Ala); 0.7 admits one edit in 4 letters, two in 7.
inline constexpr float kMinTokenSim = 0.70f;
// A joined pair ("abdul"+"rahman" vs "abdulrahman") must be close: joining adjacent tokens makes
// many more strings, so chance agreement is likelier.
inline constexpr float kMinJoinSim = 0.85f;
// ... and within one edit, whatever its length (keeps the index of joins small: one-deletion
// neighbourhoods only).
inline constexpr int kMaxJoinEdits = 1;

// Most edits allowed between tokens whose shorter one has `len` characters: Elasticsearch's
// "fuzziness: AUTO" rule (0 up to 2 characters, 1 up to 5, 2 beyond), widely used for names.
inline int MaxEdits(size_t len) { return len <= 2 ? 0 : (len <= 5 ? 1 : 2); }

using normalize::BoundedOsa;

// A name word with a word glued to it that the normaliser drops as carrying no identity (an
// article, connector, honorific or legal form: "ANSARAL" for "Ansar al", "BILALBIN",
// "HAJIMUHAMMAD", "IZTOKAD", "THEDALZAVOD"): the name word agrees exactly, the glued word says
// nothing, so the pair counts as a split/join (kMinJoinSim).
inline constexpr float kGluedSim = kMinJoinSim;
// The name word beside the glued one must have 3+ letters: shorter remainders ("Musa" = "mu" +
// "sa") are chance.
inline constexpr size_t kMinGluedRest = 3;
// Whether `w` may be glued to a name word: a dropped word (normalize::ClassifyToken) of 3+
// letters, or one of the 2-letter ones that are never a name's ending by chance often: the
// unassimilated articles al/el and the legal forms co/ad/ao/jv. The other 2-letter articles and
// forms (an, as, es, sa, ab, ...) end too many names (Hassan, Abbas, Musa).
bool IsGluedNoise(std::string_view w);
// Calls fn(rest) for every way `t` is a name word of kMinGluedRest+ letters with a noise word
// glued before or after it.
template <typename Fn>
void ForEachGluedRest(std::string_view t, Fn fn) {
  for (size_t p = 2; p + kMinGluedRest <= t.size(); ++p) {
    if (IsGluedNoise(t.substr(0, p))) fn(t.substr(p));
    if (IsGluedNoise(t.substr(t.size() - p))) fn(t.substr(0, t.size() - p));
  }
}

// Cross-script matches (normalize/translit.h): a token written in Arabic or Cyrillic script
// (normalize::Token::source) against a Latin spelling. The similarity grows with the model's
// log-likelihood ratio per Latin letter: kCrossSimBase at kMinCrossLlr, kCrossSimSlope per bit
// above it, at most kCrossSimMax (below exact: the model vouches for a spelling, it did not see
// it). Below kMinCrossLlr bits a letter the pair is unrelated. Calibrated on the dev split of
// data/names/cross_script (docs/matching.md).
inline constexpr float kMinCrossLlr = 1.0f;
// ... and at least this many bits in all: a short word is weak evidence however likely each
// letter (عيسى/Issa carries 4.5 bits, موسى/Musa 6.1, علي/Ali 9.2). Set with the dev split of
// data/names/cross_script beside the Arabic-script names of the population corpus, which no list
// holds (ar and ur, 4,000 names): no floor finds 92.2% of the dev split's Arabic-script persons and
// alerts on 82 of the 4,000; 6 bits 91.6% and 73; 8.5 bits 89.0% and 65 (docs/validation.md).
// Free text asks for more (inspect/text_search.cc).
inline constexpr float kMinCrossBits = 6.0f;
inline constexpr float kCrossSimBase = 0.80f;
inline constexpr float kCrossSimSlope = 0.08f;
inline constexpr float kCrossSimMax = 0.97f;
// A cross-script join ("ثناء" + "الله" against "Sanaullah") needs less than kMinJoinSim: the
// skeleton gate and the ratio tie the joined letters to that one spelling, where an edit-distance
// join is chance agreement of two concatenated strings; the article and vowels a join spans
// lower its ratio a letter.
inline constexpr float kMinCrossJoinSim = 0.80f;
// The sides of such a pair: a token the model covers (it has skeletons), and a Latin-script
// spelling of 2+ letters.
inline bool IsCrossScriptSource(const normalize::Token& t) { return !t.skeletons.empty(); }
inline bool IsCrossScriptLatin(const normalize::Token& t) {
  return t.source.empty() && t.latin_source && t.text.size() >= 2 && !t.syllabic();
}
// Calls fn(spelling, its skeleton) for the spellings of a Latin token a source token is compared
// with: its text and its text without a glued article ("alzaydi" -> "zaydi").
template <typename Fn>
void ForEachCrossScriptForm(const normalize::Token& t, Fn fn) {
  if (!t.skeleton.empty()) fn(std::string_view(t.text), t.skeleton);
  for (const normalize::Alt& a : t.alts) {
    if (a.kind == normalize::AltKind::kArticle && !a.skeleton.empty()) {
      fn(std::string_view(a.text), a.skeleton);
    }
  }
}
// `src` is IsCrossScriptSource, `lat` is IsCrossScriptLatin; zero unless some spelling of `lat` has
// a skeleton among src.skeletons and a high enough ratio.
// With single_consonants, an Arabic-script source is also compared with the spelling's doubled
// consonants written once (shadda, which Arabic names leave unwritten); JoinSim does without.
TokenSimilarity CrossScriptSim(const normalize::Token& src, const normalize::Token& lat,
                               bool single_consonants = true);
// The evidence, in bits over the whole Latin spelling of `letters` letters, of a cross-script
// match of similarity `sim` (CrossScriptSim's mapping read backwards; at kCrossSimMax a lower
// bound). A short spelling is weak evidence however likely each letter: free text, where every
// word of a message is tried, asks for more of it than a name field (inspect/text_search.cc).
float CrossScriptBits(float sim, size_t letters);
// The letters CrossScriptBits counts for a token: its characters (UTF-8 code points).
inline size_t CrossScriptLetters(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A pair of which one side or both are Hangul syllables (normalize::Token::hangul, their syllables
// in Token::source): the same syllables are exact; a spelling is exact when it is the syllable
// token's text and kAltSim when it is one of its alternatives; anything else is unrelated.
// TokenSim, JoinSim and their Related forms answer with this for every such pair (an initial
// aside).
TokenSimilarity SyllableSim(const normalize::Token& q, const normalize::Token& l);

TokenSimilarity TokenSim(const normalize::Token& q, const normalize::Token& l);
// Similarity of joined tokens: exact, alternative spelling or edit distance only (a skeleton or
// variant agreement of a two-word string with one word is too often chance), zero below
// kMinJoinSim, reported as kSplitJoin.
TokenSimilarity JoinSim(const normalize::Token& q, const normalize::Token& l);
// Whether TokenSim(q, l).sim > 0 and JoinSim(q, l).sim > 0: the same answer, found from the
// cheapest evidence first, so that the cross-script alignment (CrossScriptSim's Viterbi, most of a
// candidate search's time: bench/RESULTS.md) runs only when nothing cheaper relates the pair.
// The index asks only this of every token it reaches (index::NameIndex::Candidates).
bool TokenRelated(const normalize::Token& q, const normalize::Token& l);
bool JoinRelated(const normalize::Token& q, const normalize::Token& l);
// Two adjacent tokens as one ("abdul","rahman" -> "abdulrahman"); the model skeletons of the
// joined letters from `known` when it holds them (the same set), else from the model. A join
// with a Hangul syllable token is one too, its syllables those of both sides (a Latin side's
// text standing for its own), spelt every way normalize::JoinedSpellings pairs their spellings.
// How many spellings of each side a join of syllable tokens pairs: the DPRK's and the commonest
// others of each (8 x 8 spellings at most).
inline constexpr size_t kJoinedSyllableSpellings = 8;
normalize::Token JoinTokens(const normalize::Token& a, const normalize::Token& b,
                            const normalize::KnownSkeletons* known = nullptr);

}  // namespace cordon::score

#endif  // CORDON_SCORE_TOKEN_SIM_H_
