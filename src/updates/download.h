// One URL to one file with libcurl: conditional request, timeouts, retries with backoff, a size
// budget, certificate verification, redirects (never from https to http).
#ifndef CORDON_UPDATES_DOWNLOAD_H_
#define CORDON_UPDATES_DOWNLOAD_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "cordon/updates.h"

namespace cordon::updates {

struct Validators {
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
};

struct Download {
  bool not_modified = false;  // 304: nothing written
  long http_status = 0;       // 0 for file://
  std::string etag, last_modified, content_type;
  std::string final_url;  // after redirects
  uint64_t bytes = 0;
  int attempts = 0;
};

// Downloads `url` into `dest` (created or truncated). Errors name the URL and say why: the HTTP
// status, the curl error (timeout, TLS verification, ...), the size budget; after the retries
// FetchOptions allows, the last error is returned with the attempt count.
// curl_global_init, once per process.
void GlobalInitForPost();

absl::StatusOr<Download> DownloadUrl(const std::string& url, const std::string& dest,
                                     const Validators& validators, const FetchOptions& options);

}  // namespace cordon::updates

#endif  // CORDON_UPDATES_DOWNLOAD_H_
