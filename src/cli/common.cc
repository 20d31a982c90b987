#include "cli/common.h"

#include "cordon/lists.h"
#include "cordon/sources.h"

namespace cordon::cli {

void AddListsOption(CLI::App* cmd, std::vector<std::string>* lists) {
  cmd->add_option("--lists", *lists,
                  "List file, folder or snapshot (repeat the flag for several; default: the "
                  "bundled lists)")
      ->allow_extra_args(false);
}

absl::StatusOr<std::vector<std::string>> CliListPaths(const std::vector<std::string>& lists) {
  if (lists.empty()) return DefaultListPaths();
  return lists;
}

absl::StatusOr<std::vector<LoadedList>> LoadCliLists(const std::vector<std::string>& lists) {
  absl::StatusOr<std::vector<std::string>> paths = CliListPaths(lists);
  if (!paths.ok()) return paths.status();
  return LoadSources(*paths);
}

absl::StatusOr<std::unique_ptr<Screener>> OpenCliScreener(const std::vector<std::string>& lists) {
  absl::StatusOr<std::vector<std::string>> paths = CliListPaths(lists);
  if (!paths.ok()) return paths.status();
  return OpenScreener(*paths);
}

}  // namespace cordon::cli
