// End-to-end tests of the case management commands (docs/cases.md) on both backends: the worked
// example's flow on the real UN list, and the crash test: `cordon subjects screen` and
// `cordon alerts decide` killed with SIGKILL again and again, after which no decision that was
// reported done is lost, `cordon audit verify` passes and a re-run completes without a duplicate
// alert.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "testing/pg_cluster.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kUn = CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml";

// Person names of people on no list (data/names/negatives), `count` of them, as JSON lines.
std::string Negatives(size_t count) {
  std::ifstream in(CORDON_DATA_DIR "/names/negatives/names.tsv");
  std::string line, out;
  size_t taken = 0;
  while (taken < count && std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string culture, schema, name;
    std::getline(f, culture, '\t');
    std::getline(f, schema, '\t');
    std::getline(f, name);
    if (schema != "Person") continue;
    out += json{{"id", "n" + std::to_string(++taken)}, {"name", name}}.dump() + "\n";
  }
  return out;
}

// (subject id, entity id) of an alert line.
std::pair<std::string, std::string> Pair(const json& a) {
  return {a["subject_id"].get<std::string>(), a["entity_id"].get<std::string>()};
}

// Starts `argv` in its own process group; the caller kills or waits for it.
pid_t Spawn(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits up to `ms` for `pid`; kills its whole group with SIGKILL if it is still running.
// Returns true when it was killed, false when it had exited by itself (status in *status).
bool KillAfter(pid_t pid, int ms, int* status) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    if (waitpid(pid, status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(-pid, SIGKILL);
  waitpid(pid, status, 0);
  return true;
}

class CasesCliTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("cases_" + GetParam());
    if (GetParam() == "postgresql") {
      auto* pg = cordon::testing::PgCluster::Shared();
      if (pg->missing()) GTEST_SKIP() << pg->error();
      ASSERT_TRUE(pg->ok()) << pg->error();
      db_ = pg->CreateDatabase();
      ASSERT_FALSE(db_.empty());
    } else {
      db_ = dir_ + "/cases.db";
    }
  }

  CliResult Run(std::vector<std::string> args) {
    args.insert(args.begin() + (args.size() > 1 ? 2 : 1), {"--db", db_});
    return RunCordon(args);
  }

  std::vector<json> Alerts(const std::string& status) {
    CliResult r = Run({"alerts", "list", "--status", status, "--sort", "id", "--limit", "10000"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return JsonLines(r.out);
  }

  void ExpectAuditVerifies() {
    CliResult v = Run({"audit", "verify"});
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
    EXPECT_THAT(v.out, HasSubstr("records verified"));
  }

  std::string dir_, db_;
};

TEST_P(CasesCliTest, WorkedExample) {
  ASSERT_EQ(Run({"users", "add", "alice", "--role", "admin"}).exit_code, 0);
  ASSERT_EQ(Run({"users", "add", "bob", "--role", "analyst", "--user", "alice"}).exit_code, 0);
  CliResult bad = Run({"users", "add", "eve", "--role", "admin", "--user", "bob"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("only an admin may add users"));

  WriteFileBytes(dir_ + "/customers.jsonl", ReadFileBytes(CORDON_DATA_DIR "/samples/names.jsonl") +
                                                "{\"id\": \"7\", \"name\": \"\"}\n{broken\n");
  CliResult imp = Run({"subjects", "import", dir_ + "/customers.jsonl", "--user", "alice"});
  EXPECT_EQ(imp.exit_code, 1);  // two bad lines, reported; the rest imported
  EXPECT_THAT(imp.err, HasSubstr("customers.jsonl:7: id 7: "));
  EXPECT_THAT(imp.err, HasSubstr("customers.jsonl:8: not valid JSON"));
  EXPECT_EQ(json::parse(imp.out)["added"], 6);

  CliResult run = Run({"subjects", "screen", "--lists", kUn, "--user", "alice"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(run.out);
  EXPECT_EQ(summary["screened"], 6);
  const std::vector<json> open = Alerts("open");
  ASSERT_EQ(open.size(), summary["alerts_created"].get<size_t>());
  int64_t ghafari = 0;
  for (const json& a : open) {
    for (const char* k : {"alert_id", "subject_id", "entity_id", "score", "status"}) {
      EXPECT_TRUE(a.contains(k)) << k;
    }
    if (a["subject_id"] == "1" && a["entity_id"] == "un:QDi.431") ghafari = a["alert_id"];
  }
  ASSERT_NE(ghafari, 0);
  const std::string id = std::to_string(ghafari);

  CliResult no_reason = Run(
      {"alerts", "decide", id, "--decision", "false_positive", "--reason", " ", "--user", "bob"});
  EXPECT_EQ(no_reason.exit_code, 1);
  EXPECT_THAT(no_reason.err, HasSubstr("a reason is required"));
  CliResult stranger = Run({"alerts", "decide", id, "--decision", "false_positive", "--reason", "x",
                            "--user", "mallory"});
  EXPECT_EQ(stranger.exit_code, 1);
  EXPECT_THAT(stranger.err, HasSubstr("unknown user 'mallory'"));
  CliResult fp = Run({"alerts", "decide", id, "--decision", "false_positive", "--reason",
                      "customer born 1990; the listed man 1994", "--user", "bob"});
  ASSERT_EQ(fp.exit_code, 0) << fp.err;
  EXPECT_EQ(json::parse(fp.out)["status"], "false_positive");
  CliResult again =
      Run({"alerts", "decide", id, "--decision", "true_match", "--reason", "y", "--user", "alice"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("is closed (false_positive by bob)"));

  CliResult show = Run({"alerts", "show", id});
  ASSERT_EQ(show.exit_code, 0);
  const json full = json::parse(show.out);
  EXPECT_EQ(full["subject"]["name"], "Sanaullah Ghafary");
  EXPECT_EQ(full["hit"]["entity_id"], "un:QDi.431");
  EXPECT_EQ(full["lists"][0]["list"], "un");
  ASSERT_EQ(full["history"].size(), 2u);
  EXPECT_EQ(full["history"][1]["user"], "bob");

  const std::vector<json> sup = JsonLines(Run({"suppressions", "list"}).out);
  ASSERT_EQ(sup.size(), 1u);
  EXPECT_EQ(sup[0]["entity_id"], "un:QDi.431");
  // Screening everything again: the good-guy entry holds.
  CliResult all = Run({"subjects", "screen", "--lists", kUn, "--all"});
  EXPECT_EQ(json::parse(all.out)["suppressed"], 1);
  EXPECT_EQ(json::parse(all.out)["alerts_created"], 0);

  ExpectAuditVerifies();
  CliResult exp = Run({"audit", "export", "-o", dir_ + "/audit.jsonl"});
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  const std::vector<json> records = JsonLines(ReadFileBytes(dir_ + "/audit.jsonl"));
  ASSERT_GT(records.size(), 8u);
  EXPECT_EQ(records[0]["action"], "user_add");
  EXPECT_EQ(records[1]["prev_hash"], records[0]["hash"]);
  bool saw_decision = false;
  for (const json& r : records) {
    saw_decision = saw_decision || (r["action"] == "false_positive" && r["actor"] == "bob");
  }
  EXPECT_TRUE(saw_decision);
}

TEST_P(CasesCliTest, SurvivesSigkillDuringRunsAndDecisions) {
  ASSERT_EQ(Run({"users", "add", "alice", "--role", "admin"}).exit_code, 0);
  // Enough subjects that a run takes a while: the samples and 6,000 people on no list.
  WriteFileBytes(dir_ + "/s.jsonl",
                 ReadFileBytes(CORDON_DATA_DIR "/samples/names.jsonl") + Negatives(6000));
  ASSERT_EQ(Run({"subjects", "import", dir_ + "/s.jsonl"}).exit_code, 0);

  // Screening runs killed after 0.2 s, 0.25 s, 0.31 s, ... (a quarter longer each time) until
  // one completes: kills fall while the lists load, in the first blocks and late in the run, and
  // the loop does not spend minutes killing runs that never get past loading the list.
  int kills = 0, status = 0;
  for (int ms = 200;; ms += ms / 4) {
    const pid_t pid =
        Spawn({CORDON_BIN, "subjects", "screen", "--db", db_, "--lists", kUn, "--threads", "2"});
    if (!KillAfter(pid, ms, &status)) break;
    ++kills;
    ExpectAuditVerifies();
    ASSERT_LT(ms, 120000) << "the run never completed";
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_GE(kills, 1);
  // No pair has two alerts, and the run found what one uninterrupted run finds.
  std::set<std::pair<std::string, std::string>> pairs;
  const std::vector<json> open = Alerts("open");
  for (const json& a : open) {
    EXPECT_TRUE(pairs.insert(Pair(a)).second) << "duplicate alert " << a.dump();
  }
  const std::string clean_db = dir_ + "/clean.db";
  ASSERT_EQ(RunCordon({"subjects", "import", "--db", clean_db, dir_ + "/s.jsonl"}).exit_code, 0);
  ASSERT_EQ(RunCordon({"subjects", "screen", "--db", clean_db, "--lists", kUn}).exit_code, 0);
  std::set<std::pair<std::string, std::string>> clean;
  for (const json& a :
       JsonLines(RunCordon({"alerts", "list", "--db", clean_db, "--limit", "10000"}).out)) {
    clean.insert(Pair(a));
  }
  EXPECT_EQ(pairs, clean);
  ASSERT_GE(open.size(), 4u);

  // Decisions killed mid-way: a shell decides every alert in turn and notes each one cordon
  // reported done; it is killed (with the cordon it runs) after 20 ms, 40 ms, 70 ms, ... (half as
  // long again each time): on a quiet machine the whole loop over a few alerts ends within 0.3 s,
  // so the first kill must come sooner than that to kill any.
  const std::string done = dir_ + "/done.txt";
  std::string script = "for id in";
  for (const json& a : open) script += " " + std::to_string(a["alert_id"].get<int64_t>());
  script += "; do " CORDON_BIN " alerts decide --db '" + db_ +
            "' $id --decision false_positive --reason 'crash test' --user alice && echo $id >> " +
            done + "; done";
  int decision_kills = 0;
  for (int ms = 20; decision_kills < 8; ms += ms / 2 + 10) {
    const pid_t pid = Spawn({"/bin/sh", "-c", script});
    if (!KillAfter(pid, ms, &status)) break;
    ++decision_kills;
    // Every decision cordon reported done is in the database.
    std::set<std::string> closed;
    for (const json& a : Alerts("false_positive")) {
      closed.insert(std::to_string(a["alert_id"].get<int64_t>()));
    }
    std::istringstream lines(ReadFileBytes(done));
    for (std::string line; std::getline(lines, line);) {
      EXPECT_TRUE(closed.count(line)) << "decision on alert " << line << " lost";
    }
    ExpectAuditVerifies();
  }
  EXPECT_GE(decision_kills, 1);
  // A re-run after all that completes without duplicate alerts.
  CliResult rerun = Run({"subjects", "screen", "--lists", kUn, "--all"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  std::set<std::pair<std::string, std::string>> active;
  for (const json& a : Alerts("active")) {
    EXPECT_TRUE(active.insert(Pair(a)).second) << a.dump();
  }
  ExpectAuditVerifies();
}

INSTANTIATE_TEST_SUITE_P(Backends, CasesCliTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace cordon::e2e
