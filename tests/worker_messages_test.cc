// `cordon worker --db` on payment messages (issue 14): a held message becomes message alerts in a
// throwaway PostgreSQL through the same code as `cordon message --db` (CaseStore::RecordMessages),
// exactly once although its worker is SIGKILLed after recording it and before acknowledging it.
//
// Real messages of testdata/ (a CBPR+ pacs.008 and an MT103, each with a listed name injected,
// and the same two as published, which hit nothing on the UN list) are published on
// cordon.screen.message, each with a reference of its own (so that each is another payment).
// The first worker is caught with its first batch in hand: the test holds the audit chain's row
// lock so that the worker waits in the store, stops the NATS server (SIGSTOP), lets the store go,
// and once the batch's held messages are recorded (their results cannot be confirmed, so nothing
// is acknowledged) kills the worker. A second worker takes the redelivered requests and the rest:
// every held message must then have exactly the alerts `cordon message` finds in it, each once,
// under its request's key, the key's record must name them, clean messages none, and the audit
// chain must verify.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "stream_count.h"
#include "testing/nats_server.h"
#include "testing/pg_cluster.h"
#include "worker_process.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using testing::NatsServer;
using testing::PgCluster;

// A message as published: its request id, body, and the template it was made from.
struct Request {
  std::string id, body, reference;
  size_t form = 0;
};

// A real message and how to give a copy a reference of its own.
struct Form {
  std::string path, reference_before, reference_field;  // the field holding the reference
  std::string text;
  std::multiset<std::string> hits;  // "path entity" of each hit `cordon message` finds
};

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  for (size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size())) {
    text.replace(p, from.size(), to);
  }
  return text;
}

// psql's answer to one statement (unaligned, tuples only), its trailing newline dropped.
std::string Sql(const std::string& db, const std::string& statement) {
  const CliResult r =
      RunProgram({PgCluster::Shared()->Psql(), db, "-X", "-q", "-t", "-A", "-c", statement});
  EXPECT_EQ(r.exit_code, 0) << statement << ": " << r.err;
  std::string out = r.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

int SqlCount(const std::string& db, const std::string& statement) {
  const std::string v = Sql(db, statement);
  return v.empty() ? -1 : std::stoi(v);
}

TEST(WorkerMessagesTest, HeldMessagesBecomeAlertsOnceThroughAKillBeforeTheAck) {
  PgCluster* pg = PgCluster::Shared();
  if (pg->missing()) GTEST_SKIP() << pg->error();
  ASSERT_TRUE(pg->ok()) << pg->error();
  const std::string db = pg->CreateDatabase();
  ASSERT_FALSE(db.empty());
  NatsServer nats;
  if (nats.missing()) GTEST_SKIP() << nats.error();
  ASSERT_TRUE(nats.ok()) << nats.error();
  const std::string dir = FreshTempDir("worker_messages");

  // The forms, and what `cordon message` finds in each on the UN list. A clean one first: the
  // first worker publishes a result (and sets up its confirmations) before the store holds it.
  std::vector<Form> forms = {
      {CORDON_TESTDATA_DIR "/messages/swift_mt/ballerina_swiftmt_to_iso20022/"
                           "test_p_2_1_2_mt_mx__finMessage_p_2_1_2_B_A.fin",
       ":20:P4B2A-006", ":20:"},
      {CORDON_TESTDATA_DIR "/messages/injected/pacs.008_listed_creditor.xml",
       "<MsgId>pacs8bizmsgidr01</MsgId>", "<MsgId>"},
      {CORDON_TESTDATA_DIR
       "/messages/iso20022/ballerina_iso20022_to_swiftmt/p_2_1_1__CBPR_p.2.1.1_pacs.008-AtoB.xml",
       "<MsgId>pacs8bizmsgidr01</MsgId>", "<MsgId>"},
      {CORDON_TESTDATA_DIR "/messages/injected/mt103_listed_beneficiary.fin", ":20:925OTT250922015",
       ":20:"},
  };
  for (Form& f : forms) {
    f.text = ReadFileBytes(f.path);
    ASSERT_NE(f.text.find(f.reference_before), std::string::npos) << f.path;
    const CliResult r = RunCordon({"message", "--lists", kUnList, f.path});
    const std::vector<json> lines = JsonLines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out << r.err;
    for (const json& h : lines[0]["hits"]) {
      f.hits.insert(h["path"].get<std::string>() + " " +
                    h["match"]["entity_id"].get<std::string>());
    }
  }
  // The listed names injected are found (UN QDi.431 and IQi.001; in the MT103 also the listed
  // relatives sharing the name and, at its :57D:, COMMERCIAL BANK as TANCHON COMMERCIAL BANK,
  // KPe.003: six hits, six alerts for one message); the published ones hit nothing.
  EXPECT_TRUE(forms[0].hits.empty());
  EXPECT_THAT(forms[1].hits, ::testing::Contains("CdtTrfTxInf[0]/Cdtr/Nm un:QDi.431"));
  EXPECT_TRUE(forms[2].hits.empty());
  EXPECT_THAT(forms[3].hits, ::testing::Contains(":59: un:IQi.001"));

  // 240 payments, 60 of each form, each with its own reference (16 characters at most, as MT :20:).
  std::vector<Request> requests;
  size_t held = 0, expected_alerts = 0;
  for (size_t i = 0; i < 240; ++i) {
    Request r{.id = "msg-" + std::to_string(i), .form = i % forms.size()};
    const Form& f = forms[r.form];
    r.reference = "WM" + std::to_string(100000 + i);
    std::string field = f.reference_field + r.reference;
    if (f.reference_field == "<MsgId>") field += "</MsgId>";
    r.body = Replaced(f.text, f.reference_before, field);
    held += f.hits.empty() ? 0 : 1;
    expected_alerts += f.hits.size();
    requests.push_back(r);
  }
  ASSERT_GT(held, 0u);

  // The streams and the store's schema (the lock below needs its tables), made by a worker that
  // then stops; the requests are published before the first worker comes, so that its first
  // batch is a full one.
  const std::vector<std::string> flags = {
      "--lists", kUnList, "--db", db, "--ack-wait", "3", "--max-deliver", "100", "--batch", "16"};
  {
    auto setup = StartWorker(nats.url(), "setup", flags, dir + "/setup.log");
    ASSERT_TRUE(WaitConsuming(dir + "/setup.log")) << ReadFileBytes(dir + "/setup.log");
    setup->Signal(SIGTERM);
    ASSERT_EQ(setup->Wait(60000), 0);
  }
  std::vector<std::pair<std::string, std::string>> bodies;
  for (const Request& r : requests) bodies.emplace_back(r.id, r.body);
  ASSERT_EQ(PublishRequests(nats.url(), "cordon.screen.message", bodies, "cordon.results.messages"),
            "");

  // Another client holds the audit chain's row lock (every writer takes it) until cancelled.
  testing::ChildProcess lock({pg->Psql(), db, "-X", "-c",
                              "BEGIN; SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE; "
                              "SELECT pg_sleep(300); COMMIT;"},
                             dir + "/lock.log");
  ASSERT_TRUE(WaitFor(
      [&] {
        return SqlCount(db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'") ==
               1;
      },
      std::chrono::seconds(60)))
      << ReadFileBytes(dir + "/lock.log");

  auto first = StartWorker(nats.url(), "w0", flags, dir + "/w0.log");

  // The worker waits in the store with its first held message; the NATS server stops, the lock
  // goes: the worker records its batch, cannot have the results confirmed, acknowledges nothing.
  ASSERT_TRUE(WaitFor(
      [&] {
        return SqlCount(
                   db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") >= 1;
      },
      std::chrono::seconds(60)))
      << ReadFileBytes(dir + "/w0.log");
  nats.Pause();
  Sql(db,
      "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND "
      "pid <> pg_backend_pid()");
  EXPECT_NE(lock.Wait(60000), 0);  // cancelled
  // Recorded when the count of recorded requests has not moved for 2 s.
  int recorded = -1, same = 0;
  ASSERT_TRUE(WaitFor(
      [&] {
        const int n = SqlCount(db, "SELECT count(*) FROM requests");
        same = n == recorded ? same + 1 : 0;
        recorded = n;
        return recorded > 0 && same >= 8;
      },
      std::chrono::seconds(60), std::chrono::milliseconds(250)))
      << ReadFileBytes(dir + "/w0.log");
  first->Kill();
  nats.Resume();
  const int alerts_at_kill = SqlCount(db, "SELECT count(*) FROM alerts");
  const int requests_at_kill = SqlCount(db, "SELECT count(*) FROM requests");
  ASSERT_GT(requests_at_kill, 0);

  // A second worker takes the redelivered batch and the rest.
  const int port = testing::FreeLoopbackPort();
  std::vector<std::string> second_flags = flags;
  second_flags.push_back("--listen");
  second_flags.push_back("127.0.0.1:" + std::to_string(port));
  auto second = StartWorker(nats.url(), "w1", second_flags, dir + "/w1.log");
  ASSERT_TRUE(WaitFor([&] { return Count(nats.url(), "CORDON_RESULTS") >= requests.size(); },
                      std::chrono::seconds(120)))
      << Count(nats.url(), "CORDON_RESULTS") << " results\n"
      << ReadFileBytes(dir + "/w1.log");
  EXPECT_EQ(Count(nats.url(), "CORDON_RESULTS"), requests.size());
  EXPECT_EQ(Count(nats.url(), "CORDON_DEAD"), 0u);
  ASSERT_TRUE(WaitConsuming(dir + "/w1.log"));

  // Every held message: exactly the hits `cordon message` finds, one alert each, under its
  // request's key; the clean ones none.
  const CliResult list =
      RunCordon({"alerts", "list", "--db", db, "--kind", "message", "--limit", "10000"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::map<std::string, std::vector<json>> by_request;
  size_t total = 0;
  for (const json& a : JsonLines(list.out)) {
    by_request[a["request_key"].get<std::string>()].push_back(a);
    ++total;
  }
  EXPECT_EQ(total, expected_alerts);
  EXPECT_EQ(SqlCount(db, "SELECT count(*) FROM alerts"), static_cast<int>(expected_alerts));
  // Each request's record names its alerts.
  std::map<std::string, std::string> recorded_ids;
  std::istringstream rows(Sql(db, "SELECT request_key || '|' || alert_ids FROM requests"));
  for (std::string row; std::getline(rows, row);) {
    recorded_ids[row.substr(0, row.find('|'))] = row.substr(row.find('|') + 1);
  }
  EXPECT_EQ(recorded_ids.size(), held);
  for (const Request& r : requests) {
    const std::string key = "nats:" + r.id;
    const Form& f = forms[r.form];
    auto it = by_request.find(key);
    if (f.hits.empty()) {
      EXPECT_TRUE(it == by_request.end()) << r.id << ": a clean message alerted";
      EXPECT_EQ(recorded_ids.count(key), 0u) << r.id;
      continue;
    }
    ASSERT_TRUE(it != by_request.end()) << r.id << ": no alert";
    std::multiset<std::string> got;
    std::set<int64_t> ids;
    for (const json& a : it->second) {
      const json& m = a["message"];
      got.insert(m["field_path"].get<std::string>() + " " + a["entity_id"].get<std::string>());
      EXPECT_EQ(m["reference"], r.reference) << r.id;
      EXPECT_EQ(m["source"], key) << r.id;
      EXPECT_EQ(a["kind"], "message");
      EXPECT_EQ(a["status"], "open");
      ids.insert(a["alert_id"].get<int64_t>());
    }
    EXPECT_EQ(got, f.hits) << r.id;
    std::set<int64_t> named;
    std::istringstream words(recorded_ids[key]);
    for (int64_t id; words >> id;) named.insert(id);
    EXPECT_EQ(named, ids) << r.id;
  }
  const CliResult verify = RunCordon({"audit", "verify", "--db", db});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;

  // The second worker found the killed worker's batch recorded: no alert of it raised again.
  const std::string metrics = HttpGet(port, "/metrics").body;
  EXPECT_GE(Metric(metrics, "cordon_worker_holds_recorded_before_total"), requests_at_kill)
      << metrics;
  EXPECT_EQ(Metric(metrics, "cordon_worker_alerts_total"),
            static_cast<double>(expected_alerts) - alerts_at_kill)
      << metrics;
  EXPECT_EQ(Metric(metrics, "cordon_worker_store_failures_total"), 0) << metrics;
  std::cerr << "worker_messages_test: " << requests.size() << " messages, " << held << " held, "
            << expected_alerts << " alerts; " << requests_at_kill
            << " recorded by the worker killed before its acknowledgement\n";
  second->Signal(SIGTERM);
  EXPECT_EQ(second->Wait(60000), 0);
}

}  // namespace
}  // namespace cordon::e2e
