// What the tests that drive `cordon worker` (and `cordon serve --nats`) share: a worker process
// started on a real nats-server, requests published as a producer does, one HTTP request to a
// process's loopback port (its health, metrics or API), a Prometheus sample read from /metrics,
// and waiting for a worker to start.
//
//   auto w = StartWorker(nats.url(), "w1", {"--lists", kUnList, "--listen", "127.0.0.1:9464"},
//                        dir + "/w1.log");
//   WaitFor([&] { return HttpGet(9464, "/readyz").status == 200; }, std::chrono::seconds(90));
//   double acks = Metric(HttpGet(9464, "/metrics").body, "cordon_worker_acks_total");
#ifndef CORDON_TESTS_WORKER_PROCESS_H_
#define CORDON_TESTS_WORKER_PROCESS_H_

#include <nats/nats.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli_runner.h"
#include "testing/nats_server.h"

namespace cordon::e2e {

// The UN list as published on 2026-02-27 (../shared/data): what the workers of these tests screen
// against.
inline const std::string kUnList = CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml";

struct HttpReply {
  int status = 0;  // 0: unreachable, or no HTTP answer
  std::string body;
};

// One HTTP/1.1 request to 127.0.0.1:port (Connection: close).
inline HttpReply Http(int port, const std::string& method, const std::string& path,
                      const std::string& body = "") {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0) {
    const std::string req = method + " " + path +
                            " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
                            "application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body;
    if (write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size())) {
      char buf[16384];
      ssize_t n;
      while ((n = read(fd, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  const size_t end = out.find("\r\n\r\n");
  if (out.size() < 12 || end == std::string::npos) return {};
  return {std::atoi(out.substr(9, 3).c_str()), out.substr(end + 4)};
}

inline HttpReply HttpGet(int port, const std::string& path) { return Http(port, "GET", path); }

// The value of the Prometheus sample `name` ("cordon_worker_acks_total", or with its labels:
// "cordon_worker_stage_seconds_count{stage=\"store\"}") in a /metrics text; -1 when absent.
inline double Metric(const std::string& text, const std::string& name) {
  const size_t p = ("\n" + text).find("\n" + name + " ");
  return p == std::string::npos ? -1 : std::stod(text.substr(p + name.size() + 1));
}

// `cordon worker --nats URL --name NAME FLAGS...`, its stdout and stderr appended to `log`.
inline std::unique_ptr<testing::ChildProcess> StartWorker(const std::string& nats_url,
                                                          const std::string& name,
                                                          const std::vector<std::string>& flags,
                                                          const std::string& log) {
  std::vector<std::string> argv = {CORDON_BIN, "worker", "--nats", nats_url, "--name", name};
  argv.insert(argv.end(), flags.begin(), flags.end());
  return std::make_unique<testing::ChildProcess>(argv, log);
}

// Publishes requests as a producer does: each body on `subject` ("cordon.screen.party" or
// "cordon.screen.message") with its request id (Nats-Msg-Id) and results subject (Cordon-Reply),
// once a worker has made the streams (waits up to a minute). "" when all were stored, else what
// failed.
inline std::string PublishRequests(const std::string& url, const std::string& subject,
                                   const std::vector<std::pair<std::string, std::string>>& requests,
                                   const std::string& reply) {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  std::string error;
  if (natsConnection_ConnectTo(&nc, url.c_str()) != NATS_OK ||
      natsConnection_JetStream(&js, nc, nullptr) != NATS_OK) {
    error = "cannot connect to " + url;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  jsStreamInfo* si = nullptr;
  while (error.empty() &&
         js_GetStreamInfo(&si, js, "CORDON_REQUESTS", nullptr, nullptr) != NATS_OK) {
    if (std::chrono::steady_clock::now() > deadline) error = "no worker made the streams";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (si != nullptr) jsStreamInfo_Destroy(si);
  for (size_t i = 0; error.empty() && i < requests.size(); ++i) {
    const auto& [id, body] = requests[i];
    natsMsg* m = nullptr;
    if (natsMsg_Create(&m, subject.c_str(), nullptr, body.data(), static_cast<int>(body.size())) !=
        NATS_OK) {
      error = "cannot make the message of " + id;
      break;
    }
    natsMsgHeader_Set(m, "Nats-Msg-Id", id.c_str());
    natsMsgHeader_Set(m, "Cordon-Reply", reply.c_str());
    if (js_PublishMsg(nullptr, js, m, nullptr, nullptr) != NATS_OK) error = "publish of " + id;
    natsMsg_Destroy(m);
  }
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  return error;
}

// Polls `done` every `every` until it is true (true) or `timeout` has passed (false).
inline bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                    std::chrono::milliseconds every = std::chrono::milliseconds(100)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(every);
  }
  return true;
}

// Waits until the worker logging to `log` has started consuming after byte `from` of its log (a
// worker started again appends to the same log): from then on it drains at SIGTERM and exits 0,
// which one started just now, before it handles signals, would not. False after `timeout`.
inline bool WaitConsuming(const std::string& log, size_t from = 0,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  return WaitFor(
      [&] {
        return ReadFileBytes(log).find("cordon worker: consuming", from) != std::string::npos;
      },
      timeout);
}

}  // namespace cordon::e2e

#endif  // CORDON_TESTS_WORKER_PROCESS_H_
