// Name-to-name score: align query tokens with list tokens (any order; joins and splits; initials;
// typos, variants, skeletons), then weigh what matched against what did not, by information.
//
//   M = sum over aligned pairs of sim * w          (w: the list token's bits)
//   U = sum over aligned pairs of (1 - sim) * w * kMismatchCost
//     + sum over unaligned query tokens of w * kQueryExtraCost
//     + sum over unaligned list tokens of w * kListExtraCost
//     (an unaligned Hangul syllable, or any unaligned token beside a name written wholly in
//     Hangul, costs w * kSyllableExtraCost: see below)
//   score = M / (M + U), and 0 when nothing but initials aligned.
//
// A missing middle name costs less than a matched one earns, and a rare unmatched token costs more
// than a common one: "Muhammad Khan" against "Muhammad Khan Noorzai" stays low because Noorzai
// carries more information than Muhammad and Khan together. See docs/matching.md.
//
// Thread safety: pure functions over immutable inputs.
#ifndef CORDON_SCORE_NAME_SCORE_H_
#define CORDON_SCORE_NAME_SCORE_H_

#include <cstdint>
#include <vector>

#include "normalize/normalizer.h"
#include "score/token_sim.h"
#include "score/weights.h"

namespace cordon::score {

// Calibrated on generated variants of the bundled lists' names and the faker negative corpus
// (docs/matching.md has the figures): the unmatched part of a similar pair counts one and a half
// times (a near spelling is also evidence of a different name: a single-token name one edit in
// six away scores 0.77, below the threshold, one edit in eight 0.82); an
// extra query token costs half its information (a query may carry a middle name the list lacks);
// an extra list token costs less (lists give full names, queries often abbreviate).
inline constexpr float kMismatchCost = 1.5f;
inline constexpr float kQueryExtraCost = 0.5f;
inline constexpr float kListExtraCost = 0.35f;
// A Hangul syllable token (normalize::Token::hangul) that one name has and the other lacks is
// a one-syllable difference, and two Korean names one syllable apart are two people (issue 10,
// item 2): Korean names have no middle names to leave out, a given name's syllables are one
// name, and the surname is always written. So it costs what an aligned pair of similarity 0
// would, kMismatchCost, not the discount of an extra middle name. Before, "강민 인" (In
// Kang-min) scored 0.82 against OFAC's "KANG, Min" and "주혁 당" 0.85 against "JU, Hyok"
// (cordon validate's Korean negatives: 16 false positives of 2,200, 5 at normalize/9). The same
// holds for any word the other name has beside a name written wholly in Hangul: that name is
// complete, surname and given name, so the extra word is part of another name ("윤 장", Jang
// Yun, scored 0.85 against OFAC's Chinese "CHANG, Ping Yun").
inline constexpr float kSyllableExtraCost = kMismatchCost;

// Unmatched list tokens cost more when what matched is weak evidence: kListExtraCost is scaled by
// kEnoughBits / M when M < kEnoughBits. 16 bits single out one name among ~65,000, the number of
// distinct names in the bundled lists (45k) and the population corpus (48k); a match carrying
// less identifies a crowd, so the listed parts it leaves out count against it (Fellegi-Sunter:
// the evidence for a link is the total weight, not the share). "Muhammad Khan" (about 8 bits)
// against "Mustafa Muhammad Khan" stays below 0.80; an exact listed "Muhammad Khan" scores 1.
inline constexpr float kEnoughBits = 16.0f;
inline float ListExtraCost(float matched_bits) {
  return matched_bits >= kEnoughBits || matched_bits <= 0
             ? kListExtraCost
             : kListExtraCost * kEnoughBits / matched_bits;
}

// A query word the list name lacks costs kQueryExtraCost, unless it stands between two aligned
// query words, every word of the list name is aligned, and what matched carries at least
// kEnoughBits (it singles out one name): then it is a link of a name chain that the list's short
// form leaves out, and costs what a list word the query lacks does, kListExtraCost. An Arabic
// name is a chain, ism, then the father's and the grandfather's ism (the nasab), then the nisba
// or family name (Schimmel, "Islamic Names", 1989, ch. 1); the UN writes the chain in Arabic
// script where OFAC gives the short form in Latin letters ("قاسم محمد مهدي الريمي" beside
// "AL-RAYMI, Qassim"; "رمزي محمد عبد الله بن الشيبة" beside "BIN AL SHIBH, Ramzi"). A word before
// the first or after the last aligned one keeps the full cost: there a family or caste name
// ("Chaudhry", "Niazi") or another given name tells two people apart (with the ends discounted
// too, the Arabic-script names of the negative corpus alerted 18 times more in 4,000, against 4
// in its interior-only form; docs/validation.md).
inline float QueryExtraCost(bool interior, bool whole_list_aligned, float matched_bits) {
  return interior && whole_list_aligned && matched_bits >= kEnoughBits ? kListExtraCost
                                                                       : kQueryExtraCost;
}

// Tokens compared per name; more are ignored (the longest names in the bundled lists have 14).
inline constexpr size_t kMaxTokens = 32;

// Tokens by reference: a query's point into its PreparedName's own storage, a list name's into
// the index vocabulary (index::NameIndex), which holds each distinct token once.
class TokenRefs {
 public:
  using const_iterator = std::vector<const normalize::Token*>::const_iterator;
  struct Iterator {
    const_iterator it;
    const normalize::Token& operator*() const { return **it; }
    Iterator& operator++() {
      ++it;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return it != o.it; }
  };
  const normalize::Token& operator[](size_t i) const { return *refs_[i]; }
  size_t size() const { return refs_.size(); }
  bool empty() const { return refs_.empty(); }
  Iterator begin() const { return {refs_.begin()}; }
  Iterator end() const { return {refs_.end()}; }
  void push_back(const normalize::Token* t) { refs_.push_back(t); }
  void clear() { refs_.clear(); }
  void reserve(size_t n) { refs_.reserve(n); }

 private:
  std::vector<const normalize::Token*> refs_;
};

// Movable, not copyable: `tokens` and `joins` may point into `owned`.
struct PreparedName {
  PreparedName() = default;
  PreparedName(PreparedName&&) noexcept = default;
  PreparedName& operator=(PreparedName&&) noexcept = default;
  PreparedName(const PreparedName&) = delete;
  PreparedName& operator=(const PreparedName&) = delete;

  TokenRefs tokens;  // at most kMaxTokens
  std::vector<float> weights;
  TokenRefs joins;  // joins[i] = tokens[i] + tokens[i+1]
  // Storage of the tokens and joins when the name owns them (Prepare); empty for list names,
  // whose tokens the index holds.
  std::vector<normalize::Token> owned;
};
// `known` (optional) supplies the model skeletons of joins already made (JoinTokens).
PreparedName Prepare(normalize::NormalizedName name, const TokenWeights& weights,
                     const normalize::KnownSkeletons* known = nullptr);

struct AlignedPair {
  uint8_t q_begin = 0, q_end = 0;  // query tokens [q_begin, q_end)
  uint8_t l_begin = 0, l_end = 0;  // list tokens [l_begin, l_end)
  float sim = 0;
  MatchHow how = MatchHow::kNone;
};

struct NameScore {
  float score = 0;
  std::vector<AlignedPair> pairs;
  uint32_t q_aligned = 0;  // bit i: query token i is aligned
  uint32_t l_aligned = 0;
};

// Scores `q` against `l`; fills *detail when not null.
float ScoreName(const PreparedName& q, const PreparedName& l, NameScore* detail = nullptr);

// An upper bound of ScoreName(q, l) given that only the query tokens in q_related and the list
// tokens in l_related can be part of any aligned pair. Used by the index to skip names that cannot
// reach a threshold; the bound is exact arithmetic on the same formula with every related token
// assumed perfectly aligned.
float ScoreUpperBound(const PreparedName& q, const PreparedName& l, uint32_t q_related,
                      uint32_t l_related);
// The same on the token weights alone (the index keeps list names' weights in flat arrays).
float ScoreUpperBound(const float* q_weights, size_t q_tokens, uint32_t q_related,
                      const float* l_weights, size_t l_tokens, uint32_t l_related);

}  // namespace cordon::score

#endif  // CORDON_SCORE_NAME_SCORE_H_
