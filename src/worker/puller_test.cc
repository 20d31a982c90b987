// Tests of worker::Puller, the workers' long-poll pull of the requests stream, against a real
// JetStream nats-server on loopback (testing/nats_server.h): requests are taken as they arrive,
// an idle puller keeps one waiting request at the server (libnats 3.4's fetch piled them up to
// MaxWaiting), what an open request brings after Close goes back at once, and a deleted consumer
// is an error, not a hang.
#include <gtest/gtest.h>
#include <nats/nats.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/strcat.h"
#include "testing/nats_server.h"
#include "worker/jetstream.h"

namespace cordon::worker {
namespace {

using testing::NatsServer;

// Short expiries so that a test sees several of them.
constexpr int64_t kTestExpiresMs = 300;

class PullerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (nats_.missing()) GTEST_SKIP() << nats_.error();
    ASSERT_TRUE(nats_.ok()) << nats_.error();
    absl::StatusOr<std::unique_ptr<Connection>> c = Connection::Open(nats_.url(), "puller_test");
    ASSERT_TRUE(c.ok()) << c.status();
    conn_ = std::move(*c);
    absl::StatusOr<jsCtx*> js = conn_->NewJetStream(nullptr);
    ASSERT_TRUE(js.ok()) << js.status();
    js_ = *js;
    ASSERT_TRUE(EnsureStreams(js_, StreamOptions{}).ok());
    ASSERT_TRUE(EnsureConsumer(js_, ConsumerOptions{}, StreamOptions{}).ok());
  }
  void TearDown() override {
    if (js_ != nullptr) jsCtx_Destroy(js_);
  }

  std::unique_ptr<Puller> Open(int batch) {
    absl::StatusOr<std::unique_ptr<Puller>> p =
        Puller::Open(conn_->nc(), kRequestsStream, kConsumer, batch, kTestExpiresMs);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? std::move(*p) : nullptr;
  }

  void PublishParty(const std::string& id) {
    natsMsg* m = nullptr;
    const std::string body = StrCat("{\"id\":\"", id, "\",\"name\":\"A Person\"}");
    ASSERT_EQ(
        natsMsg_Create(&m, kPartySubject, nullptr, body.data(), static_cast<int>(body.size())),
        NATS_OK);
    natsMsgHeader_Set(m, kMsgIdHeader, id.c_str());
    ASSERT_EQ(js_PublishMsg(nullptr, js_, m, nullptr, nullptr), NATS_OK);
    natsMsg_Destroy(m);
  }

  // The consumer's waiting pull requests and requests delivered but not acknowledged.
  std::pair<int64_t, int64_t> WaitingAndAckPending() {
    jsConsumerInfo* ci = nullptr;
    if (js_GetConsumerInfo(&ci, js_, kRequestsStream, kConsumer, nullptr, nullptr) != NATS_OK) {
      return {-1, -1};
    }
    std::pair<int64_t, int64_t> r{ci->NumWaiting, ci->NumAckPending};
    jsConsumerInfo_Destroy(ci);
    return r;
  }

  // Calls Next until `n` messages came or `ms` passed; the messages' ids and deliveries.
  static std::vector<std::pair<std::string, uint64_t>> Take(Puller* p, size_t n, int64_t ms,
                                                            bool ack) {
    std::vector<std::pair<std::string, uint64_t>> got;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (got.size() < n && std::chrono::steady_clock::now() < until) {
      std::vector<natsMsg*> msgs;
      (void)p->Next(100, 8, &msgs);
      for (natsMsg* m : msgs) {
        jsMsgMetaData* meta = nullptr;
        uint64_t delivered = 0;
        if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
          delivered = meta->NumDelivered;
          jsMsgMetaData_Destroy(meta);
        }
        got.emplace_back(HeaderOf(m, kMsgIdHeader), delivered);
        if (ack) p->Ack(m);
        natsMsg_Destroy(m);
      }
    }
    return got;
  }

  NatsServer nats_;
  std::unique_ptr<Connection> conn_;
  jsCtx* js_ = nullptr;
};

TEST_F(PullerTest, TakesRequestsAsTheyArriveAndAcknowledgesThem) {
  std::unique_ptr<Puller> p = Open(8);
  ASSERT_NE(p, nullptr);
  // Nothing yet: a wait ends empty and without error.
  std::vector<natsMsg*> none;
  EXPECT_TRUE(p->Next(50, 8, &none).ok());
  EXPECT_TRUE(none.empty());
  for (int i = 1; i <= 20; ++i) PublishParty(StrCat("r", i));
  const auto got = Take(p.get(), 20, 10000, /*ack=*/true);
  ASSERT_EQ(got.size(), 20u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, StrCat("r", i + 1));  // in stream order
    EXPECT_EQ(got[i].second, 1u);
  }
  // The acknowledgements reached the server: nothing is pending (work-queue stream: deleted).
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (WaitingAndAckPending().second != 0 && std::chrono::steady_clock::now() < until) {
    natsConnection_Flush(conn_->nc());
  }
  EXPECT_EQ(WaitingAndAckPending().second, 0);
}

TEST_F(PullerTest, KeepAliveRunsBesideTheLane) {
  // The worker's keep-alive thread calls KeepAlive while the lane pulls, acks and naks (and the
  // client's thread delivers): every request is still taken once and settled once.
  std::unique_ptr<Puller> p = Open(8);
  ASSERT_NE(p, nullptr);
  std::atomic<bool> done{false};
  std::thread keep_alive([&] {
    while (!done.load()) {
      p->KeepAlive();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  for (int i = 1; i <= 200; ++i) PublishParty(StrCat("k", i));
  const auto got = Take(p.get(), 200, 20000, /*ack=*/true);
  done = true;
  keep_alive.join();
  ASSERT_EQ(got.size(), 200u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, StrCat("k", i + 1));
    EXPECT_EQ(got[i].second, 1u);
  }
}

TEST_F(PullerTest, ARequestThatLooksLikeAStatusIsStillARequest) {
  // Empty, with the header the server's statuses carry: a producer's request all the same, to
  // be screened or dead-lettered by the worker, never dropped unacknowledged.
  natsMsg* m = nullptr;
  ASSERT_EQ(natsMsg_Create(&m, kPartySubject, nullptr, nullptr, 0), NATS_OK);
  natsMsgHeader_Set(m, kMsgIdHeader, "looks-like-408");
  natsMsgHeader_Set(m, "Status", "408");
  natsMsgHeader_Set(m, "Description", "Request Timeout");
  ASSERT_EQ(js_PublishMsg(nullptr, js_, m, nullptr, nullptr), NATS_OK);
  natsMsg_Destroy(m);
  std::unique_ptr<Puller> p = Open(8);
  ASSERT_NE(p, nullptr);
  const auto got = Take(p.get(), 1, 5000, /*ack=*/true);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].first, "looks-like-408");
}

TEST_F(PullerTest, AnIdlePullerKeepsOneRequestWaiting) {
  std::unique_ptr<Puller> p = Open(8);
  ASSERT_NE(p, nullptr);
  // Ten expiries' worth of idling, in waits shorter and longer than an expiry.
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(10 * kTestExpiresMs);
  int waits = 0;
  while (std::chrono::steady_clock::now() < until) {
    std::vector<natsMsg*> msgs;
    EXPECT_TRUE(p->Next(waits++ % 2 == 0 ? 40 : 700, 8, &msgs).ok());
    EXPECT_TRUE(msgs.empty());
  }
  // At most the open request waits at the server (the fetch of libnats 3.4 left one more per
  // expiry, up to the consumer's 512).
  EXPECT_LE(WaitingAndAckPending().first, 1);
  // And it is open: a request published now is taken by the next call.
  PublishParty("late");
  const auto got = Take(p.get(), 1, 5000, /*ack=*/true);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].first, "late");
}

TEST_F(PullerTest, CloseHandsBackWhatTheOpenRequestBrings) {
  std::unique_ptr<Puller> a = Open(8);
  ASSERT_NE(a, nullptr);
  // A's request is open at the server; the two requests published now are delivered to it while
  // nobody reads them, as to a worker told to stop.
  std::vector<natsMsg*> none;
  ASSERT_TRUE(a->Next(20, 8, &none).ok());
  ASSERT_TRUE(none.empty());
  PublishParty("x1");
  PublishParty("x2");
  natsConnection_Flush(conn_->nc());
  a->Close();
  // Another puller gets them again long before the 30 s ack wait would have passed.
  std::unique_ptr<Puller> b = Open(8);
  const auto got = Take(b.get(), 2, 10000, /*ack=*/true);
  ASSERT_EQ(got.size(), 2u);
  for (const auto& [id, delivered] : got) EXPECT_EQ(delivered, 2u) << id;
}

TEST_F(PullerTest, ADeletedConsumerIsAnError) {
  std::unique_ptr<Puller> p = Open(8);
  ASSERT_NE(p, nullptr);
  std::vector<natsMsg*> none;
  ASSERT_TRUE(p->Next(20, 8, &none).ok());
  ASSERT_EQ(js_DeleteConsumer(js_, kRequestsStream, kConsumer, nullptr, nullptr), NATS_OK);
  // The open request is ended by the server (409 Consumer Deleted) or goes unanswered; either
  // way Next says so within an expiry and a second.
  absl::Status s = absl::OkStatus();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (s.ok() && std::chrono::steady_clock::now() < until) s = p->Next(100, 8, &none);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace cordon::worker
