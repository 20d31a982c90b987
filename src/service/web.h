// The analyst web application's built files (web/, docs/web.md), served by `cordon serve` at /
// from memory: index.html for "/" and the bundle under /assets/. Read once at start; the
// application is rebuilt and reinstalled with cordon, never changed under a running server.
//
// Every response carries a strict Content-Security-Policy (scripts, styles, fonts, images and
// connections from this origin only; no inline script; no framing), nosniff, no referrer, and an
// ETag; a matching If-None-Match gets 304.
//
// Example:
//   auto web = WebAssets::Load("/usr/share/cordon/web");
//   if (std::optional<HttpResponse> r = web->Serve(request)) return *r;
//
// Thread safety: immutable after Load; Serve may be called from many threads.
#ifndef CORDON_SERVICE_WEB_H_
#define CORDON_SERVICE_WEB_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "service/api.h"

namespace cordon::service {

// The folder of the built web application: <data folder>/web (share/cordon/web beside the
// program, or $CORDON_DATA_DIR/web).
absl::StatusOr<std::string> DefaultWebDir();

// The headers every page and asset is sent with (CSP and friends), shared with the API's
// responses to the page.
void AddSecurityHeaders(HttpResponse* r);

class WebAssets {
 public:
  // Reads index.html and every file under assets/ of `dir` (at most 16 MiB in all). Fails when
  // `dir` has no index.html, naming the folder.
  static absl::StatusOr<WebAssets> Load(const std::string& dir);

  // The response to a GET or HEAD of `path` ("/", "/index.html", "/assets/app.js"), or nullopt
  // when it is not a file of the application.
  std::optional<HttpResponse> Serve(const HttpRequest& request, std::string_view path) const;

  size_t files() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string etag;  // "\"<sha256 prefix>\""
  };
  std::map<std::string, File, std::less<>> files_;  // by URL path
};

}  // namespace cordon::service

#endif  // CORDON_SERVICE_WEB_H_
