// `cordon validate`: the built-in effectiveness test (docs/validation.md). Loads the lists, the
// variant table and the negative corpus, runs cordon::validate::RunValidation and writes the
// report as a table, JSON or self-contained HTML.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cordon/lists.h"
#include "cordon/screen.h"
#include "cordon/sources.h"
#include "core/files.h"
#include "validate/cross_script.h"
#include "validate/jaro_winkler_screener.h"
#include "validate/negatives.h"
#include "validate/report.h"
#include "validate/runner.h"
#include "validate/variants.h"

namespace cordon::cli {
namespace {

struct ValidateArgs {
  std::vector<std::string> lists;
  validate::ValidateOptions options;
  std::string format = "table";
  std::string output;
  std::string negatives;     // default: <data dir>/names/negatives/names.tsv
  std::string variants;      // default: <data dir>/tables/name_variants.tsv
  std::string cross_script;  // default: <data dir>/names/cross_script/pairs.tsv
  std::string cross_script_split = "test";
  bool cross_script_only = false;
};

void Progress(size_t done, size_t total) {
  std::fprintf(stderr, "\rscreened %zu of %zu", done, total);
}

std::string Render(const validate::ValidationReport& r, const std::string& format) {
  if (format == "json") return validate::FormatJson(r);
  if (format == "html") return validate::FormatHtml(r);
  return validate::FormatTable(r);
}

int Fail(const absl::Status& status) {
  std::cerr << "cordon validate: " << status.message() << "\n";
  return 1;
}

// The cross-script section (validate/cross_script.h): the pairs file, scored with `screener`
// and screened against a Screener over the same lists without their non-Latin names.
absl::Status AddCrossScript(const ValidateArgs& a, const Screener& screener, bool tty,
                            validate::ValidationReport& report) {
  auto text = ReadFileToString(a.cross_script);
  if (!text.ok()) return text.status();
  auto pairs = validate::ParseCrossScriptPairs(a.cross_script, *text);
  if (!pairs.ok()) return pairs.status();
  auto latin_only = Screener::Create(validate::LatinOnly(screener.lists()));
  if (!latin_only.ok()) return latin_only.status();
  validate::CrossScriptOptions o;
  o.split = validate::ParseSplit(a.cross_script_split);  // nullopt for "all"
  o.threshold = a.options.threshold;
  o.threads = a.options.threads;
  o.hit_limit = a.options.hit_limit;
  o.max_examples = a.options.max_examples;
  report.cross_script = validate::RunCrossScript(screener, **latin_only, *pairs, o,
                                                 tty ? validate::ProgressFn(Progress) : nullptr);
  report.cross_script.file = a.cross_script;
  if (tty) std::fprintf(stderr, "\n");
  return absl::OkStatus();
}

absl::StatusOr<validate::ValidationReport> MainSections(const ValidateArgs& a,
                                                        const Screener& screener,
                                                        const validate::JaroWinklerScreener& jw,
                                                        bool tty) {
  auto neg_text = ReadFileToString(a.negatives);
  if (!neg_text.ok()) return neg_text.status();
  auto negatives = validate::ParseNegatives(a.negatives, *neg_text);
  if (!negatives.ok()) return negatives.status();
  auto var_text = ReadFileToString(a.variants);
  if (!var_text.ok()) return var_text.status();
  auto table = validate::VariantTable::Parse(*var_text);
  if (!table.ok()) return table.status();
  validate::ValidationReport report = validate::RunValidation(
      screener, *negatives, *table, a.options, &jw, tty ? validate::ProgressFn(Progress) : nullptr);
  if (tty) std::fprintf(stderr, "\n");
  return report;
}

int Run(ValidateArgs a) {
  if (a.negatives.empty() || a.variants.empty() || a.cross_script.empty()) {
    absl::StatusOr<std::string> data = DefaultDataDir();
    if (!data.ok()) return Fail(data.status());
    if (a.negatives.empty()) a.negatives = *data + "/names/negatives/names.tsv";
    if (a.variants.empty()) a.variants = *data + "/tables/name_variants.tsv";
    if (a.cross_script.empty()) a.cross_script = *data + "/names/cross_script/pairs.tsv";
  }
  auto lists = LoadCliLists(a.lists);
  if (!lists.ok()) return Fail(lists.status());
  std::optional<validate::JaroWinklerScreener> baseline;
  if (!a.cross_script_only) baseline.emplace(*lists);
  auto screener = Screener::Create(std::move(*lists));
  if (!screener.ok()) return Fail(screener.status());
  const bool tty = isatty(STDERR_FILENO) != 0;
  validate::ValidationReport report = validate::ReportHeader(**screener, a.options);
  if (!a.cross_script_only) {
    auto full = MainSections(a, **screener, *baseline, tty);
    if (!full.ok()) return Fail(full.status());
    report = std::move(*full);
  }
  if (absl::Status s = AddCrossScript(a, **screener, tty, report); !s.ok()) return Fail(s);
  const std::string text = Render(report, a.format);
  if (a.output.empty() || a.output == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream out(a.output, std::ios::binary);
  out << text;
  if (!out) return Fail(absl::UnavailableError("cannot write " + a.output));
  return 0;
}

}  // namespace

void RegisterValidateCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Effectiveness test: screen generated variants of the listed names and a corpus of "
      "names on no list, and names across scripts; report recall per variant category, false "
      "positives per name culture and the cross-script figures (docs/validation.md)");
  cmd->add_option("--lists", args->lists, "List files or folders (default: the bundled lists)");
  cmd->add_option("--seed", args->options.seed, "Random seed (the report is reproducible)");
  cmd->add_option("--sample", args->options.sample,
                  "Entities whose names are varied, drawn at random; 0 = all")
      ->capture_default_str();
  cmd->add_option("--threshold", args->options.threshold, "Alert threshold")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--baseline-sample", args->options.baseline_sample,
                  "Variants and negatives scored by the Jaro-Winkler baseline; 0 = skip it")
      ->capture_default_str();
  cmd->add_option("--threads", args->options.threads, "Screening threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--examples", args->options.max_examples,
                  "Misses and false positives listed per category / culture (0 = none)")
      ->capture_default_str();
  cmd->add_option("--negatives", args->negatives,
                  "Negative corpus (culture<TAB>schema<TAB>name; default: the bundled one)");
  cmd->add_option("--variants", args->variants, "Variant table (default: the bundled one)");
  cmd->add_option("--cross-script", args->cross_script,
                  "Cross-script pairs (split cluster script schema original latin entities; "
                  "default: the bundled data/names/cross_script/pairs.tsv)");
  cmd->add_option("--cross-script-split", args->cross_script_split,
                  "Rows of the cross-script pairs measured")
      ->capture_default_str()
      ->check(CLI::IsMember({"train", "dev", "test", "all"}));
  cmd->add_flag("--cross-script-only", args->cross_script_only,
                "Measure only the cross-script section (skips the variants and negatives)");
  cmd->add_option("--format", args->format, "Output format")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json", "html"}));
  cmd->add_option("-o,--output", args->output, "Write the report to this file (default: stdout)");
  cmd->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace cordon::cli
