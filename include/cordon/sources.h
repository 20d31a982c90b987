// Lists and compiled screeners from paths: the one place where list files, folders and snapshots
// on disk meet the matching engine (which itself touches no files, ../shared/GUIDE.md).
//
// Example:
//   absl::StatusOr<std::unique_ptr<cordon::Screener>> s =
//       cordon::OpenScreener({"lists.cordsnap"});          // or list files and folders
//   if (!s.ok()) { std::cerr << s.status() << "\n"; return 1; }
//   ... (*s)->Screen(query) ...
//   if (auto st = cordon::SaveScreener(**s, "copy.cordsnap"); !st.ok()) ...
//
// Every --lists option of the CLI and the service goes through these functions.
//
// Errors: as cordon::LoadLists and cordon::ReadSnapshot (file, line or byte offset, field,
// reason); a snapshot whose compiled engine section is malformed is refused (kDataLoss).
//
// Thread safety: the functions are reentrant; they share no mutable state.
#ifndef CORDON_SOURCES_H_
#define CORDON_SOURCES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/entity.h"
#include "cordon/screen.h"

namespace cordon {

// The snapshot section that holds a Screener's compiled engine (Screener::CompiledBytes()).
inline constexpr std::string_view kEngineSnapshotSection = "engine";

// Loads any mix of list files, folders of list files and snapshots, in the order given, and
// returns every list they hold. Runs of consecutive non-snapshot paths are loaded together by
// LoadLists (so OFAC CSV companion files given one by one are still grouped); a folder that
// contains a snapshot has its snapshot and its other files loaded separately. A list store
// written by `cordon lists fetch` (a folder holding store.json, cordon/updates.h) loads the
// current version of each of its sources, resolved when the call starts.
absl::StatusOr<std::vector<LoadedList>> LoadSources(const std::vector<std::string>& paths,
                                                    const LoadOptions& options = {});

// Loads `paths` as LoadSources does and compiles them into a Screener. When `paths` is one
// snapshot that carries a compiled engine section written by the same normaliser version, the
// engine is restored from it without normalising a list name or building the index; a section
// from another version is ignored and the lists compiled afresh. The file is read once.
absl::StatusOr<std::unique_ptr<Screener>> OpenScreener(const std::vector<std::string>& paths,
                                                       const LoadOptions& options = {});

// Writes a snapshot of the screener's lists and its compiled engine (when it has one) to
// `path`, atomically (cordon::WriteSnapshot).
absl::Status SaveScreener(const Screener& screener, const std::string& path);

}  // namespace cordon

#endif  // CORDON_SOURCES_H_
