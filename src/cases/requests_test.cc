// Requests screened outside the stored subjects (`cordon worker --db`): each recorded exactly once
// by its key, on both backends, with the real UN list; several connections recording the same
// requests at once (redeliveries racing the first delivery) raise one alert per request.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "cases/backend_fixture_test.h"
#include "cordon/sources.h"
#include "engine/json.h"

namespace cordon::cases {
namespace {

const std::string kUn = std::string(CORDON_DATA_DIR) + "/lists/un";

const Screener& Un() {
  static const Screener* un = [] {
    auto s = OpenScreener({kUn});
    return s.ok() ? s->release() : nullptr;
  }();
  return *un;
}

// What a worker records for a party it screened.
RequestRecord Record(const std::string& key, const std::string& id, const std::string& name) {
  RequestRecord r{.request_key = key,
                  .source = "nats",
                  .actor = "worker:test",
                  .subject_id = id,
                  .subject_data = nlohmann::json{{"id", id}, {"name", name}}.dump(),
                  .lists = &Un().lists(),
                  .engine_version = "test"};
  ScreenQuery q;
  q.name = name;
  for (const Hit& h : Un().Screen(q)) {
    r.hits.push_back({.entity_id = h.entity_id,
                      .list = h.list,
                      .entity_name = h.name,
                      .matched_name = h.matched_name,
                      .score = h.score,
                      .hit = engine::HitToJson(h).dump(),
                      .entity_hash = h.entity ? EntityContentHash(*h.entity) : "",
                      .normalizer_version = h.explanation.normalizer_version});
  }
  return r;
}

class RequestsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(Un().lists().size() == 1) << "the UN list did not load";
    ASSERT_TRUE(store_->AddUser("", "admin", Role::kAdmin).ok());
    ASSERT_TRUE(store_->AddUser("admin", "ana", Role::kAnalyst).ok());
  }
  size_t Alerts(const std::string& status = "") {
    auto n = store_->CountAlerts({.status = status});
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : 0;
  }
};

TEST_P(RequestsTest, ARequestIsRecordedOnceByItsKey) {
  const RequestRecord r = Record("nats:req-1", "p-1", "Sanaullah Ghafari");
  ASSERT_FALSE(r.hits.empty());
  auto first = store_->RecordRequest(r);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->alerts_created, r.hits.size());
  ASSERT_EQ(first->alert_ids.size(), r.hits.size());
  auto alert = store_->GetAlert(first->alert_ids[0]);
  ASSERT_TRUE(alert.ok()) << alert.status();
  EXPECT_EQ(alert->subject_id, "p-1");
  EXPECT_EQ(alert->entity_id, "un:QDi.431");
  EXPECT_EQ(alert->request_key, "nats:req-1");
  EXPECT_EQ(alert->run_id, 0);
  EXPECT_EQ(alert->subject_data, R"({"id":"p-1","name":"Sanaullah Ghafari"})");
  EXPECT_EQ(nlohmann::json::parse(alert->lists)[0]["content_hash"],
            Un().lists()[0].version.content_hash);
  auto history = store_->AlertHistory(alert->alert_id);
  ASSERT_TRUE(history.ok() && history->size() == 1u);
  EXPECT_EQ((*history)[0].reason, "request nats:req-1");

  // The same request again (a redelivery): nothing changes, the first alerts are named.
  auto again = store_->RecordRequest(r);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->alerts_created, 0u);
  EXPECT_EQ(again->alert_ids, first->alert_ids);
  EXPECT_EQ(Alerts(), r.hits.size());

  // Another request for the same party: the pair's alert is open, no second one.
  auto other = store_->RecordRequest(Record("nats:req-2", "p-1", "Sanaullah Ghafari"));
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_FALSE(other->duplicate);
  EXPECT_EQ(other->alerts_created, 0u);
  EXPECT_EQ(other->already_open, r.hits.size());

  // Closed as a false positive, the pair is on the good-guy list: a third request is suppressed.
  for (int64_t id : first->alert_ids) {
    auto d = store_->Decide({.alert_id = id,
                             .decision = AlertDecision::kFalsePositive,
                             .reason = "another date of birth",
                             .user = "ana"});
    ASSERT_TRUE(d.ok()) << d.status();
  }
  auto third = store_->RecordRequest(Record("nats:req-3", "p-1", "Sanaullah Ghafari"));
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->suppressed, r.hits.size());
  EXPECT_EQ(Alerts("active"), 0u);

  // Bad records are refused, and nothing is recorded for them.
  RequestRecord bad = r;
  bad.request_key = "";
  EXPECT_EQ(store_->RecordRequest(bad).status().code(), absl::StatusCode::kInvalidArgument);
  bad = r;
  bad.request_key = "nats:req-4";
  bad.subject_data = "{not json";
  EXPECT_EQ(store_->RecordRequest(bad).status().code(), absl::StatusCode::kInvalidArgument);
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->ok) << v->reason;
}

TEST_P(RequestsTest, ConnectionsRecordingTheSameRequestsAtOnceRaiseOneAlertEach) {
  // 30 requests, each a listed name for its own party; four connections record all of them, each
  // in its own order, at the same time.
  const std::vector<std::string> names = {"Sanaullah Ghafari", "Saddam Hussein Al-Tikriti",
                                          "Islamic State Khorasan"};
  std::vector<RequestRecord> records;
  records.reserve(30);
  size_t expected = 0;
  for (int i = 0; i < 30; ++i) {
    records.push_back(
        Record("nats:r" + std::to_string(i), "p" + std::to_string(i), names[i % names.size()]));
    ASSERT_FALSE(records.back().hits.empty()) << names[i % names.size()];
    expected += records.back().hits.size();
  }
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::atomic<int> failures{0}, created{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto store = CaseStore::Open(url_);
      if (!store.ok()) {
        ++failures;
        return;
      }
      std::vector<size_t> order(records.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), std::mt19937(t));
      for (size_t i : order) {
        auto r = (*store)->RecordRequest(records[i]);
        if (!r.ok()) {
          ADD_FAILURE() << r.status();
          ++failures;
        } else {
          created += static_cast<int>(r->alerts_created);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(static_cast<size_t>(created), expected);
  EXPECT_EQ(Alerts(), expected);
  for (const RequestRecord& r : records) {
    auto a = store_->CountAlerts({.subject_id = r.subject_id});
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(*a, r.hits.size()) << r.request_key;
  }
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->ok) << v->reason;
}

CORDON_BACKENDS(RequestsTest);

}  // namespace
}  // namespace cordon::cases
