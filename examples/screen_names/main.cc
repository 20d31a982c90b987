// screen_names: screens the names given on the command line against watchlists, through the
// public API of the installed cordon library (find_package(cordon), cordon::cordon).
//
//   screen_names [--lists PATH]... NAME...
//
// PATH is a list file, a folder of list files or a snapshot (repeatable); without --lists the
// lists bundled with cordon are used (cordon::DefaultListPaths: $CORDON_DATA_DIR, or the
// share/cordon folder beside this program's prefix). Prints one line per hit: the name asked,
// the score, the entity ID and the listed name. Exit code 0, or 1 with the reason on stderr.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "cordon/lists.h"
#include "cordon/screen.h"
#include "cordon/sources.h"

int main(int argc, char** argv) {
  std::vector<std::string> lists;
  std::vector<std::string> names;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--lists") == 0 && i + 1 < argc) {
      lists.emplace_back(argv[++i]);
    } else {
      names.emplace_back(argv[i]);
    }
  }
  if (names.empty()) {
    std::fprintf(stderr, "usage: screen_names [--lists PATH]... NAME...\n");
    return 1;
  }
  if (lists.empty()) {
    absl::StatusOr<std::vector<std::string>> bundled = cordon::DefaultListPaths();
    if (!bundled.ok()) {
      std::fprintf(stderr, "screen_names: %s\n", std::string(bundled.status().message()).c_str());
      return 1;
    }
    lists = *bundled;
  }
  absl::StatusOr<std::unique_ptr<cordon::Screener>> screener = cordon::OpenScreener(lists);
  if (!screener.ok()) {
    std::fprintf(stderr, "screen_names: %s\n", std::string(screener.status().message()).c_str());
    return 1;
  }
  for (const std::string& name : names) {
    cordon::ScreenQuery query;
    query.name = name;
    for (const cordon::Hit& hit : (*screener)->Screen(query)) {
      std::printf("%s\t%.4f\t%s\t%s\n", name.c_str(), hit.score, hit.entity_id.c_str(),
                  hit.matched_name.c_str());
    }
  }
  return 0;
}
