// `cordon lists fetch` against a local publisher that misbehaves on purpose (tests/fetch_server.py,
// HTTP and HTTPS on loopback with a self-signed certificate made here with openssl). Every bad
// case ends with the current version unchanged, the reason on stderr and exit status 1.
//
// Fixtures are versions of the real UN list (data/lists/un): v1 as published; v2 one day later
// with one entry delisted; a copy with 90% of the entries gone; v1 dated six weeks earlier.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace cordon::e2e {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kUnV1 = std::string(CORDON_DATA_DIR) + "/lists/un/un_consolidated_2026-02-27.xml";
const std::string kServer = std::string(CORDON_DATA_DIR) + "/../tests/fetch_server.py";

// The v1 text with its dateGenerated replaced.
std::string Redated(std::string text, const std::string& date) {
  const size_t at = text.find("dateGenerated=\"") + 15;
  return text.replace(at, text.find('"', at) - at, date);
}

// The text with every <tag>...</tag> block whose ordinal (1-based) satisfies `drop` removed.
template <typename Drop>
std::string Without(std::string text, const std::string& tag, Drop drop) {
  std::string out;
  size_t pos = 0;
  int n = 0;
  for (size_t at = text.find("<" + tag + ">"); at != std::string::npos;
       at = text.find("<" + tag + ">", pos)) {
    const size_t end = text.find("</" + tag + ">", at) + tag.size() + 3;
    out += text.substr(pos, at - pos);
    if (!drop(++n)) out += text.substr(at, end - at);
    pos = end;
  }
  return out + text.substr(pos);
}

class Publisher {
 public:
  explicit Publisher(const std::string& root) : root_(root) {
    const std::string cert = root + "/cert.pem", key = root + "/key.pem";
    const std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
        key + "' -out '" + cert + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    int in[2], out[2];
    EXPECT_EQ(pipe(in), 0);
    EXPECT_EQ(pipe(out), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      close(in[1]);
      close(out[0]);
      execlp("python3", "python3", kServer.c_str(), root.c_str(), cert.c_str(), key.c_str(),
             static_cast<char*>(nullptr));
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    FILE* f = fdopen(out[0], "r");
    char line[128] = {0};
    EXPECT_NE(fgets(line, sizeof(line), f), nullptr) << "fetch_server.py did not start";
    EXPECT_EQ(std::sscanf(line, "PORTS %d %d", &http_, &https_), 2) << line;
    fclose(f);
  }
  ~Publisher() {
    close(stdin_);
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::string Http(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(http_) + path;
  }
  std::string Https(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(https_) + path;
  }
  std::string Log() const { return ReadFileBytes(root_ + "/requests.log"); }

 private:
  std::string root_;
  pid_t pid_ = -1;
  int stdin_ = -1;
  int http_ = 0, https_ = 0;
};

class ListsFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("fetch");
    root_ = dir_ + "/www";
    fs::create_directories(root_);
    const std::string v1 = ReadFileBytes(kUnV1);
    ASSERT_THAT(v1, HasSubstr("dateGenerated=\"2026-02-27"));
    WriteFileBytes(root_ + "/un.xml", v1);
    WriteFileBytes(root_ + "/un_v2.xml", Without(Redated(v1, "2026-02-28T10:00:00.000Z"),
                                                 "INDIVIDUAL", [](int n) { return n == 2; }));
    WriteFileBytes(root_ + "/un_gutted.xml",
                   Without(Without(Redated(v1, "2026-02-28T10:00:00.000Z"), "INDIVIDUAL",
                                   [](int n) { return n % 10 != 0; }),
                           "ENTITY", [](int n) { return n % 10 != 0; }));
    WriteFileBytes(root_ + "/un_older.xml", Redated(v1, "2026-01-15T00:00:00.000Z"));
    WriteFileBytes(root_ + "/un_half.xml", v1.substr(0, v1.size() / 2));
    server_ = std::make_unique<Publisher>(root_);
    store_ = dir_ + "/store";
  }

  // Fetches source "un" from `url` into the store; `extra` goes into [fetch].
  CliResult Fetch(const std::string& url, const std::string& extra = "", int retries = 1) {
    const std::string sources = dir_ + "/sources.toml";
    WriteFileBytes(sources, "[fetch]\nretries = " + std::to_string(retries) +
                                "\nbackoff_seconds = 0.1\nstall_seconds = 1\n"
                                "timeout_seconds = 20\nconnect_timeout_seconds = 5\n" +
                                extra + "\n[[source]]\nname = \"un\"\nurl = \"" + url +
                                "\"\nformat = \"un-xml\"\n");
    return RunCordon({"lists", "fetch", "--sources", sources, "--store", store_});
  }

  std::string Current() const {
    std::error_code ec;
    return fs::read_symlink(store_ + "/un/current", ec).filename().string();
  }

  size_t Refused() const {
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(store_ + "/un/refused", ec)) {
      n += fs::exists(e.path() / "refusal.json") ? 1 : 0;
    }
    return n;
  }

  // Accepts v1 as the current version.
  std::string FetchV1() {
    CliResult r = Fetch(server_->Http("/ok/un.xml"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("un: new 2026-02-27_"));
    return Current();
  }

  // A bad case: exit 1, the reason on stderr, the current version unchanged.
  void ExpectKept(const CliResult& r, const std::string& v1, const std::string& reason) {
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("cordon: un: "));
    EXPECT_THAT(r.err, HasSubstr(reason));
    EXPECT_THAT(r.err, HasSubstr("version " + v1 + " stays current"));
    EXPECT_EQ(Current(), v1);
    const std::string state = ReadFileBytes(store_ + "/un/state.json");
    EXPECT_THAT(state, HasSubstr("\"last_refusal\": \""));
  }

  std::string dir_, root_, store_;
  std::unique_ptr<Publisher> server_;
};

TEST_F(ListsFetchTest, FirstFetchThenNotModifiedThenNewVersion) {
  const std::string v1 = FetchV1();
  EXPECT_THAT(v1, testing::StartsWith("2026-02-27_"));
  // The store screens as a --lists folder: the current UN version.
  CliResult show = RunCordon({"lists", "show", "--lists", store_, "--format", "json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const nlohmann::json lists = nlohmann::json::parse(show.out);
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0]["published"], "2026-02-27T00:00:09.554Z");
  EXPECT_EQ(lists[0]["entities"], 1003);

  // Second fetch: the conditional request gets 304.
  CliResult again = Fetch(server_->Http("/ok/un.xml"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("un: unchanged " + v1));
  EXPECT_THAT(server_->Log(), HasSubstr("GET /ok/un.xml 304 \""));

  // A newer publication with one entry delisted becomes current; v1 stays in the store.
  CliResult v2 = Fetch(server_->Http("/ok/un_v2.xml"));
  EXPECT_EQ(v2.exit_code, 0) << v2.err;
  EXPECT_THAT(v2.out, HasSubstr("un: new 2026-02-28_"));
  EXPECT_THAT(v2.out, HasSubstr("was " + v1));
  CliResult diff = RunCordon(
      {"lists", "diff", "--store", store_, "--source", "un", v1, "current", "--format", "json"});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  const nlohmann::json d = nlohmann::json::parse(diff.out);
  EXPECT_EQ(d["lists"][0]["counts"]["removed"], 1);
  EXPECT_EQ(d["lists"][0]["counts"]["added"], 0);

  CliResult versions = RunCordon({"lists", "versions", "--store", store_, "--format", "json"});
  ASSERT_EQ(versions.exit_code, 0) << versions.err;
  const nlohmann::json vs = nlohmann::json::parse(versions.out);
  ASSERT_EQ(vs[0]["versions"].size(), 2u);
  EXPECT_EQ(vs[0]["versions"][0]["id"], v1);
  EXPECT_EQ(vs[0]["versions"][1]["current"], true);
  EXPECT_EQ(vs[0]["versions"][0]["entities"].get<int>(),
            vs[0]["versions"][1]["entities"].get<int>() + 1);

  CliResult prune = RunCordon({"lists", "prune", "--store", store_, "--keep", "1"});
  EXPECT_EQ(prune.exit_code, 0) << prune.err;
  EXPECT_THAT(prune.out, HasSubstr(v1));
  EXPECT_FALSE(fs::exists(store_ + "/un/versions/" + v1));
  EXPECT_TRUE(fs::exists(store_ + "/un/current/version.json"));
}

TEST_F(ListsFetchTest, HttpErrorsKeepTheCurrentVersion) {
  const std::string v1 = FetchV1();
  ExpectKept(Fetch(server_->Http("/status/404/un.xml")), v1, "HTTP 404");
  ExpectKept(Fetch(server_->Http("/status/500/un.xml")), v1, "HTTP 500 (after 2 attempts)");
  EXPECT_EQ(Refused(), 0u);  // nothing complete was downloaded
}

TEST_F(ListsFetchTest, TruncatedDownloadsAreRefused) {
  const std::string v1 = FetchV1();
  // The connection closes before Content-Length bytes: the transfer itself fails.
  ExpectKept(Fetch(server_->Http("/short/un_v2.xml")), v1, "transfer closed");
  // A complete HTTP answer holding half a file: it does not parse, and is kept aside.
  ExpectKept(Fetch(server_->Http("/ok/un_half.xml")), v1, "does not parse: ");
  EXPECT_EQ(Refused(), 1u);
}

TEST_F(ListsFetchTest, GuardsRefuseAGuttedOrOlderList) {
  const std::string v1 = FetchV1();
  ExpectKept(Fetch(server_->Http("/ok/un_gutted.xml")), v1,
             "is below 90% of the current version's");
  ExpectKept(Fetch(server_->Http("/ok/un_older.xml")), v1, "older than the current version's");
  EXPECT_EQ(Refused(), 2u);
}

TEST_F(ListsFetchTest, StalledTransferTimesOut) {
  const std::string v1 = FetchV1();
  ExpectKept(Fetch(server_->Http("/hang/un_v2.xml"), "", 0), v1, "timed out");
}

TEST_F(ListsFetchTest, HtmlPageIsRefused) {
  const std::string v1 = FetchV1();
  ExpectKept(Fetch(server_->Http("/html/un_v2.xml")), v1, "content type text/html");
}

TEST_F(ListsFetchTest, RedirectsFollowedButNeverDowngraded) {
  const std::string v1 = FetchV1();
  // Same scheme: followed; the same bytes as the current version are no new version.
  CliResult same = Fetch(server_->Http("/redirect/un.xml"));
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_THAT(same.out, HasSubstr("un: unchanged " + v1));
  // From https to http: refused.
  ExpectKept(Fetch(server_->Https("/downgrade/un_v2.xml"), "ca_file = \"" + root_ + "/cert.pem\""),
             v1, "redirect refused");
}

TEST_F(ListsFetchTest, CertificateMustVerify) {
  const std::string v1 = FetchV1();
  // A self-signed certificate the system does not trust.
  ExpectKept(Fetch(server_->Https("/ok/un_v2.xml")), v1, "TLS certificate not verified");
  // Trusted through ca_file, the same server is fine.
  CliResult r = Fetch(server_->Https("/ok/un_v2.xml"), "ca_file = \"" + root_ + "/cert.pem\"");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("un: new 2026-02-28_"));
}

TEST_F(ListsFetchTest, BadSourcesFileIsAUsageError) {
  const std::string sources = dir_ + "/bad.toml";
  WriteFileBytes(sources, "[[source]]\nname = \"un\"\nurl = \"ftp://x/y\"\nformat = \"un-xml\"\n");
  CliResult r = RunCordon({"lists", "fetch", "--sources", sources, "--store", store_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("is not an http, https or file URL"));
  WriteFileBytes(sources,
                 "[[source]]\nname = \"un\"\nurl = \"http://x/y\"\nformat = \"un-xml\"\n"
                 "min_entity_shar = 0.5\n");
  r = RunCordon({"lists", "fetch", "--sources", sources, "--store", store_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("min_entity_shar: unknown key"));
}

}  // namespace
}  // namespace cordon::e2e
