// `cordon serve --nats` (issue 14): POST /v1/screen/batch and /v1/messages handed to a real
// `cordon worker` through a real JetStream nats-server on loopback, answered as in process; a bad
// batch refused in process without reaching the workers; 503 with the cause when no worker
// answers in time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nats/nats.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.h"
#include "stream_count.h"
#include "testing/nats_server.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using testing::ChildProcess;
using ::testing::HasSubstr;
using testing::NatsServer;

const std::string kUn = CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml";

struct Reply {
  int status = 0;
  std::string body;
};

// One HTTP/1.1 request to 127.0.0.1:port, Connection: close.
Reply Http(int port, const std::string& method, const std::string& path,
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

TEST(ServeNatsTest, BatchesAndMessagesGoToTheWorkers) {
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("serve_nats");
  auto worker = std::make_unique<ChildProcess>(
      std::vector<std::string>{CORDON_BIN, "worker", "--nats", nats.url(), "--lists", kUn, "--name",
                               "w1"},
      dir + "/w1.log");
  const int port = testing::FreeLoopbackPort();
  ChildProcess serve({CORDON_BIN, "serve", "--nats", nats.url(), "--nats-timeout", "5", "--lists",
                      kUn, "--no-auth", "--listen", "127.0.0.1:" + std::to_string(port)},
                     dir + "/serve.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (Http(port, "GET", "/readyz").status != 200 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_EQ(Http(port, "GET", "/readyz").status, 200) << ReadFileBytes(dir + "/serve.log");

  // A batch: each party through a worker, answered in input order as in process.
  const Reply batch = Http(port, "POST", "/v1/screen/batch?limit=3",
                           R"({"queries": [{"name": "Saddam Hussein Al-Tikriti"},)"
                           R"( {"id": "c-2", "name": "Maria Schmidt"},)"
                           R"( {"id": "c-3", "name": "Sanaullah Ghafari"}]})");
  ASSERT_EQ(batch.status, 200) << batch.body << ReadFileBytes(dir + "/serve.log")
                               << ReadFileBytes(dir + "/w1.log");
  const json b = json::parse(batch.body);
  ASSERT_EQ(b["results"].size(), 3u) << batch.body;
  EXPECT_EQ(b["generation"], 1);
  const CliResult screen =
      RunCordon({"screen", "--lists", kUn, "--limit", "3", "Saddam Hussein Al-Tikriti",
                 "Maria Schmidt", "Sanaullah Ghafari"});
  ASSERT_EQ(screen.exit_code, 0) << screen.err;
  const std::vector<json> expected = JsonLines(screen.out);
  ASSERT_EQ(expected.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(b["results"][i]["hits"], expected[i]["hits"]) << i;
  EXPECT_EQ(b["results"][0]["id"], "1");
  EXPECT_EQ(b["results"][1]["id"], "c-2");
  EXPECT_EQ(b["results"][2]["hits"][0]["entity_id"], "un:QDi.431");
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), 3u);  // they did go through the workers

  // A message: the worker's /v1/messages answer.
  const std::string mt =
      ReadFileBytes(CORDON_TESTDATA_DIR "/messages/injected/mt110_listed_payee.fin");
  const Reply message = Http(port, "POST", "/v1/messages", mt);
  ASSERT_EQ(message.status, 200) << message.body;
  const json m = json::parse(message.body);
  EXPECT_EQ(m["decision"], "hold") << message.body;
  EXPECT_THAT(message.body, HasSubstr("un:QDi.431"));
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), 4u);

  // A bad batch is refused here, as in process; nothing goes to the workers.
  const Reply bad = Http(port, "POST", "/v1/screen/batch", R"({"queries": [{"id": "x"}]})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("queries[0].name"));
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), 4u);

  // No worker: 503 with the cause, after the 5 s deadline.
  worker->Signal(SIGTERM);
  EXPECT_EQ(worker->Wait(60000), 0);
  const Reply none =
      Http(port, "POST", "/v1/screen/batch", R"({"queries": [{"name": "Maria Schmidt"}]})");
  EXPECT_EQ(none.status, 503) << none.body;
  EXPECT_THAT(none.body, HasSubstr("no worker answered 1 of 1 request(s) within 5 s"));
  EXPECT_THAT(none.body, HasSubstr("\"unavailable\""));
  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.Wait(60000), 0);
}

}  // namespace
}  // namespace cordon::e2e
