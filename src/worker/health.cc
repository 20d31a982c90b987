#include "worker/health.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "core/strcat.h"
#include "service/config.h"

namespace cordon::worker {
namespace {

// A probe's request is a few hundred bytes; anything longer or slower is dropped.
constexpr size_t kMaxRequestBytes = 8192;
constexpr int kReadTimeoutMs = 2000;

std::string Response(int status, std::string_view reason, std::string_view type,
                     std::string_view body) {
  return StrCat("HTTP/1.1 ", status, " ", reason, "\r\nContent-Type: ", type,
                "\r\nContent-Length: ", body.size(), "\r\nConnection: close\r\n\r\n", body);
}

}  // namespace

absl::StatusOr<std::unique_ptr<HealthServer>> HealthServer::Start(const std::string& listen,
                                                                  const Worker* worker,
                                                                  service::Api* api) {
  std::string host;
  uint16_t port = 0;
  if (absl::Status s = service::ParseListen(listen, &host, &port); !s.ok()) {
    return absl::InvalidArgumentError(StrCat("--listen: ", std::string(s.message())));
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* ai = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &ai) != 0 || ai == nullptr) {
    return absl::InvalidArgumentError(StrCat("--listen: cannot resolve ", host));
  }
  std::unique_ptr<HealthServer> h(new HealthServer());
  h->worker_ = worker;
  h->api_ = api;
  h->fd_ = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(h->fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  const bool ok =
      h->fd_ >= 0 && bind(h->fd_, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(h->fd_, 16) == 0;
  freeaddrinfo(ai);
  if (!ok) {
    return absl::UnavailableError(StrCat("--listen ", listen, ": ", std::strerror(errno)));
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  getsockname(h->fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  h->port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                               : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  h->thread_ = std::thread([p = h.get()] { p->Serve(); });
  return h;
}

HealthServer::~HealthServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
}

void HealthServer::Serve() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    const int c = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    Answer(c);
    close(c);
  }
}

void HealthServer::Answer(int fd) {
  std::string req;
  char buf[1024];
  while (req.find("\r\n\r\n") == std::string::npos && req.size() < kMaxRequestBytes) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, kReadTimeoutMs) <= 0) return;
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0) return;
    req.append(buf, static_cast<size_t>(n));
  }
  const size_t sp1 = req.find(' ');
  const size_t sp2 = sp1 == std::string::npos ? sp1 : req.find(' ', sp1 + 1);
  const std::string method = req.substr(0, sp1);
  const std::string path = sp2 == std::string::npos ? "" : req.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string out;
  if (method != "GET") {
    out = Response(405, "Method Not Allowed", "text/plain", "GET only\n");
  } else if (const std::string stale = worker_->ListsStale();
             !stale.empty() && (path == "/healthz" || path == "/readyz")) {
    // Lists past --max-list-age: the worker screens nothing, and says so to both probes.
    out = Response(503, "Service Unavailable", "text/plain", stale + "\n");
  } else if (path == "/healthz") {
    out = Response(200, "OK", "text/plain", "ok\n");
  } else if (path == "/readyz") {
    const bool ready = worker_->connected() && api_->ready();
    out = ready ? Response(200, "OK", "text/plain", "ready\n")
                : Response(503, "Service Unavailable", "text/plain",
                           worker_->connected() ? "lists not loaded\n" : "not connected to NATS\n");
  } else if (path == "/metrics") {
    service::HttpRequest m;
    m.method = "GET";
    m.target = "/metrics";
    const service::HttpResponse api_metrics = api_->Handle(m);
    out = Response(200, "OK", "text/plain; version=0.0.4",
                   worker_->Metrics() + (api_metrics.status == 200 ? api_metrics.body : ""));
  } else {
    out = Response(404, "Not Found", "text/plain", "no such endpoint\n");
  }
  size_t off = 0;
  while (off < out.size()) {
    const ssize_t n = write(fd, out.data() + off, out.size() - off);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

}  // namespace cordon::worker
