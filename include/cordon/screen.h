// Screening names against loaded lists: the public API of the matching engine.
//
// A Screener is compiled once from loaded lists (normalised names, candidate
// index) and is then immutable: Screen() and Compare() may be called from many
// threads at once (RE2 style).
//
// Example:
//   auto lists = cordon::LoadLists(cordon::DefaultListPaths());
//   auto screener = cordon::Screener::Create(std::move(*lists));
//   cordon::ScreenQuery q;
//   q.name = "Muhamad Albagdady";
//   for (const cordon::Hit& h : (*screener)->Screen(q)) {
//     std::cout << h.entity_id << " " << h.score << "\n";
//   }
#ifndef CORDON_SCREEN_H_
#define CORDON_SCREEN_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"
#include "cordon/lists.h"

namespace cordon {

// The default alert threshold. Scores are calibrated so that this one value
// means the same across lists and schemas (see docs/matching.md).
inline constexpr double kDefaultThreshold = 0.80;

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
  // "exact", "variant", "transliteration", "edit_distance", "initial",
  // "phonetic", "split_join"
  std::string how;
  double similarity = 0;  // 0..1
};

// One piece of evidence beyond the name.
struct Evidence {
  std::string attribute;  // "birth_date", "nationality", "identifier", ...
  std::string query_value;
  std::string list_value;
  std::string effect;     // "supports", "contradicts", "neutral"
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

struct ScreenOptions {
  double threshold = kDefaultThreshold;  // hits with score >= threshold
  size_t limit = 10;                     // at most this many hits, best first
};

struct CompareResult {
  double score = 0;
  bool match = false;  // score >= kDefaultThreshold
  Explanation explanation;
};

class Screener {
 public:
  virtual ~Screener() = default;

  // Compiles the lists. Fails only on resource limits.
  static absl::StatusOr<std::unique_ptr<Screener>> Create(std::vector<LoadedList> lists);

  // Loads list files, folders and snapshots (as cordon::LoadSources) and compiles them. A
  // snapshot written by Save() carries the compiled index, which is used as is when it is the
  // only path and was built by the same normaliser version.
  static absl::StatusOr<std::unique_ptr<Screener>> Open(const std::vector<std::string>& paths,
                                                        const LoadOptions& options = {});

  // Writes a snapshot (cordon/snapshot.h) of the lists and, for the engine's own Screener, the
  // compiled index, atomically. The default writes the lists only.
  virtual absl::Status Save(const std::string& path) const;

  // Hits at or above options.threshold, best first. Thread-safe.
  virtual std::vector<Hit> Screen(const ScreenQuery& query,
                                  const ScreenOptions& options = {}) const = 0;

  // Scores two names against each other (no lists involved). Thread-safe.
  virtual CompareResult Compare(std::string_view name1, std::string_view name2,
                                std::optional<Schema> schema = std::nullopt) const = 0;

  virtual const std::vector<LoadedList>& lists() const = 0;
};

}  // namespace cordon

#endif  // CORDON_SCREEN_H_
