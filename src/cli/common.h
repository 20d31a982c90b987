// Pieces every subcommand shares: the --lists option and loading what it names.
#ifndef CORDON_CLI_COMMON_H_
#define CORDON_CLI_COMMON_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"
#include "cordon/screen.h"

namespace cordon::cli {

// Adds `--lists P` to `cmd`: one file, folder or snapshot per flag, repeatable,
// so that positional arguments after it (names, message files) stay
// positional.
void AddListsOption(CLI::App* cmd, std::vector<std::string>* lists);

// The paths named by --lists, or the bundled lists' folders when none is named (an error when
// cordon finds no data folder: cordon/lists.h DefaultListPaths).
absl::StatusOr<std::vector<std::string>> CliListPaths(const std::vector<std::string>& lists);

// Loads the lists named by --lists (files, folders, snapshots), or the bundled
// default lists when none is named.
absl::StatusOr<std::vector<LoadedList>> LoadCliLists(const std::vector<std::string>& lists);

// The Screener for the lists named by --lists (or the bundled lists). A snapshot written by
// `cordon index build` carries the compiled index and opens without rebuilding it.
absl::StatusOr<std::unique_ptr<Screener>> OpenCliScreener(const std::vector<std::string>& lists);

}  // namespace cordon::cli

#endif  // CORDON_CLI_COMMON_H_
