// The effectiveness test behind `cordon validate`: generates test variants of the loaded list
// names by category, screens them and the negative corpus through a Screener, and measures recall
// per category and the false-positive rate per name culture, with a plain Jaro-Winkler screener
// as the baseline at equal recall.
//
// Example:
//   cordon::validate::ValidateOptions opts;
//   opts.seed = 7;
//   cordon::validate::ValidationReport r =
//       cordon::validate::RunValidation(*screener, negatives, table, opts, &jw);
//   std::string html = cordon::validate::FormatHtml(r);
//
// Seeded and reproducible: the same lists, tables, corpus, options and engine give the same
// report. Thread safety: RunValidation only reads its inputs; it screens on options.threads
// threads.
#ifndef CORDON_VALIDATE_RUNNER_H_
#define CORDON_VALIDATE_RUNNER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cordon/screen.h"
#include "validate/cross_script.h"
#include "validate/negatives.h"
#include "validate/parallel.h"
#include "validate/variants.h"

namespace cordon::validate {

class JaroWinklerScreener;

struct ValidateOptions {
  uint64_t seed = 1;
  // Entities whose names are varied and screened (drawn at random with `seed`); 0 means every
  // entity. 2000 keeps the run to minutes and each category's recall within about +-0.6
  // percentage points (binomial 95% interval at 98% recall).
  size_t sample = 2000;
  double threshold = kDefaultThreshold;
  // Positive cases and negatives scored by the Jaro-Winkler baseline (brute force over every list
  // name, so it is the slow part); 0 skips the baseline.
  size_t baseline_sample = 1000;
  // Screening threads (the Screener is thread-safe).
  int threads = 2;
  // Hits asked of the screener per query when checking whether the listed entity was found: more
  // than the default 10, so that a common name with many hits above the threshold still counts as
  // found when its entity is among them (an analyst sees every hit above the threshold).
  size_t hit_limit = 100;
  // Examples of misses and false positives kept per category or culture: 5 is enough to see a
  // pattern in the report and keeps it readable; `--examples` raises it to study every miss.
  size_t max_examples = 5;
};

// One positive test case: a variant of a listed name, and the entity it must find.
struct TestCase {
  Category category = Category::kExact;
  std::string name;
  std::string entity_id;
  std::string source_name;  // the listed name it was made from
  std::optional<Schema> schema;
};

// The test cases for the entities in `lists` (sampled as options.sample says): as-listed names
// (exact, strong and weak aliases, original script) and one variant per generated category of
// each sampled entity's Latin primary name.
std::vector<TestCase> GenerateCases(const std::vector<LoadedList>& lists, const VariantTable& table,
                                    const ValidateOptions& options);

struct Example {
  std::string query;
  std::string entity_id;  // the entity missed, or the one that alerted
  std::string detail;     // the listed name it came from, or the matched name and score
};

struct CategoryResult {
  std::string category;
  size_t cases = 0;
  size_t found = 0;
  std::vector<Example> misses;  // the first few misses
  double recall() const { return cases == 0 ? 0 : static_cast<double>(found) / cases; }
};

struct CultureResult {
  std::string culture;
  size_t names = 0;
  size_t alerts_name_only = 0;
  size_t alerts_with_dob = 0;
  std::vector<Example> alerts;  // the first few false positives (name only)
};

struct BaselineResult {
  bool computed = false;
  size_t positives = 0;
  size_t negatives = 0;
  double cordon_recall = 0;
  double cordon_fp_rate = 0;
  double jw_threshold = 0;  // the highest threshold at which JW reaches cordon's recall
  double jw_recall = 0;
  double jw_fp_rate = 0;
};

struct ValidationReport {
  ValidateOptions options;
  std::vector<ListVersion> lists;
  size_t entities = 0;
  std::string engine_version;  // normaliser/table versions from the first explanation seen
  std::vector<CategoryResult> categories;  // in Category order, empty categories left out
  std::vector<CultureResult> cultures;     // sorted by culture
  size_t negatives = 0;
  size_t fp_name_only = 0;
  size_t fp_with_dob = 0;
  BaselineResult baseline;
  // `cordon validate --cross-script`: names across scripts (validate/cross_script.h).
  CrossScriptReport cross_script;
};

// The report's header fields (options, list versions, entity count, engine version) with no
// section run: RunValidation fills the rest; `--cross-script-only` adds only that section.
ValidationReport ReportHeader(const Screener& screener, const ValidateOptions& options);

ValidationReport RunValidation(const Screener& screener, const std::vector<NegativeName>& negatives,
                               const VariantTable& table, const ValidateOptions& options,
                               const JaroWinklerScreener* baseline,
                               const ProgressFn& progress = nullptr);

// The JW threshold reaching `recall` over `scores` (the JW score of each positive against its
// entity): the k-th highest score with k = ceil(recall * n). 0 when `scores` is empty.
double ThresholdForRecall(std::vector<double> scores, double recall);

}  // namespace cordon::validate

#endif  // CORDON_VALIDATE_RUNNER_H_
