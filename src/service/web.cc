// The web application's files (web.h).
#include "service/web.h"

#include <filesystem>

#include "cordon/lists.h"
#include "core/files.h"
#include "core/sha256.h"
#include "core/strcat.h"

namespace cordon::service {
namespace {

namespace fs = std::filesystem;

// The built application is some 40 KB; this bounds what a wrong --web-root could pull into memory.
constexpr uintmax_t kMaxTotalBytes = 16 << 20;

std::string_view ContentTypeOf(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".json") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

absl::StatusOr<std::string> DefaultWebDir() {
  absl::StatusOr<std::string> data = DefaultDataDir();
  if (!data.ok()) return data.status();
  return (fs::path(*data) / "web").string();
}

void AddSecurityHeaders(HttpResponse* r) {
  // Everything from this origin only; the page has no inline script or style attribute that
  // needs 'unsafe-inline' (Preact sets styles through the CSSOM, which CSP allows).
  r->headers.emplace_back("Content-Security-Policy",
                          "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r->headers.emplace_back("X-Content-Type-Options", "nosniff");
  r->headers.emplace_back("Referrer-Policy", "no-referrer");
  r->headers.emplace_back("X-Frame-Options", "DENY");
  r->headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
}

absl::StatusOr<WebAssets> WebAssets::Load(const std::string& dir) {
  std::error_code ec;
  const fs::path root(dir);
  if (!fs::is_regular_file(root / "index.html", ec)) {
    return absl::NotFoundError(StrCat("the web application is not in ", dir,
                                      " (no index.html): build it with the "
                                      "project (web/, needs npm), or give --web-root"));
  }
  WebAssets out;
  uintmax_t total = 0;
  auto add = [&](const fs::path& file, const std::string& url) -> absl::Status {
    absl::StatusOr<std::string> body = ReadFileToString(file.string());
    if (!body.ok()) return body.status();
    total += body->size();
    if (total > kMaxTotalBytes) {
      return absl::ResourceExhaustedError(StrCat(dir, ": over ", kMaxTotalBytes, " bytes"));
    }
    const std::string etag = StrCat("\"", Sha256Hex(*body).substr(0, 32), "\"");
    out.files_[url] = File{std::string(ContentTypeOf(file)), std::move(*body), etag};
    return absl::OkStatus();
  };
  if (absl::Status s = add(root / "index.html", "/index.html"); !s.ok()) return s;
  for (fs::recursive_directory_iterator it(root / "assets", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string rel = fs::relative(it->path(), root, ec).generic_string();
    if (absl::Status s = add(it->path(), StrCat("/", rel)); !s.ok()) return s;
  }
  return out;
}

std::optional<HttpResponse> WebAssets::Serve(const HttpRequest& request,
                                             std::string_view path) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  // The application routes by the location's hash (#/alerts/12), so "/" is its only page.
  const std::string_view key = path == "/" ? std::string_view("/index.html") : path;
  auto it = files_.find(key);
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  HttpResponse r;
  r.content_type = f.content_type;
  AddSecurityHeaders(&r);
  // Revalidated on each use (cheap with the ETag), so that an upgraded cordon is never served
  // with an old bundle from the browser's cache.
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("ETag", f.etag);
  auto inm = request.headers.find("if-none-match");
  if (inm != request.headers.end() && inm->second == f.etag) {
    r.status = 304;
    return r;
  }
  if (request.method == "GET") r.body = f.body;
  return r;
}

}  // namespace cordon::service
