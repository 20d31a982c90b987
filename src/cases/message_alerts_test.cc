// Message hits as alerts (RecordMessages), on both backends: a real CBPR+ pacs.008 whose creditor
// is a listed name (testdata/messages/injected/pacs.008_listed_creditor.xml), the bundled UN list.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cases/backend_fixture_test.h"
#include "cases/store_impl.h"
#include "cordon/inspect.h"
#include "cordon/sources.h"
#include "core/sha256.h"
#include "testing/files.h"

namespace cordon::cases {
namespace {

using nlohmann::json;

const std::string kPacs008 =
    std::string(CORDON_TESTDATA_DIR) + "/messages/injected/pacs.008_listed_creditor.xml";

const Screener& Un() {
  static const Screener* un = [] {
    auto s = OpenScreener({std::string(CORDON_DATA_DIR) + "/lists/un"});
    return s.ok() ? s->release() : nullptr;
  }();
  return *un;
}

// One input (a file's or a request's bytes) parsed and inspected, ready to record.
struct Screened {
  std::string bytes;
  ParsedMessages parsed;
  std::vector<MessageResult> results;
  std::vector<MessageScreening> held;
};

std::unique_ptr<Screened> ScreenBytes(std::string bytes) {
  auto s = std::make_unique<Screened>();
  s->bytes = std::move(bytes);
  auto parsed = ParseMessages("pacs.008.xml", s->bytes);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  if (!parsed.ok()) return s;
  s->parsed = std::move(*parsed);
  const MessageInspector inspector(&Un(), {});
  s->results.resize(s->parsed.messages.size());
  for (size_t i = 0; i < s->parsed.messages.size(); ++i) {
    EXPECT_TRUE(s->parsed.messages[i].ok());
    s->results[i] = inspector.Inspect(*s->parsed.messages[i]);
    if (!s->results[i].hits.empty()) {
      s->held.push_back({&*s->parsed.messages[i], &s->results[i], i, "pacs.008.xml",
                         "sha256:" + Sha256Hex(s->bytes)});
    }
  }
  return s;
}

// The pacs.008 with its creditor's name and its message id replaced.
std::string Pacs008(const std::string& creditor, const std::string& msg_id) {
  std::string x = test_support::ReadTestFile(kPacs008);
  auto replace = [&](const std::string& from, const std::string& to) {
    const size_t p = x.find(from);
    EXPECT_NE(p, std::string::npos) << from;
    if (p != std::string::npos) x.replace(p, from.size(), to);
  };
  replace("<Nm>SANAULLAH GHAFARI</Nm>", "<Nm>" + creditor + "</Nm>");
  replace("<MsgId>pacs8bizmsgidr01</MsgId>", "<MsgId>" + msg_id + "</MsgId>");
  return x;
}

class MessageAlertsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(store_->AddUser("", "admin", Role::kAdmin).ok());
    ASSERT_TRUE(store_->AddUser("admin", "ana", Role::kAnalyst).ok());
  }

  MessageRunResult Record(const Screened& s) {
    auto r = store_->RecordMessages("gateway", Un().lists(),
                                    {.engine_version = "test", .source = "pacs.008.xml"}, s.held);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : MessageRunResult{};
  }

  std::vector<Alert> MessageAlerts() {
    auto a = store_->ListAlerts({.kind = "message", .sort = "id", .limit = 100});
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? *a : std::vector<Alert>{};
  }
};

TEST_P(MessageAlertsTest, HeldPaymentBecomesAnAlertOnceWithItsReferences) {
  const auto s = ScreenBytes(test_support::ReadTestFile(kPacs008));
  ASSERT_EQ(s->held.size(), 1u);
  // The UN list names SANAULLAH GHAFARI once (QDi.431): one hit, on the creditor.
  ASSERT_EQ(s->results[0].hits.size(), 1u);
  const MessageRunResult first = Record(*s);
  EXPECT_EQ(first.run.screened, 1u);
  EXPECT_EQ(first.run.hits, 1u);
  EXPECT_EQ(first.run.alerts_created, 1u);
  ASSERT_EQ(first.messages.size(), 1u);
  ASSERT_EQ(first.messages[0].size(), 1u);
  EXPECT_EQ(first.messages[0][0].outcome, MessageHitOutcome::kCreated);

  const std::vector<Alert> alerts = MessageAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  const Alert& a = alerts[0];
  EXPECT_EQ(a.alert_id, first.messages[0][0].alert_id);
  EXPECT_EQ(a.kind, "message");
  EXPECT_EQ(a.entity_id, "un:QDi.431");
  EXPECT_EQ(a.status, AlertStatus::kOpen);
  EXPECT_EQ(a.subject_id.substr(0, 6), "party:");
  EXPECT_EQ(a.subject_hash, "sha256:" + Sha256Hex(a.subject_data));
  const json party = json::parse(a.subject_data);
  EXPECT_EQ(party["name"], "SANAULLAH GHAFARI");
  EXPECT_EQ(party["address"]["town"], "Helsinki");  // the creditor's PstlAdr, as screened
  const json m = json::parse(a.message);
  EXPECT_EQ(m["type"], "pacs.008.001.12");
  EXPECT_EQ(m["family"], "iso20022");
  EXPECT_EQ(m["reference"], "pacs8bizmsgidr01");
  EXPECT_EQ(m["field_path"], "CdtTrfTxInf[0]/Cdtr/Nm");
  EXPECT_EQ(m["role"], "creditor");
  EXPECT_EQ(m["hit_kind"], "party");
  EXPECT_EQ(m["transaction"]["end_to_end_id"], "pacs008EndToEndId-001");
  EXPECT_EQ(m["transaction"]["uetr"], "8a562c67-ca16-48ba-b074-65581be6f001");
  EXPECT_EQ(m["input_hash"], "sha256:" + Sha256Hex(s->bytes));
  const json hit = json::parse(a.hit);
  EXPECT_EQ(hit["match"]["entity_id"], "un:QDi.431");
  EXPECT_FALSE(hit["match"]["explanation"]["alignment"].empty());
  EXPECT_EQ(json::parse(a.lists)[0]["content_hash"], Un().lists()[0].version.content_hash);
  EXPECT_EQ(a.engine_version, "test");
  EXPECT_EQ(a.normalizer_version.substr(0, 10), "normalize/");

  // The same input again: recorded already, no second alert; the run is in the audit trail.
  const MessageRunResult again = Record(*s);
  EXPECT_EQ(again.run.alerts_created, 0u);
  EXPECT_EQ(again.run.already_recorded, 1u);
  EXPECT_EQ(again.messages[0][0].outcome, MessageHitOutcome::kRecorded);
  EXPECT_EQ(again.messages[0][0].alert_id, a.alert_id);
  EXPECT_EQ(MessageAlerts().size(), 1u);
  // A subject run on the same store leaves message alerts alone (and they it).
  EXPECT_EQ(*store_->CountAlerts({.kind = "subject"}), 0u);
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->ok) << v->reason;
  // users 2, run_start + alert + run, run_start + run.
  EXPECT_EQ(v->checked, 7);
}

TEST_P(MessageAlertsTest, FalsePositiveSuppressesTheSamePartyInTheNextPayment) {
  const auto first = ScreenBytes(test_support::ReadTestFile(kPacs008));
  const MessageRunResult r1 = Record(*first);
  ASSERT_EQ(r1.run.alerts_created, 1u);
  const int64_t id = r1.messages[0][0].alert_id;
  auto d =
      store_->Decide({id, AlertDecision::kFalsePositive, "the creditor is a Helsinki firm", "ana"});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->status, AlertStatus::kFalsePositive);
  auto sup = store_->ListSuppressions(false);
  ASSERT_TRUE(sup.ok());
  ASSERT_EQ(sup->size(), 1u);
  EXPECT_EQ((*sup)[0].subject_id, d->subject_id);

  // The next payment (another message id) to the same creditor: suppressed, no alert.
  const auto next = ScreenBytes(Pacs008("SANAULLAH GHAFARI", "pacs8bizmsgidr02"));
  ASSERT_EQ(next->held.size(), 1u);  // still held by the inspector: the store suppresses
  const MessageRunResult r2 = Record(*next);
  EXPECT_EQ(r2.run.suppressed, 1u);
  EXPECT_EQ(r2.run.alerts_created, 0u);
  EXPECT_EQ(r2.messages[0][0].outcome, MessageHitOutcome::kSuppressed);

  // The creditor written otherwise is other data: it alerts again, showing the decision.
  const auto other = ScreenBytes(Pacs008("Sanaullah Ghafari", "pacs8bizmsgidr03"));
  ASSERT_EQ(other->held.size(), 1u);
  const MessageRunResult r3 = Record(*other);
  ASSERT_EQ(r3.run.alerts_created, 1u);
  auto a3 = store_->GetAlert(r3.messages[0][0].alert_id);
  ASSERT_TRUE(a3.ok());
  EXPECT_NE(a3->subject_id, d->subject_id);
  EXPECT_EQ(json::parse(a3->message)["reference"], "pacs8bizmsgidr03");

  // Revoked: the same party alerts again, with the earlier decision shown.
  ASSERT_TRUE(store_->RevokeSuppression((*sup)[0].suppression_id, "admin", "checked again").ok());
  const MessageRunResult r4 = Record(*next);
  ASSERT_EQ(r4.run.alerts_created, 1u);
  auto a4 = store_->GetAlert(r4.messages[0][0].alert_id);
  ASSERT_TRUE(a4.ok());
  EXPECT_EQ(a4->subject_id, d->subject_id);
  EXPECT_EQ(a4->previous_alert_id, id);
  EXPECT_NE(a4->previous_decision.find("false_positive by ana"), std::string::npos)
      << a4->previous_decision;
  // Two payments to one party may both wait: a second open alert on the same pair.
  const MessageRunResult r5 =
      Record(*ScreenBytes(Pacs008("SANAULLAH GHAFARI", "pacs8bizmsgidr05")));
  EXPECT_EQ(r5.run.alerts_created, 1u);
  EXPECT_EQ(*store_->CountAlerts({.status = "open", .subject_id = d->subject_id}), 2u);
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->ok) << v->reason;
}

// A message request of `cordon worker --db` (MessageRunOptions::request_key): its alerts carry the
// key, and the key is recorded with the alerts of its hits once every message is; the same
// request again (redelivered after its worker died before the acknowledgement) records nothing,
// not even a run, and answers with the alerts made the first time. A request whose messages were
// recorded but not its key (the worker died between) records the key when it comes again.
TEST_P(MessageAlertsTest, RequestKeyRecordsARedeliveredRequestOnce) {
  auto* impl = dynamic_cast<StoreImpl*>(store_.get());
  ASSERT_NE(impl, nullptr);
  auto request_row = [&](const std::string& key) {
    auto rows = impl->db().Query(
        "SELECT alert_ids, hits, subject_hash, source, actor FROM requests WHERE request_key = ?",
        {key});
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::vector<std::string> out;
    if (rows.ok() && !rows->empty()) {
      out = {rows->Text(0, 0), std::to_string(rows->Int(0, 1)), rows->Text(0, 2), rows->Text(0, 3),
             rows->Text(0, 4)};
    }
    return out;
  };
  auto record = [&](const Screened& s, const std::string& key) {
    auto r = store_->RecordMessages(
        "worker:w1", Un().lists(), {.engine_version = "test", .source = "nats", .request_key = key},
        s.held);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : MessageRunResult{};
  };
  const auto s = ScreenBytes(Pacs008("SANAULLAH GHAFARI", "nats-msg-1"));
  ASSERT_EQ(s->held.size(), 1u);
  const MessageRunResult first = record(*s, "nats:r1");
  EXPECT_FALSE(first.duplicate);
  ASSERT_EQ(first.run.alerts_created, 1u);
  const int64_t id = first.messages[0][0].alert_id;
  auto a = store_->GetAlert(id);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->request_key, "nats:r1");
  EXPECT_EQ(a->kind, "message");
  EXPECT_EQ(request_row("nats:r1"),
            (std::vector<std::string>{std::to_string(id), "1", "sha256:" + Sha256Hex(s->bytes),
                                      "nats", "worker:w1"}));
  auto audit = store_->VerifyAudit();
  ASSERT_TRUE(audit.ok()) << audit.status();
  const int64_t records = audit->checked;

  const MessageRunResult again = record(*s, "nats:r1");
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.run.alerts_created, 0u);
  EXPECT_EQ(again.run.already_recorded, 1u);
  EXPECT_EQ(again.run.run_id, first.run.run_id);
  ASSERT_EQ(again.messages.size(), 1u);
  ASSERT_EQ(again.messages[0].size(), 1u);
  EXPECT_EQ(again.messages[0][0].outcome, MessageHitOutcome::kRecorded);
  EXPECT_EQ(again.messages[0][0].alert_id, id);
  audit = store_->VerifyAudit();
  ASSERT_TRUE(audit.ok()) << audit.status();
  EXPECT_TRUE(audit->ok) << audit->reason;
  EXPECT_EQ(audit->checked, records);  // nothing written

  // Another payment, its message recorded (by a delivery that died before its key was), then the
  // request again: the alert of the first time, and now the key.
  const auto s2 = ScreenBytes(Pacs008("SANAULLAH GHAFARI", "nats-msg-2"));
  const MessageRunResult half = Record(*s2);
  ASSERT_EQ(half.run.alerts_created, 1u);
  EXPECT_TRUE(request_row("nats:r2").empty());
  const MessageRunResult rest = record(*s2, "nats:r2");
  EXPECT_FALSE(rest.duplicate);
  EXPECT_EQ(rest.run.alerts_created, 0u);
  EXPECT_EQ(rest.messages[0][0].outcome, MessageHitOutcome::kRecorded);
  EXPECT_EQ(rest.messages[0][0].alert_id, half.messages[0][0].alert_id);
  const std::vector<std::string> row = request_row("nats:r2");
  ASSERT_FALSE(row.empty());
  EXPECT_EQ(row[0], std::to_string(half.messages[0][0].alert_id));
  EXPECT_TRUE(record(*s2, "nats:r2").duplicate);
  EXPECT_EQ(MessageAlerts().size(), 2u);
  audit = store_->VerifyAudit();
  ASSERT_TRUE(audit.ok()) << audit.status();
  EXPECT_TRUE(audit->ok) << audit->reason;
}

CORDON_BACKENDS(MessageAlertsTest);

}  // namespace
}  // namespace cordon::cases
