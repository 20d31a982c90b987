#include "score/token_sim.h"

#include <algorithm>
#include <array>
#include <limits>

#include "normalize/hangul.h"
#include "normalize/rules.h"
#include "normalize/slot_cache.h"

namespace cordon::score {

using normalize::AltKind;
using normalize::Token;

namespace {

TokenSimilarity AltSim(const Token& q, const Token& l) {
  auto how = [](AltKind k) {
    return k == AltKind::kArticle ? MatchHow::kSplitJoin : MatchHow::kTransliteration;
  };
  for (const auto& a : q.alts) {
    if (a.text == l.text) return {kAltSim, how(a.kind)};
    for (const auto& b : l.alts) {
      if (a.text == b.text) return {kAltSim, how(std::max(a.kind, b.kind))};
    }
  }
  for (const auto& b : l.alts) {
    if (b.text == q.text) return {kAltSim, how(b.kind)};
  }
  return {};
}

// `known` is the OSA distance when the caller has it (exact up to its bound, which is at least
// max_edits), else -1.
TokenSimilarity EditSim(const Token& q, const Token& l, int max_edits, int known = -1) {
  const size_t shorter = std::min(q.text.size(), l.text.size());
  const size_t longer = std::max(q.text.size(), l.text.size());
  const int k = std::min(MaxEdits(shorter), max_edits);
  if (k == 0) return {};
  const int d = known >= 0 ? known : BoundedOsa(q.text, l.text, k);
  if (d > k) return {};
  const float sim = 1.0f - static_cast<float>(d) / static_cast<float>(longer);
  if (sim < kMinTokenSim) return {};
  return {sim, MatchHow::kEditDistance};
}

// Skeletons of tokens of which one came from a script that writes no short vowels: the vowel
// letters that Arabic does write (w, y, alif) are spelt inconsistently, so one skeleton edit is
// allowed when both skeletons have at least 4 consonants. (Two Latin spellings: see TokenSim.)
TokenSimilarity SkeletonSim(const Token& q, const Token& l) {
  if (q.skeleton.size() >= 3 && q.skeleton == l.skeleton) {
    return {kSkeletonSim, MatchHow::kTransliteration};
  }
  if (std::min(q.skeleton.size(), l.skeleton.size()) >= 4 &&
      BoundedOsa(q.skeleton, l.skeleton, 1) <= 1) {
    return {kSkeletonEditSim, MatchHow::kTransliteration};
  }
  return {};
}

void KeepBest(TokenSimilarity* best, TokenSimilarity t) {
  if (t.sim > best->sim) *best = t;
}

// One token is the other with a noise word glued before or after it.
bool IsGluedPair(std::string_view longer, std::string_view word) {
  if (word.size() < kMinGluedRest || longer.size() < word.size() + 2) return false;
  const size_t extra = longer.size() - word.size();
  return (longer.ends_with(word) && IsGluedNoise(longer.substr(0, extra))) ||
         (longer.starts_with(word) && IsGluedNoise(longer.substr(word.size())));
}

TokenSimilarity GluedSim(const Token& q, const Token& l) {
  if (IsGluedPair(q.text, l.text) || IsGluedPair(l.text, q.text)) {
    return {kGluedSim, MatchHow::kSplitJoin};
  }
  return {};
}

// A word with model letters of Arabic script (U+0600-U+06FF, U+0750-U+077F: UTF-8 lead bytes
// D8-DB and DD; Cyrillic letters lead with D0-D3, Hangul syllables with EA-ED).
bool IsArabicSource(const Token& t) {
  if (t.source.empty()) return false;
  const auto lead = static_cast<unsigned char>(t.source[0]);
  return (lead >= 0xD8 && lead <= 0xDB) || lead == 0xDD;
}

// Two words written in Arabic script, each with its letters. Their letters are their spelling,
// and a letter more or less is most often another name (حسن Hasan, حسين Husayn, حسنه Husna,
// محسن Muhsin; عمير Umair and عامر Amir): neither the vowel-free skeleton of their romanisations
// nor an edit of those romanisations (which guess the short vowels) says they are one name.
// They match by their letters (the same letters, text, listed spellings, variant groups) or not
// at all; an entity that the lists write in both scripts is still found from an Arabic-script
// query with a slip through its Latin names (CrossScriptSim). From the Arabic-script false
// positives of the negative corpus (docs/validation.md, "Written vowels").
bool BothArabicLetters(const Token& q, const Token& l) {
  return IsArabicSource(q) && IsArabicSource(l);
}

// The side with model letters when exactly one side has them and the other is Latin.
const Token* CrossSource(const Token& q, const Token& l) {
  if (IsCrossScriptSource(q) && IsCrossScriptLatin(l)) return &q;
  if (IsCrossScriptSource(l) && IsCrossScriptLatin(q)) return &l;
  return nullptr;
}

}  // namespace

namespace {
// LlrPerLetter of the embedded model, remembered per thread: a list word such as محمد is
// compared with the same query word in every candidate name that holds it, and the Viterbi
// alignment was most of a screening's time (bench/RESULTS.md, normalize/6). Only an answer
// CrossScriptSim can use is worked out (LlrPerLetterAtLeast: -inf below its two floors).
float CachedLlrPerLetter(std::string_view source, std::string_view latin) {
  thread_local normalize::PairSlotCache<float> cache(1 << 16);
  return cache.Get(source, latin, [&] {
    return normalize::TranslitModel::Embedded().LlrPerLetterAtLeast(source, latin, kMinCrossLlr,
                                                                    kMinCrossBits);
  });
}
}  // namespace

namespace {
// `latin` with each doubled consonant written once ("sayyed" -> "sayed", "qayyum" -> "qayum");
// empty when it has none. Vowels stay doubled (Saeed, Saadi are vowel spellings).
std::string SingleConsonants(std::string_view latin) {
  std::string out;
  for (size_t i = 1; i < latin.size(); ++i) {
    if (latin[i] == latin[i - 1] && !normalize::IsVowel(latin[i])) {
      if (out.empty()) out.assign(latin.substr(0, i));
      continue;
    }
    if (!out.empty()) out.push_back(latin[i]);
  }
  return out;
}
}  // namespace

TokenSimilarity CrossScriptSim(const Token& src, const Token& lat, bool single_consonants) {
  float best = -std::numeric_limits<float>::infinity();
  ForEachCrossScriptForm(lat, [&](std::string_view form, const std::string& skeleton) {
    if (!src.skeletons.Contains(skeleton)) return;
    const float llr = CachedLlrPerLetter(src.source, form);
    if (llr * static_cast<float>(form.size()) >= kMinCrossBits) best = std::max(best, llr);
    // Arabic script writes a doubled consonant once (the shadda mark, which names leave out);
    // ALA-LC and BGN/PCGN write it twice (Sayyid, Qayyum, Tawwab, Ayyub). The learned model saw
    // few doubled letters in its train split and had سید / Sayyed at 0, so a spelling is also
    // read with its doubled consonants written once, as the letters the source wrote.
    // Arabic letters only: Cyrillic writes the double. Not for a join of two Latin words, which
    // the doubled-letter reading made too easy ("Louay AL-MUNAJJED" joined against المنجد, train
    // split).
    if (!single_consonants || !IsArabicSource(src)) return;
    const std::string single = SingleConsonants(form);
    if (!single.empty()) {
      const float s = CachedLlrPerLetter(src.source, single);
      if (s * static_cast<float>(single.size()) >= kMinCrossBits) best = std::max(best, s);
    }
  });
  if (best < kMinCrossLlr) return {};
  return {std::min(kCrossSimMax, kCrossSimBase + kCrossSimSlope * (best - kMinCrossLlr)),
          MatchHow::kTransliteration};
}

float CrossScriptBits(float sim, size_t letters) {
  const float llr = kMinCrossLlr + (sim - kCrossSimBase) / kCrossSimSlope;
  return llr * static_cast<float>(letters);
}

bool IsGluedNoise(std::string_view w) {
  if (normalize::ClassifyToken(w) == normalize::TokenClass::kName) return false;
  return w.size() >= 3 || w == "al" || w == "el" || w == "co" || w == "ad" || w == "ao" ||
         w == "jv";
}

TokenSimilarity SyllableSim(const Token& q, const Token& l) {
  if (q.syllabic() && l.syllabic()) {
    return q.source == l.source ? TokenSimilarity{1.0f, MatchHow::kExact} : TokenSimilarity{};
  }
  const Token& s = q.syllabic() ? q : l;
  const Token& o = q.syllabic() ? l : q;
  if (o.text == s.text) return {1.0f, MatchHow::kExact};
  for (const auto& a : s.alts) {
    if (a.text == o.text) return {kAltSim, MatchHow::kTransliteration};
  }
  return {};
}

TokenSimilarity TokenSim(const Token& q, const Token& l) {
  if (q.initial() || l.initial()) {
    // An initial stands for any name with that first letter ("S. M. Tufail"); two equal initials
    // are still only initials, two different ones are unrelated.
    if (q.initial() && l.initial()) {
      return q.text == l.text ? TokenSimilarity{1.0f, MatchHow::kInitial} : TokenSimilarity{};
    }
    return q.text[0] == l.text[0] ? TokenSimilarity{1.0f, MatchHow::kInitial} : TokenSimilarity{};
  }
  // Before the text: two syllables spelt alike (정 and 종 are both "jong") are two syllables.
  if (q.syllabic() || l.syllabic()) return SyllableSim(q, l);
  if (q.text == l.text) return {1.0f, MatchHow::kExact};
  TokenSimilarity best = AltSim(q, l);
  if (q.group != 0 && q.group == l.group) KeepBest(&best, {kVariantSim, MatchHow::kVariant});
  int d = -1;
  if (q.latin_source && l.latin_source) {
    // Two Latin spellings wrote their vowels, so an equal skeleton counts only within the edits a
    // typo match allows (MaxEdits of the shorter token): it lifts a near spelling to
    // kSkeletonSim (Sanaulah/Sanaullah, Gafari/Ghafari) and never makes one of a different name
    // (Thommen/Tamyna, Kamel/Kamali). The distance, bounded as EditSim bounds it, serves both.
    if (q.skeleton.size() >= 3 && q.skeleton == l.skeleton && best.sim < kSkeletonSim) {
      const int k = MaxEdits(std::min(q.text.size(), l.text.size()));
      d = BoundedOsa(q.text, l.text, k);
      if (d <= k) KeepBest(&best, {kSkeletonSim, MatchHow::kPhonetic});
    }
  } else if (const Token* src = CrossSource(q, l)) {
    // Arabic or Cyrillic against Latin: the learned model decides, not the vowel-free skeleton
    // (which made "Chennai" of "کیهان").
    KeepBest(&best, CrossScriptSim(*src, src == &q ? l : q));
  } else if (BothArabicLetters(q, l)) {
    if (q.source == l.source) return {1.0f, MatchHow::kExact};  // حقانى and حقاني
    KeepBest(&best, GluedSim(q, l));
    return best;
  } else if (best.sim < kSkeletonSim) {
    KeepBest(&best, SkeletonSim(q, l));
  }
  KeepBest(&best, EditSim(q, l, 2, d));
  KeepBest(&best, GluedSim(q, l));
  return best;
}

// TokenSim's branches, each of which is 0 or above 0, in order of cost; see TokenSim for why each
// applies. AltSim and the variant group come before the skeleton branches there too, so when they
// are 0 the skeleton branches are taken exactly as TokenSim takes them.
bool TokenRelated(const Token& q, const Token& l) {
  if (q.initial() || l.initial()) return TokenSim(q, l).sim > 0;
  if (q.syllabic() || l.syllabic()) return SyllableSim(q, l).sim > 0;
  if (q.text == l.text) return true;
  if (q.group != 0 && q.group == l.group) return true;
  if (AltSim(q, l).sim > 0 || GluedSim(q, l).sim > 0) return true;
  if (BothArabicLetters(q, l)) return q.source == l.source;
  if (EditSim(q, l, 2).sim > 0) return true;
  if (q.latin_source && l.latin_source) {
    if (q.skeleton.size() < 3 || q.skeleton != l.skeleton) return false;
    const int k = MaxEdits(std::min(q.text.size(), l.text.size()));
    return BoundedOsa(q.text, l.text, k) <= k;
  }
  if (const Token* src = CrossSource(q, l)) {
    return CrossScriptSim(*src, src == &q ? l : q).sim > 0;
  }
  return SkeletonSim(q, l).sim > 0;
}

bool JoinRelated(const Token& q, const Token& l) {
  if (q.initial() || l.initial()) return false;
  if (q.syllabic() || l.syllabic()) return SyllableSim(q, l).sim >= kMinJoinSim;
  if (q.text == l.text || AltSim(q, l).sim >= kMinJoinSim ||
      EditSim(q, l, kMaxJoinEdits).sim >= kMinJoinSim) {
    return true;
  }
  const Token* src = CrossSource(q, l);
  return src != nullptr &&
         CrossScriptSim(*src, src == &q ? l : q, /*single_consonants=*/false).sim >=
             kMinCrossJoinSim;
}

TokenSimilarity JoinSim(const Token& q, const Token& l) {
  if (q.initial() || l.initial()) return {};
  if (q.syllabic() || l.syllabic()) {
    TokenSimilarity t = SyllableSim(q, l);
    if (t.sim < kMinJoinSim) return {};
    t.how = MatchHow::kSplitJoin;
    return t;
  }
  TokenSimilarity t = q.text == l.text ? TokenSimilarity{1.0f, MatchHow::kExact} : AltSim(q, l);
  KeepBest(&t, EditSim(q, l, kMaxJoinEdits));
  if (t.sim < kMinJoinSim) t = {};
  if (const Token* src = CrossSource(q, l)) {
    const TokenSimilarity x = CrossScriptSim(*src, src == &q ? l : q, /*single_consonants=*/false);
    if (x.sim >= kMinCrossJoinSim) KeepBest(&t, x);
  }
  if (t.sim == 0) return {};
  t.how = MatchHow::kSplitJoin;
  return t;
}

namespace {
// A token's spellings, text first.
std::vector<std::string> Spellings(const Token& t) {
  std::vector<std::string> v{t.text};
  for (const auto& a : t.alts) v.push_back(a.text);
  return v;
}
}  // namespace

Token JoinTokens(const Token& a, const Token& b, const normalize::KnownSkeletons* known) {
  Token t;
  if (a.syllabic() || b.syllabic()) {
    // A Latin side stands for itself (its text), so that such a join is never matched by edits.
    t.hangul = true;
    t.source = (a.syllabic() ? a.source : a.text) + (b.syllabic() ? b.source : b.text);
    std::vector<std::string> spellings = normalize::JoinedSpellings(
        a.syllabic() ? Spellings(a) : std::vector<std::string>{a.text},
        b.syllabic() ? Spellings(b) : std::vector<std::string>{b.text}, kJoinedSyllableSpellings);
    t.text = std::move(spellings[0]);
    t.skeleton = normalize::Skeleton(t.text);
    for (size_t i = 1; i < spellings.size(); ++i) t.alts.push_back({std::move(spellings[i])});
    return t;
  }
  t.text = a.text + b.text;
  t.skeleton = normalize::Skeleton(t.text);
  t.latin_source = a.latin_source && b.latin_source;
  if (!a.source.empty() && !b.source.empty()) {
    t.source = a.source + b.source;
    if (IsCrossScriptSource(a) && IsCrossScriptSource(b)) {
      const normalize::SkeletonSet* held =
          known == nullptr ? nullptr : known->FindSkeletons(t.source);
      t.skeletons =
          held != nullptr ? *held : normalize::TranslitModel::Embedded().Skeletons(t.source);
    }
  }
  return t;
}

}  // namespace cordon::score
