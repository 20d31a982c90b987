// Screening names against loaded lists: the public API of the matching engine.
//
// A Screener is compiled once from loaded lists (normalised names, candidate
// index) and is then immutable: Screen() and Compare() may be called from many
// threads at once (RE2 style).
//
// The engine takes and gives entities and bytes, never paths: cordon/sources.h opens a Screener
// from list files, folders and snapshots, and saves one.
//
// Example:
//   auto lists = cordon::LoadLists(*cordon::DefaultListPaths());  // cordon/lists.h
//   auto screener = cordon::Screener::Create(std::move(*lists));
//   cordon::ScreenQuery q;
//   q.name = "Muhamad Albagdady";
//   for (const cordon::Hit& h : (*screener)->Screen(q)) {
//     std::cout << h.entity_id << " " << h.score << "\n";
//   }
#ifndef CORDON_SCREEN_H_
#define CORDON_SCREEN_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"
#include "cordon/hit.h"

namespace cordon {

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

  // Restores a compiled Screener from `compiled`, the bytes CompiledBytes() gave for the same
  // lists, without normalising a list name or building the index. Empty bytes, or bytes written
  // by another normaliser version or in another encoded form (IsCurrentCompiled), are ignored and
  // the lists compiled as Create(lists) does. Malformed bytes fail with kDataLoss ("engine section:
  // byte offset N: reason"). The bytes are not kept after the call. (cordon/sources.h stores them
  // in a snapshot.)
  static absl::StatusOr<std::unique_ptr<Screener>> Create(std::vector<LoadedList> lists,
                                                          std::string_view compiled);
  // The same for a caller that has yet to decode the lists (a snapshot's: about a third of
  // the time of restoring a million names): `lists` runs on a thread of its own while the
  // compiled form is decoded, and its failure is the call's. `lists` must not use `compiled`'s
  // memory in a way that conflicts with reading it (both only read).
  static absl::StatusOr<std::unique_ptr<Screener>> Create(
      const std::function<absl::StatusOr<std::vector<LoadedList>>()>& lists,
      std::string_view compiled);

  // A Screener over bare names restored without the entities (reverse screening of case
  // management's subjects: a million Entity records cost seconds to decode and are not needed).
  // `ids` are the bytes BareIdBytes() gave, `compiled` those CompiledBytes() gave, of the same
  // Screener. Its hits carry entity_id, list, schema, score and the name's explanation; name
  // and matched_name are empty and entity is null. Scores are those of the full Screener: a bare
  // entity holds nothing but its ID and one name. Malformed or mismatched bytes fail with
  // kDataLoss; bytes of another normaliser version or encoded form with kFailedPrecondition
  // (there are no lists to compile afresh).
  static absl::StatusOr<std::unique_ptr<Screener>> CreateBare(std::string_view ids,
                                                              std::string_view compiled);

  // Whether `compiled` (bytes CompiledBytes() gave) was written by this normaliser version in
  // this encoded form, so that Create(lists, compiled) decodes it instead of compiling the lists
  // afresh: a caller that stores the bytes writes them again when not.
  static bool IsCurrentCompiled(std::string_view compiled);

  // The compiled engine as bytes for Create(lists, compiled); empty for a Screener that has no
  // compiled form (the default).
  virtual std::string CompiledBytes() const { return {}; }
  // The entities' IDs for CreateBare, when every entity is bare: one list, one schema, exactly
  // one name of the default kind and strength and no other field (no evidence to score). Empty
  // otherwise.
  virtual std::string BareIdBytes() const { return {}; }

  // Hits at or above options.threshold, best first. Thread-safe.
  virtual std::vector<Hit> Screen(const ScreenQuery& query,
                                  const ScreenOptions& options = {}) const = 0;

  // Scores two names against each other (no lists involved). Thread-safe.
  virtual CompareResult Compare(std::string_view name1, std::string_view name2,
                                std::optional<Schema> schema = std::nullopt) const = 0;

  virtual const std::vector<LoadedList>& lists() const = 0;
};

// The normaliser version of this build ("normalize/4 tables:<12 hex digits>"): the rules' version
// and a hash of the knowledge tables compiled in. Every Explanation carries it
// (normalizer_version), and a snapshot compiled by another version is compiled afresh.
std::string NormalizerVersion();

}  // namespace cordon

#endif  // CORDON_SCREEN_H_
