// `cordon validate`: the built-in effectiveness test (docs/validation.md). Loads the lists, the
// variant table and the negative corpus, runs cordon::validate::RunValidation and writes the
// report as a table, JSON or self-contained HTML.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cordon/lists.h"
#include "cordon/screen.h"
#include "cordon/sources.h"
#include "core/files.h"
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
  std::string negatives;  // default: <data dir>/names/negatives/names.tsv
  std::string variants;   // default: <data dir>/tables/name_variants.tsv
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

int Run(ValidateArgs a) {
  if (a.lists.empty()) a.lists = DefaultListPaths();
  if (a.negatives.empty()) a.negatives = DefaultDataDir() + "/names/negatives/names.tsv";
  if (a.variants.empty()) a.variants = DefaultDataDir() + "/tables/name_variants.tsv";
  auto lists = LoadSources(a.lists);
  if (!lists.ok()) return Fail(lists.status());
  auto neg_text = ReadFileToString(a.negatives);
  if (!neg_text.ok()) return Fail(neg_text.status());
  auto negatives = validate::ParseNegatives(a.negatives, *neg_text);
  if (!negatives.ok()) return Fail(negatives.status());
  auto var_text = ReadFileToString(a.variants);
  if (!var_text.ok()) return Fail(var_text.status());
  auto table = validate::VariantTable::Parse(*var_text);
  if (!table.ok()) return Fail(table.status());
  validate::JaroWinklerScreener baseline(*lists);
  auto screener = Screener::Create(std::move(*lists));
  if (!screener.ok()) return Fail(screener.status());
  const bool tty = isatty(STDERR_FILENO) != 0;
  const validate::ValidationReport report =
      validate::RunValidation(**screener, *negatives, *table, a.options, &baseline,
                              tty ? validate::ProgressFn(Progress) : nullptr);
  if (tty) std::fprintf(stderr, "\n");
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
      "names on no list; report recall per variant category and false positives per name "
      "culture (docs/validation.md)");
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
  cmd->add_option("--format", args->format, "Output format")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json", "html"}));
  cmd->add_option("-o,--output", args->output, "Write the report to this file (default: stdout)");
  cmd->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace cordon::cli
