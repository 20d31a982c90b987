// End-to-end tests of the case API of `cordon serve --db D` (docs/service.md, Cases) on both
// backends (a SQLite file; a database of the throwaway PostgreSQL cluster): the real binary on an
// ephemeral loopback port, driven over HTTP, on the real UN list. A listed person raises an
// alert, deciding it shows in the audit chain, verify stays valid; the error cases (409, 400,
// unknown user, roles, a locked database, a newer schema); keyset paging; and the re-screening
// when a new UN version is swapped in, which must raise and close exactly what the CLI's
// `subjects screen --previous-lists` does for the same pair of versions.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "cli_runner.h"
#include "testing/pg_cluster.h"

namespace cordon::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

const std::string kNewUn = CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml";
const std::string kOldUn = CORDON_TESTDATA_DIR "/lists/un/un_consolidated_2025-08-02_by_prn.xml";
// Subjects for the update from kOldUn to kNewUn: primary names of 15 entries it adds, the 12 it
// changes and the 3 it removes, and 40 people on no list (testdata/PROVENANCE.md).
const std::string kUpdateSubjects = CORDON_TESTDATA_DIR "/cases/un_update_subjects.jsonl";

// Keys (at least 16 characters) and the keys-file roles of each. The case-store users are alice
// (admin), bob (analyst) and sue (supervisor); eve has a key but is not a user of the store.
const std::map<std::string, std::pair<std::string, std::string>> kKeys = {
    {"alice", {"alice-key-0123456789", "admin,screen"}},
    {"bob", {"bob-key-0123456789ab", "analyst"}},
    {"sue", {"sue-key-0123456789ab", "supervisor"}},
    {"eve", {"eve-key-0123456789ab", "analyst"}},
    {"scr", {"scr-key-0123456789ab", "screen"}},
};

struct Response {
  int status = 0;
  std::string head;
  json body;
};

// One HTTP/1.1 request on a new connection (Connection: close), the whole response read.
Response Http(uint16_t port, const std::string& method, const std::string& target,
              const std::string& user, const std::string& body = "") {
  Response r;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    ADD_FAILURE() << "connect failed";
    return r;
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!user.empty()) req += "Authorization: Bearer " + kKeys.at(user).first + "\r\n";
  req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
  for (size_t sent = 0; sent < req.size();) {
    const ssize_t n = write(fd, req.data() + sent, req.size() - sent);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string in;
  char buf[65536];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) in.append(buf, static_cast<size_t>(n));
  close(fd);
  const size_t end = in.find("\r\n\r\n");
  if (in.size() < 12 || end == std::string::npos) {
    ADD_FAILURE() << "no HTTP response to " << method << " " << target << ": " << in;
    return r;
  }
  r.status = std::stoi(in.substr(9, 3));
  r.head = in.substr(0, end);
  r.body = json::parse(in.substr(end + 4), nullptr, false);
  return r;
}

// A running `cordon serve`, killed at the end of the test even when it fails.
class Serve {
 public:
  static std::unique_ptr<Serve> Start(const std::vector<std::string>& args,
                                      const std::string& dir) {
    auto s = std::unique_ptr<Serve>(new Serve());
    s->log_ = dir + "/serve.log";
    int out[2];
    if (pipe(out) != 0) return nullptr;
    std::vector<std::string> all = {CORDON_BIN, "serve", "--listen", "127.0.0.1:0"};
    all.insert(all.end(), args.begin(), args.end());
    s->pid_ = fork();
    if (s->pid_ == 0) {
      std::vector<char*> argv;
      for (std::string& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      const int err = open(s->log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out[1], 1);
      dup2(err, 2);
      close(out[0]);
      close(out[1]);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    s->out_ = out[0];
    fcntl(s->out_, F_SETFL, O_NONBLOCK);
    const std::regex url(R"(listening on http://127\.0\.0\.1:(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    std::string text;
    while (std::chrono::steady_clock::now() < deadline) {
      char buf[4096];
      const ssize_t n = read(s->out_, buf, sizeof(buf));
      if (n > 0) text.append(buf, static_cast<size_t>(n));
      std::smatch m;
      if (std::regex_search(text, m, url)) {
        s->port_ = static_cast<uint16_t>(std::stoi(m[1]));
        return s;
      }
      // Standard output closed: it exited (or is exiting); collect its status.
      if (n == 0 && waitpid(s->pid_, &s->status_, 0) == s->pid_) {
        s->pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    s->failed_start_ = text;
    return s;
  }
  ~Serve() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }
  bool started() const { return port_ != 0; }
  // When it did not start: its exit code (-1 if it did not exit) and its standard error.
  int exit_code() const { return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1; }
  std::string Log() const { return ReadFileBytes(log_); }
  Response Do(const std::string& method, const std::string& target, const std::string& user,
              const json& body = nullptr) const {
    return Http(port_, method, target, user, body.is_null() ? "" : body.dump());
  }
  Response DoRaw(const std::string& method, const std::string& target, const std::string& user,
                 const std::string& body) const {
    return Http(port_, method, target, user, body);
  }

 private:
  Serve() = default;
  pid_t pid_ = -1;
  int out_ = -1, status_ = 0;
  uint16_t port_ = 0;
  std::string log_, failed_start_;
};

class ServeCasesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("serve_cases_" + GetParam());
    if (GetParam() == "postgresql") {
      auto* pg = cordon::testing::PgCluster::Shared();
      if (pg->missing()) GTEST_SKIP() << pg->error();
      ASSERT_TRUE(pg->ok()) << pg->error();
      db_ = pg->CreateDatabase();
      ASSERT_FALSE(db_.empty());
    } else {
      db_ = dir_ + "/cases.db";
    }
    ASSERT_EQ(Cli({"users", "add", "alice", "--role", "admin"}).exit_code, 0);
    ASSERT_EQ(Cli({"users", "add", "bob", "--role", "analyst", "--user", "alice"}).exit_code, 0);
    ASSERT_EQ(Cli({"users", "add", "sue", "--role", "supervisor", "--user", "alice"}).exit_code, 0);
    std::string keys;
    for (const auto& [name, key] : kKeys) {
      const CliResult r = RunCordonWithInput({"serve", "--hash-key", name, key.second}, key.first);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      keys += r.out;
    }
    keys_ = dir_ + "/keys.txt";
    WriteFileBytes(keys_, keys);
  }

  // `cordon ARGS --db D`.
  CliResult Cli(std::vector<std::string> args, const std::string& db = "") {
    args.insert(args.end(), {"--db", db.empty() ? db_ : db});
    return RunCordon(args);
  }

  // Runs `cordon` with `input` on stdin (for --hash-key), through a temporary file.
  CliResult RunCordonWithInput(const std::vector<std::string>& args, const std::string& input) {
    const std::string in = dir_ + "/stdin.txt";
    WriteFileBytes(in, input);
    const std::string out = dir_ + "/stdout.txt";
    std::string cmd = CORDON_BIN;
    for (const std::string& a : args) cmd += " '" + a + "'";
    CliResult r;
    const int status = std::system((cmd + " < " + in + " > " + out + " 2>&1").c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadFileBytes(out);
    r.err = r.out;
    return r;
  }

  std::unique_ptr<Serve> StartServe(const std::vector<std::string>& lists) {
    std::vector<std::string> args = {"--db", db_, "--keys", keys_};
    for (const std::string& l : lists) args.insert(args.end(), {"--lists", l});
    auto s = Serve::Start(args, dir_);
    EXPECT_TRUE(s && s->started()) << (s ? s->Log() : "");
    return s;
  }

  std::string dir_, db_, keys_;
};

// (subject, entity, status) of every alert, by the CLI.
std::set<std::tuple<std::string, std::string, std::string>> AlertTriples(const std::string& out) {
  std::set<std::tuple<std::string, std::string, std::string>> s;
  for (const json& a : JsonLines(out)) {
    s.insert({a["subject_id"].get<std::string>(), a["entity_id"].get<std::string>(),
              a["status"].get<std::string>()});
  }
  return s;
}

TEST_P(ServeCasesTest, AListedPersonAlertsAndItsDecisionIsAudited) {
  auto serve = StartServe({kNewUn});
  ASSERT_TRUE(serve && serve->started());
  const Serve& s = *serve;
  // A customer who is the UN-listed Sanaullah Ghafari (QDi.431), and one on no list.
  Response add = s.Do("POST", "/v1/subjects", "bob",
                      {{"id", "c-1"}, {"name", "Sanaullah Ghafari"}, {"schema", "Person"}});
  ASSERT_EQ(add.status, 201) << add.body;
  EXPECT_EQ(add.body["result"], "added");
  EXPECT_EQ(add.body["subject"]["needs_screening"], true);
  EXPECT_EQ(s.Do("POST", "/v1/subjects", "bob",
                 {{"schema", "Person"}, {"name", "Sanaullah Ghafari"}, {"id", "c-1"}})
                .body["result"],
            "unchanged");
  Response put = s.Do("PUT", "/v1/subjects/c-2", "bob", {{"name", "Louis Delaney"}});
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(s.Do("PUT", "/v1/subjects/c-2", "bob", {{"id", "c-3"}, {"name", "X Y"}}).status, 400);

  Response screened = s.Do("POST", "/v1/subjects/c-1/screen", "bob");
  ASSERT_EQ(screened.status, 200) << screened.body;
  EXPECT_EQ(screened.body["run"]["screened"], 1);
  ASSERT_GE(screened.body["alerts"].size(), 1u) << screened.body;
  const json& alert = screened.body["alerts"][0];
  EXPECT_EQ(alert["entity_id"], "un:QDi.431");
  EXPECT_EQ(alert["status"], "open");
  const int64_t id = alert["alert_id"];
  Response none = s.Do("POST", "/v1/subjects/c-2/screen", "bob");
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.body["alerts"].size(), 0u) << none.body;
  EXPECT_EQ(s.Do("POST", "/v1/subjects/nobody/screen", "bob").status, 404);

  // Queries.
  Response q = s.Do("GET", "/v1/alerts?status=open&list=un&min_score=0.9&max_age_days=1", "bob");
  ASSERT_EQ(q.status, 200) << q.body;
  ASSERT_EQ(q.body["alerts"].size(), 1u);
  EXPECT_EQ(q.body["alerts"][0]["alert_id"], id);
  EXPECT_EQ(s.Do("GET", "/v1/alerts?list=ofac", "bob").body["alerts"].size(), 0u);
  EXPECT_EQ(s.Do("GET", "/v1/alerts?min_age_days=1", "bob").body["alerts"].size(), 0u);
  EXPECT_EQ(s.Do("GET", "/v1/alerts?status=bogus", "bob").body["error"]["field"], "status");
  Response one = s.Do("GET", "/v1/alerts/" + std::to_string(id), "bob");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body["subject"]["name"], "Sanaullah Ghafari");
  EXPECT_TRUE(one.body["hit"].contains("explanation")) << one.body["hit"];
  EXPECT_EQ(one.body["history"][0]["action"], "created");
  EXPECT_EQ(one.body["lists"][0]["list"], "un");

  // Errors: no reason, a key whose user the store does not know, a screen-only key, an analyst
  // key on a supervisor endpoint.
  const std::string decide = "/v1/alerts/" + std::to_string(id) + "/decision";
  Response no_reason = s.Do("POST", decide, "bob", {{"decision", "false_positive"}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.body["error"]["field"], "reason");
  Response eve = s.Do("POST", decide, "eve", {{"decision", "false_positive"}, {"reason", "r"}});
  EXPECT_EQ(eve.status, 403);
  EXPECT_EQ(eve.body["error"]["code"], "unknown_user");
  EXPECT_EQ(s.Do("GET", "/v1/alerts", "scr").status, 403);
  EXPECT_EQ(s.Do("GET", "/v1/audit", "bob").status, 403);
  EXPECT_EQ(s.Do("GET", "/v1/alerts", "").status, 401);

  // The decision, by the key's user; a second one on the closed alert is a conflict.
  Response d = s.Do("POST", decide, "bob",
                    {{"decision", "false_positive"}, {"reason", "born 1971, listed person 1994"}});
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.body["status"], "false_positive");
  EXPECT_EQ(d.body["decided_by"], "bob");
  EXPECT_EQ(d.body["history"].back()["user"], "bob");
  Response again = s.Do("POST", decide, "bob", {{"decision", "true_match"}, {"reason", "r"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["error"]["code"], "conflict");
  EXPECT_THAT(again.body["error"]["message"].get<std::string>(), HasSubstr("closed"));

  // The audit chain has the decision by bob and the good-guy entry, and verifies.
  std::vector<json> records;
  std::string after;
  for (int pages = 0; pages < 100; ++pages) {
    Response p = s.Do("GET", "/v1/audit?limit=3" + (after.empty() ? "" : "&after=" + after), "sue");
    ASSERT_EQ(p.status, 200) << p.body;
    for (const json& r : p.body["records"]) records.push_back(r);
    if (p.body["next"].is_null()) break;
    after = p.body["next"];
  }
  bool decided = false, suppressed = false;
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i]["seq"], i + 1);
    const json& r = records[i];
    if (r["action"] == "false_positive" && r["object"] == "alert:" + std::to_string(id)) {
      decided = r["actor"] == "bob" && r["detail"]["reason"] == "born 1971, listed person 1994";
    }
    suppressed = suppressed || (r["action"] == "suppress" && r["actor"] == "bob");
  }
  EXPECT_TRUE(decided);
  EXPECT_TRUE(suppressed);
  Response v = s.Do("GET", "/v1/audit/verify", "sue");
  ASSERT_EQ(v.status, 200);
  EXPECT_EQ(v.body["ok"], true);
  EXPECT_EQ(v.body["checked"], records.size());
  const CliResult cli = Cli({"audit", "verify"});
  EXPECT_EQ(cli.exit_code, 0) << cli.out;

  // The good-guy entry: listed; bob (analyst) may not revoke it, sue may; then the pair alerts
  // again and shows the earlier decision.
  Response sup = s.Do("GET", "/v1/suppressions", "bob");
  ASSERT_EQ(sup.body["suppressions"].size(), 1u);
  const std::string revoke =
      "/v1/suppressions/" +
      std::to_string(sup.body["suppressions"][0]["suppression_id"].get<int>()) + "/revoke";
  EXPECT_EQ(s.Do("POST", revoke, "bob", {{"reason", "r"}}).status, 403);
  Response rv = s.Do("POST", revoke, "sue", {{"reason", "new information from the FIU"}});
  ASSERT_EQ(rv.status, 200) << rv.body;
  EXPECT_EQ(rv.body["suppression"]["revoked_by"], "sue");
  Response re = s.Do("POST", "/v1/subjects/c-1/screen", "bob");
  ASSERT_EQ(re.body["alerts"].size(), 1u) << re.body;
  EXPECT_THAT(re.body["alerts"][0]["previous_decision"].get<std::string>(),
              HasSubstr("false_positive by bob"));

  // Four eyes: bob's true match waits for sue's approval.
  ASSERT_EQ(Cli({"policy", "--four-eyes", "on", "--user", "sue"}).exit_code, 0);
  const std::string id2 = std::to_string(re.body["alerts"][0]["alert_id"].get<int64_t>());
  Response assign = s.Do("POST", "/v1/alerts/" + id2 + "/assign", "bob", {{"reason", "mine"}});
  ASSERT_EQ(assign.status, 200) << assign.body;
  EXPECT_EQ(assign.body["assigned_to"], "bob");
  EXPECT_EQ(s.Do("GET", "/v1/alerts?assigned_to=bob&status=in_review", "bob").body["alerts"].size(),
            1u);
  Response tm = s.Do("POST", "/v1/alerts/" + id2 + "/decision", "bob",
                     {{"decision", "true_match"}, {"reason", "same passport number"}});
  ASSERT_EQ(tm.status, 200) << tm.body;
  EXPECT_EQ(tm.body["status"], "pending_approval");
  EXPECT_EQ(s.Do("POST", "/v1/alerts/" + id2 + "/decision", "bob",
                 {{"decision", "approve"}, {"reason", "ok"}})
                .status,
            403);
  Response ok = s.Do("POST", "/v1/alerts/" + id2 + "/decision", "sue",
                     {{"decision", "approve"}, {"reason", "checked the passport copy"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.body["status"], "true_match");
  EXPECT_EQ(ok.body["decided_by"], "bob, approved by sue");
  EXPECT_EQ(s.Do("GET", "/v1/audit/verify", "alice").body["ok"], true);
}

// Keyset paging over alerts raised by the CLI on real UN names: the pages, in any sort, are the
// whole list in order with nothing twice, even when an alert is decided between two pages.
TEST_P(ServeCasesTest, AlertPagesAreStableKeysetPages) {
  ASSERT_EQ(Cli({"subjects", "import", kUpdateSubjects, "--user", "alice"}).exit_code, 0);
  ASSERT_EQ(Cli({"subjects", "screen", "--lists", kNewUn, "--user", "alice"}).exit_code, 0);
  auto serve = StartServe({kNewUn});
  ASSERT_TRUE(serve && serve->started());
  const Serve& s = *serve;
  for (const std::string& sort : std::vector<std::string>{"score", "created", "id"}) {
    Response all = s.Do("GET", "/v1/alerts?limit=1000&count=true&sort=" + sort, "bob");
    ASSERT_EQ(all.status, 200) << all.body;
    const size_t total = all.body["total"];
    ASSERT_EQ(all.body["alerts"].size(), total);
    ASSERT_GE(total, 20u);
    std::vector<int64_t> want, got;
    for (const json& a : all.body["alerts"]) want.push_back(a["alert_id"]);
    std::string after;
    for (int pages = 0; pages < 1000; ++pages) {
      Response p =
          s.Do("GET", "/v1/alerts?limit=7&sort=" + sort + (after.empty() ? "" : "&after=" + after),
               "bob");
      ASSERT_EQ(p.status, 200) << p.body;
      for (const json& a : p.body["alerts"]) got.push_back(a["alert_id"]);
      if (pages == 1 && sort == "score") {
        // Deciding an alert of a later page changes its status, not its place.
        const int64_t later = want[want.size() - 1];
        ASSERT_EQ(s.Do("POST", "/v1/alerts/" + std::to_string(later) + "/decision", "bob",
                       {{"decision", "escalate"}, {"reason", "unsure"}})
                      .status,
                  200);
      }
      if (p.body["next"].is_null()) break;
      after = p.body["next"];
    }
    EXPECT_EQ(got, want) << sort;
  }
  EXPECT_EQ(s.Do("GET", "/v1/alerts?after=x", "bob").status, 400);
  EXPECT_EQ(s.Do("GET", "/v1/alerts?limit=0", "bob").status, 400);
}

// A new UN version swapped in while serving: the delta re-screening runs off the request path
// and leaves exactly the alerts the CLI's delta gives for the same pair of versions.
TEST_P(ServeCasesTest, ASwappedListVersionRescreensAsTheCliDelta) {
  // The CLI's answer, in a database of its own.
  std::string cli_db;
  if (GetParam() == "postgresql") {
    cli_db = cordon::testing::PgCluster::Shared()->CreateDatabase();
  } else {
    cli_db = dir_ + "/cli.db";
  }
  ASSERT_EQ(Cli({"users", "add", "alice", "--role", "admin"}, cli_db).exit_code, 0);
  for (const std::string& db : {db_, cli_db}) {
    ASSERT_EQ(Cli({"subjects", "import", kUpdateSubjects, "--user", "alice"}, db).exit_code, 0);
    ASSERT_EQ(Cli({"subjects", "screen", "--lists", kOldUn, "--user", "alice"}, db).exit_code, 0);
  }
  const CliResult delta =
      Cli({"subjects", "screen", "--lists", kNewUn, "--previous-lists", kOldUn, "--user", "alice"},
          cli_db);
  ASSERT_EQ(delta.exit_code, 0) << delta.err;
  const json cli_run = json::parse(delta.out);

  // The service serves the old version from a folder; the new one replaces it and is reloaded.
  const std::string lists = dir_ + "/lists";
  fs::create_directories(lists);
  fs::copy_file(kOldUn, lists + "/un.xml");
  auto serve = StartServe({lists});
  ASSERT_TRUE(serve && serve->started());
  const Serve& s = *serve;
  EXPECT_EQ(s.Do("GET", "/v1/lists", "bob").body["rescreening"]["runs"], 0);
  fs::copy_file(kNewUn, lists + "/un.xml.tmp");
  fs::rename(lists + "/un.xml.tmp", lists + "/un.xml");
  Response reload = s.Do("POST", "/v1/lists/reload", "alice");
  ASSERT_EQ(reload.status, 200) << reload.body;
  json status;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    status = s.Do("GET", "/v1/lists", "bob").body["rescreening"];
    if (status["runs"].get<int>() >= 1 && !status["running"].get<bool>() &&
        !status["queued"].get<bool>()) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_EQ(status["ok"], true) << status << serve->Log();
  // (The file watcher may reload too: a second delta with nothing changed, which alerts nothing.)
  EXPECT_GE(status["to_generation"].get<int>(), 2);
  const auto served = AlertTriples(Cli({"alerts", "list", "--sort", "id", "--limit", "10000"}).out);
  const auto by_cli =
      AlertTriples(Cli({"alerts", "list", "--sort", "id", "--limit", "10000"}, cli_db).out);
  EXPECT_EQ(served, by_cli);
  // Something happened: the update raises alerts on added entries and closes the removed ones.
  EXPECT_GE(cli_run["alerts_created"].get<int>(), 5) << cli_run;
  EXPECT_EQ(cli_run["delisted"], 3) << cli_run;
  size_t delisted = 0;
  for (const auto& [subject, entity, st] : served) delisted += st == "delisted";
  EXPECT_EQ(delisted, 3u);
  EXPECT_EQ(Cli({"audit", "verify"}).exit_code, 0);
}

// A database written by a newer cordon: the server refuses to start and says why.
TEST_P(ServeCasesTest, ANewerSchemaStopsTheStart) {
  std::string cmd;
  if (GetParam() == "postgresql") {
    cmd = "psql -q '" + db_ + "' -c 'INSERT INTO schema_version (version) VALUES (99)'";
  } else {
    cmd = "python3 -c \"import sqlite3; c = sqlite3.connect('" + db_ +
          "'); c.execute('INSERT INTO schema_version (version) VALUES (99)'); c.commit()\"";
  }
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto serve = Serve::Start({"--db", db_, "--keys", keys_, "--lists", kNewUn}, dir_);
  ASSERT_TRUE(serve);
  EXPECT_FALSE(serve->started());
  EXPECT_EQ(serve->exit_code(), 1);
  EXPECT_THAT(serve->Log(), HasSubstr("newer than this cordon knows"));
}

// A database another writer keeps locked: the decision waits the bounded time, then 503 with the
// cause; nothing is decided, and once the lock goes the same decision succeeds.
TEST_P(ServeCasesTest, ALockedDatabaseIsA503WithTheCause) {
  ASSERT_EQ(Cli({"subjects", "import", kUpdateSubjects, "--user", "alice"}).exit_code, 0);
  ASSERT_EQ(Cli({"subjects", "screen", "--lists", kNewUn, "--user", "alice"}).exit_code, 0);
  auto serve = StartServe({kNewUn});
  ASSERT_TRUE(serve && serve->started());
  const Serve& s = *serve;
  const json first = s.Do("GET", "/v1/alerts?sort=id&limit=1", "bob").body["alerts"][0];
  const std::string decide =
      "/v1/alerts/" + std::to_string(first["alert_id"].get<int64_t>()) + "/decision";
  // Another process holds the write lock (SQLite) or the chain head's row (PostgreSQL), longer
  // than the store's 5 s wait: it writes `held` once it has the lock and lets go when the test
  // writes `release` (or after 30 s).
  const std::string held = dir_ + "/held", release = dir_ + "/release";
  std::string hold;
  if (GetParam() == "postgresql") {
    const std::string wait_release =
        "i=0; while [ ! -e '" + release + "' ] && [ $i -lt 1500 ]; do sleep 0.02; i=$((i+1)); done";
    WriteFileBytes(dir_ + "/hold.sql",
                   "BEGIN;\nSELECT seq FROM audit_head FOR UPDATE;\n\\! touch " + held + "\n\\! " +
                       wait_release + "\nCOMMIT;\n");
    hold = "psql -q '" + db_ + "' -f " + dir_ + "/hold.sql >/dev/null";
  } else {
    hold = "python3 -c \"import sqlite3, os, time; c = sqlite3.connect('" + db_ +
           "', isolation_level=None); c.execute('BEGIN IMMEDIATE'); open('" + held +
           "', 'w').close(); [time.sleep(0.02) for _ in range(1500) if not os.path.exists('" +
           release + "')]\"";
  }
  const pid_t holder = fork();
  if (holder == 0) {
    execl("/bin/sh", "sh", "-c", hold.c_str(), nullptr);
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(held) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(fs::exists(held)) << hold;
  Response locked = s.Do("POST", decide, "bob", {{"decision", "escalate"}, {"reason", "unsure"}});
  EXPECT_EQ(locked.status, 503) << locked.body;
  EXPECT_EQ(locked.body["error"]["code"], "unavailable");
  EXPECT_THAT(locked.body.dump(), ::testing::AnyOf(HasSubstr("locked"), HasSubstr("lock")));
  EXPECT_THAT(locked.head, HasSubstr("Retry-After: 1"));
  WriteFileBytes(release, "");
  int status = 0;
  waitpid(holder, &status, 0);
  EXPECT_EQ(s.Do("GET", "/v1/alerts/" + std::to_string(first["alert_id"].get<int64_t>()), "bob")
                .body["status"],
            "open");
  Response later = s.Do("POST", decide, "bob", {{"decision", "escalate"}, {"reason", "unsure"}});
  EXPECT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(s.Do("GET", "/v1/audit/verify", "sue").body["ok"], true);
}

// POST /v1/messages under --db: the held pacs.008 (a real CBPR+ sample, its creditor replaced by
// a UN-listed name) becomes one alert with its references, once: sent again, and then screened
// by `cordon message --db` from the same file (the same bytes: the same idempotency key), nothing
// new is recorded. docs/cases.md, Message alerts.
TEST_P(ServeCasesTest, HeldMessagesAreRecordedOnceAsAlerts) {
  const std::string file = CORDON_TESTDATA_DIR "/messages/injected/pacs.008_listed_creditor.xml";
  const std::string body = ReadFileBytes(file);
  ASSERT_FALSE(body.empty());
  auto serve = StartServe({kNewUn});
  ASSERT_TRUE(serve && serve->started());
  const Serve& s = *serve;
  const Response first = s.DoRaw("POST", "/v1/messages", "scr", body);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.body["decision"], "hold");
  ASSERT_EQ(first.body["messages"][0]["alerts"].size(), 1u) << first.body;
  EXPECT_EQ(first.body["messages"][0]["alerts"][0]["outcome"], "created");
  const int64_t id = first.body["messages"][0]["alerts"][0]["alert_id"];

  const Response page = s.Do("GET", "/v1/alerts?kind=message&status=open", "bob");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.body["alerts"].size(), 1u) << page.body;
  const json& a = page.body["alerts"][0];
  EXPECT_EQ(a["alert_id"], id);
  EXPECT_EQ(a["entity_id"], "un:QDi.431");
  EXPECT_EQ(a["message"]["reference"], "pacs8bizmsgidr01");
  EXPECT_EQ(a["message"]["field_path"], "CdtTrfTxInf[0]/Cdtr/Nm");
  EXPECT_EQ(a["message"]["transaction"]["end_to_end_id"], "pacs008EndToEndId-001");

  const Response again = s.DoRaw("POST", "/v1/messages", "scr", body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body["messages"][0]["alerts"][0]["outcome"], "recorded");
  EXPECT_EQ(again.body["messages"][0]["alerts"][0]["alert_id"], id);
  const CliResult cli = Cli({"message", "--lists", kNewUn, "--user", "alice", file});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const std::vector<json> lines = JsonLines(cli.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["alerts"][0]["outcome"], "recorded") << cli.out;
  EXPECT_EQ(lines[0]["alerts"][0]["alert_id"], id);
  EXPECT_EQ(s.Do("GET", "/v1/alerts?kind=message", "bob").body["alerts"].size(), 1u);

  // Decided like any alert; the audit chain holds the three runs and verifies.
  Response d = s.Do("POST", "/v1/alerts/" + std::to_string(id) + "/decision", "bob",
                    {{"decision", "true_match"}, {"reason", "the listed person"}});
  ASSERT_EQ(d.status, 200) << d.body;
  const CliResult audit = Cli({"audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
  const CliResult runs = Cli({"audit", "export"});
  size_t message_runs = 0;
  for (const json& r : JsonLines(runs.out)) {
    message_runs += r["action"] == "run" && r["detail"]["kind"] == "message";
  }
  EXPECT_EQ(message_runs, 3u);
}

// The PostgreSQL server restarts under `cordon serve --db postgresql://`: the pooled connections
// are all lost. A decision after the restart succeeds at once (the connection is made again
// before the transaction); one sent while the server is down waits for it (up to the bounded
// wait, else 503 with the cause, and then succeeds); no committed decision is lost, none is
// made twice, and the audit chain verifies.
TEST_P(ServeCasesTest, APostgresRestartLosesNoDecision) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "PostgreSQL only";
  auto* pg = cordon::testing::PgCluster::Shared();
  ASSERT_EQ(Cli({"subjects", "import", kUpdateSubjects, "--user", "alice"}).exit_code, 0);
  ASSERT_EQ(Cli({"subjects", "screen", "--lists", kNewUn, "--user", "alice"}).exit_code, 0);
  auto serve = StartServe({kNewUn});
  ASSERT_TRUE(serve && serve->started());
  const Serve& s = *serve;
  const json alerts = s.Do("GET", "/v1/alerts?sort=id&limit=4", "bob").body["alerts"];
  ASSERT_EQ(alerts.size(), 4u);
  auto decide = [&](size_t i) {
    return s.Do(
        "POST", "/v1/alerts/" + std::to_string(alerts[i]["alert_id"].get<int64_t>()) + "/decision",
        "bob", {{"decision", "false_positive"}, {"reason", "restart test " + std::to_string(i)}});
  };
  ASSERT_EQ(decide(0).status, 200);

  // Restarted between two requests: every pooled connection is stale; the next decision works.
  ASSERT_TRUE(pg->Stop());
  ASSERT_TRUE(pg->Start());
  const Response after = decide(1);
  EXPECT_EQ(after.status, 200) << after.body;

  // Down while the decision is made: back 1 s later.
  ASSERT_TRUE(pg->Stop());
  std::thread starter([pg] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_TRUE(pg->Start());
  });
  const Response during = decide(2);
  starter.join();
  if (during.status != 200) {
    EXPECT_EQ(during.status, 503) << during.body;
    EXPECT_EQ(during.body["error"]["code"], "unavailable");
    EXPECT_EQ(decide(2).status, 200);
  }

  // Down for longer than the bounded wait: 503 with the cause, nothing decided; then it works.
  ASSERT_TRUE(pg->Stop());
  const Response down = decide(3);
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_THAT(down.body.dump(), HasSubstr("postgresql"));
  EXPECT_THAT(down.head, HasSubstr("Retry-After: 1"));
  ASSERT_TRUE(pg->Start());
  const Response up = decide(3);
  EXPECT_EQ(up.status, 200) << up.body;

  // Every decision is there once, seen by another process.
  for (size_t i = 0; i < 4; ++i) {
    const CliResult show =
        Cli({"alerts", "show", std::to_string(alerts[i]["alert_id"].get<int64_t>())});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    const json a = json::parse(show.out, nullptr, false);
    EXPECT_EQ(a["status"], "false_positive") << show.out;
    size_t decisions = 0;
    for (const json& e : a["history"]) decisions += e["action"] == "false_positive";
    EXPECT_EQ(decisions, 1u) << show.out;
  }
  const CliResult audit = Cli({"audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

// The re-screening after a list swap while the PostgreSQL server is down (`cordon serve
// --db-wait 1`): it waits once, for the configured time (each reconnection itself waits up to 5 s),
// then fails naming the cause, nothing of it saved; it does not start the whole run again. Its
// subjects stay due: the next swap, with the server back, leaves exactly the alerts of the CLI's
// delta.
TEST_P(ServeCasesTest, ARescreeningWaitsOnceForThePostgresServer) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "PostgreSQL only";
  auto* pg = cordon::testing::PgCluster::Shared();
  const std::string cli_db = pg->CreateDatabase();
  ASSERT_EQ(Cli({"users", "add", "alice", "--role", "admin"}, cli_db).exit_code, 0);
  for (const std::string& db : {db_, cli_db}) {
    ASSERT_EQ(Cli({"subjects", "import", kUpdateSubjects, "--user", "alice"}, db).exit_code, 0);
    ASSERT_EQ(Cli({"subjects", "screen", "--lists", kOldUn, "--user", "alice"}, db).exit_code, 0);
  }
  ASSERT_EQ(
      Cli({"subjects", "screen", "--lists", kNewUn, "--previous-lists", kOldUn, "--user", "alice"},
          cli_db)
          .exit_code,
      0);
  const auto before = AlertTriples(Cli({"alerts", "list", "--sort", "id", "--limit", "10000"}).out);

  // No file watcher: each swap is a reload the test asks for.
  const std::string lists = dir_ + "/lists";
  fs::create_directories(lists);
  fs::copy_file(kOldUn, lists + "/un.xml");
  WriteFileBytes(dir_ + "/serve.toml", "watch_interval_s = 0\n");
  auto serve = Serve::Start({"--config", dir_ + "/serve.toml", "--db", db_, "--keys", keys_,
                             "--lists", lists, "--db-wait", "1"},
                            dir_);
  ASSERT_TRUE(serve && serve->started()) << (serve ? serve->Log() : "");
  const Serve& s = *serve;
  // The re-screening status once `runs` re-screenings have finished.
  auto finished = [&](int runs) {
    json status;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      status = s.Do("GET", "/v1/lists", "bob").body["rescreening"];
      if (status["runs"].get<int>() >= runs && !status["running"].get<bool>() &&
          !status["queued"].get<bool>()) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return status;
  };

  // Down for good: the run fails once after its wait; nothing of the delta is saved.
  ASSERT_TRUE(pg->Stop(cordon::testing::PgCluster::StopMode::kImmediate));
  fs::copy_file(kNewUn, lists + "/un.xml.tmp");
  fs::rename(lists + "/un.xml.tmp", lists + "/un.xml");
  Response reload = s.Do("POST", "/v1/lists/reload", "alice");
  ASSERT_EQ(reload.status, 200) << reload.body;
  json status = finished(1);
  EXPECT_EQ(status["runs"], 1) << status;
  EXPECT_EQ(status["ok"], false) << status;
  EXPECT_THAT(status["error"].dump(), HasSubstr("stayed unavailable for 1 s")) << status;
  EXPECT_THAT(status["error"].dump(), HasSubstr("postgresql")) << status;
  const std::string log = serve->Log();
  size_t failures = 0;
  for (size_t at = 0; (at = log.find("re-screening failed", at)) != std::string::npos; ++at) {
    ++failures;
  }
  EXPECT_EQ(failures, 1u) << log;
  ASSERT_TRUE(pg->Start());
  EXPECT_EQ(AlertTriples(Cli({"alerts", "list", "--sort", "id", "--limit", "10000"}).out), before);

  // Back: the next swap (the same files) re-screens the subjects the failed run left due.
  reload = s.Do("POST", "/v1/lists/reload", "alice");
  ASSERT_EQ(reload.status, 200) << reload.body;
  status = finished(2);
  ASSERT_EQ(status["ok"], true) << status << serve->Log();
  const auto by_cli =
      AlertTriples(Cli({"alerts", "list", "--sort", "id", "--limit", "10000"}, cli_db).out);
  const auto served = AlertTriples(Cli({"alerts", "list", "--sort", "id", "--limit", "10000"}).out);
  EXPECT_EQ(served, by_cli);
  EXPECT_NE(served, before);
  EXPECT_EQ(Cli({"audit", "verify"}).exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeCasesTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace cordon::e2e
