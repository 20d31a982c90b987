// Loading lists and screeners from paths (cordon/sources.h).
#include "cordon/sources.h"

#include <algorithm>
#include <filesystem>

#include "cordon/lists.h"
#include "cordon/snapshot.h"
#include "core/strcat.h"

namespace cordon {
namespace fs = std::filesystem;

namespace {

// The snapshots directly inside folder `dir`, and its other files, sorted by
// name. Skips what LoadLists skips in a folder (hidden files, notes).
void SplitFolder(const std::string& dir, std::vector<std::string>* snapshots,
                 std::vector<std::string>* others) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name.starts_with(".") || name.ends_with(".md") ||
        name.ends_with(".txt") || name == "LICENSE") {
      continue;
    }
    files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  for (std::string& f : files) (IsSnapshotFile(f) ? snapshots : others)->push_back(std::move(f));
}

// One unit of loading: a snapshot, or a run of paths for LoadLists.
struct Batch {
  bool snapshot = false;
  std::vector<std::string> paths;
};

// A list store written by `cordon lists fetch` (cordon/updates.h) is a folder holding store.json
// and one folder per source whose `current` link names the version that serves. Each current
// version is resolved now, once, so that a fetch swapping `current` while the files are read
// cannot mix two versions; a source without a current version fails the load (a list that was
// never fetched must not go missing silently).
bool IsStore(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / "store.json", ec);
}

absl::Status AddStoreBatches(const std::string& dir, std::vector<Batch>* plan) {
  std::vector<fs::path> sources;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory() && !e.path().filename().string().starts_with(".")) {
      sources.push_back(e.path());
    }
  }
  std::sort(sources.begin(), sources.end());
  if (sources.empty()) {
    return absl::NotFoundError(
        StrCat(dir, ": the list store has no sources (run cordon lists fetch)"));
  }
  for (const fs::path& s : sources) {
    const fs::path version = fs::canonical(s / "current", ec);
    if (ec || !fs::is_directory(version, ec)) {
      return absl::NotFoundError(StrCat(s.string(),
                                        ": no current version (cordon lists fetch has "
                                        "not accepted a download of this source yet)"));
    }
    Batch b;
    for (const auto& f : fs::directory_iterator(version, ec)) {
      const std::string name = f.path().filename().string();
      if (f.is_regular_file() && !name.starts_with(".") && name != "version.json") {
        b.paths.push_back(f.path().string());
      }
    }
    std::sort(b.paths.begin(), b.paths.end());
    if (b.paths.empty()) return absl::NotFoundError(StrCat(version.string(), ": no list files"));
    plan->push_back(std::move(b));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Batch>> PlanBatches(const std::vector<std::string>& paths) {
  std::vector<Batch> plan;
  auto add_source = [&plan](std::string p) {
    if (plan.empty() || plan.back().snapshot) plan.push_back({false, {}});
    plan.back().paths.push_back(std::move(p));
  };
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec) && IsStore(p)) {
      if (absl::Status s = AddStoreBatches(p, &plan); !s.ok()) return s;
      plan.push_back({false, {}});  // what follows loads apart from the store's last source
    } else if (fs::is_directory(p, ec)) {
      std::vector<std::string> snaps, others;
      SplitFolder(p, &snaps, &others);
      if (snaps.empty()) {
        add_source(p);  // LoadLists reads the folder itself (and its errors)
        continue;
      }
      for (std::string& s : snaps) plan.push_back({true, {std::move(s)}});
      for (std::string& o : others) add_source(std::move(o));
    } else if (fs::is_regular_file(p, ec) && IsSnapshotFile(p)) {
      plan.push_back({true, {p}});
    } else {
      add_source(p);  // LoadLists reports missing files
    }
  }
  return plan;
}

}  // namespace

absl::StatusOr<std::vector<LoadedList>> LoadSources(const std::vector<std::string>& paths,
                                                    const LoadOptions& options) {
  std::vector<LoadedList> out;
  absl::StatusOr<std::vector<Batch>> plan = PlanBatches(paths);
  if (!plan.ok()) return plan.status();
  for (Batch& b : *plan) {
    if (b.paths.empty()) continue;
    if (b.snapshot) {
      absl::StatusOr<Snapshot> snap = ReadSnapshot(b.paths[0], options);
      if (!snap.ok()) return snap.status();
      for (LoadedList& l : snap->TakeLists()) out.push_back(std::move(l));
      continue;
    }
    absl::StatusOr<std::vector<LoadedList>> lists = LoadLists(b.paths, options);
    if (!lists.ok()) return lists.status();
    for (LoadedList& l : *lists) out.push_back(std::move(l));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Screener>> OpenScreener(const std::vector<std::string>& paths,
                                                       const LoadOptions& options) {
  if (paths.size() != 1 || !IsSnapshotFile(paths[0])) {
    absl::StatusOr<std::vector<LoadedList>> lists = LoadSources(paths, options);
    if (!lists.ok()) return lists.status();
    return Screener::Create(std::move(*lists));
  }
  absl::StatusOr<Snapshot> snap = ReadSnapshot(paths[0], options);
  if (!snap.ok()) return snap.status();
  // The section's bytes belong to `snap`, which outlives the call; TakeLists moves only the lists.
  const std::string_view compiled = snap->Section(kEngineSnapshotSection).value_or("");
  absl::StatusOr<std::unique_ptr<Screener>> s = Screener::Create(snap->TakeLists(), compiled);
  if (!s.ok()) {
    return absl::Status(s.status().code(),
                        StrCat("snapshot ", paths[0], ": ", std::string(s.status().message())));
  }
  return s;
}

absl::Status SaveScreener(const Screener& screener, const std::string& path) {
  std::vector<SnapshotSection> extra;
  std::string compiled = screener.CompiledBytes();
  if (!compiled.empty())
    extra.push_back({std::string(kEngineSnapshotSection), std::move(compiled)});
  return WriteSnapshot(path, screener.lists(), extra);
}

}  // namespace cordon
