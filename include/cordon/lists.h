// Loading the official watchlists into the cordon entity model.
//
// The format of every file is detected from its content, never from its name.
// Sets of files that belong together (OFAC sdn.csv + alt.csv + add.csv +
// sdn_comments.csv; cons_prim.csv + cons_alt.csv + ...) are grouped when they
// are given together or sit in the same folder.
//
// Example:
//   cordon::LoadOptions opts;
//   absl::StatusOr<std::vector<cordon::LoadedList>> lists =
//       cordon::LoadLists({"testdata/lists/un/un_consolidated_2026-02-27.xml"},
//                         opts);
//   if (!lists.ok()) { std::cerr << lists.status() << "\n"; return 1; }
//
// Errors: a file that cannot be read completely and correctly fails the whole
// load with a status whose message names the file, the line (or byte offset),
// the field and the reason. Records skipped for a stated reason while the rest
// of the list is sound (an alias whose entry is missing) are listed in
// LoadedList::skipped instead.
//
// Thread safety: the functions are reentrant; they share no mutable state.
#ifndef CORDON_LISTS_H_
#define CORDON_LISTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"

namespace cordon {

enum class ListFormat : uint8_t {
  kUnknown = 0,
  kUnXml,            // UN Security Council consolidated list XML
  kOfacCsvPrimary,   // OFAC legacy sdn.csv / cons_prim.csv
  kOfacCsvAlt,       // alt.csv / cons_alt.csv
  kOfacCsvAdd,       // add.csv / cons_add.csv
  kOfacCsvComments,  // sdn_comments.csv / cons_comments.csv
  kOfacXml,          // OFAC sdn.xml / consolidated.xml schema
  kUkConList,        // UK OFSI ConList.csv
  kUkSanctionsList,  // UK FCDO UK Sanctions List (XML or CSV)
  kEuFsfXml,         // EU Financial Sanctions Files XML
  kCanadaSemaXml,    // Canada SEMA consolidated autonomous sanctions XML
  kUaeCsv,           // UAE local terrorist list CSV
  kFtmJson,          // OpenSanctions FollowTheMoney JSON lines
  kCustomCsv,        // cordon internal-watchlist CSV (docs/formats.md)
  kCustomJsonl,      // cordon internal-watchlist JSON lines (docs/formats.md)
  kSnapshot,         // cordon compiled snapshot (cordon/snapshot.h)
};
std::string_view ListFormatName(ListFormat f);  // "un-xml", "ofac-csv", ...

// Detects the format of a file from its first bytes (up to 64 KiB is enough
// for every supported format). Returns kUnknown when nothing matches.
ListFormat DetectListFormat(std::string_view head);

// LoadOptions (the budgets of every loader, snapshots included) is in cordon/entity.h.

// Loads every list found in `paths`. Each path may be a file, a folder (all
// list files directly inside it, sets grouped), or a snapshot. Returns one
// LoadedList per list set, in the order given (folder contents sorted by
// name).
absl::StatusOr<std::vector<LoadedList>> LoadLists(const std::vector<std::string>& paths,
                                                  const LoadOptions& options = {});

// Loads one list from bytes already in memory; `name` is used in messages
// only. For multi-file formats pass the primary file here and the companion
// files through LoadLists.
absl::StatusOr<LoadedList> LoadListFromBytes(std::string_view name, std::string_view bytes,
                                             const LoadOptions& options = {});

// Where the data bundled with cordon (lists, name corpora, tables) lives: $CORDON_DATA_DIR if
// set, else <prefix>/share/cordon for a program installed as <prefix>/bin/<program> (found
// through /proc/self/exe, symbolic links followed). A program of your own that links cordon
// finds the data the same way when it is installed in the same prefix; otherwise set
// CORDON_DATA_DIR. Fails with kNotFound, naming the folder it looked for, when there is none.
absl::StatusOr<std::string> DefaultDataDir();
// The default lists: the folders under <data dir>/lists, sorted; kNotFound when there is no
// data folder or it holds no list folder.
absl::StatusOr<std::vector<std::string>> DefaultListPaths();

}  // namespace cordon

#endif  // CORDON_LISTS_H_
