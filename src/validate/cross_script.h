// The cross-script section of `cordon validate`: names the lists write in a non-Latin script
// (Arabic, Cyrillic, Hebrew, Ge'ez, Hangul, ...) against the Latin-script names of the same
// real-world entity on any bundled list (data/names/cross_script/pairs.tsv, made by
// tools/build_cross_script_eval.py; docs/validation.md, "Cross-script names"). Every pair was
// written by the people who keep the lists, none by cordon's own transforms.
//
// Per group (script x person / other) of the chosen split it measures:
//   - recall: the original's best engine score against its Latin names, at the threshold;
//   - false positives: the same original against 5 Latin names of other clusters of its schema
//     (the 5 most similar by the Jaro-Winkler baseline among a fixed sample of 200: hard
//     negatives, not random ones);
//   - pair F1 over those positives and negatives at the threshold and at the best threshold, and
//     the Jaro-Winkler baseline's (JaroWinklerScreener::Normalize forms) at its best threshold;
//   - screening recall: the original screened against the lists with every non-Latin name
//     removed (LatinOnly), found when a hit is an entity of its cluster.
//
// Example:
//   auto pairs = cordon::validate::ParseCrossScriptPairs("pairs.tsv", text);
//   auto latin = cordon::Screener::Create(cordon::validate::LatinOnly(lists));
//   cordon::validate::CrossScriptReport r =
//       cordon::validate::RunCrossScript(*screener, **latin, *pairs, {});
//
// Deterministic: the same pairs, options and engine give the same report, whatever the number of
// threads. Thread safety: RunCrossScript only reads its inputs; it screens on options.threads
// threads.
#ifndef CORDON_VALIDATE_CROSS_SCRIPT_H_
#define CORDON_VALIDATE_CROSS_SCRIPT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"
#include "cordon/screen.h"
#include "validate/parallel.h"

namespace cordon::validate {

enum class Split : uint8_t { kTrain = 0, kDev = 1, kTest = 2 };
std::string_view SplitName(Split s);                  // "train", "dev", "test"
std::optional<Split> ParseSplit(std::string_view s);  // nullopt for anything else

// One row of pairs.tsv.
struct CrossScriptPair {
  Split split = Split::kTest;
  std::string cluster;  // stable id of the real-world entity (its smallest cordon entity id)
  std::string script;   // ISO 15924 code of `original` ("Arab", "Cyrl", ...)
  Schema schema = Schema::kLegalEntity;
  std::string original;               // as the list writes it
  std::vector<std::string> latin;     // the cluster's Latin-script names, all lists
  std::vector<std::string> entities;  // the cluster's cordon entity ids
};

// The header line pairs.tsv starts with (TAB-separated).
inline constexpr std::string_view kCrossScriptHeader =
    "split\tcluster\tscript\tschema\toriginal\tlatin\tentities";

// Parses pairs.tsv: the header line, then "split cluster script schema original latin entities"
// rows; '#' lines and blank lines are skipped. An error names `file`, the line and the field: a
// missing or wrong header, another number of fields, an unknown split or schema, a script that is
// not a 4-letter code, an empty field or '|'-separated item, invalid UTF-8, or a cluster found in
// two splits.
absl::StatusOr<std::vector<CrossScriptPair>> ParseCrossScriptPairs(std::string_view file,
                                                                   std::string_view text);

// The report groups: "Arab person", "Arab other", "Cyrl person", "Cyrl other", "other-script
// person", "other-script other" (Hebrew, Ge'ez, Hangul, Han, Georgian, ...).
std::string GroupOf(const CrossScriptPair& p);

// `lists` with every name in a non-Latin script removed (Name::script neither "Latn" nor empty);
// an entity left with no name is dropped. The lists a cross-script query is screened against, so
// that only a match across scripts can find it.
std::vector<LoadedList> LatinOnly(const std::vector<LoadedList>& lists);

// The schema a validation query gives for a listed entity of schema `s`: none for a legal
// entity (the list does not say whether it is a company or an organisation).
std::optional<Schema> QuerySchema(Schema s);

struct CrossScriptOptions {
  std::optional<Split> split = Split::kTest;  // nullopt: every row
  double threshold = kDefaultThreshold;
  // Hard negatives per original, and the fixed sample of candidates they are the most similar
  // of (by the Jaro-Winkler baseline): 200 is large enough that the 5 chosen share tokens or
  // spellings with the original, small enough to keep the run to seconds.
  size_t negatives_per_name = 5;
  size_t candidate_sample = 200;
  int threads = 2;
  // Hits asked of the Latin-only screener per original (as ValidateOptions::hit_limit).
  size_t hit_limit = 100;
  size_t max_examples = 5;
};

struct CrossScriptExample {
  std::string original;
  std::string other;  // the best Latin name of its cluster, the negative, or the top hit
  double score = 0;
};

// Positive and negative pair scores: precision, recall and F1 at a threshold, and the threshold
// of the best F1 (the highest positive score reaching it).
struct PairScores {
  std::vector<double> positive;
  std::vector<double> negative;
};
struct PairMetrics {
  double threshold = 0;
  double recall = 0;
  double fp_rate = 0;  // share of negatives at or above the threshold
  double precision = 0;
  double f1 = 0;
};
PairMetrics MetricsAt(const PairScores& s, double threshold);
PairMetrics BestF1(const PairScores& s);

struct CrossScriptGroup {
  std::string group;
  size_t names = 0;
  size_t clusters = 0;
  PairMetrics at_threshold;  // the engine at the threshold
  PairMetrics best;          // the engine at its best-F1 threshold
  PairMetrics jw_best;       // the Jaro-Winkler baseline at its best-F1 threshold
  size_t negatives = 0;
  size_t false_positives = 0;              // negatives at or above the threshold
  size_t screen_found = 0;                 // originals whose cluster the Latin-only screening found
  std::vector<CrossScriptExample> misses;  // best score below the threshold
  std::vector<CrossScriptExample> false_alerts;   // negatives at or above the threshold
  std::vector<CrossScriptExample> screen_misses;  // top hit, or none
  double screen_recall() const {
    return names == 0 ? 0 : static_cast<double>(screen_found) / static_cast<double>(names);
  }
};

struct CrossScriptReport {
  bool computed = false;
  std::string file;   // the pairs file, as the caller names it
  std::string split;  // "train", "dev", "test" or "all"
  double threshold = 0;
  size_t negatives_per_name = 0;
  size_t rows = 0;                       // rows in the file, every split
  std::vector<CrossScriptGroup> groups;  // the groups present, in GroupOf order, then "all"
};

// Runs the section over the rows of options.split. `screener` scores the pairs (Compare);
// `latin_only` is a Screener over LatinOnly(lists) for the screening recall.
CrossScriptReport RunCrossScript(const Screener& screener, const Screener& latin_only,
                                 const std::vector<CrossScriptPair>& pairs,
                                 const CrossScriptOptions& options,
                                 const ProgressFn& progress = nullptr);

// Whether screening `p.original` (with its schema) against `screener` gives a hit, at or above
// `threshold`, on an entity of its cluster; `top` gets the best hit ("" when none).
bool ScreensToCluster(const Screener& screener, const CrossScriptPair& p, double threshold,
                      size_t hit_limit, CrossScriptExample* top = nullptr);

}  // namespace cordon::validate

#endif  // CORDON_VALIDATE_CROSS_SCRIPT_H_
