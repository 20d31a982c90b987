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

absl::StatusOr<std::vector<LoadedList>> LoadCliLists(const std::vector<std::string>& lists) {
  return LoadSources(lists.empty() ? DefaultListPaths() : lists);
}

absl::StatusOr<std::unique_ptr<Screener>> OpenCliScreener(const std::vector<std::string>& lists) {
  return OpenScreener(lists.empty() ? DefaultListPaths() : lists);
}

}  // namespace cordon::cli
