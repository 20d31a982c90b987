#include "worker/lists_dist.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "cordon/sources.h"
#include "core/files.h"
#include "core/sha256.h"
#include "core/strcat.h"

namespace cordon::worker {
namespace {

// Chunks well under NATS' default max_payload (1 MiB), headers included.
constexpr int64_t kChunkBytes = 256 * 1024;
// Longest wait for one chunk while downloading.
constexpr int64_t kChunkWaitMs = 10000;
// Snapshots are kept this long on the stream (a worker starting later downloads the current
// one, which the publisher may have sent long ago).
constexpr int64_t kSnapshotsMaxAgeMs = 90LL * 24 * 3600 * 1000;

std::string NowIso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

absl::StatusOr<jsCtx*> Js(Connection* conn) { return conn->NewJetStream(nullptr); }

struct JsDeleter {
  void operator()(jsCtx* js) const { jsCtx_Destroy(js); }
};
struct KvDeleter {
  void operator()(kvStore* kv) const { kvStore_Destroy(kv); }
};

// The bucket; null (and OK) when it does not exist and `create` is false.
absl::StatusOr<kvStore*> Bucket(jsCtx* js, bool create, int replicas) {
  kvStore* kv = nullptr;
  natsStatus s = js_KeyValue(&kv, js, kListsBucket);
  if (s == NATS_OK) return kv;
  if (s != NATS_NOT_FOUND) return NatsError("key-value bucket CORDON_LISTS", s);
  if (!create) return static_cast<kvStore*>(nullptr);
  kvConfig cfg;
  kvConfig_Init(&cfg);
  cfg.Bucket = kListsBucket;
  cfg.Description = "cordon: the current list snapshot (docs/scale-out.md)";
  cfg.History = 10;
  cfg.StorageType = js_FileStorage;
  cfg.Replicas = replicas;
  s = js_CreateKeyValue(&kv, js, &cfg);
  if (s != NATS_OK) return NatsError("creating key-value bucket CORDON_LISTS", s);
  return kv;
}

absl::StatusOr<PublishedLists> ParseCurrent(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("version") || !j["version"].is_string() ||
      !j.contains("sha256") || !j["sha256"].is_string() || !j.contains("bytes") ||
      !j["bytes"].is_number_integer() || !j.contains("chunks") ||
      !j["chunks"].is_number_integer() || j["chunks"].get<int64_t>() < 1 ||
      j["bytes"].get<int64_t>() < 1) {
    return absl::DataLossError(
        StrCat("CORDON_LISTS current: not a snapshot record: ", std::string(text.substr(0, 200))));
  }
  PublishedLists p;
  p.version = j["version"];
  p.sha256 = j["sha256"];
  p.bytes = j["bytes"];
  p.chunks = j["chunks"];
  if (j.contains("published") && j["published"].is_string()) p.published = j["published"];
  return p;
}

// The snapshot of `p`, assembled from its chunks and checked against its size and SHA-256.
absl::StatusOr<std::string> Download(jsCtx* js, const PublishedLists& p) {
  const std::string subject = StrCat(kSnapshotsPrefix, p.version);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = kSnapshotsStream;
  so.Ordered = true;
  natsSubscription* sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_SubscribeSync(&sub, js, subject.c_str(), nullptr, &so, &code);
  if (s != NATS_OK) return NatsError(StrCat("subscribing to ", subject), s, code);
  std::vector<std::string> chunks(static_cast<size_t>(p.chunks));
  std::vector<bool> have(chunks.size());
  int64_t received = 0;
  while (received < p.chunks) {
    natsMsg* m = nullptr;
    s = natsSubscription_NextMsg(&m, sub, kChunkWaitMs);
    if (s != NATS_OK) {
      natsSubscription_Destroy(sub);
      return NatsError(StrCat("snapshot ", p.version, ": chunk ", received + 1, " of ", p.chunks),
                       s);
    }
    const long long index = std::atoll(HeaderOf(m, kChunkHeader).c_str());
    if (index >= 0 && index < p.chunks && !have[index]) {
      have[index] = true;
      chunks[index].assign(natsMsg_GetData(m), natsMsg_GetDataLength(m));
      ++received;
    }
    natsMsg_Destroy(m);
  }
  natsSubscription_Destroy(sub);
  std::string data;
  data.reserve(static_cast<size_t>(p.bytes));
  for (const std::string& c : chunks) data += c;
  if (static_cast<int64_t>(data.size()) != p.bytes || Sha256Hex(data) != p.sha256) {
    return absl::DataLossError(StrCat("snapshot ", p.version, ": assembled ", data.size(),
                                      " bytes that do not match the published size (", p.bytes,
                                      ") and SHA-256"));
  }
  return data;
}

absl::Status WriteFile(const std::string& path, const std::string& data) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::UnavailableError(StrCat(path, ": cannot write"));
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      close(fd);
      return absl::UnavailableError(StrCat(path, ": write failed (disk full?)"));
    }
    off += static_cast<size_t>(n);
  }
  const bool ok = fsync(fd) == 0;
  close(fd);
  return ok ? absl::OkStatus() : absl::UnavailableError(StrCat(path, ": fsync failed"));
}

// The current record, or nullopt-like empty version when nothing is published.
absl::StatusOr<PublishedLists> Current(jsCtx* js) {
  absl::StatusOr<kvStore*> kv = Bucket(js, false, 1);
  if (!kv.ok()) return kv.status();
  if (*kv == nullptr) return PublishedLists{};
  std::unique_ptr<kvStore, KvDeleter> owned(*kv);
  kvEntry* e = nullptr;
  const natsStatus s = kvStore_Get(&e, owned.get(), kCurrentKey);
  if (s == NATS_NOT_FOUND) return PublishedLists{};
  if (s != NATS_OK) return NatsError("CORDON_LISTS current", s);
  const std::string text(static_cast<const char*>(kvEntry_Value(e)), kvEntry_ValueLen(e));
  kvEntry_Destroy(e);
  return ParseCurrent(text);
}

// Downloads `p` to `path` unless `path` holds it already (`*installed` says which), keeping the
// file it replaces as path.prev.
absl::Status Install(jsCtx* js, const PublishedLists& p, const std::string& path, bool* installed) {
  *installed = false;
  if (absl::StatusOr<std::string> old = ReadFileToString(path);
      old.ok() && Sha256Hex(*old) == p.sha256) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> data = Download(js, p);
  if (!data.ok()) return data.status();
  const std::string fresh = path + ".new";
  if (absl::Status s = WriteFile(fresh, *data); !s.ok()) return s;
  std::error_code ec;
  if (std::filesystem::exists(path)) std::filesystem::rename(path, path + ".prev", ec);
  std::filesystem::rename(fresh, path, ec);
  if (ec) return absl::UnavailableError(StrCat(path, ": cannot rename: ", ec.message()));
  *installed = true;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PublishedLists> PublishSnapshot(Connection* conn, const std::string& path,
                                               const StreamOptions& streams) {
  absl::StatusOr<std::string> data = ReadFileToString(path);
  if (!data.ok()) return data.status();
  // Never publish what a worker could not load.
  if (absl::StatusOr<std::unique_ptr<Screener>> s = OpenScreener({path}); !s.ok()) {
    return absl::InvalidArgumentError(StrCat(
        path, ": not published, it does not open as lists: ", std::string(s.status().message())));
  }
  PublishedLists p;
  p.sha256 = Sha256Hex(*data);
  p.version = p.sha256.substr(0, 16);
  p.bytes = static_cast<int64_t>(data->size());
  p.chunks = (p.bytes + kChunkBytes - 1) / kChunkBytes;
  p.published = NowIso();
  absl::StatusOr<jsCtx*> raw = Js(conn);
  if (!raw.ok()) return raw.status();
  std::unique_ptr<jsCtx, JsDeleter> js(*raw);
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  const char* subjects[] = {"cordon.snapshots.>"};
  cfg.Name = kSnapshotsStream;
  cfg.Description = "cordon list snapshots in chunks (docs/scale-out.md)";
  cfg.Subjects = subjects;
  cfg.SubjectsLen = 1;
  cfg.Storage = js_FileStorage;
  cfg.Replicas = streams.replicas;
  cfg.MaxAge = kSnapshotsMaxAgeMs * 1000 * 1000;
  cfg.Duplicates = streams.duplicate_window_ms * 1000 * 1000;
  if (absl::Status s = AddStreamIfMissing(js.get(), &cfg); !s.ok()) return s;
  jsErrCode code = static_cast<jsErrCode>(0);
  const std::string subject = StrCat(kSnapshotsPrefix, p.version);
  for (int64_t i = 0; i < p.chunks; ++i) {
    const int64_t off = i * kChunkBytes;
    const int64_t len = std::min(kChunkBytes, p.bytes - off);
    natsMsg* m = nullptr;
    natsMsg_Create(&m, subject.c_str(), nullptr, data->data() + off, static_cast<int>(len));
    const std::string index = std::to_string(i);
    const std::string id = StrCat(p.version, "-", i);
    natsMsgHeader_Set(m, kChunkHeader, index.c_str());
    natsMsgHeader_Set(m, kMsgIdHeader, id.c_str());
    const natsStatus s = js_PublishMsg(nullptr, js.get(), m, nullptr, &code);
    natsMsg_Destroy(m);
    if (s != NATS_OK) return NatsError(StrCat("publishing chunk ", i), s, code);
  }
  absl::StatusOr<kvStore*> kv = Bucket(js.get(), true, streams.replicas);
  if (!kv.ok()) return kv.status();
  std::unique_ptr<kvStore, KvDeleter> bucket(*kv);
  const nlohmann::json record = {{"version", p.version},
                                 {"sha256", p.sha256},
                                 {"bytes", p.bytes},
                                 {"chunks", p.chunks},
                                 {"published", p.published}};
  const natsStatus s = kvStore_PutString(nullptr, bucket.get(), kCurrentKey, record.dump().c_str());
  if (s != NATS_OK) return NatsError("CORDON_LISTS current: put", s);
  return p;
}

std::optional<std::chrono::system_clock::time_point> ParseUtc(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

absl::StatusOr<PublishedLists> SyncLists(Connection* conn, const std::string& path) {
  absl::StatusOr<jsCtx*> raw = Js(conn);
  if (!raw.ok()) return raw.status();
  std::unique_ptr<jsCtx, JsDeleter> js(*raw);
  absl::StatusOr<PublishedLists> p = Current(js.get());
  if (!p.ok()) return p.status();
  if (p->version.empty()) {
    if (!std::filesystem::exists(path)) {
      return absl::FailedPreconditionError(
          StrCat("no lists published on CORDON_LISTS yet (cordon lists publish) and no ", path));
    }
    return PublishedLists{};
  }
  bool installed = false;
  if (absl::Status s = Install(js.get(), *p, path, &installed); !s.ok()) return s;
  return *p;
}

absl::StatusOr<std::unique_ptr<ListFollower>> ListFollower::Start(
    Connection* conn, std::string path, std::function<absl::Status()> reload,
    std::function<void(const std::string&)> log,
    std::function<void(const PublishedLists&)> serving) {
  std::unique_ptr<ListFollower> f(new ListFollower());
  f->conn_ = conn;
  f->path_ = std::move(path);
  f->reload_ = std::move(reload);
  f->log_ = std::move(log);
  f->serving_ = std::move(serving);
  f->thread_ = std::thread([p = f.get()] { p->Run(); });
  return f;
}

ListFollower::~ListFollower() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void ListFollower::Run() {
  absl::StatusOr<jsCtx*> raw = Js(conn_);
  if (!raw.ok()) {
    log_(StrCat("lists: ", std::string(raw.status().message())));
    return;
  }
  std::unique_ptr<jsCtx, JsDeleter> js(*raw);
  std::unique_ptr<kvStore, KvDeleter> kv;
  kvWatcher* w = nullptr;
  while (!stop_) {
    if (w == nullptr) {
      absl::StatusOr<kvStore*> b = Bucket(js.get(), false, 1);
      if (b.ok() && *b != nullptr) {
        kv.reset(*b);
        if (kvStore_Watch(&w, kv.get(), kCurrentKey, nullptr) != NATS_OK) w = nullptr;
      }
      if (w == nullptr) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
    }
    kvEntry* e = nullptr;
    if (kvWatcher_Next(&e, w, 500) != NATS_OK || e == nullptr) continue;
    const std::string text(static_cast<const char*>(kvEntry_Value(e)), kvEntry_ValueLen(e));
    const bool put = kvEntry_Operation(e) == kvOp_Put;
    kvEntry_Destroy(e);
    if (!put) continue;
    absl::StatusOr<PublishedLists> p = ParseCurrent(text);
    bool installed = false;
    absl::Status s = p.ok() ? Install(js.get(), *p, path_, &installed) : p.status();
    if (s.ok() && installed) {
      s = reload_();
      if (!s.ok()) {
        std::error_code ec;
        std::filesystem::rename(path_ + ".prev", path_, ec);
      }
    }
    if (!s.ok()) {
      log_(StrCat("lists: version ", p.ok() ? p->version : "?",
                  " not installed, the old lists stay: ", std::string(s.message())));
    } else if (installed) {
      log_(StrCat("lists: version ", p->version, " (", p->bytes, " bytes, published ", p->published,
                  ") installed at ", path_, " and serving"));
    }
    if (s.ok() && serving_) serving_(*p);
  }
  if (w != nullptr) {
    kvWatcher_Stop(w);
    kvWatcher_Destroy(w);
  }
}

}  // namespace cordon::worker
