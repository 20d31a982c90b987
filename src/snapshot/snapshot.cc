// The snapshot container: header, section table, checksums, atomic writes.
// The list sections' encoding is in codec.cc.
#include "cordon/snapshot.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/sha256.h"
#include "core/strcat.h"
#include "core/wire.h"
#include "snapshot/codec.h"

namespace cordon {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic("CORDSNAP", 8);
constexpr size_t kChecksumBytes = 64;  // SHA-256 as lower-case hex
constexpr size_t kHeaderFixedBytes = 24;
constexpr size_t kHeaderBytes = kHeaderFixedBytes + kChecksumBytes;
constexpr size_t kEntryBytes = kSnapshotMaxTagBytes + 8 + 8 + kChecksumBytes;
constexpr std::string_view kListSections[] = {"strings", "lists", "entities"};

bool IsListSection(std::string_view tag) {
  return std::find(std::begin(kListSections), std::end(kListSections), tag) !=
         std::end(kListSections);
}

absl::Status CheckTag(std::string_view tag) {
  const bool chars_ok = std::all_of(tag.begin(), tag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
  if (tag.empty() || tag.size() > kSnapshotMaxTagBytes || !chars_ok) {
    return absl::InvalidArgumentError(StrCat("snapshot section tag '", tag, "': must be 1..",
                                             kSnapshotMaxTagBytes, " characters of [a-z0-9_.-]"));
  }
  return absl::OkStatus();
}

std::string HeaderChecksum(std::string_view file, size_t table_bytes) {
  Sha256 h;
  h.Update(file.substr(0, kHeaderFixedBytes));
  h.Update(file.substr(kHeaderBytes, table_bytes));
  return h.HexDigest();
}

absl::Status Corrupt(std::string_view name, std::string_view what) {
  return absl::DataLossError(StrCat("snapshot ", name, ": ", what));
}

}  // namespace

// ------------------------------------------------------------------ writing

void SnapshotWriter::AddLists(const std::vector<LoadedList>& lists) {
  snapshot::EncodedLists enc = snapshot::EncodeLists(lists);
  sections_.insert(sections_.begin(), {{"strings", std::move(enc.strings)},
                                       {"lists", std::move(enc.lists)},
                                       {"entities", std::move(enc.entities)}});
  has_lists_ = true;
}

absl::Status SnapshotWriter::AddSection(std::string_view tag, std::string bytes) {
  if (absl::Status s = CheckTag(tag); !s.ok()) return s;
  if (IsListSection(tag)) {
    return absl::InvalidArgumentError(
        StrCat("snapshot section tag '", tag, "' is reserved for the lists"));
  }
  for (const SnapshotSection& s : sections_) {
    if (s.tag == tag) {
      return absl::AlreadyExistsError(StrCat("snapshot section '", tag, "' added twice"));
    }
  }
  sections_.push_back({std::string(tag), std::move(bytes)});
  return absl::OkStatus();
}

absl::StatusOr<std::string> SnapshotWriter::Finish() const {
  if (!has_lists_) return absl::FailedPreconditionError("snapshot: AddLists was not called");
  const size_t table_bytes = sections_.size() * kEntryBytes;
  uint64_t offset = kHeaderBytes + table_bytes;
  std::string table;
  for (const SnapshotSection& s : sections_) {
    std::string tag = s.tag;
    tag.resize(kSnapshotMaxTagBytes, '\0');
    table += tag;
    PutFixed64(&table, offset);
    PutFixed64(&table, s.bytes.size());
    table += Sha256Hex(s.bytes);
    offset += s.bytes.size();
  }
  std::string out(kMagic);
  PutFixed32(&out, kSnapshotFormatVersion);
  PutFixed32(&out, static_cast<uint32_t>(sections_.size()));
  PutFixed64(&out, offset);
  out += std::string(kChecksumBytes, '\0');
  out += table;
  out.replace(kHeaderFixedBytes, kChecksumBytes, HeaderChecksum(out, table_bytes));
  out.reserve(offset);
  for (const SnapshotSection& s : sections_) out += s.bytes;
  return out;
}

absl::Status WriteSnapshot(const std::string& path, const std::vector<LoadedList>& lists,
                           const std::vector<SnapshotSection>& extra) {
  SnapshotWriter w;
  w.AddLists(lists);
  for (const SnapshotSection& s : extra) {
    if (absl::Status st = w.AddSection(s.tag, s.bytes); !st.ok()) return st;
  }
  absl::StatusOr<std::string> bytes = w.Finish();
  if (!bytes.ok()) return bytes.status();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return absl::UnavailableError(StrCat(tmp, ": cannot write"));
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return absl::UnavailableError(StrCat(path, ": cannot replace: ", ec.message()));
  }
  return absl::OkStatus();
}

// ------------------------------------------------------------------ reading

namespace {

// How much more text the decoded lists may hold than the snapshot has bytes.
// The string table stores each distinct string once. On the bundled lists the
// decoded text is 1.09 times the file size (12.4 MB of text in an 11.4 MB
// snapshot): countries, programs and labels repeat, but unique remarks and
// names dominate. 16 leaves ample room for lists with more repetition while
// bounding what a hostile file can make us allocate.
constexpr uint64_t kMaxTextExpansion = 16;

absl::Status CheckHeader(std::string_view name, std::string_view b) {
  if (b.size() < kMagic.size() || b.substr(0, kMagic.size()) != kMagic) {
    return Corrupt(name, "not a cordon snapshot (wrong magic bytes)");
  }
  if (b.size() < kHeaderBytes) {
    return Corrupt(
        name, StrCat("truncated: ", b.size(), " bytes, the header alone needs ", kHeaderBytes));
  }
  const uint32_t version = GetFixed32(b, 8);
  if (version != kSnapshotFormatVersion) {
    return absl::FailedPreconditionError(
        StrCat("snapshot ", name, ": format version ", version, ", this cordon reads version ",
               kSnapshotFormatVersion,
               version > kSnapshotFormatVersion ? " (written by a newer cordon)" : "",
               "; rebuild it with `cordon index build`"));
  }
  const uint64_t declared = GetFixed64(b, 16);
  if (declared != b.size()) {
    return Corrupt(name, StrCat(declared > b.size() ? "truncated" : "has extra bytes",
                                ": file has ", b.size(), " bytes, header says ", declared));
  }
  const uint64_t count = GetFixed32(b, 12);
  if (count > (b.size() - kHeaderBytes) / kEntryBytes) {
    return Corrupt(name, StrCat("section table of ", count, " entries runs past the end"));
  }
  if (HeaderChecksum(b, count * kEntryBytes) != b.substr(kHeaderFixedBytes, kChecksumBytes)) {
    return Corrupt(name,
                   "checksum mismatch in the header or section table (corrupt or modified file)");
  }
  return absl::OkStatus();
}

struct TableEntry {
  std::string tag;
  uint64_t offset = 0;
  uint64_t size = 0;
};

// Reads the section table (the header checksum is already verified) and
// verifies every section's bounds and checksum.
absl::StatusOr<std::vector<TableEntry>> ReadSectionTable(std::string_view name,
                                                         std::string_view b) {
  const uint64_t count = GetFixed32(b, 12);
  std::vector<TableEntry> out;
  uint64_t expected = kHeaderBytes + count * kEntryBytes;
  for (uint64_t i = 0; i < count; ++i) {
    const size_t at = kHeaderBytes + i * kEntryBytes;
    std::string_view tag = b.substr(at, kSnapshotMaxTagBytes);
    tag = tag.substr(0, tag.find('\0'));
    const uint64_t offset = GetFixed64(b, at + kSnapshotMaxTagBytes);
    const uint64_t size = GetFixed64(b, at + kSnapshotMaxTagBytes + 8);
    if (!CheckTag(tag).ok()) return Corrupt(name, StrCat("section ", i, " has an invalid tag"));
    for (const TableEntry& seen : out) {
      if (seen.tag == tag) return Corrupt(name, StrCat("section '", tag, "' appears twice"));
    }
    if (offset != expected || size > b.size() - offset) {
      return Corrupt(name, StrCat("section '", tag, "' lies outside the file or overlaps another"));
    }
    const std::string_view sum = b.substr(at + kSnapshotMaxTagBytes + 16, kChecksumBytes);
    if (Sha256Hex(b.substr(offset, size)) != sum) {
      return Corrupt(name,
                     StrCat("checksum mismatch in section '", tag, "' (corrupt or modified file)"));
    }
    out.push_back({std::string(tag), offset, size});
    expected = offset + size;
  }
  if (expected != b.size()) return Corrupt(name, "bytes after the last section");
  return out;
}

}  // namespace

std::optional<std::string_view> Snapshot::Section(std::string_view tag) const {
  for (const Entry& e : sections_) {
    if (e.tag == tag) return std::string_view(*bytes_).substr(e.offset, e.size);
  }
  return std::nullopt;
}

std::vector<std::string> Snapshot::SectionTags() const {
  std::vector<std::string> out;
  for (const Entry& e : sections_) out.push_back(e.tag);
  return out;
}

absl::StatusOr<Snapshot> ParseSnapshotSections(std::string_view name, std::string bytes,
                                               const LoadOptions& options) {
  if (bytes.size() > options.max_snapshot_bytes) {
    return absl::ResourceExhaustedError(StrCat("snapshot ", name, ": ", bytes.size(),
                                               " bytes, above the limit of ",
                                               options.max_snapshot_bytes));
  }
  if (absl::Status s = CheckHeader(name, bytes); !s.ok()) return s;
  absl::StatusOr<std::vector<TableEntry>> table = ReadSectionTable(name, bytes);
  if (!table.ok()) return table.status();
  Snapshot snap;
  snap.bytes_ = std::make_shared<const std::string>(std::move(bytes));
  snap.format_version_ = kSnapshotFormatVersion;
  snap.name_ = std::string(name);
  snap.max_entities_ = options.max_entities;
  for (TableEntry& e : *table) snap.sections_.push_back({std::move(e.tag), e.offset, e.size});
  for (std::string_view tag : kListSections) {
    if (!snap.Section(tag)) return Corrupt(name, StrCat("missing section '", tag, "'"));
  }
  return snap;
}

absl::StatusOr<std::vector<LoadedList>> Snapshot::DecodeLists() const {
  std::string_view parts[3];
  for (int i = 0; i < 3; ++i) {
    std::optional<std::string_view> body = Section(kListSections[i]);
    if (!body) return Corrupt(name_, StrCat("missing section '", kListSections[i], "'"));
    parts[i] = *body;
  }
  snapshot::DecodeLimits limits;
  limits.max_entities = max_entities_;
  limits.max_text_bytes = kMaxTextExpansion * size_bytes();
  return snapshot::DecodeLists(name_, parts[0], parts[1], parts[2], limits);
}

absl::StatusOr<Snapshot> ParseSnapshot(std::string_view name, std::string bytes,
                                       const LoadOptions& options) {
  absl::StatusOr<Snapshot> snap = ParseSnapshotSections(name, std::move(bytes), options);
  if (!snap.ok()) return snap.status();
  auto lists = snap->DecodeLists();
  if (!lists.ok()) return lists.status();
  snap->lists_ = std::move(*lists);
  return snap;
}

absl::StatusOr<Snapshot> ReadSnapshot(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return absl::NotFoundError(StrCat(path, ": cannot read: ", ec.message()));
  if (size > options.max_snapshot_bytes) {
    return absl::ResourceExhaustedError(
        StrCat(path, ": file is ", size, " bytes, above the limit of ", options.max_snapshot_bytes,
               " (LoadOptions::max_snapshot_bytes)"));
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in || static_cast<uintmax_t>(in.gcount()) != size) {
    return absl::DataLossError(StrCat(path, ": short read"));
  }
  return ParseSnapshot(path, std::move(bytes), options);
}

// ------------------------------------------------------------------ detection

bool IsSnapshotFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, sizeof head);
  return in.gcount() == sizeof head && std::string_view(head, sizeof head) == kMagic;
}

}  // namespace cordon
