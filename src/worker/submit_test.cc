// Unit tests of the pieces of `cordon submit` and `cordon worker` that need no server: the names
// file reader, batching and the worker's reader of a batch, and the results-subject check. The
// end-to-end tests with a real nats-server are tests/worker_test.cc and tests/worker_fault_test.cc.
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

TEST(SubmitTest, BatchesOfConsecutiveParties) {
  const std::vector<SubmitRequest> r = ParseSubmitNames(
      "n.txt", "A One\nB Two\n{\"id\":\"broken\",\nC Three\nD Four\nE Five\nF Six\n");
  ASSERT_EQ(r.size(), 7u);
  // Batches of 2: the broken line goes alone and closes the batch before it.
  const std::vector<SubmitUnit> u = MakeSubmitUnits(r, 2, 0);
  ASSERT_EQ(u.size(), 4u);  // [A, B], broken, [C, D], [E, F]
  EXPECT_EQ(u[1].subject, kPartySubject);
  EXPECT_EQ(u[1].body, r[2].body);
  for (const SubmitUnit& b : {u[0], u[2], u[3]}) {
    EXPECT_EQ(b.subject, kBatchSubject);
    absl::StatusOr<std::vector<std::string>> parties = ReadBatch(b.body);
    ASSERT_TRUE(parties.ok()) << parties.status() << b.body;
    ASSERT_EQ(parties->size(), b.count);
    for (size_t i = 0; i < b.count; ++i) {
      EXPECT_EQ(nlohmann::json::parse((*parties)[i]), nlohmann::json::parse(r[b.first + i].body));
    }
  }
  EXPECT_EQ(u[3].first, 5u);
  EXPECT_EQ(u[3].count, 2u);
  // A byte limit closes a batch early; one a party and no batch at all with batch 1.
  for (const SubmitUnit& b : MakeSubmitUnits(r, 6, 70)) {
    EXPECT_LE(b.body.size(), 70u) << b.body;
  }
  EXPECT_EQ(MakeSubmitUnits(r, 6, 0).size(), 3u);  // [A, B], broken, [C .. F]
  for (const SubmitUnit& b : MakeSubmitUnits(r, 1, 0)) EXPECT_EQ(b.subject, kPartySubject);
}

TEST(SubmitTest, BatchReader) {
  EXPECT_EQ(ReadBatch(R"({"queries": [{"name": "A"}, 7, {"id": "x"}]})")->size(), 3u);
  for (const char* bad : {"", "[]", "{\"queries\": []}", "{\"queries\": {}}", "{\"queries\": [",
                          "{\"parties\": [{\"name\": \"A\"}]}"}) {
    EXPECT_EQ(ReadBatch(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  // Nested deeper than the API reads (service::kMaxJsonDepth): refused, not recursed into.
  const std::string deep = "{\"queries\": [" + std::string(100, '[') + std::string(100, ']') + "]}";
  EXPECT_EQ(ReadBatch(deep).status().code(), absl::StatusCode::kInvalidArgument);
  // Submit sends a party too deep to be batched alone, not in a batch it would spoil.
  const std::vector<SubmitRequest> r =
      ParseSubmitNames("n.txt", "A One\n{\"id\":\"deep\",\"x\":" + std::string(63, '[') +
                                    std::string(63, ']') + "}\nB Two\n");
  const std::vector<SubmitUnit> u = MakeSubmitUnits(r, 8, 0);
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[1].subject, kPartySubject);
  // So does a party with a NUL byte (JSON to nlohmann up to the NUL, the batch after it lost;
  // found by submit_names_fuzz).
  std::string nul = "A One\n{\"id\":\"n\",\"name\":\"B\"}";
  nul += '\0';
  nul += "junk\nC Three\n";
  const std::vector<SubmitUnit> v = MakeSubmitUnits(ParseSubmitNames("n.txt", nul), 8, 0);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[1].subject, kPartySubject);
  std::string big = "{\"queries\": [";
  for (size_t i = 0; i <= kMaxBatchParties; ++i) big += i ? ",{}" : "{}";
  EXPECT_EQ(ReadBatch(big + "]}").status().code(), absl::StatusCode::kInvalidArgument);
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
