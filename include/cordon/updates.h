// List updates: fetching the official lists, refusing bad downloads, keeping versions.
//
// A sources file (TOML, docs/lists.md) names each list's publication addresses and format; the
// bundled one is data/sources.toml. FetchSource downloads one source (libcurl: conditional
// requests, timeouts, retries with backoff, a size budget, certificate verification) into a
// versioned store and makes the download current only when it parses completely and passes the
// guards (GuardOptions). A refused download is kept aside with its reason and the current version
// keeps serving.
//
// Store layout (one folder per source):
//   DIR/store.json                          marks DIR as a store (cordon::LoadSources reads it)
//   DIR/<source>/versions/<published>_<hash12>/   the files of one version + version.json
//   DIR/<source>/current -> versions/<...>        symbolic link, replaced atomically (rename)
//   DIR/<source>/refused/<fetched>_<hash12>/      a refused download + refusal.json (the reason)
//   DIR/<source>/state.json                       validators (ETag, Last-Modified) and the
//                                                 checked / fetched / published times, last refusal
// A version folder is written under a temporary name and renamed; state.json is replaced by
// rename. A crash at any point leaves the previous current version serving.
//
// Example:
//   absl::StatusOr<cordon::SourcesFile> sources = cordon::ReadSourcesFile("data/sources.toml");
//   absl::StatusOr<cordon::Store> store = cordon::Store::Open("/var/lib/cordon/lists");
//   for (const cordon::SourceSpec& s : sources->sources) {
//     cordon::FetchResult r = cordon::FetchSource(s, sources->fetch, *store);
//     if (r.outcome == cordon::FetchOutcome::kRefused) std::cerr << s.name << ": " << r.reason;
//   }
//
// Thread safety: functions are reentrant. Two fetches of the same source into one store must not
// run at once (the service runs its fetches on one thread; the CLI takes DIR/<source>/.lock).
#ifndef CORDON_UPDATES_H_
#define CORDON_UPDATES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cordon/entity.h"

namespace cordon {

// Guards a download must pass to become current.
struct GuardOptions {
  // Least share of the current version's entity count a new version must have. Official lists
  // change by a few entries a week (the UN list by 0-10 of ~1,000); a drop of a tenth is a
  // truncated or partial export, not a delisting wave. 0 turns the guard off.
  double min_entity_share = 0.9;
  // Whether a publication date older than the current version's refuses the download (a stale
  // mirror or a replayed file). Dates are compared as ISO text; a list without one passes.
  bool refuse_older = true;
};

// How downloads are made ([fetch] table of the sources file).
struct FetchOptions {
  double connect_timeout_seconds = 30;
  // Whole transfer, per attempt. The largest official file (OFAC SDN XML, ~100 MB) takes ~1 min
  // on a slow link.
  double timeout_seconds = 600;
  // A transfer slower than 1 KB/s for this long is abandoned (a server that never finishes).
  double stall_seconds = 60;
  // Attempts after the first on a network error or a 5xx / 429 answer; 4xx other than 429 are
  // not retried. Waits backoff_seconds, then twice that, and so on.
  int retries = 3;
  double backoff_seconds = 2;
  // Largest file accepted, bytes (LoadOptions::max_file_bytes is the same budget for loading).
  uint64_t max_bytes = 512ull << 20;
  // Extra CA certificates (PEM) trusted besides the system's; "" = system only. Certificates are
  // always verified (peer and host name).
  std::string ca_file;
  std::string user_agent = "cordon-list-fetch/0.1 (+https://github.com/cordon)";
};

// One `[[source]]` of the sources file.
struct SourceSpec {
  std::string name;               // store folder and source name: [a-z0-9_-]{1,32}
  std::vector<std::string> urls;  // http(s):// or file:// ; several for a multi-file set
  std::string format;             // a ListFormatName ("un-xml", "ofac-csv", ...)
  std::string title;              // free text for people
  GuardOptions guards;            // per source: min_entity_share, refuse_older
  // The publisher's SHA-256 of the (single) file, where one is published: a URL whose body
  // holds the 64-hex digest. "" = none published.
  std::string sha256_url;
};

struct SourcesFile {
  FetchOptions fetch;
  std::vector<SourceSpec> sources;
};

// Parses a sources file. `name` is used in messages ("<name>:<line>: ..." from toml11, or
// "<name>: source <n>: <field>: <reason>"). Unknown keys are errors (a typo must not silently
// turn a guard off).
absl::StatusOr<SourcesFile> ParseSourcesFile(std::string_view name, std::string_view text);
absl::StatusOr<SourcesFile> ReadSourcesFile(const std::string& path);

enum class FetchOutcome : uint8_t {
  kNew,        // a new version passed the guards and is now current
  kUnchanged,  // 304, or the same bytes as the current version
  kRefused,    // downloaded but refused by a guard or parse; kept under refused/
  kFailed,     // no complete download (HTTP error, timeout, TLS, size budget)
};
std::string_view FetchOutcomeName(FetchOutcome o);  // "new", "unchanged", "refused", "failed"

struct FetchResult {
  FetchOutcome outcome = FetchOutcome::kFailed;
  std::string source;
  std::string version;    // the current version after the fetch ("" when there is none)
  std::string previous;   // the current version before it
  std::string reason;     // for kRefused / kFailed: why, naming the URL or guard
  uint64_t entities = 0;  // of the version fetched (kNew, kRefused after parse)
  uint64_t skipped = 0;   // records skipped as unreadable in it
};

// One version of a source in the store.
struct StoredVersion {
  std::string id;         // folder name: "<published>_<hash12>"
  std::string path;       // absolute folder path
  std::string published;  // as the list states it
  std::string fetched;    // UTC ISO time of the download
  std::string content_hash;
  uint64_t entities = 0;
  uint64_t skipped = 0;
  bool current = false;
};

// What state.json holds for one source.
struct SourceState {
  // Validators of each URL of the current version, in order ("" when the server sent none).
  std::vector<std::string> etags, last_modifieds;
  std::string checked;          // last attempt, UTC ISO
  std::string fetched;          // last download of new bytes
  std::string published;        // of the current version
  std::string current;          // current version id
  std::string last_refusal;     // reason of the last refused or failed fetch ("" after a success)
  std::string last_refusal_at;  // when
};

class Store {
 public:
  // Opens (creating if needed) the store folder `dir` and writes its store.json marker.
  static absl::StatusOr<Store> Open(const std::string& dir);

  const std::string& dir() const { return dir_; }
  std::vector<std::string> Sources() const;  // source folders, sorted
  // Versions of a source, oldest first by fetch time.
  absl::StatusOr<std::vector<StoredVersion>> Versions(const std::string& source) const;
  absl::StatusOr<SourceState> State(const std::string& source) const;
  // Folder of the current version of `source`, resolved ("" when none).
  std::string CurrentPath(const std::string& source) const;
  // Folder of version `id` of `source` (checked to exist).
  absl::StatusOr<std::string> VersionPath(const std::string& source, const std::string& id) const;

  // Deletes versions other than the current one beyond the newest `keep` (0 = no count limit)
  // or fetched more than `max_age_seconds` ago (0 = no age limit); refused downloads likewise.
  // Returns the folders removed.
  absl::StatusOr<std::vector<std::string>> Prune(const std::string& source, size_t keep,
                                                 int64_t max_age_seconds) const;

 private:
  explicit Store(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

// POSTs `json_body` (Content-Type application/json) to `url` with the timeouts, retries and
// certificate checks of `options`; any 2xx answer is success.
absl::Status PostJson(const std::string& url, const std::string& json_body,
                      const FetchOptions& options);

// Whether `dir` is a list store (holds store.json).
bool IsListStore(const std::string& dir);

// Fetches one source into the store and applies the guards. Never replaces the current version
// unless the download is complete, parses completely and passes every guard.
FetchResult FetchSource(const SourceSpec& source, const FetchOptions& fetch, const Store& store,
                        const LoadOptions& load = {});

}  // namespace cordon

#endif  // CORDON_UPDATES_H_
