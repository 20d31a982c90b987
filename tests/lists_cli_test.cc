// End-to-end tests of `cordon lists show|diff` and `cordon index build` on the
// bundled lists (data/lists) and the UN test vintage (testdata/lists/un).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kUnOld = CORDON_TESTDATA_DIR "/lists/un/un_consolidated_2025-08-02_by_prn.xml";
const std::string kUnNew = CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml";

// Entity counts of the bundled lists, derived with Python from the raw files:
// UN = number of INDIVIDUAL + ENTITY elements; UK = distinct "Group ID" values
// of the OFSI CSV; Canada = <record> elements; UAE = rows whose "#" cell is a
// number; OFAC = rows of sdn.csv / cons_prim.csv with a numeric ent_num.
const std::map<std::string, size_t> kBundledCounts = {
    {"un-xml/un", 1003},  {"uk-conlist-csv/uk", 4686}, {"canada-sema-xml/ca", 4759},
    {"uae-csv/uae", 155}, {"ofac-csv/sdn.csv", 14965}, {"ofac-csv/cons_prim.csv", 442}};

// "format/list" or, for the two OFAC lists that share the code "ofac",
// "format/<primary file name>".
std::map<std::string, size_t> CountsOf(const json& shown) {
  std::map<std::string, size_t> out;
  for (const json& l : shown) {
    std::string key = l["format"].get<std::string>() + "/" + l["list"].get<std::string>();
    if (l["list"] == "ofac") {
      const std::string first = l["files"][0];
      key = l["format"].get<std::string>() + "/" + first.substr(first.rfind('/') + 1);
    }
    out[key] = l["entities"].get<size_t>();
  }
  return out;
}

TEST(ListsCliTest, ShowCountsTheBundledLists) {
  const CliResult r = RunCordon({"lists", "show", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json shown = json::parse(r.out);
  EXPECT_EQ(CountsOf(shown), kBundledCounts);
  for (const json& l : shown) {
    EXPECT_THAT(l["content_hash"].get<std::string>(), ::testing::StartsWith("sha256:"));
    EXPECT_EQ(l["names"]["primary"], l["entities"]) << l["list"];
  }
}

TEST(ListsCliTest, ShowTextNamesEachList) {
  const CliResult r = RunCordon({"lists", "show", "--lists", kUnNew});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("un  UN Security Council Consolidated List"));
  EXPECT_THAT(r.out, HasSubstr("entities:   1003"));
  EXPECT_THAT(r.out, HasSubstr("published:  2026-02-27"));
}

// Expected numbers from Python over the raw XML (REFERENCE_NUMBER sets and a
// textual comparison of the common records): 127 added, 3 removed, 12 of the
// 876 common records differ.
TEST(ListsCliTest, DiffOfUnVintages) {
  const CliResult r = RunCordon({"lists", "diff", kUnOld, kUnNew, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json d = json::parse(r.out);
  ASSERT_EQ(d["lists"].size(), 1u);
  const json& un = d["lists"][0];
  EXPECT_EQ(un["counts"]["added"], 127);
  EXPECT_EQ(un["counts"]["removed"], 3);
  EXPECT_EQ(un["counts"]["changed"], 12);
  EXPECT_EQ(un["counts"]["unchanged"], 864);
  EXPECT_EQ(un["removed"][0]["id"], "un:IQi.074");
  const CliResult text = RunCordon({"lists", "diff", kUnOld, kUnNew});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("added 127, removed 3, changed 12, unchanged 864"));
  EXPECT_THAT(text.out, HasSubstr("~ un:IQi.085"));
  EXPECT_THAT(text.out, HasSubstr("names + BASHAR AL-NASIRI (aka, strong"));
}

TEST(ListsCliTest, SnapshotGivesTheSameListsAsTheSources) {
  const std::string snap = FreshTempDir("snapshot") + "/lists.cordsnap";
  const CliResult built = RunCordon({"index", "build", "-o", snap});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  EXPECT_THAT(built.out, HasSubstr("6 lists, 26010 entities"));
  const CliResult from_sources = RunCordon({"lists", "show", "--format", "json"});
  const CliResult from_snapshot = RunCordon({"lists", "show", "--format", "json", "--lists", snap});
  ASSERT_EQ(from_snapshot.exit_code, 0) << from_snapshot.err;
  EXPECT_EQ(json::parse(from_snapshot.out), json::parse(from_sources.out));
  // A snapshot diffed against its sources shows no change.
  const CliResult diff = RunCordon({"lists", "diff", kUnNew, snap, "--format", "json"});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  const json d = json::parse(diff.out);
  ASSERT_EQ(d["lists"].size(), 1u);
  EXPECT_EQ(d["lists"][0]["counts"]["unchanged"], 1003);
  EXPECT_EQ(d["only_in_new"].size(), 5u);  // ca, uae, uk and both OFAC lists
}

TEST(ListsCliTest, CorruptSnapshotFailsWithAClearMessage) {
  const std::string dir = FreshTempDir("corrupt");
  const std::string snap = dir + "/un.cordsnap";
  ASSERT_EQ(RunCordon({"index", "build", "--lists", kUnNew, "-o", snap}).exit_code, 0);
  std::string bytes = ReadFileBytes(snap);
  bytes[bytes.size() - 10] ^= 0x01;  // inside "engine", the last section (the matching index)
  WriteFileBytes(snap, bytes);
  const CliResult r = RunCordon({"lists", "show", "--lists", snap});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "cordon: snapshot " + snap +
                       ": checksum mismatch in section 'engine' (corrupt or modified file)\n");
  WriteFileBytes(snap, bytes.substr(0, bytes.size() / 2));
  const CliResult cut = RunCordon({"lists", "show", "--lists", snap});
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_THAT(cut.err, HasSubstr("truncated"));
}

TEST(ListsCliTest, UnknownFormatAndMissingFilesFail) {
  const std::string file = FreshTempDir("unknown") + "/notes.dat";
  WriteFileBytes(file, "just some words\nthat are not a list\n");
  const CliResult r = RunCordon({"lists", "show", "--lists", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(file + ": unknown list format"));
  const CliResult missing = RunCordon({"lists", "show", "--lists", "/nonexistent/list.xml"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/list.xml: no such file or folder"));
}

// The FtM export reads back through cordon's own FtM loader with every entity
// (1003 UN entries: INDIVIDUAL + ENTITY elements of the raw XML).
TEST(ListsCliTest, FtmExportLoadsBack) {
  const std::string file = FreshTempDir("export") + "/un.ftm.jsonl";
  const CliResult r =
      RunCordon({"lists", "export", "--format", "ftm", "--lists", kUnNew, "-o", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = ReadFileBytes(file);
  EXPECT_EQ(std::count(bytes.begin(), bytes.end(), '\n'), 1003);
  const CliResult shown = RunCordon({"lists", "show", "--format", "json", "--lists", file});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const json l = json::parse(shown.out)[0];
  EXPECT_EQ(l["format"], "ftm-json");
  EXPECT_EQ(l["entities"], 1003);
}

TEST(ListsCliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(RunCordon({"lists", "show", "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(RunCordon({"index", "build"}).exit_code, 2);
  EXPECT_EQ(RunCordon({"lists", "diff", kUnOld}).exit_code, 2);
  EXPECT_EQ(RunCordon({"lists", "export", "--format", "csv"}).exit_code, 2);
}

}  // namespace
}  // namespace cordon::e2e
