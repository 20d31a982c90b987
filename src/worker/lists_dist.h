// List distribution over JetStream (docs/scale-out.md "List distribution"): one node publishes a
// compiled snapshot (`cordon index build`) with `cordon lists publish`; every worker started with
// `--follow-lists PATH` installs the current one at PATH before it screens, watches for new ones
// and swaps them in off the request path (Api::Reload).
//
// libnats 3.4.1 has the key-value store but no object store, so a snapshot travels as chunks of
// 256 KiB on the stream CORDON_SNAPSHOTS (subject cordon.snapshots.<version>, header
// Cordon-Chunk: index, Nats-Msg-Id <version>-<index>), and the key `current` of the key-value
// bucket CORDON_LISTS names it: {"version", "sha256", "bytes", "chunks", "published"}. The version
// is the first 16 hex digits of the snapshot's SHA-256.
//
// Fail closed: the publisher opens the snapshot before publishing it; a worker checks the size and
// the SHA-256 of what it assembled, writes it beside PATH and renames it over PATH, and puts the
// old file back when the reload fails, so a broken or partial download never replaces good lists.
//
// Thread safety: ListFollower runs its watcher on a thread of its own; the functions are for one
// thread at a time.
#ifndef CORDON_WORKER_LISTS_DIST_H_
#define CORDON_WORKER_LISTS_DIST_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "worker/jetstream.h"

namespace cordon::worker {

inline constexpr char kSnapshotsStream[] = "CORDON_SNAPSHOTS";
inline constexpr char kSnapshotsPrefix[] = "cordon.snapshots.";
inline constexpr char kListsBucket[] = "CORDON_LISTS";
inline constexpr char kCurrentKey[] = "current";
inline constexpr char kChunkHeader[] = "Cordon-Chunk";

struct PublishedLists {
  std::string version;  // first 16 hex digits of sha256
  std::string sha256;
  int64_t bytes = 0;
  int64_t chunks = 0;
  std::string published;  // UTC, ISO 8601
};

// Publishes the snapshot at `path` (which must open as lists: cordon/sources.h OpenScreener) and
// makes it the current one. Publishing the same snapshot again only moves `current` to it.
absl::StatusOr<PublishedLists> PublishSnapshot(Connection* conn, const std::string& path,
                                               const StreamOptions& streams);

// Makes `path` hold the current published snapshot: downloads it when `path` is missing or holds
// another one. Returns the current record (version "" when none is published: then `path` must
// exist).
absl::StatusOr<PublishedLists> SyncLists(Connection* conn, const std::string& path);

// "2026-12-03T07:53:42Z" as a time point; nullopt when not that form.
std::optional<std::chrono::system_clock::time_point> ParseUtc(const std::string& text);

class ListFollower {
 public:
  // Watches `current`; on a new version, downloads it to `path` and calls `reload` (which must
  // load the lists from `path`); on a failed reload puts the old file back. `log` gets one line
  // per outcome. `serving` (optional) gets each record whose snapshot is serving after it: a
  // new version installed, or the one in use published again (its publication time renewed).
  static absl::StatusOr<std::unique_ptr<ListFollower>> Start(
      Connection* conn, std::string path, std::function<absl::Status()> reload,
      std::function<void(const std::string&)> log,
      std::function<void(const PublishedLists&)> serving = nullptr);
  ~ListFollower();

 private:
  ListFollower() = default;
  void Run();
  Connection* conn_ = nullptr;
  std::string path_;
  std::function<absl::Status()> reload_;
  std::function<void(const std::string&)> log_;
  std::function<void(const PublishedLists&)> serving_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace cordon::worker

#endif  // CORDON_WORKER_LISTS_DIST_H_
