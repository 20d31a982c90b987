// Golden file of `cordon message` on every sample of testdata/messages (real public messages, and
// the copies in testdata/messages/injected with listed names put into their fields, see
// testdata/PROVENANCE.md), screened against the bundled lists: per message its format, decision,
// the kind, field path, role and list entry of every hit, the path of every party without a
// name and what it was screened by, and the byte offset of every error. A change of any field
// path, or a hit won or lost, shows here as a diff against tests/golden/messages.jsonl.
//
// After a deliberate change, rewrite the file and review the diff:
//   CORDON_UPDATE_GOLDEN=1 build/tests/e2e_message_golden_test && git diff tests/golden
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"

namespace cordon::e2e {
namespace {

using nlohmann::json;

const std::string kSamples = CORDON_TESTDATA_DIR "/messages";
const std::string kGolden = CORDON_TESTDATA_DIR "/../tests/golden/messages.jsonl";

// The golden line of one output line: what a reviewer checks, without scores and explanations
// (the matching engine's own tests cover those).
std::string GoldenLine(const json& in) {
  json out = {{"file", in["file"].get<std::string>().substr(kSamples.size() + 1)}};
  if (in.contains("message")) out["message"] = in["message"];
  out["decision"] = in["decision"];
  if (in["decision"] == "error") {
    out["offset"] = in["offset"];
    return out.dump();
  }
  out["format"] = in["format"];
  json hits = json::array();
  for (const json& h : in["hits"]) {
    std::string entity = h.contains("match") ? h["match"]["entity_id"].get<std::string>() : "";
    hits.push_back(h["kind"].get<std::string>() + " " + h["path"].get<std::string>() + " " +
                   h["role"].get<std::string>() + " " + entity);
  }
  out["hits"] = hits;
  json unnamed = json::array();
  for (const json& u : in["unnamed_parties"]) {
    std::string by;
    for (const json& s : u["screened"]) by += "+" + s.get<std::string>();
    unnamed.push_back(u["path"].get<std::string>() +
                      (by.empty() ? " nothing" : " " + by.substr(1)));
  }
  out["unnamed"] = unnamed;
  return out.dump();
}

TEST(MessageGoldenTest, EverySampleHitAtItsFieldPath) {
  const CliResult r = RunCordon({"message", kSamples});
  // Some samples are refused on purpose (a UNA advice with a Unicode terminator, an MX message
  // the reader does not read): their error lines are part of the golden file, and exit code 1.
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::string got;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) got += GoldenLine(json::parse(line)) + "\n";
  if (std::getenv("CORDON_UPDATE_GOLDEN") != nullptr) {
    WriteFileBytes(kGolden, got);
    GTEST_SKIP() << "rewrote " << kGolden;
  }
  const std::string want = ReadFileBytes(kGolden);
  std::istringstream g(got), w(want);
  std::string gl, wl;
  for (int n = 1; std::getline(w, wl); ++n) {
    ASSERT_TRUE(std::getline(g, gl)) << "output ends before golden line " << n << ": " << wl;
    ASSERT_EQ(gl, wl) << "golden line " << n;
  }
  EXPECT_FALSE(std::getline(g, gl)) << "output has more lines than the golden file: " << gl;
}

}  // namespace
}  // namespace cordon::e2e
