// `cordon index build`: compiles the lists into one snapshot file
// (cordon/snapshot.h) that later commands load with --lists FILE.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cordon/lists.h"
#include "cordon/screen.h"
#include "cordon/snapshot.h"
#include "cordon/sources.h"

namespace cordon::cli {
namespace {

struct BuildOptions {
  std::vector<std::string> lists;
  std::string output;
};

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int RunBuild(const BuildOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<LoadedList>> lists = LoadCliLists(o.lists);
  if (!lists.ok()) {
    std::cerr << "cordon: " << lists.status().message() << "\n";
    return 1;
  }
  const double load_ms = MillisSince(start);
  const auto compile_start = std::chrono::steady_clock::now();
  // The snapshot carries the compiled matching index, so that opening it does not rebuild it.
  absl::StatusOr<std::unique_ptr<Screener>> screener = Screener::Create(std::move(*lists));
  if (!screener.ok()) {
    std::cerr << "cordon: " << screener.status().message() << "\n";
    return 1;
  }
  const double compile_ms = MillisSince(compile_start);
  const auto write_start = std::chrono::steady_clock::now();
  if (absl::Status s = SaveScreener(**screener, o.output); !s.ok()) {
    std::cerr << "cordon: " << s.message() << "\n";
    return 1;
  }
  const double write_ms = MillisSince(write_start);
  size_t entities = 0;
  const std::vector<LoadedList>& loaded = (*screener)->lists();
  for (const LoadedList& l : loaded) {
    entities += l.entities.size();
    std::cout << "  " << l.version.list << ": " << l.entities.size() << " entities ("
              << l.version.format << ", " << l.version.content_hash << ")\n";
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(o.output, ec);
  std::cout << "wrote " << o.output << ": " << loaded.size() << " lists, " << entities
            << " entities, " << bytes << " bytes, snapshot format " << kSnapshotFormatVersion
            << " with the matching index (loaded sources in " << static_cast<long>(load_ms)
            << " ms, compiled in " << static_cast<long>(compile_ms) << " ms, wrote in "
            << static_cast<long>(write_ms) << " ms)\n";
  return 0;
}

}  // namespace

void RegisterIndexCommands(CLI::App& app, int* exit_code) {
  CLI::App* index = app.add_subcommand("index", "Compile lists for fast loading");
  index->require_subcommand(1);
  auto build = std::make_shared<BuildOptions>();
  CLI::App* b = index->add_subcommand("build", "Write a snapshot of the lists (cordon/snapshot.h)");
  b->add_option("--lists", build->lists,
                "List file, folder or snapshot (repeatable; default: the bundled lists)");
  b->add_option("-o,--output", build->output, "Snapshot file to write")->required();
  b->callback([build, exit_code] { *exit_code = RunBuild(*build); });
}

}  // namespace cordon::cli
