// Internals of the version store shared by store.cc and fetch.cc.
#ifndef CORDON_UPDATES_STORE_IMPL_H_
#define CORDON_UPDATES_STORE_IMPL_H_

#include <nlohmann/json.hpp>

#include <string>

#include "absl/status/statusor.h"
#include "cordon/updates.h"

namespace cordon::updates {

// "2026-12-03T02:15:00Z" now, and `seconds` since the epoch as such.
std::string UtcIso(int64_t seconds);
std::string UtcNowIso();
int64_t NowSeconds();
// Seconds since the epoch of a UtcIso text, or -1.
int64_t ParseUtcIso(const std::string& iso);

// Writes `bytes` to `path` through a temporary file in the same folder and rename(2), so a reader
// sees the old or the new content, never a part.
absl::Status WriteFileAtomically(const std::string& path, const std::string& bytes);
absl::StatusOr<nlohmann::json> ReadJsonFile(const std::string& path);

StoredVersion VersionFromJson(const nlohmann::json& j, const std::string& path);
SourceState StateFromJson(const nlohmann::json& j);
nlohmann::json StateToJson(const SourceState& s);

// Points DIR/<source>/current at versions/<id>: a new symbolic link renamed over the old one.
absl::Status SwapCurrent(const std::string& source_dir, const std::string& id);

}  // namespace cordon::updates

#endif  // CORDON_UPDATES_STORE_IMPL_H_
