// The compiled engine in a snapshot: a Screener opened from a snapshot written by Save() screens
// exactly as the one that wrote it (real UN list, real names and generated variants), a stale or
// lists-only snapshot is compiled afresh, and a malformed engine section is refused.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "cordon/lists.h"
#include "cordon/snapshot.h"
#include "engine/screener_impl.h"
#include "snapshot/arrays.h"
#include "testing/variants.h"

namespace cordon {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "-" + std::to_string(::getpid()) + ".cordsnap"))
      .string();
}

std::vector<LoadedList> UnLists() {
  auto lists = LoadLists({std::string(CORDON_DATA_DIR) + "/lists/un"});
  EXPECT_TRUE(lists.ok()) << lists.status();
  return std::move(*lists);
}

// Listed names, their generated variants and their tokens recombined.
std::vector<ScreenQuery> Queries(const Screener& s) {
  std::vector<std::string> names;
  for (const LoadedList& l : s.lists()) {
    for (const Entity& e : l.entities) {
      for (const Name& n : e.names) names.push_back(n.full);
    }
  }
  std::mt19937_64 rng(7);
  std::vector<ScreenQuery> out;
  for (int i = 0; i < 120; ++i) {
    const std::string& name = names[rng() % names.size()];
    out.push_back({.name = name});
    for (const testing::Variant& v : testing::MakeVariants(name, rng)) {
      out.push_back({.name = v.name});
    }
  }
  out.push_back({.name = "Muhammad Khan"});
  out.push_back({.name = "S. M. Tufail"});
  return out;
}

void ExpectSameScreening(const Screener& a, const Screener& b) {
  const ScreenOptions o{.threshold = 0.6, .limit = 50};
  size_t hits = 0;
  for (const ScreenQuery& q : Queries(a)) {
    const std::vector<Hit> x = a.Screen(q, o), y = b.Screen(q, o);
    ASSERT_EQ(x.size(), y.size()) << q.name;
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].entity_id, y[i].entity_id) << q.name;
      EXPECT_EQ(x[i].score, y[i].score) << q.name;
      EXPECT_EQ(x[i].matched_name, y[i].matched_name) << q.name;
      ASSERT_EQ(x[i].explanation.alignment.size(), y[i].explanation.alignment.size()) << q.name;
      for (size_t k = 0; k < x[i].explanation.alignment.size(); ++k) {
        EXPECT_EQ(x[i].explanation.alignment[k].list_token,
                  y[i].explanation.alignment[k].list_token);
      }
    }
    hits += x.size();
  }
  EXPECT_GT(hits, 200u);  // the queries are mostly listed names: most find something
}

TEST(ScreenerSnapshotTest, OpenedSnapshotScreensLikeTheCompiledLists) {
  auto made = Screener::Create(UnLists());
  ASSERT_TRUE(made.ok()) << made.status();
  const std::string path = TempPath("engine");
  ASSERT_TRUE((*made)->Save(path).ok());
  auto snap = ReadSnapshot(path);
  ASSERT_TRUE(snap.ok()) << snap.status();
  EXPECT_TRUE(snap->Section("engine").has_value());
  auto opened = Screener::Open({path});
  ASSERT_TRUE(opened.ok()) << opened.status();
  ASSERT_EQ((*opened)->lists().size(), 1u);
  EXPECT_EQ((*opened)->lists()[0].entities.size(), 1003u);
  ExpectSameScreening(**made, **opened);
  // Saving the opened screener writes the same bytes: nothing is lost on the way.
  const std::string again = TempPath("engine-again");
  ASSERT_TRUE((*opened)->Save(again).ok());
  auto first = ReadSnapshot(path), second = ReadSnapshot(again);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first->Section("engine"), *second->Section("engine"));
  std::filesystem::remove(path);
  std::filesystem::remove(again);
}

TEST(ScreenerSnapshotTest, StaleOrMissingEngineSectionIsCompiledAfresh) {
  auto made = Screener::Create(UnLists());
  ASSERT_TRUE(made.ok());
  std::string stale;
  snapshot::PutString(&stale, "normalize/0 tables:none");
  stale += "whatever follows is not read";
  const std::string path = TempPath("stale");
  ASSERT_TRUE(WriteSnapshot(path, (*made)->lists(), {{"engine", stale}}).ok());
  auto opened = Screener::Open({path});
  ASSERT_TRUE(opened.ok()) << opened.status();
  ExpectSameScreening(**made, **opened);
  ASSERT_TRUE(WriteSnapshot(path, (*made)->lists()).ok());  // lists only
  opened = Screener::Open({path});
  ASSERT_TRUE(opened.ok()) << opened.status();
  ExpectSameScreening(**made, **opened);
  std::filesystem::remove(path);
}

TEST(ScreenerSnapshotTest, MalformedEngineSectionIsRefused) {
  auto made = Screener::Create(UnLists());
  ASSERT_TRUE(made.ok());
  const std::string good = static_cast<const engine::ScreenerImpl&>(**made).EncodeSection();
  const std::string path = TempPath("bad");
  // Cut short, and with a byte too many (the file checksums are right: the section is written
  // as given, so only the decoder's own checks can catch it).
  for (const std::string& bad : {good.substr(0, good.size() / 2), good + "x"}) {
    ASSERT_TRUE(WriteSnapshot(path, (*made)->lists(), {{"engine", bad}}).ok());
    auto opened = Screener::Open({path});
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(opened.status().message().find("engine section"), std::string::npos)
        << opened.status();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace cordon
