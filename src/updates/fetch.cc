// FetchSource: download, guard, store; cordon/updates.h.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cordon/lists.h"
#include "cordon/updates.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/loaders.h"
#include "updates/download.h"
#include "updates/store_impl.h"

namespace cordon {
namespace fs = std::filesystem;
using nlohmann::json;

std::string_view FetchOutcomeName(FetchOutcome o) {
  switch (o) {
    case FetchOutcome::kNew: return "new";
    case FetchOutcome::kUnchanged: return "unchanged";
    case FetchOutcome::kRefused: return "refused";
    case FetchOutcome::kFailed: return "failed";
  }
  return "failed";
}

namespace {

// Holds DIR/<source>/.lock (flock) for the duration of one fetch.
class SourceLock {
 public:
  explicit SourceLock(const std::string& path) : fd_(open(path.c_str(), O_RDWR | O_CREAT, 0644)) {
    locked_ = fd_ >= 0 && flock(fd_, LOCK_EX | LOCK_NB) == 0;
  }
  ~SourceLock() {
    if (fd_ >= 0) close(fd_);  // releases the lock
  }
  SourceLock(const SourceLock&) = delete;
  SourceLock& operator=(const SourceLock&) = delete;
  bool locked() const { return locked_; }

 private:
  int fd_;
  bool locked_ = false;
};

// A file name for the i-th URL: the last path segment, kept to [A-Za-z0-9._-]; "file<i>" when
// that leaves nothing. Names of one source stay distinct (a numeric prefix when they clash).
std::string FileNameFor(const std::string& url, size_t i, const std::vector<std::string>& taken) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  const size_t slash = path.rfind('/');
  std::string name;
  for (char c : path.substr(slash == std::string::npos ? 0 : slash + 1)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (ok) name += c;
  }
  if (name.empty() || name.starts_with(".") || name == "version.json" || name == "refusal.json") {
    name = StrCat("file", i + 1);
  }
  if (std::find(taken.begin(), taken.end(), name) != taken.end()) name = StrCat(i + 1, "-", name);
  return name;
}

// The folder-name form of a publication date: its YYYY-MM-DD, or "undated".
std::string DatePart(const std::string& published) {
  if (published.size() >= 10 && published[4] == '-' && published[7] == '-') {
    const std::string d = published.substr(0, 10);
    if (std::all_of(d.begin(), d.end(),
                    [](char c) { return (c >= '0' && c <= '9') || c == '-'; })) {
      return d;
    }
  }
  return "undated";
}

std::string Compact(const std::string& iso) {  // "2026-12-03T02:15:00Z" -> "20261203T021500Z"
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

absl::StatusOr<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat(path, ": cannot open"));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One fetch in progress: the working folder and what is known so far.
class Fetch {
 public:
  Fetch(const SourceSpec& spec, const FetchOptions& options, const Store& store,
        const LoadOptions& load)
      : spec_(spec),
        options_(options),
        store_(store),
        load_(load),
        source_dir_((fs::path(store.dir()) / spec.name).string()) {
    result_.source = spec.name;
  }

  FetchResult Run();

 private:
  absl::Status Prepare();
  // Downloads every URL into work_; sets all_not_modified_.
  absl::Status DownloadAll();
  // Why the download in work_ must not become current, or "" when it may.
  std::string Guard(const LoadedList& list);
  absl::Status CheckPublisherDigest();
  FetchResult Accept(const LoadedList& list);
  FetchResult Refuse(const std::string& reason, FetchOutcome outcome);
  FetchResult Unchanged();
  void SaveState();

  const SourceSpec& spec_;
  const FetchOptions& options_;
  const Store& store_;
  const LoadOptions& load_;
  const std::string source_dir_;
  std::string work_;
  std::string now_ = updates::UtcNowIso();
  SourceState state_;
  std::string current_path_;  // "" when the source has no version yet
  StoredVersion current_;
  std::vector<std::string> files_;  // in URL order, inside work_
  std::vector<updates::Download> downloads_;
  std::string hash_;
  bool all_not_modified_ = true;
  FetchResult result_;
};

absl::Status Fetch::Prepare() {
  std::error_code ec;
  for (const char* sub : {"versions", "refused"}) {
    fs::create_directories(fs::path(source_dir_) / sub, ec);
    if (ec) return absl::InternalError(StrCat(source_dir_, ": cannot create ", sub));
  }
  absl::StatusOr<SourceState> state = store_.State(spec_.name);
  if (!state.ok()) return state.status();
  state_ = *state;
  current_path_ = store_.CurrentPath(spec_.name);
  if (!current_path_.empty()) {
    absl::StatusOr<json> v = updates::ReadJsonFile(current_path_ + "/version.json");
    if (!v.ok()) return v.status();
    current_ = updates::VersionFromJson(*v, current_path_);
    result_.previous = result_.version = current_.id;
  }
  static std::atomic<int> counter{0};
  work_ = (fs::path(source_dir_) / StrCat(".incoming-", getpid(), "-", counter++)).string();
  fs::remove_all(work_, ec);
  fs::create_directory(work_, ec);
  if (ec) return absl::InternalError(StrCat(work_, ": cannot create: ", ec.message()));
  return absl::OkStatus();
}

absl::Status Fetch::DownloadAll() {
  // Validators are only sent when the current version came from these same URLs.
  const bool conditional = !current_path_.empty() && state_.etags.size() == spec_.urls.size() &&
                           state_.last_modifieds.size() == spec_.urls.size();
  std::vector<std::string> names;
  for (size_t i = 0; i < spec_.urls.size(); ++i) {
    const std::string& url = spec_.urls[i];
    names.push_back(FileNameFor(url, i, names));
    const std::string dest = (fs::path(work_) / names.back()).string();
    updates::Validators v;
    if (conditional) v = {state_.etags[i], state_.last_modifieds[i]};
    absl::StatusOr<updates::Download> d = updates::DownloadUrl(url, dest, v, options_);
    if (!d.ok()) return d.status();
    if (d->not_modified) {
      // Unchanged at the publisher: the stored copy stands in for it.
      std::error_code ec;
      fs::copy_file(fs::path(current_path_) / names.back(), dest,
                    fs::copy_options::overwrite_existing, ec);
      if (ec) {
        return absl::DataLossError(
            StrCat(url, ": 304 Not Modified but the current version has no ", names.back()));
      }
      d->etag = state_.etags[i];
      d->last_modified = state_.last_modifieds[i];
    } else {
      all_not_modified_ = false;
    }
    // No official list is an HTML page: one here is an error, login or maintenance page served
    // with 200.
    if (d->content_type.starts_with("text/html")) {
      return absl::FailedPreconditionError(
          StrCat(url, ": content type ", d->content_type, " (an HTML page, not a list)"));
    }
    files_.push_back(dest);
    downloads_.push_back(*d);
  }
  return absl::OkStatus();
}

absl::Status Fetch::CheckPublisherDigest() {
  if (spec_.sha256_url.empty()) return absl::OkStatus();
  const std::string dest = (fs::path(work_) / ".publisher-sha256").string();
  absl::StatusOr<updates::Download> d = updates::DownloadUrl(spec_.sha256_url, dest, {}, options_);
  if (!d.ok()) return d.status();
  absl::StatusOr<std::string> text = ReadAll(dest);
  fs::remove(dest);
  if (!text.ok()) return text.status();
  std::string digest;
  for (size_t i = 0; i + 64 <= text->size() && digest.empty(); ++i) {
    const std::string_view w(text->data() + i, 64);
    if (std::all_of(w.begin(), w.end(),
                    [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
      digest = AsciiLower(w);
    }
  }
  if (digest.empty()) {
    return absl::FailedPreconditionError(StrCat(spec_.sha256_url, ": no SHA-256 digest in it"));
  }
  absl::StatusOr<std::string> bytes = ReadAll(files_[0]);
  if (!bytes.ok()) return bytes.status();
  if (Sha256Hex(*bytes) != digest) {
    return absl::FailedPreconditionError(
        StrCat("SHA-256 of the download differs from the publisher's (", spec_.sha256_url, ")"));
  }
  return absl::OkStatus();
}

std::string Fetch::Guard(const LoadedList& list) {
  if (list.version.format != spec_.format) {
    return StrCat("format is ", list.version.format, ", the sources file says ", spec_.format);
  }
  if (current_path_.empty()) return "";
  const GuardOptions& g = spec_.guards;
  const double floor = g.min_entity_share * static_cast<double>(current_.entities);
  if (static_cast<double>(list.entities.size()) < floor) {
    return StrCat("entity count ", list.entities.size(), " is below ", g.min_entity_share * 100,
                  "% of the current version's ", current_.entities,
                  " (min_entity_share; truncated or partial export?)");
  }
  if (g.refuse_older && !list.version.published.empty() && !current_.published.empty() &&
      list.version.published < current_.published) {
    return StrCat("published ", list.version.published, ", older than the current version's ",
                  current_.published, " (refuse_older; a stale mirror or a replayed file?)");
  }
  return "";
}

FetchResult Fetch::Accept(const LoadedList& list) {
  const std::string id = StrCat(DatePart(list.version.published), "_", hash_.substr(0, 12));
  const fs::path final_dir = fs::path(source_dir_) / "versions" / id;
  std::error_code ec;
  if (fs::exists(final_dir / "version.json", ec)) {
    fs::remove_all(work_, ec);  // the same bytes were a version before: point back at it
  } else {
    json v = {{"id", id},
              {"source", spec_.name},
              {"title", list.version.title},
              {"format", list.version.format},
              {"published", list.version.published},
              {"fetched", now_},
              {"content_hash", "sha256:" + hash_},
              {"entities", list.entities.size()},
              {"skipped", lists::RecordsSkipped(list)},
              {"urls", spec_.urls},
              {"files", json::array()}};
    for (const std::string& f : files_) v["files"].push_back(fs::path(f).filename().string());
    if (absl::Status s = updates::WriteFileAtomically(work_ + "/version.json", v.dump(2) + "\n");
        !s.ok()) {
      return Refuse(std::string(s.message()), FetchOutcome::kFailed);
    }
    fs::remove_all(final_dir, ec);  // a folder left without version.json by a crash
    fs::rename(work_, final_dir, ec);
    if (ec) {
      return Refuse(StrCat(final_dir.string(), ": cannot rename into place: ", ec.message()),
                    FetchOutcome::kFailed);
    }
  }
  if (absl::Status s = updates::SwapCurrent(source_dir_, id); !s.ok()) {
    return Refuse(std::string(s.message()), FetchOutcome::kFailed);
  }
  state_.etags.clear();
  state_.last_modifieds.clear();
  for (const updates::Download& d : downloads_) {
    state_.etags.push_back(d.etag);
    state_.last_modifieds.push_back(d.last_modified);
  }
  state_.fetched = now_;
  state_.published = list.version.published;
  state_.current = id;
  state_.last_refusal.clear();
  state_.last_refusal_at.clear();
  SaveState();
  result_.outcome = FetchOutcome::kNew;
  result_.version = id;
  result_.entities = list.entities.size();
  result_.skipped = lists::RecordsSkipped(list);
  return result_;
}

FetchResult Fetch::Refuse(const std::string& reason, FetchOutcome outcome) {
  std::error_code ec;
  // What was downloaded is kept for a person to look at; a failure with nothing complete is not.
  if (outcome == FetchOutcome::kRefused && !files_.empty()) {
    const std::string tail = hash_.empty() ? "unhashed" : hash_.substr(0, 12);
    const fs::path aside = fs::path(source_dir_) / "refused" / StrCat(Compact(now_), "_", tail);
    json r = {{"source", spec_.name}, {"at", now_}, {"reason", reason}, {"urls", spec_.urls}};
    (void)updates::WriteFileAtomically(work_ + "/refusal.json", r.dump(2) + "\n");
    fs::remove_all(aside, ec);
    fs::rename(work_, aside, ec);
  }
  fs::remove_all(work_, ec);
  state_.last_refusal = reason;
  state_.last_refusal_at = now_;
  SaveState();
  result_.outcome = outcome;
  result_.reason = reason;
  return result_;
}

FetchResult Fetch::Unchanged() {
  std::error_code ec;
  fs::remove_all(work_, ec);
  state_.etags.clear();
  state_.last_modifieds.clear();
  for (const updates::Download& d : downloads_) {
    state_.etags.push_back(d.etag);
    state_.last_modifieds.push_back(d.last_modified);
  }
  state_.last_refusal.clear();
  state_.last_refusal_at.clear();
  SaveState();
  result_.outcome = FetchOutcome::kUnchanged;
  result_.entities = current_.entities;
  return result_;
}

void Fetch::SaveState() {
  state_.checked = now_;
  // A state that cannot be written loses only validators and times: the next fetch downloads
  // again. The version folders and `current` are what serve.
  (void)updates::WriteFileAtomically(source_dir_ + "/state.json",
                                     updates::StateToJson(state_).dump(2) + "\n");
}

FetchResult Fetch::Run() {
  if (absl::Status s = Prepare(); !s.ok()) {
    result_.reason = std::string(s.message());
    return result_;
  }
  if (absl::Status s = DownloadAll(); !s.ok()) {
    const bool got_bytes = s.code() == absl::StatusCode::kFailedPrecondition;
    return Refuse(std::string(s.message()),
                  got_bytes ? FetchOutcome::kRefused : FetchOutcome::kFailed);
  }
  if (all_not_modified_) return Unchanged();
  Sha256 h;
  for (const std::string& f : files_) {
    absl::StatusOr<std::string> bytes = ReadAll(f);
    if (!bytes.ok()) return Refuse(std::string(bytes.status().message()), FetchOutcome::kFailed);
    h.Update(*bytes);
  }
  hash_ = h.HexDigest();
  if (!current_path_.empty() && current_.content_hash == "sha256:" + hash_) return Unchanged();
  if (absl::Status s = CheckPublisherDigest(); !s.ok()) {
    return Refuse(std::string(s.message()), FetchOutcome::kRefused);
  }
  absl::StatusOr<std::vector<LoadedList>> lists = LoadLists(files_, load_);
  if (!lists.ok()) {
    return Refuse(StrCat("does not parse: ", std::string(lists.status().message())),
                  FetchOutcome::kRefused);
  }
  if (lists->size() != 1) {
    return Refuse(StrCat("holds ", lists->size(), " lists, the source must be one"),
                  FetchOutcome::kRefused);
  }
  if (std::string why = Guard((*lists)[0]); !why.empty()) {
    result_.entities = (*lists)[0].entities.size();
    result_.skipped = lists::RecordsSkipped((*lists)[0]);
    return Refuse(why, FetchOutcome::kRefused);
  }
  return Accept((*lists)[0]);
}

}  // namespace

FetchResult FetchSource(const SourceSpec& source, const FetchOptions& fetch, const Store& store,
                        const LoadOptions& load) {
  std::error_code ec;
  fs::create_directories(fs::path(store.dir()) / source.name, ec);
  SourceLock lock((fs::path(store.dir()) / source.name / ".lock").string());
  if (!lock.locked()) {
    FetchResult r;
    r.source = source.name;
    r.reason = StrCat("another fetch of ", source.name, " into ", store.dir(), " is running");
    return r;
  }
  return Fetch(source, fetch, store, load).Run();
}

}  // namespace cordon
