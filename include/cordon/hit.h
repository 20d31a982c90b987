// What screening returns: the query, and hits with the explanation of every decision. Plain value
// types shared by the matching core (which fills them), and by whatever stores, sends or shows
// them (the CLI, the service, case management); the Screener itself is in cordon/screen.h.
//
// Example:
//   cordon::ScreenQuery q;
//   q.name = "Muhamad Albagdady";
//   q.birth_date = cordon::PartialDate{1971, 0, 0};
//   for (const cordon::Hit& h : screener->Screen(q)) {            // cordon/screen.h
//     for (const cordon::TokenMatch& m : h.explanation.alignment) ...
//   }
//
// Thread safety: plain value types; const access from many threads is safe.
#ifndef CORDON_HIT_H_
#define CORDON_HIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"

namespace cordon {

// The default alert threshold. Scores are calibrated so that this one value
// means the same across lists and schemas (see docs/matching.md).
inline constexpr double kDefaultThreshold = 0.80;

// How one query token was aligned with one list token. Code decides on these values, never on
// their spellings; MatchHowName gives the JSON spelling (one table, src/core/hit.cc).
enum class MatchHow : uint8_t {
  kNone = 0,  // not aligned (never in an explanation)
  kExact,
  kVariant,          // same group in name_variants.tsv
  kTransliteration,  // arabic_latin spelling, or skeleton agreement with a non-Latin source
  kEditDistance,
  kInitial,
  kPhonetic,   // same consonant skeleton
  kSplitJoin,  // joined/split tokens, glued article
};
std::string_view MatchHowName(MatchHow h);                     // "exact", "edit_distance", ...
std::optional<MatchHow> ParseMatchHow(std::string_view name);  // the inverse; nullopt: unknown

// What a piece of evidence beyond the name did to the score.
enum class EvidenceEffect : uint8_t { kNeutral = 0, kSupports, kContradicts };
std::string_view EvidenceEffectName(EvidenceEffect e);  // "neutral", "supports", "contradicts"
std::optional<EvidenceEffect> ParseEvidenceEffect(std::string_view name);

// One party to screen. Only `name` is required.
struct ScreenQuery {
  std::string id;
  std::string name;
  std::optional<Schema> schema;  // nullopt: any schema
  std::optional<PartialDate> birth_date;
  std::string nationality;  // ISO 3166-1 alpha-2, lower case
  std::string country;      // ISO 3166-1 alpha-2, lower case
  Gender gender = Gender::kUnknown;
  std::vector<std::string> identifiers;  // passport, IMO, BIC, ... as written
};

// How one query token was aligned with one list token.
struct TokenMatch {
  std::string query_token;  // as normalised
  std::string list_token;   // as normalised
  MatchHow how = MatchHow::kNone;
  double similarity = 0;  // 0..1
};

// One piece of evidence beyond the name.
struct Evidence {
  std::string attribute;  // "birth_date", "nationality", "identifier", ...
  std::string query_value;
  std::string list_value;
  EvidenceEffect effect = EvidenceEffect::kNeutral;
  double adjustment = 0;  // signed change applied to the score
};

struct Explanation {
  std::string matched_name;  // the list name that matched, as listed
  NameKind name_kind = NameKind::kPrimary;
  NameStrength name_strength = NameStrength::kStrong;
  std::vector<TokenMatch> alignment;
  std::vector<std::string> unmatched_query_tokens;
  std::vector<std::string> unmatched_list_tokens;
  double name_score = 0;  // before attribute evidence
  std::vector<Evidence> evidence;
  std::string normalizer_version;  // normaliser and variant-table versions
};

struct Hit {
  std::string entity_id;  // "un:QDi.421"
  std::string list;       // "un"
  Schema schema = Schema::kLegalEntity;
  std::string name;          // primary name
  std::string matched_name;  // the list name that matched
  double score = 0;          // 0..1, calibrated
  Explanation explanation;
  const Entity* entity = nullptr;  // owned by the Screener
};

}  // namespace cordon

#endif  // CORDON_HIT_H_
