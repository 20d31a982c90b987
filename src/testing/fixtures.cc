#include "testing/fixtures.h"

#include <filesystem>
#include <fstream>
#include <mutex>

#include "cordon/lists.h"

namespace cordon::testing {

const std::vector<LoadedList>& BundledLists(std::vector<std::string>* missing) {
  static std::vector<LoadedList>* lists = nullptr;
  static std::vector<std::string>* failed = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    lists = new std::vector<LoadedList>();
    failed = new std::vector<std::string>();
    absl::StatusOr<std::vector<std::string>> paths = DefaultListPaths();
    if (!paths.ok()) {
      failed->push_back(std::string(paths.status().message()));
      return;
    }
    for (const std::string& path : *paths) {
      auto l = LoadLists({path});
      if (!l.ok()) {
        failed->push_back(path + ": " + std::string(l.status().message()));
        continue;
      }
      for (LoadedList& x : *l) lists->push_back(std::move(x));
    }
  });
  if (missing) *missing = *failed;
  return *lists;
}

const Screener& BundledScreener() {
  static const Screener* s = [] {
    auto made = Screener::Create(BundledLists());
    return made.ok() ? made->release() : nullptr;
  }();
  return *s;
}

std::vector<NegativeName> NegativeNames(const std::string& data_dir) {
  std::vector<NegativeName> out;
  std::ifstream in(std::filesystem::path(data_dir) / "names/negatives/names.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t');
    const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) continue;
    out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return out;
}

}  // namespace cordon::testing
