// Unit tests of the pieces of `cordon submit` and `cordon worker` that need no server: the names
// file reader and the results-subject check. The end-to-end tests with a real nats-server are
// tests/worker_test.cc and tests/worker_fault_test.cc.
#include "worker/submit.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "worker/jetstream.h"

namespace cordon::worker {
namespace {

TEST(SubmitTest, NamesFileLines) {
  const std::vector<SubmitRequest> r = ParseSubmitNames(
      "n.txt",
      "Saddam Hussein Al-Tikriti\n\n  \t\n  Maria Schmidt  \r\n"
      "{\"id\": \"p-17\", \"name\": \"Sanaullah Ghafari\"}\n{\"id\":\"broken\",\nلادن");
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].source, "n.txt:1");
  EXPECT_EQ(nlohmann::json::parse(r[0].body),
            (nlohmann::json{{"id", "n.txt:1"}, {"name", "Saddam Hussein Al-Tikriti"}}));
  // Blank lines are skipped but counted; blanks and CR around a name are trimmed.
  EXPECT_EQ(r[1].source, "n.txt:4");
  EXPECT_EQ(nlohmann::json::parse(r[1].body)["name"], "Maria Schmidt");
  // A JSON line goes as it is, broken or not: the worker judges it (and dead-letters it).
  EXPECT_EQ(r[2].body, "{\"id\": \"p-17\", \"name\": \"Sanaullah Ghafari\"}");
  EXPECT_EQ(r[3].body, "{\"id\":\"broken\",");
  EXPECT_EQ(nlohmann::json::parse(r[4].body)["name"], "لادن");
  for (const SubmitRequest& q : r) EXPECT_EQ(q.subject, kPartySubject);
}

TEST(SubmitTest, ResultsSubjects) {
  EXPECT_TRUE(IsResultsSubject("cordon.results.default"));
  EXPECT_TRUE(IsResultsSubject("cordon.results.8210dff38ca5"));
  EXPECT_TRUE(IsResultsSubject("cordon.results.team-a.run_7"));
  EXPECT_FALSE(IsResultsSubject("cordon.results."));
  EXPECT_FALSE(IsResultsSubject("cordon.results.>"));
  EXPECT_FALSE(IsResultsSubject("cordon.results.*"));
  EXPECT_FALSE(IsResultsSubject("cordon.results.a..b"));
  EXPECT_FALSE(IsResultsSubject("cordon.results.a."));
  EXPECT_FALSE(IsResultsSubject("cordon.results.a b"));
  // Results elsewhere would not be stored in CORDON_RESULTS (nor de-duplicated).
  EXPECT_FALSE(IsResultsSubject("cordon.screen.party"));
  EXPECT_FALSE(IsResultsSubject("_INBOX.abc"));
}

}  // namespace
}  // namespace cordon::worker
