#include "score/entity_score.h"

#include <algorithm>

namespace cordon::score {
namespace {

std::string Span(const TokenRefs& t, uint8_t b, uint8_t e) {
  std::string s;
  for (uint8_t i = b; i < e; ++i) s += (i == b ? "" : " ") + t[i].text;
  return s;
}

}  // namespace

void ExplainAlignment(const PreparedName& q, const PreparedName& l, const NameScore& s,
                      Explanation* x) {
  x->alignment.clear();
  for (const AlignedPair& p : s.pairs) {
    x->alignment.push_back(
        {Span(q.tokens, p.q_begin, p.q_end), Span(l.tokens, p.l_begin, p.l_end), p.how, p.sim});
  }
  x->unmatched_query_tokens.clear();
  x->unmatched_list_tokens.clear();
  for (size_t i = 0; i < q.tokens.size(); ++i) {
    if (!(s.q_aligned >> i & 1)) x->unmatched_query_tokens.push_back(q.tokens[i].text);
  }
  for (size_t j = 0; j < l.tokens.size(); ++j) {
    if (!(s.l_aligned >> j & 1)) x->unmatched_list_tokens.push_back(l.tokens[j].text);
  }
  x->name_score = s.score;
}

double ScoreListName(const PreparedQuery& q, const PreparedName& list_name, const Entity& entity,
                     size_t name_index, Explanation* explanation) {
  NameScore detail;
  const float name_score = ScoreName(q.name, list_name, explanation ? &detail : nullptr);
  if (name_score <= 0) return 0;
  const EvidenceResult ev = AttributeEvidence(*q.query, q.identifiers, entity);
  double score = std::clamp(name_score + ev.adjustment, 0.0, 1.0);
  const Name& n = entity.names[name_index];
  const bool capped =
      n.strength == NameStrength::kWeak && !ev.corroborated && score > kWeakAliasCap;
  if (capped) score = kWeakAliasCap;
  if (explanation) {
    Explanation& x = *explanation;
    x.matched_name = n.full;
    x.name_kind = n.kind;
    x.name_strength = n.strength;
    ExplainAlignment(q.name, list_name, detail, &x);
    x.evidence = ev.items;
    if (capped) {
      x.evidence.push_back({"weak_alias", "", n.quality_text.empty() ? "weak" : n.quality_text,
                            EvidenceEffect::kNeutral, 0});
    }
  }
  return score;
}

}  // namespace cordon::score
