// A decision and an import on PostgreSQL across a server crash that ends their transaction half
// way (pg_ctl stop -m immediate, then start): each is made again whole on a fresh connection and
// saved once; and across a server that stays down: a clear "not applied" after the bounded wait,
// nothing half written. The crash is made to land inside the transaction: another session holds a
// row lock the transaction needs (the alert's, a subject's) until the server is stopped.
#include <gtest/gtest.h>

#include "cases/pg_fault_fixture_test.h"

namespace cordon::cases {
namespace {

using StopMode = cordon::testing::PgCluster::StopMode;

class WriteRestartTest : public PgFaultTest {
 protected:
  // The alert's decisions of this kind in its history.
  size_t Events(int64_t alert_id, const std::string& action) {
    auto history = store_->AlertHistory(alert_id);
    EXPECT_TRUE(history.ok()) << history.status();
    size_t n = 0;
    for (const AlertEvent& e : history.ok() ? *history : std::vector<AlertEvent>{}) {
      n += e.action == action;
    }
    return n;
  }
  std::unique_ptr<Db> HoldAlert(int64_t alert_id) {
    return HoldLock("SELECT alert_id FROM alerts WHERE alert_id = ? FOR UPDATE", {alert_id});
  }
};

TEST_F(WriteRestartTest, DecisionIsMadeOnceAcrossAServerCrashInsideIt) {
  std::vector<Alert> alerts = ScreenAll();
  ASSERT_FALSE(alerts.empty());
  const int64_t id = alerts[0].alert_id;
  auto holder = HoldAlert(id);
  ASSERT_NE(holder, nullptr);
  absl::StatusOr<Alert> decided = absl::UnknownError("not run");
  std::thread t([&] {
    decided = store_->Decide({.alert_id = id,
                              .decision = AlertDecision::kFalsePositive,
                              .reason = "another person: born 1990 in Lahore",
                              .user = "ana",
                              .db_wait_ms = 30000});
  });
  const bool blocked = WaitForLockWaiter();
  const bool stopped = pg_->Stop(StopMode::kImmediate);
  const bool started = pg_->Start();
  t.join();
  holder.reset();
  ASSERT_TRUE(blocked) << "the decision never waited on the locked alert";
  ASSERT_TRUE(stopped && started) << "pg_ctl failed";
  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decided->status, AlertStatus::kFalsePositive);
  EXPECT_EQ(decided->decided_by, "ana");
  EXPECT_EQ(Events(id, "false_positive"), 1u);
  auto good_guys = store_->ListSuppressions(true);
  ASSERT_TRUE(good_guys.ok()) << good_guys.status();
  ASSERT_EQ(good_guys->size(), 1u);
  EXPECT_EQ((*good_guys)[0].alert_id, id);
  EXPECT_EQ(AuditOf("false_positive").size(), 1u);
  EXPECT_EQ(AuditOf("suppress").size(), 1u);
  ExpectChainVerifies();
}

TEST_F(WriteRestartTest, DecisionOnAServerThatStaysDownIsNotAppliedAndSaysSo) {
  std::vector<Alert> alerts = ScreenAll();
  ASSERT_FALSE(alerts.empty());
  const int64_t id = alerts[0].alert_id;
  auto holder = HoldAlert(id);
  ASSERT_NE(holder, nullptr);
  absl::StatusOr<Alert> decided = absl::UnknownError("not run");
  std::thread t([&] {
    decided = store_->Decide({.alert_id = id,
                              .decision = AlertDecision::kTrueMatch,
                              .reason = "same person: passport matches",
                              .user = "ana",
                              .db_wait_ms = 1000});
  });
  const bool blocked = WaitForLockWaiter();
  const bool stopped = pg_->Stop(StopMode::kImmediate);
  t.join();
  holder.reset();
  const bool started = pg_->Start();
  ASSERT_TRUE(blocked) << "the decision never waited on the locked alert";
  ASSERT_TRUE(stopped && started) << "pg_ctl failed";
  ASSERT_FALSE(decided.ok());
  EXPECT_EQ(decided.status().code(), absl::StatusCode::kUnavailable) << decided.status();
  const std::string msg(decided.status().message());
  EXPECT_NE(
      msg.find("stayed unavailable for 1 s while saving the decision on alert " +
               std::to_string(id) + " (nothing of it was saved; it was not applied: decide again)"),
      std::string::npos)
      << msg;
  EXPECT_NE(msg.find("postgresql: cannot connect"), std::string::npos) << msg;
  // Nothing half written: the alert is as it was, with no decision, no good-guy entry, and the
  // same decision made now is applied once.
  auto a = store_->GetAlert(id);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status, AlertStatus::kOpen);
  EXPECT_EQ(Events(id, "true_match"), 0u);
  EXPECT_TRUE(AuditOf("true_match").empty());
  ExpectChainVerifies();
  auto again = store_->Decide({.alert_id = id,
                               .decision = AlertDecision::kTrueMatch,
                               .reason = "same person: passport matches",
                               .user = "ana"});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->status, AlertStatus::kTrueMatch);
  EXPECT_EQ(Events(id, "true_match"), 1u);
  ExpectChainVerifies();
}

TEST_F(WriteRestartTest, ImportIsSavedOnceAcrossAServerCrashInsideIt) {
  // Subject 5 changed, one new subject; the crash comes while the import waits on subject 5.
  std::string text =
      test_support::ReadTestFile(std::string(CORDON_DATA_DIR) + "/samples/names.jsonl");
  const std::string was = "{\"id\": \"5\", \"name\": \"Muhammad Khan\"}";
  ASSERT_NE(text.find(was), std::string::npos);
  text.replace(text.find(was), was.size(),
               "{\"id\": \"5\", \"name\": \"Muhammad Khan\", \"birth_date\": \"1971\"}");
  text += "{\"id\": \"7\", \"name\": \"Anna Weber\"}\n";
  auto holder = HoldLock("SELECT id FROM subjects WHERE id = ? FOR UPDATE", {std::string("5")});
  ASSERT_NE(holder, nullptr);
  absl::StatusOr<ImportResult> imported = absl::UnknownError("not run");
  std::thread t([&] { imported = store_->ImportSubjects("ana", "update.jsonl", text, 30000); });
  const bool blocked = WaitForLockWaiter();
  const bool stopped = pg_->Stop(StopMode::kImmediate);
  const bool started = pg_->Start();
  t.join();
  holder.reset();
  ASSERT_TRUE(blocked) << "the import never waited on the locked subject";
  ASSERT_TRUE(stopped && started) << "pg_ctl failed";
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->added, 1u);
  EXPECT_EQ(imported->updated, 1u);
  EXPECT_EQ(imported->unchanged, 5u);
  EXPECT_EQ(AuditOf("import", "file:update.jsonl").size(), 1u);
  auto count = store_->CountSubjects();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 7u);
  auto five = store_->GetSubject("5");
  ASSERT_TRUE(five.ok()) << five.status();
  EXPECT_NE(five->data.find("1971"), std::string::npos);
  ExpectChainVerifies();
}

}  // namespace
}  // namespace cordon::cases
