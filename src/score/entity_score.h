// The final score of one list name of one entity for one query: name score, attribute evidence,
// the weak-alias cap, and the explanation. The indexed screener and the brute-force reference in
// src/testing/ both call this one function, so their scores are identical by construction.
//
// Thread safety: pure function over immutable inputs.
#ifndef CORDON_SCORE_ENTITY_SCORE_H_
#define CORDON_SCORE_ENTITY_SCORE_H_

#include <string>
#include <vector>

#include "cordon/hit.h"
#include "score/evidence.h"
#include "score/name_score.h"

namespace cordon::score {

// A weak ("low quality") alias may support but not raise an alert alone (UN, OFAC, UK guidance on
// low-quality a.k.a.s): without a corroborating date of birth or identifier its score is capped
// just below the default threshold.
inline constexpr double kWeakAliasCap = kDefaultThreshold - 0.01;

struct PreparedQuery {
  const ScreenQuery* query = nullptr;
  PreparedName name;
  std::vector<std::string> identifiers;  // NormalizeIdentifier() forms
  double max_positive = 0;               // MaxPositiveAdjustment(*query)
};

// Score in [0,1]; 0 when the names share nothing but initials. Fills *explanation (except
// normalizer_version) when not null.
double ScoreListName(const PreparedQuery& q, const PreparedName& list_name, const Entity& entity,
                     size_t name_index, Explanation* explanation);

// Fills the alignment part of an explanation from a NameScore.
void ExplainAlignment(const PreparedName& q, const PreparedName& l, const NameScore& s,
                      Explanation* x);

}  // namespace cordon::score

#endif  // CORDON_SCORE_ENTITY_SCORE_H_
