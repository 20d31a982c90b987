// Evidence beyond the name: date of birth, nationality, country, gender, schema and identifiers
// raise or lower a name score by documented amounts (docs/matching.md). Missing attributes, on
// either side, are neutral.
//
// Thread safety: pure functions.
#ifndef CORDON_SCORE_EVIDENCE_H_
#define CORDON_SCORE_EVIDENCE_H_

#include <string>
#include <vector>

#include "cordon/entity.h"
#include "cordon/hit.h"

namespace cordon::score {

// Adjustments. The positive ones are small next to a name score: attributes confirm a name, they
// do not make one. A matching identifier is the exception, being near-unique by design. A
// contradicting date of birth lowers but cannot erase a strong name match (1.0 - 0.10 still
// alerts at 0.80; 0.85 - 0.10 does not).
inline constexpr double kDobExact = 0.08;         // same full date
inline constexpr double kDobMonth = 0.06;         // same year and month
inline constexpr double kDobYear = 0.04;          // year within the listed date or range
inline constexpr double kDobSameYearOnly = 0.02;  // same year, day or month differ
inline constexpr double kDobContradicts = -0.10;  // more than kDobToleranceYears outside
// Hijri-Gregorian conversion and data entry put listed years one off often enough that a
// one-year gap is neutral; "circa" widens the listed range by two years each side.
inline constexpr int kDobToleranceYears = 1;
inline constexpr int kCircaYears = 2;
inline constexpr double kNationalityMatch = 0.03;
inline constexpr double kNationalityMismatch = -0.03;  // dual nationals exist: small
inline constexpr double kCountryMatch = 0.02;          // mismatch neutral: people move
inline constexpr double kGenderMismatch = -0.08;
inline constexpr double kSchemaMismatch = -0.30;  // a person is not a company or a ship
inline constexpr double kIdentifierMatch = 0.30;
// Identifiers shorter than this (after removing separators) are not compared: "1", "12" occur
// in many unrelated documents.
inline constexpr size_t kMinIdentifierChars = 5;

struct EvidenceResult {
  double adjustment = 0;
  std::vector<Evidence> items;
  // True when a date of birth (same year or better) or an identifier supports the match: what
  // lets a weak alias alert.
  bool corroborated = false;
};

// `query_identifiers` are NormalizeIdentifier() forms of the query's identifiers.
EvidenceResult AttributeEvidence(const ScreenQuery& query,
                                 const std::vector<std::string>& query_identifiers,
                                 const Entity& entity);

// The largest total positive adjustment the query's attributes could earn against any entity.
double MaxPositiveAdjustment(const ScreenQuery& query);

// Upper-case letters and digits only ("AB 12-345" -> "AB12345").
std::string NormalizeIdentifier(std::string_view id);

}  // namespace cordon::score

#endif  // CORDON_SCORE_EVIDENCE_H_
