#include "score/name_score.h"

#include <algorithm>

namespace cordon::score {
namespace {

struct Candidate {
  AlignedPair pair;
  float weight = 0;  // list-side information the pair covers
  float key = 0;     // sim * weight: greedy order
};

uint32_t Bits(uint8_t begin, uint8_t end) {
  return static_cast<uint32_t>(((uint64_t{1} << end) - 1) & ~((uint64_t{1} << begin) - 1));
}

// Whether token i lies between two tokens of `aligned` (bit i itself not looked at).
bool Interior(uint32_t aligned, size_t i) {
  const uint32_t below = static_cast<uint32_t>((uint64_t{1} << i) - 1);
  return (aligned & below) != 0 && (aligned & ~below & ~(uint32_t{1} << i)) != 0;
}

// `s` when it is exact or `exact_only` is false; otherwise no similarity.
TokenSimilarity ExactIf(bool exact_only, TokenSimilarity s) {
  return exact_only && s.sim < 1.0f ? TokenSimilarity{} : s;
}

// An initial or a lone digit: either is one edit by itself, so a join holding one counts only
// when exact ("SPARTA II", read "sparta 2", would otherwise find its own "sparta" through the
// join "sparta2", one edit away, and leave the 2 unmatched).
bool OneCharacter(const normalize::Token& t) { return t.text.size() == 1; }

void Collect(const PreparedName& q, const PreparedName& l, std::vector<Candidate>* out) {
  const size_t qn = q.tokens.size(), ln = l.tokens.size();
  auto add = [&](size_t qb, size_t qe, size_t lb, size_t le, TokenSimilarity s, float w) {
    if (s.sim <= 0) return;
    Candidate c;
    c.pair = {static_cast<uint8_t>(qb),
              static_cast<uint8_t>(qe),
              static_cast<uint8_t>(lb),
              static_cast<uint8_t>(le),
              s.sim,
              s.how};
    c.weight = w;
    c.key = s.sim * w;
    out->push_back(c);
  };
  for (size_t i = 0; i < qn; ++i) {
    for (size_t j = 0; j < ln; ++j) {
      const TokenSimilarity s = TokenSim(q.tokens[i], l.tokens[j]);
      // An initial covers at most an initial's information of the list token.
      const float w =
          s.how == MatchHow::kInitial ? std::min(l.weights[j], kInitialBits) : l.weights[j];
      add(i, i + 1, j, j + 1, s, w);
      // Joins may include a one-letter token ("LADY D" written "LADYD"), but then only exactly:
      // the letter is one edit by itself, so "KUZNETSOV" is always one edit from "S"+"KUZNETSOV"
      // and a fuzzy join would outweigh the exact token match. The index posts these joins too.
      if (j + 1 < ln) {
        const bool one_letter = OneCharacter(l.tokens[j]) || OneCharacter(l.tokens[j + 1]);
        add(i, i + 1, j, j + 2, ExactIf(one_letter, JoinSim(q.tokens[i], l.joins[j])),
            l.weights[j] + l.weights[j + 1]);
      }
      if (i + 1 < qn) {
        const bool one_letter = OneCharacter(q.tokens[i]) || OneCharacter(q.tokens[i + 1]);
        add(i, i + 2, j, j + 1, ExactIf(one_letter, JoinSim(q.joins[i], l.tokens[j])),
            l.weights[j]);
      }
    }
  }
}

// Whether every token of the name is made of Hangul syllables (a Korean name written in Hangul).
bool AllSyllables(const PreparedName& p) {
  if (p.tokens.size() == 0) return false;
  for (const normalize::Token& t : p.tokens) {
    if (!t.syllabic()) return false;
  }
  return true;
}

}  // namespace

PreparedName Prepare(normalize::NormalizedName name, const TokenWeights& weights,
                     const normalize::KnownSkeletons* known) {
  PreparedName p;
  std::vector<normalize::Token>& own = p.owned;
  own = std::move(name.tokens);
  if (own.size() > kMaxTokens) own.resize(kMaxTokens);
  const size_t n = own.size();
  // Joins after the tokens, in one buffer that never grows again, so the references stay valid.
  own.reserve(n == 0 ? 0 : 2 * n - 1);
  for (size_t i = 0; i + 1 < n; ++i) own.push_back(JoinTokens(own[i], own[i + 1], known));
  p.weights.reserve(n);
  p.tokens.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    p.tokens.push_back(&own[i]);
    p.weights.push_back(weights.Weight(own[i]));
  }
  for (size_t i = n; i < own.size(); ++i) p.joins.push_back(&own[i]);
  return p;
}

float ScoreName(const PreparedName& q, const PreparedName& l, NameScore* detail) {
  thread_local std::vector<Candidate> cands;
  thread_local std::vector<Candidate> chosen;
  cands.clear();
  chosen.clear();
  Collect(q, l, &cands);
  // Greedy one-to-one alignment, heaviest evidence first; ties broken by position so that the
  // result is deterministic.
  std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    if (a.key != b.key) return a.key > b.key;
    if (a.pair.q_begin != b.pair.q_begin) return a.pair.q_begin < b.pair.q_begin;
    if (a.pair.l_begin != b.pair.l_begin) return a.pair.l_begin < b.pair.l_begin;
    return a.pair.q_end + a.pair.l_end < b.pair.q_end + b.pair.l_end;
  });
  uint32_t qa = 0, la = 0;
  float m = 0;
  bool any_full = false;
  for (const Candidate& c : cands) {
    const uint32_t qb = Bits(c.pair.q_begin, c.pair.q_end);
    const uint32_t lb = Bits(c.pair.l_begin, c.pair.l_end);
    if ((qa & qb) || (la & lb)) continue;
    qa |= qb;
    la |= lb;
    m += c.pair.sim * c.weight;
    any_full |= c.pair.how != MatchHow::kInitial;
    chosen.push_back(c);
  }
  const float list_cost = ListExtraCost(m);
  float u = 0;
  for (const Candidate& c : chosen) {
    u += (1 - c.pair.sim) * c.weight * kMismatchCost;
    // The part of a list token that an initial does not cover counts as unmatched.
    if (c.pair.how == MatchHow::kInitial) {
      u += (l.weights[c.pair.l_begin] - c.weight) * list_cost;
    }
  }
  // An unaligned Hangul syllable, or any unaligned token beside a name written wholly in Hangul,
  // costs kSyllableExtraCost (at least), so ScoreUpperBound, which counts the lower costs, stays
  // an upper bound.
  const bool q_hangul = AllSyllables(q), l_hangul = AllSyllables(l);
  const bool whole_list = la == Bits(0, static_cast<uint8_t>(l.tokens.size()));
  for (size_t i = 0; i < q.tokens.size(); ++i) {
    if (!(qa >> i & 1)) {
      u += q.weights[i] * (q.tokens[i].syllabic() || l_hangul
                               ? kSyllableExtraCost
                               : QueryExtraCost(Interior(qa, i), whole_list, m));
    }
  }
  for (size_t j = 0; j < l.tokens.size(); ++j) {
    if (!(la >> j & 1)) {
      u += l.weights[j] * (l.tokens[j].syllabic() || q_hangul
                               ? std::max(kSyllableExtraCost, list_cost)
                               : list_cost);
    }
  }
  const float score = any_full && m > 0 ? m / (m + u) : 0.0f;
  if (detail) {
    detail->score = score;
    detail->q_aligned = qa;
    detail->l_aligned = la;
    detail->pairs.clear();
    for (const Candidate& c : chosen) detail->pairs.push_back(c.pair);
  }
  return score;
}

float ScoreUpperBound(const PreparedName& q, const PreparedName& l, uint32_t q_related,
                      uint32_t l_related) {
  return ScoreUpperBound(q.weights.data(), q.weights.size(), q_related, l.weights.data(),
                         l.weights.size(), l_related);
}

float ScoreUpperBound(const float* q_weights, size_t q_tokens, uint32_t q_related,
                      const float* l_weights, size_t l_tokens, uint32_t l_related) {
  // M can be at most the weight of the related list tokens; ListExtraCost falls as M grows, so
  // the cost at that largest M is a lower bound of the real one. QueryExtraCost falls too, and
  // is the lower one only when every list token may be aligned (those that relate) and that M
  // reaches kEnoughBits: at that M it is a lower bound as well.
  float m = 0, unrelated = 0, u = 0;
  for (size_t j = 0; j < l_tokens; ++j) {
    (l_related >> j & 1 ? m : unrelated) += l_weights[j];
  }
  u += unrelated * ListExtraCost(m);
  // A token interior to the aligned query tokens is interior to the related ones.
  const uint32_t all_list = Bits(0, static_cast<uint8_t>(l_tokens));
  const bool whole_list = (l_related & all_list) == all_list;
  for (size_t i = 0; i < q_tokens; ++i) {
    if (!(q_related >> i & 1)) {
      u += q_weights[i] * QueryExtraCost(Interior(q_related, i), whole_list, m);
    }
  }
  return m > 0 ? m / (m + u) : 0.0f;
}

}  // namespace cordon::score
