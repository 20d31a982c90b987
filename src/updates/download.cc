#include "updates/download.h"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "core/strcat.h"

namespace cordon::updates {
namespace {

// A transfer below this many bytes per second for FetchOptions::stall_seconds is abandoned.
constexpr long kStallBytesPerSecond = 1024;
// Redirects followed: the official sites use one or two (http -> https, a CDN).
constexpr long kMaxRedirects = 5;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  std::FILE* file = nullptr;
  uint64_t bytes = 0;
  uint64_t max_bytes = 0;
  bool over_budget = false;
  bool write_failed = false;
};

size_t Write(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t len = size * n;
  if (sink->bytes + len > sink->max_bytes) {
    sink->over_budget = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  if (std::fwrite(data, 1, len, sink->file) != len) {
    sink->write_failed = true;
    return 0;
  }
  sink->bytes += len;
  return len;
}

std::string Header(CURL* curl, const char* name) {
  struct curl_header* h = nullptr;
  if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || h == nullptr) return "";
  return h->value;
}

struct Attempt {
  absl::StatusOr<Download> result;
  bool retry = false;  // worth another attempt
};

// The curl errors a later attempt may not hit again: the network, the server's load.
bool Transient(CURLcode c) {
  switch (c) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return true;
    default: return false;
  }
}

void Configure(CURL* curl, const std::string& url, const Validators& v, const FetchOptions& o,
               Sink* sink, curl_slist** headers, char* error) {
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, sink);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
  // Never from https to http: a downgrade would let anyone on the path serve the list.
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR,
                   url.starts_with("https:") ? "https" : "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, kMaxRedirects);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(o.connect_timeout_seconds * 1000));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout_seconds * 1000));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, kStallBytesPerSecond);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(std::max(1.0, o.stall_seconds)));
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_bytes));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!o.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, o.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate when the server offers
  if (!v.etag.empty()) *headers = curl_slist_append(*headers, ("If-None-Match: " + v.etag).c_str());
  if (!v.last_modified.empty()) {
    *headers = curl_slist_append(*headers, ("If-Modified-Since: " + v.last_modified).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, *headers);
}

Attempt Once(const std::string& url, const std::string& dest, const Validators& v,
             const FetchOptions& o) {
  Sink sink;
  sink.max_bytes = o.max_bytes;
  sink.file = std::fopen(dest.c_str(), "wb");
  if (sink.file == nullptr) {
    return {absl::InternalError(StrCat(dest, ": cannot write the download")), false};
  }
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {0};
  Configure(curl, url, v, o, &sink, &headers, error);
  const CURLcode code = curl_easy_perform(curl);
  const bool closed = std::fclose(sink.file) == 0;
  Download d;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &d.http_status);
  char* final_url = nullptr;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &final_url);
  if (final_url != nullptr) d.final_url = final_url;
  char* type = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
  if (type != nullptr) d.content_type = type;
  if (code == CURLE_OK && !url.starts_with("file:")) {
    d.etag = Header(curl, "ETag");
    d.last_modified = Header(curl, "Last-Modified");
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  d.bytes = sink.bytes;

  const std::string at = StrCat(url, ": ");
  if (sink.over_budget || code == CURLE_FILESIZE_EXCEEDED) {
    return {absl::ResourceExhaustedError(StrCat(at, "larger than the size budget of ", o.max_bytes,
                                                " bytes (fetch.max_bytes)")),
            false};
  }
  if (sink.write_failed || !closed) {
    return {absl::InternalError(StrCat(at, "cannot write ", dest)), false};
  }
  if (code != CURLE_OK) {
    std::string why = error[0] != '\0' ? error : curl_easy_strerror(code);
    if (code == CURLE_OPERATION_TIMEDOUT) why = StrCat("timed out (", why, ")");
    if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE) {
      why = StrCat("TLS certificate not verified (", why, ")");
    }
    if (code == CURLE_UNSUPPORTED_PROTOCOL && d.final_url != url) {
      why = StrCat("redirect refused (", why, ")");
    }
    return {absl::UnavailableError(at + why), Transient(code)};
  }
  if (d.http_status == 304) {
    d.not_modified = true;
    return {d, false};
  }
  if (d.http_status != 0 && d.http_status != 200) {
    const bool server = d.http_status >= 500 || d.http_status == 429;
    return {absl::UnavailableError(StrCat(at, "HTTP ", d.http_status,
                                          d.final_url != url ? " from " + d.final_url : "")),
            server};
  }
  return {d, false};
}

}  // namespace

void GlobalInitForPost() { GlobalInit(); }

absl::StatusOr<Download> DownloadUrl(const std::string& url, const std::string& dest,
                                     const Validators& validators, const FetchOptions& options) {
  GlobalInit();
  double wait = options.backoff_seconds;
  for (int attempt = 1;; ++attempt) {
    Attempt a = Once(url, dest, validators, options);
    if (a.result.ok()) {
      a.result->attempts = attempt;
      return a.result;
    }
    if (!a.retry || attempt > options.retries) {
      if (attempt == 1) return a.result.status();
      return absl::Status(a.result.status().code(), StrCat(std::string(a.result.status().message()),
                                                           " (after ", attempt, " attempts)"));
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    wait *= 2;
  }
}

}  // namespace cordon::updates

namespace cordon {

absl::Status PostJson(const std::string& url, const std::string& json_body,
                      const FetchOptions& options) {
  updates::GlobalInitForPost();
  double wait = options.backoff_seconds;
  for (int attempt = 1;; ++attempt) {
    CURL* curl = curl_easy_init();
    char error[CURL_ERROR_SIZE] = {0};
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json_body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json_body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options.connect_timeout_seconds * 1000));
    // A notice is small: its receiver gets the connect timeout again to answer, not the
    // download budget.
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(2 * options.connect_timeout_seconds * 1000));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(
        curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t n, void*) { return size * n; });
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    absl::Status result = absl::OkStatus();
    if (code != CURLE_OK) {
      result = absl::UnavailableError(
          StrCat(url, ": ", error[0] != '\0' ? std::string(error) : curl_easy_strerror(code)));
    } else if (status < 200 || status > 299) {
      result = absl::UnavailableError(StrCat(url, ": HTTP ", status));
    }
    if (result.ok() || attempt > options.retries) return result;
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    wait *= 2;
  }
}

}  // namespace cordon
