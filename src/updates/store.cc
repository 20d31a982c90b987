// The versioned list store: layout in cordon/updates.h.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/strcat.h"
#include "updates/store_impl.h"
#include "updates/version_files.h"

namespace cordon {
namespace fs = std::filesystem;
using nlohmann::json;

namespace updates {

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string UtcIso(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string UtcNowIso() { return UtcIso(NowSeconds()); }

int64_t ParseUtcIso(const std::string& iso) {
  std::tm tm{};
  std::istringstream in(iso);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  if (in.fail()) return -1;
  return static_cast<int64_t>(timegm(&tm));
}

absl::Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = StrCat(path, ".tmp-", getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.flush();
    if (!out) return absl::InternalError(StrCat(tmp, ": cannot write"));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return absl::InternalError(StrCat(path, ": cannot replace: ", ec.message()));
  return absl::OkStatus();
}

absl::StatusOr<json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat(path, ": cannot open"));
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::DataLossError(StrCat(path, ": not a JSON object (damaged store?)"));
  }
  return j;
}

StoredVersion VersionFromJson(const json& j, const std::string& path) {
  StoredVersion v;
  v.id = j.value("id", "");
  v.path = path;
  v.published = j.value("published", "");
  v.fetched = j.value("fetched", "");
  v.content_hash = j.value("content_hash", "");
  v.entities = j.value("entities", uint64_t{0});
  v.skipped = j.value("skipped", uint64_t{0});
  return v;
}

SourceState StateFromJson(const json& j) {
  SourceState s;
  s.etags = j.value("etags", std::vector<std::string>{});
  s.last_modifieds = j.value("last_modifieds", std::vector<std::string>{});
  s.checked = j.value("checked", "");
  s.fetched = j.value("fetched", "");
  s.published = j.value("published", "");
  s.current = j.value("current", "");
  s.last_refusal = j.value("last_refusal", "");
  s.last_refusal_at = j.value("last_refusal_at", "");
  return s;
}

json StateToJson(const SourceState& s) {
  return {{"etags", s.etags},
          {"last_modifieds", s.last_modifieds},
          {"checked", s.checked},
          {"fetched", s.fetched},
          {"published", s.published},
          {"current", s.current},
          {"last_refusal", s.last_refusal},
          {"last_refusal_at", s.last_refusal_at}};
}

absl::Status SwapCurrent(const std::string& source_dir, const std::string& id) {
  const fs::path link = fs::path(source_dir) / "current";
  const fs::path tmp = fs::path(source_dir) / StrCat(".current-", getpid());
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_directory_symlink(fs::path("versions") / id, tmp, ec);
  if (ec) return absl::InternalError(StrCat(tmp.string(), ": cannot link: ", ec.message()));
  fs::rename(tmp, link, ec);  // rename(2) over the old link: atomic
  if (ec) return absl::InternalError(StrCat(link.string(), ": cannot replace: ", ec.message()));
  return absl::OkStatus();
}

}  // namespace updates

bool IsListStore(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / "store.json", ec);
}

absl::StatusOr<Store> Store::Open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::InternalError(StrCat(dir, ": cannot create the store: ", ec.message()));
  const std::string marker = (fs::path(dir) / "store.json").string();
  if (!fs::exists(marker, ec)) {
    // Nothing else may be in a new store: a typo must not scatter versions over a list folder.
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      (void)e;
      return absl::FailedPreconditionError(
          StrCat(dir, ": not empty and not a list store (no store.json)"));
    }
    json j = {{"format", "cordon-list-store"}, {"version", 1}};
    if (absl::Status s = updates::WriteFileAtomically(marker, j.dump(2) + "\n"); !s.ok()) return s;
  } else {
    absl::StatusOr<json> j = updates::ReadJsonFile(marker);
    if (!j.ok()) return j.status();
    if (j->value("format", "") != "cordon-list-store") {
      return absl::FailedPreconditionError(StrCat(marker, ": not a cordon list store marker"));
    }
  }
  return Store(fs::absolute(dir).lexically_normal().string());
}

std::vector<std::string> Store::Sources() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_directory() && !name.starts_with(".")) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::StatusOr<std::vector<StoredVersion>> Store::Versions(const std::string& source) const {
  const fs::path versions = fs::path(dir_) / source / "versions";
  std::error_code ec;
  if (!fs::is_directory(fs::path(dir_) / source, ec)) {
    return absl::NotFoundError(StrCat(dir_, ": no source \"", source, "\" in the store"));
  }
  const std::string current = fs::path(CurrentPath(source)).filename().string();
  std::vector<StoredVersion> out;
  for (const auto& e : fs::directory_iterator(versions, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory() || name.starts_with(".")) continue;
    absl::StatusOr<json> j = updates::ReadJsonFile((e.path() / "version.json").string());
    if (!j.ok()) continue;  // a folder being written; not a version yet
    StoredVersion v = updates::VersionFromJson(*j, e.path().string());
    v.current = name == current;
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), [](const StoredVersion& a, const StoredVersion& b) {
    return std::tie(a.fetched, a.id) < std::tie(b.fetched, b.id);
  });
  return out;
}

absl::StatusOr<SourceState> Store::State(const std::string& source) const {
  const fs::path p = fs::path(dir_) / source / "state.json";
  std::error_code ec;
  if (!fs::exists(p, ec)) return SourceState{};
  absl::StatusOr<json> j = updates::ReadJsonFile(p.string());
  if (!j.ok()) return j.status();
  return updates::StateFromJson(*j);
}

std::string Store::CurrentPath(const std::string& source) const {
  const fs::path link = fs::path(dir_) / source / "current";
  std::error_code ec;
  const fs::path target = fs::read_symlink(link, ec);
  if (ec) return "";
  const fs::path resolved = (fs::path(dir_) / source / target).lexically_normal();
  return fs::is_directory(resolved, ec) ? resolved.string() : "";
}

absl::StatusOr<std::string> Store::VersionPath(const std::string& source,
                                               const std::string& id) const {
  if (id.empty() || id.find('/') != std::string::npos || id.starts_with(".")) {
    return absl::InvalidArgumentError(StrCat("\"", id, "\" is not a version id"));
  }
  const fs::path p = fs::path(dir_) / source / "versions" / id;
  std::error_code ec;
  if (!fs::exists(p / "version.json", ec)) {
    return absl::NotFoundError(StrCat(dir_, ": source ", source, " has no version ", id,
                                      " (cordon lists versions shows them)"));
  }
  return p.string();
}

absl::StatusOr<std::vector<std::string>> StoredVersionFiles(const Store& store,
                                                            const std::string& source,
                                                            const std::string& id) {
  const std::string& root = store.dir();
  const std::vector<std::string> sources = store.Sources();
  if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
    return absl::NotFoundError(StrCat(root, ": no source \"", source, "\""));
  }
  std::string dir;
  if (id == "current") {
    dir = store.CurrentPath(source);
    if (dir.empty()) return absl::NotFoundError(StrCat(source, ": no current version"));
  } else {
    absl::StatusOr<std::string> p = store.VersionPath(source, id);
    if (!p.ok()) return p.status();
    dir = *p;
  }
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name != "version.json" && !name.starts_with(".")) {
      out.push_back(e.path().string());
    }
  }
  if (ec) return absl::UnavailableError(StrCat(dir, ": ", ec.message()));
  std::sort(out.begin(), out.end());
  return out;
}

absl::StatusOr<std::vector<std::string>> Store::Prune(const std::string& source, size_t keep,
                                                      int64_t max_age_seconds) const {
  absl::StatusOr<std::vector<StoredVersion>> versions = Versions(source);
  if (!versions.ok()) return versions.status();
  const int64_t now = updates::NowSeconds();
  std::vector<std::string> removed;
  auto too_old = [&](const std::string& fetched) {
    const int64_t t = updates::ParseUtcIso(fetched);
    return max_age_seconds > 0 && t >= 0 && now - t > max_age_seconds;
  };
  // Newest first; the current version is never removed.
  size_t kept = 0;
  for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
    if (it->current) {
      ++kept;
      continue;
    }
    if ((keep > 0 && kept >= keep) || too_old(it->fetched)) {
      std::error_code ec;
      fs::remove_all(it->path, ec);
      if (ec) return absl::InternalError(StrCat(it->path, ": cannot remove: ", ec.message()));
      removed.push_back(it->path);
    } else {
      ++kept;
    }
  }
  // Refused downloads: by the same count and age.
  const fs::path refused = fs::path(dir_) / source / "refused";
  std::vector<std::pair<std::string, std::string>> aside;  // (at, path)
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(refused, ec)) {
    absl::StatusOr<json> j = updates::ReadJsonFile((e.path() / "refusal.json").string());
    aside.emplace_back(j.ok() ? j->value("at", "") : "", e.path().string());
  }
  std::sort(aside.rbegin(), aside.rend());
  for (size_t i = 0; i < aside.size(); ++i) {
    if ((keep > 0 && i >= keep) || too_old(aside[i].first)) {
      fs::remove_all(aside[i].second, ec);
      removed.push_back(aside[i].second);
    }
  }
  return removed;
}

}  // namespace cordon
