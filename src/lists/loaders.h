// Internal interface between the dispatcher (load.cc) and the per-format
// loaders. Each loader file implements one detector and one loader.
//
// Contract for every loader:
// - input bytes are already checked to be valid UTF-8 within size budgets;
// - fill version.list, version.title, version.format, version.published;
//   the dispatcher fills version.files and version.content_hash;
// - entity IDs are MakeEntityId(version.list, source_id) and unique per list;
// - names[0] is the primary name; Name::script set with DetectScript();
// - on malformed input return InvalidArgument "<file>:<line>: <field>: <reason>"
//   (never a partial list); records skipped for a stated reason while the
//   rest is sound go to LoadedList::skipped;
// - a record that is unreadable on its own (its parse fails, a duplicate
//   reference number, no name) is skipped with SkipRecord, never the list;
//   the file's structure (root, groups, CSV header, XML syntax) and the
//   budgets of LoadOptions still fail the whole load. The dispatcher refuses
//   a list whose skipped share is above kMaxSkippedShare.
#ifndef CORDON_LISTS_LOADERS_H_
#define CORDON_LISTS_LOADERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"
#include "cordon/lists.h"

namespace cordon::lists {

struct SourceFile {
  std::string path;        // as given (used in messages and ListVersion::files)
  std::string_view bytes;  // whole file, valid UTF-8
  ListFormat format = ListFormat::kUnknown;
};

// Detectors: true when `head` (the first <= 64 KiB, BOM stripped) is that
// format. They must be cheap and must not accept another supported format.
bool IsUnXml(std::string_view head);
bool IsOfacXml(std::string_view head);
bool IsEuFsfXml(std::string_view head);
bool IsCanadaSemaXml(std::string_view head);
bool IsUkSanctionsList(std::string_view head);
bool IsUkConList(std::string_view head);
bool IsUaeCsv(std::string_view head);
bool IsFtmJson(std::string_view head);
bool IsCustomCsv(std::string_view head);
bool IsCustomJsonl(std::string_view head);
// OFAC legacy CSV: returns the role (kOfacCsvPrimary/Alt/Add/Comments) or
// kUnknown.
ListFormat OfacCsvRole(std::string_view head);

// Largest share of a list's records that may be skipped as unreadable on
// their own before the whole list is refused. One bad record in an official
// file (the UN list has ~1,000, OFAC SDN ~18,000) must not make the list
// unusable, but a file where more than 1 in 100 records is broken is not the
// publisher's list any more (a changed format, a damaged download): it fails
// closed.
inline constexpr double kMaxSkippedShare = 0.01;

// Skips one record: `why` is the loader's error for it ("<file>:<line>:
// <field>: <reason>", split into the note's fields), `where` its position
// beyond the line (an XML element path; may be empty). Adds a note to
// out->skipped whose reason ends in "skipped".
void SkipRecord(const absl::Status& why, std::string_view file, std::string_view where,
                LoadedList* out);

// Records of `l` skipped by SkipRecord (its other notes are about companion
// rows and adjuncts, not records of the list).
uint64_t RecordsSkipped(const LoadedList& l);

// Refuses (InvalidArgument) a list whose RecordsSkipped is above `max_share`
// of the records read (skipped + entities), naming the first skips.
absl::Status CheckSkippedShare(const LoadedList& l, double max_share = kMaxSkippedShare);

absl::StatusOr<LoadedList> LoadUnXml(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadOfacXml(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadEuFsfXml(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadCanadaSemaXml(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadUkSanctionsList(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadUkConList(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadUaeCsv(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadFtmJson(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadCustomCsv(const SourceFile& f, const LoadOptions& o);
absl::StatusOr<LoadedList> LoadCustomJsonl(const SourceFile& f, const LoadOptions& o);
// All OFAC legacy CSV files of one folder: each primary with the companions
// that belong to it (matched by content: the entry numbers they reference).
// One LoadedList per primary file. A companion with no primary is an error.
absl::StatusOr<std::vector<LoadedList>> LoadOfacCsvFiles(const std::vector<SourceFile>& files,
                                                         const LoadOptions& o);

}  // namespace cordon::lists

#endif  // CORDON_LISTS_LOADERS_H_
