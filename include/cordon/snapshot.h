// Compiled snapshots: every loaded list in one versioned, checksummed binary
// file that loads much faster than parsing the official sources again.
//
// Example:
//   auto lists = cordon::LoadSources(*cordon::DefaultListPaths());  // cordon/sources.h
//   if (!lists.ok()) return lists.status();
//   if (auto s = cordon::WriteSnapshot("lists.cordsnap", *lists); !s.ok()) return s;
//   auto again = cordon::ReadSnapshot("lists.cordsnap");  // again->lists(): same entities
//
// This module is the container only: it depends on core and knows nothing of list formats or
// of the matching engine. cordon/sources.h loads any mix of snapshots and list files and saves
// and opens a compiled Screener in a snapshot.
//
// File layout (all fixed integers little-endian):
//   offset  size
//        0     8  magic "CORDSNAP"
//        8     4  format version (kSnapshotFormatVersion)
//       12     4  section count N
//       16     8  total file size in bytes
//       24    64  header checksum: SHA-256 (hex) of bytes [0, 24) followed by
//                 the section table; the table holds every section's checksum,
//                 so this one value covers the whole file
//       88  N*96  section table, one entry per section:
//                   16  tag, ASCII [a-z0-9_.-], NUL-padded
//                    8  offset of the section from the start of the file
//                    8  size of the section in bytes
//                   64  SHA-256 (hex) of the section bytes
//                 then the sections, back to back in table order, up to the
//                 end of the file.
// The lists occupy the sections "strings", "lists" and "entities"
// (src/snapshot/codec.h describes their encoding). Readers ignore sections
// they do not know, so new sections need no format version bump; changing
// the encoding of an existing section does.
//
// Adding a section (e.g. the matching engine's candidate index):
//   cordon::SnapshotWriter w;
//   w.AddLists(lists);
//   if (auto s = w.AddSection("index.keys", EncodeMyIndex(...)); !s.ok()) ...
//   absl::StatusOr<std::string> bytes = w.Finish();   // or WriteSnapshot(path,
//                                                     //   lists, {{"index.keys", ...}})
//   ... later ...
//   absl::StatusOr<cordon::Snapshot> snap = cordon::ReadSnapshot(path);
//   std::optional<std::string_view> keys = snap->Section("index.keys");
// The section's bytes arrive checksum-verified; their own encoding must still
// be decoded as hostile input (bounds checks), since a checksum proves only
// that the file is the one that was written.
//
// Errors: a file that is truncated, has another magic, a newer format version,
// a checksum mismatch or a malformed section is refused as a whole with a
// status naming the file and the section, e.g. "snapshot lists.cordsnap:
// checksum mismatch in section 'entities' (corrupt or modified file)".
//
// Thread safety: a Snapshot is a value; const access from many threads is
// safe. The functions share no mutable state.
#ifndef CORDON_SNAPSHOT_H_
#define CORDON_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/entity.h"

namespace cordon {

// The snapshot format this build writes and reads. Bumped whenever the
// encoding of a section changes; older and newer files are refused (rebuild
// them from the sources with `cordon index build`).
inline constexpr uint32_t kSnapshotFormatVersion = 1;

// Longest section tag, in bytes.
inline constexpr size_t kSnapshotMaxTagBytes = 16;

// An extra section for WriteSnapshot.
struct SnapshotSection {
  std::string tag;    // 1..16 bytes of [a-z0-9_.-], not a tag used by the lists
  std::string bytes;  // opaque to the snapshot
};

// Builds a snapshot in memory. Not thread-safe.
class SnapshotWriter {
 public:
  // Adds the lists as the sections "strings", "lists" and "entities". At most
  // once per writer; without it the snapshot holds no lists.
  void AddLists(const std::vector<LoadedList>& lists);
  // Adds an extra section. Fails for an invalid tag, a duplicate or a tag
  // reserved for the lists.
  absl::Status AddSection(std::string_view tag, std::string bytes);
  // The complete file. Fails when AddLists was never called.
  absl::StatusOr<std::string> Finish() const;

 private:
  std::vector<SnapshotSection> sections_;
  bool has_lists_ = false;
};

// A snapshot read and verified completely.
class Snapshot {
 public:
  // The lists, in the order they were written.
  const std::vector<LoadedList>& lists() const { return lists_; }
  // Moves the lists out (the snapshot holds none afterwards).
  std::vector<LoadedList> TakeLists() { return std::move(lists_); }
  // Decodes the lists from their sections: what ParseSnapshot does, for a snapshot from
  // ParseSnapshotSections (which holds none until then). Const and thread-safe: it may run
  // while another thread reads Section().
  absl::StatusOr<std::vector<LoadedList>> DecodeLists() const;
  // The bytes of section `tag`, or nullopt when the file has no such section.
  // The view stays valid as long as this Snapshot (or a copy) lives.
  std::optional<std::string_view> Section(std::string_view tag) const;
  // Tags of all sections, in file order.
  std::vector<std::string> SectionTags() const;
  uint32_t format_version() const { return format_version_; }
  uint64_t size_bytes() const { return bytes_ ? bytes_->size() : 0; }

 private:
  friend absl::StatusOr<Snapshot> ParseSnapshot(std::string_view, std::string, const LoadOptions&);
  friend absl::StatusOr<Snapshot> ParseSnapshotSections(std::string_view, std::string,
                                                        const LoadOptions&);
  struct Entry {
    std::string tag;
    uint64_t offset = 0;
    uint64_t size = 0;
  };
  std::shared_ptr<const std::string> bytes_;  // shared: views survive copies and moves
  std::vector<Entry> sections_;
  std::vector<LoadedList> lists_;
  uint32_t format_version_ = 0;
  std::string name_;           // for errors
  uint64_t max_entities_ = 0;  // LoadOptions::max_entities
};

// Writes `lists` and `extra` sections to `path` atomically (a temporary file
// next to it, then rename), so a reader never sees a half-written snapshot.
absl::Status WriteSnapshot(const std::string& path, const std::vector<LoadedList>& lists,
                           const std::vector<SnapshotSection>& extra = {});

// Verifies and decodes snapshot bytes; `name` is used in messages only.
// options.max_snapshot_bytes and options.max_entities apply.
absl::StatusOr<Snapshot> ParseSnapshot(std::string_view name, std::string bytes,
                                       const LoadOptions& options = {});
// The same without decoding the lists (every checksum is verified): Snapshot::DecodeLists
// decodes them, on another thread if the caller likes, while it reads another section.
absl::StatusOr<Snapshot> ParseSnapshotSections(std::string_view name, std::string bytes,
                                               const LoadOptions& options = {});
absl::StatusOr<Snapshot> ReadSnapshot(const std::string& path, const LoadOptions& options = {});

// Whether `path` is a file that starts with the snapshot magic (readable or not as a whole).
bool IsSnapshotFile(const std::string& path);

}  // namespace cordon

#endif  // CORDON_SNAPSHOT_H_
