// The index of the subjects' names that delta re-screening searches (reverse screening,
// screening.cc), kept between runs: in the store's memory, and in the database as a snapshot
// (cordon/snapshot.h: the compiled engine and the subjects' IDs, checksummed) written in parts of
// base64 text (both backends store text; PostgreSQL's text holds no NUL byte). The subjects are
// held bare (Screener::CreateBare: an ID and a name each), so loading decodes no Entity record;
// the snapshot's list is an empty one named "subjects". An index stored before (the subjects as
// a list of entities, no "subject_ids" section) is still read, the entities decoded.
//
// Which subjects an index knows: every subject whose last change (changed_seq) is at or before
// the subjects' version it was built at (subjects_version.seq, read before the names; import
// bumps it in the transaction of the change, and the row lock orders the versions as their
// transactions commit). A subject changed later may be missing or held under an old name, so
// it is returned in changed_since, never looked up in the index: the delta screens it forward.
#include <algorithm>
#include <array>

#include "cases/retry.h"
#include "cases/store_impl.h"
#include "cordon/snapshot.h"
#include "cordon/sources.h"
#include "core/arrays.h"
#include "core/strcat.h"

namespace cordon::cases {

namespace {

// An index that misses more than this share of the subjects (changed since it was built: each
// is screened forward in every delta until then) is built again. Building costs about as much
// as screening 1 subject in 8 forward (bench/RESULTS.md, 1M subjects: ~45 s against 367 s), and
// every delta pays for the subjects it misses, so it is rebuilt well before that.
constexpr size_t kMaxChangedShare = 50;  // 1 in 50
constexpr size_t kMinChangedAllowed = 1000;

size_t ChangedAllowed(size_t subjects) {
  return std::max(kMinChangedAllowed, subjects / kMaxChangedShare);
}

// Bytes of base64 text a part of the stored index holds: a row well under both backends' field
// limits (1 GB) that one statement writes in a fraction of a second.
constexpr size_t kPartChars = 8 << 20;
// A head claiming more parts than this (8 GB) is not trusted to size the load buffer.
constexpr size_t kMaxParts = 1024;

// The snapshot section of the subjects' IDs (Screener::BareIdBytes).
constexpr std::string_view kSubjectIdsSection = "subject_ids";

// How many IDs bare ID bytes hold (their layout: src/engine/screener_compiled.cc); nullopt for
// bytes that do not start as such. CreateBare checks them whole.
std::optional<uint64_t> SubjectIdCount(std::string_view ids) {
  WireReader r(ids);
  GetString(&r);
  r.Byte();
  const uint64_t n = r.Varint();
  if (!r.ok()) return std::nullopt;
  return n;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = static_cast<uint8_t>(in[i]) << 16 | static_cast<uint8_t>(in[i + 1]) << 8 |
                       static_cast<uint8_t>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kBase64[(v >> s) & 63]);
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out.push_back(kBase64[v >> 18]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kBase64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// Appends the bytes of `in` (base64 with padding) to *out; false for anything else. A loaded
// index is ~600 MB of base64 at 1M subjects: the output is sized once and each group of four
// characters is decoded with four table reads (a byte at a time with push_back cost seconds).
bool UnBase64(std::string_view in, std::string* out) {
  static const auto kValue = [] {
    std::array<uint32_t, 256> t{};
    t.fill(0xffffffffu);
    for (uint32_t i = 0; i < 64; ++i) t[static_cast<uint8_t>(kBase64[i])] = i;
    return t;
  }();
  if (in.size() % 4 != 0) return false;
  const size_t pad = in.empty() ? 0 : (in.back() == '=') + (in[in.size() - 2] == '=');
  const size_t at = out->size();
  out->resize(at + in.size() / 4 * 3 - pad);
  char* o = out->data() + at;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  const size_t groups = in.size() / 4;
  // A character outside the alphabet sets the high bits of `bad`; checked once per part.
  uint32_t bad = 0;
  for (size_t g = 0; g + 1 < groups; ++g, p += 4, o += 3) {
    const uint32_t a = kValue[p[0]], b = kValue[p[1]], c = kValue[p[2]], d = kValue[p[3]];
    bad |= a | b | c | d;
    const uint32_t v = a << 18 | b << 12 | c << 6 | d;
    o[0] = static_cast<char>(v >> 16);
    o[1] = static_cast<char>(v >> 8);
    o[2] = static_cast<char>(v);
  }
  if (groups > 0) {
    // The last group, where the padding may be.
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      const uint32_t d = k < 4 - pad ? kValue[p[k]] : 0;
      bad |= d;
      v = v << 6 | (d & 63);
    }
    o[0] = static_cast<char>(v >> 16);
    if (pad < 2) o[1] = static_cast<char>(v >> 8);
    if (pad < 1) o[2] = static_cast<char>(v);
  }
  if (bad > 63) {
    out->resize(at);
    return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<int64_t> StoreImpl::SubjectsVersion(int wait_ms) {
  auto r = QueryWithRetry(*db_, "reading the subjects' version", wait_ms,
                          "SELECT seq FROM subjects_version WHERE id = 1");
  if (!r.ok()) return r.status();
  if (r->empty()) return absl::DataLossError("the subjects' version row is missing");
  return r->Int(0, 0);
}

absl::StatusOr<size_t> StoreImpl::ChangedSince(int64_t version, int wait_ms) {
  auto r = QueryWithRetry(*db_, "counting the subjects changed", wait_ms,
                          "SELECT COUNT(*) FROM subjects WHERE changed_seq > ?", {version});
  if (!r.ok()) return r.status();
  return static_cast<size_t>(r->Int(0, 0));
}

absl::StatusOr<StoreImpl::SubjectNames> StoreImpl::Names(int wait_ms, bool load) {
  auto current = SubjectsVersion(wait_ms);
  if (!current.ok()) return current.status();
  // Whether an index of `subjects` built at `version` may serve: not from a later version than
  // the database's (a database put back from a copy), and missing few enough subjects.
  auto usable = [&](int64_t version, size_t subjects) -> absl::StatusOr<bool> {
    if (version < 0 || version > *current) return false;
    auto changed = ChangedSince(version, wait_ms);
    if (!changed.ok()) return changed.status();
    return *changed <= ChangedAllowed(subjects);
  };
  SubjectNames out;
  if (subject_index_.screener) {
    auto ok = usable(subject_index_.version, subject_index_.subjects);
    if (!ok.ok()) return ok.status();
    if (*ok) out.source = "memory";
  }
  if (out.source.empty()) {
    auto head = QueryWithRetry(*db_, "reading the stored subject index", wait_ms,
                               "SELECT version, parts, subjects FROM subject_index_head "
                               "WHERE id = 1");
    if (!head.ok()) return head.status();
    if (!head->empty()) {
      auto ok = usable(head->Int(0, 0), static_cast<size_t>(head->Int(0, 2)));
      if (!ok.ok()) return ok.status();
      if (*ok && !load) {
        out.source = "stored";
        return out;
      }
      if (*ok) {
        auto loaded = LoadSubjectIndex(head->Int(0, 0), head->Int(0, 1), head->Int(0, 2), wait_ms);
        // One that cannot be read (parts missing, a checksum, another engine version) is built
        // again below.
        if (loaded.ok()) {
          subject_index_ = std::move(*loaded);
          out.source = "stored";
        } else if (absl::IsUnavailable(loaded.status())) {
          return loaded.status();
        }
      }
    }
  }
  if (out.source.empty()) {
    subject_index_ = {};  // freed before the new one is built
    auto built = BuildSubjectIndex(wait_ms);
    if (!built.ok()) return built.status();
    subject_index_ = std::move(*built);
    out.source = "built";
    // Stored for the next run; a failure costs that run a build, so it is not this run's.
    (void)StoreSubjectIndex(subject_index_, wait_ms);
  }
  out.index = &subject_index_;
  auto changed =
      QueryWithRetry(*db_, "reading the subjects changed", wait_ms,
                     "SELECT id FROM subjects WHERE changed_seq > ?", {subject_index_.version});
  if (!changed.ok()) return changed.status();
  for (size_t i = 0; i < changed->size(); ++i) out.changed_since.push_back(changed->Text(i, 0));
  return out;
}

absl::StatusOr<StoreImpl::SubjectIndex> StoreImpl::BuildSubjectIndex(int wait_ms) {
  SubjectIndex index;
  // The version first: a subject changed while the names are read has a later one, and comes
  // back in changed_since whichever name was read.
  auto version = SubjectsVersion(wait_ms);
  if (!version.ok()) return version.status();
  index.version = *version;
  LoadedList subjects;
  subjects.version.list = "subjects";
  std::string last_id;
  while (true) {
    auto rows = QueryWithRetry(*db_, "reading the subjects' names", wait_ms,
                               "SELECT id, name FROM subjects WHERE id > ? ORDER BY id LIMIT 50000",
                               {last_id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) break;
    for (size_t i = 0; i < rows->size(); ++i) {
      Entity& e = subjects.entities.emplace_back();
      e.id = e.source_id = rows->Text(i, 0);
      e.list = "subjects";
      e.schema = Schema::kLegalEntity;
      e.names.push_back({.full = rows->Text(i, 1)});
    }
    last_id = rows->Text(rows->size() - 1, 0);
  }
  index.subjects = subjects.entities.size();
  std::vector<LoadedList> one;
  one.push_back(std::move(subjects));
  auto screener = Screener::Create(std::move(one));
  if (!screener.ok()) return screener.status();
  index.screener = std::move(*screener);
  return index;
}

absl::Status StoreImpl::StoreSubjectIndex(const SubjectIndex& index, int wait_ms) {
  std::string text;
  {
    SnapshotWriter w;
    std::string ids = index.screener->BareIdBytes();
    if (ids.empty()) {
      w.AddLists(index.screener->lists());  // not bare (never for subjects): the entities
    } else {
      std::vector<LoadedList> header(1);
      header[0].version = index.screener->lists().at(0).version;
      w.AddLists(header);
      if (auto st = w.AddSection(kSubjectIdsSection, std::move(ids)); !st.ok()) return st;
    }
    if (auto st = w.AddSection(kEngineSnapshotSection, index.screener->CompiledBytes()); !st.ok())
      return st;
    auto bytes = w.Finish();
    if (!bytes.ok()) return bytes.status();
    text = Base64(*bytes);
  }
  // Each part in a transaction of its own (the write lock is not held for the whole index), the
  // head last: a reader follows the head, so it never reads a version not written whole. Written
  // again whole, a part replaces itself.
  const int64_t parts = static_cast<int64_t>((text.size() + kPartChars - 1) / kPartChars);
  for (int64_t p = 0; p < parts; ++p) {
    const std::string part = text.substr(static_cast<size_t>(p) * kPartChars, kPartChars);
    auto write = [&]() -> absl::Status {
      Transaction tx(db_.get());
      if (auto st = tx.Begin(); !st.ok()) return st;
      if (auto st = db_->Exec("INSERT INTO subject_index (version, part, bytes) VALUES (?, ?, ?) "
                              "ON CONFLICT (version, part) DO UPDATE SET bytes = excluded.bytes",
                              {index.version, p, part});
          !st.ok()) {
        return st;
      }
      return tx.Commit();
    };
    // A COMMIT whose answer was lost: saved if the part is there whole.
    auto saved = [&]() -> absl::StatusOr<bool> {
      auto r = db_->Query("SELECT length(bytes) FROM subject_index WHERE version = ? AND part = ?",
                          {index.version, p});
      if (!r.ok()) return r.status();
      return !r->empty() && r->Int(0, 0) == static_cast<int64_t>(part.size());
    };
    if (auto st = WithRetry("storing the subject index", "it is built again when needed", wait_ms,
                            write, saved);
        !st.ok()) {
      return st;
    }
  }
  // A head of a later version (another process's) is kept.
  auto head = [&]() -> absl::Status {
    Transaction tx(db_.get());
    if (auto st = tx.Begin(); !st.ok()) return st;
    if (auto st = db_->Exec(
            "INSERT INTO subject_index_head (id, version, parts, subjects, written_at) "
            "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, "
            "parts = excluded.parts, subjects = excluded.subjects, written_at = "
            "excluded.written_at WHERE subject_index_head.version <= excluded.version",
            {index.version, parts, static_cast<int64_t>(index.subjects), NowUtc()});
        !st.ok()) {
      return st;
    }
    // Older versions, and parts past the end of this one (left by an index of the same version
    // stored in more parts: one with the subjects as entities, by an earlier cordon).
    if (auto st = db_->Exec("DELETE FROM subject_index WHERE version < ? OR (version = ? AND "
                            "part >= ?)",
                            {index.version, index.version, parts});
        !st.ok()) {
      return st;
    }
    return tx.Commit();
  };
  auto head_saved = [&]() -> absl::StatusOr<bool> {
    auto r = db_->Query("SELECT version FROM subject_index_head WHERE id = 1");
    if (!r.ok()) return r.status();
    return !r->empty() && r->Int(0, 0) >= index.version;
  };
  return WithRetry("storing the subject index", "it is built again when needed", wait_ms, head,
                   head_saved);
}

absl::StatusOr<StoreImpl::SubjectIndex> StoreImpl::LoadSubjectIndex(int64_t version, int64_t parts,
                                                                    int64_t subjects, int wait_ms) {
  std::string bytes;
  // Every part but the last is full (StoreSubjectIndex): sized once, not grown part by part.
  if (parts > 0 && parts <= static_cast<int64_t>(kMaxParts)) {
    bytes.reserve(static_cast<size_t>(parts) * (kPartChars / 4 * 3));
  }
  for (int64_t p = 0; p < parts; ++p) {
    auto r = QueryWithRetry(*db_, "reading the stored subject index", wait_ms,
                            "SELECT bytes FROM subject_index WHERE version = ? AND part = ?",
                            {version, p});
    if (!r.ok()) return r.status();
    if (r->empty() || !UnBase64(r->Text(0, 0), &bytes)) {
      return absl::DataLossError(StrCat("stored subject index ", version, ": part ", p, " of ",
                                        parts, " missing or not base64"));
    }
  }
  // The checksums first, then the engine with the subjects' IDs (CreateBare); an index stored
  // before them holds the subjects as a list, decoded on a second thread while the engine's
  // index is (Screener::Create): at 1M subjects each takes seconds.
  auto snap = ParseSnapshotSections(StrCat("stored subject index ", version), std::move(bytes));
  if (!snap.ok()) return snap.status();
  const std::optional<std::string_view> engine = snap->Section(kEngineSnapshotSection);
  if (!engine) {
    return absl::DataLossError(StrCat("stored subject index ", version, ": no engine section"));
  }
  // Written by another normaliser or index version: Screener::Create would compile the subjects
  // afresh on every run (a million: ~45 s) and nothing would store the result; Names() builds
  // the index again and stores it instead.
  if (!Screener::IsCurrentCompiled(*engine)) {
    return absl::FailedPreconditionError(
        StrCat("stored subject index ", version, ": written by another engine version"));
  }
  auto mismatch = [&] {
    return absl::DataLossError(
        StrCat("stored subject index ", version, ": not the index of ", subjects, " subjects"));
  };
  if (const std::optional<std::string_view> ids = snap->Section(kSubjectIdsSection)) {
    if (SubjectIdCount(*ids) != static_cast<uint64_t>(subjects)) return mismatch();
    auto screener = Screener::CreateBare(*ids, *engine);
    if (!screener.ok()) return screener.status();
    return SubjectIndex{.version = version,
                        .subjects = static_cast<size_t>(subjects),
                        .screener = std::move(*screener)};
  }
  auto lists = [&]() -> absl::StatusOr<std::vector<LoadedList>> {
    auto decoded = snap->DecodeLists();
    if (!decoded.ok()) return decoded.status();
    if (decoded->size() != 1 || (*decoded)[0].entities.size() != static_cast<size_t>(subjects)) {
      return mismatch();
    }
    return decoded;
  };
  auto screener = Screener::Create(lists, *engine);
  if (!screener.ok()) return screener.status();
  return SubjectIndex{.version = version,
                      .subjects = static_cast<size_t>(subjects),
                      .screener = std::move(*screener)};
}

}  // namespace cordon::cases
