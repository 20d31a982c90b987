// Lists and screeners from paths: snapshots and list files mixed in one load, a screener saved to
// a snapshot and opened again screens as the one that wrote it, and a snapshot's stale or
// malformed engine section is compiled afresh or refused. Real lists from data/lists.
#include "cordon/sources.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cordon/lists.h"
#include "cordon/snapshot.h"
#include "core/arrays.h"

namespace cordon {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kUn = CORDON_DATA_DIR "/lists/un";
const std::string kUae = CORDON_DATA_DIR "/lists/uae/uae_local_terrorist_list_2025.csv";

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::path(::testing::TempDir()) / ("sources_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<LoadedList> Load(const std::string& path) {
  absl::StatusOr<std::vector<LoadedList>> lists = LoadLists({path});
  EXPECT_TRUE(lists.ok()) << lists.status();
  return lists.ok() ? std::move(*lists) : std::vector<LoadedList>();
}

TEST(SourcesTest, LoadSourcesMixesSnapshotsFoldersAndFilesInOrder) {
  const fs::path dir = FreshDir("mix");
  fs::create_directories(dir / "folder");
  ASSERT_TRUE(WriteSnapshot((dir / "uae.cordsnap").string(), Load(kUae)).ok());
  fs::copy_file(CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml",
                dir / "folder" / "un.xml");
  absl::StatusOr<std::vector<LoadedList>> all =
      LoadSources({(dir / "folder").string(), (dir / "uae.cordsnap").string()});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].version.list, "un");
  EXPECT_EQ((*all)[0].entities.size(), 1003u);  // INDIVIDUAL + ENTITY elements
  EXPECT_EQ((*all)[1].version.list, "uae");
  EXPECT_EQ((*all)[1].entities.size(), 155u);  // rows with a numeric "#" cell
  EXPECT_EQ(LoadSources({(dir / "missing").string()}).status().code(), absl::StatusCode::kNotFound);
  fs::remove_all(dir);
}

// A folder holding both a snapshot and a source list: both are loaded, the
// snapshot first (snapshots of a folder come before its other files).
TEST(SourcesTest, LoadSourcesReadsAFolderMixingSnapshotsAndLists) {
  const fs::path dir = FreshDir("folder_mix");
  ASSERT_TRUE(WriteSnapshot((dir / "uae.cordsnap").string(), Load(kUae)).ok());
  fs::copy_file(CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml", dir / "un.xml");
  absl::StatusOr<std::vector<LoadedList>> all = LoadSources({dir.string()});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].version.list, "uae");
  EXPECT_EQ((*all)[0].entities.size(), 155u);
  EXPECT_EQ((*all)[1].version.list, "un");
  EXPECT_EQ((*all)[1].entities.size(), 1003u);
  // LoadLists alone refuses the snapshot and says what to use instead.
  EXPECT_THAT(LoadLists({dir.string()}).status().message(), HasSubstr("cordon::LoadSources"));
  fs::remove_all(dir);
}

// The same hits from both, and the expected ones (README.md's examples on the UN list).
void ExpectSameHits(const Screener& a, const Screener& b) {
  const std::pair<const char*, const char*> cases[] = {{"Sanaullah Ghafary", "un:QDi.431"},
                                                       {"Germain Katanga", "un:CDi.006"},
                                                       {"Islamic State Khorasan", "un:QDe.161"},
                                                       {"Maria Schmidt", nullptr}};
  for (const auto& [name, top] : cases) {
    const std::vector<Hit> x = a.Screen({.name = name}), y = b.Screen({.name = name});
    ASSERT_EQ(x.size(), y.size()) << name;
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].entity_id, y[i].entity_id) << name;
      EXPECT_EQ(x[i].score, y[i].score) << name;
    }
    if (top == nullptr) {
      EXPECT_TRUE(x.empty()) << name;
    } else {
      ASSERT_FALSE(x.empty()) << name;
      EXPECT_EQ(x[0].entity_id, top) << name;
    }
  }
}

TEST(SourcesTest, SavedScreenerOpensWithItsCompiledEngine) {
  const fs::path dir = FreshDir("save");
  absl::StatusOr<std::unique_ptr<Screener>> made = OpenScreener({kUn});
  ASSERT_TRUE(made.ok()) << made.status();
  const std::string path = (dir / "un.cordsnap").string();
  ASSERT_TRUE(SaveScreener(**made, path).ok());
  absl::StatusOr<Snapshot> snap = ReadSnapshot(path);
  ASSERT_TRUE(snap.ok()) << snap.status();
  EXPECT_EQ(snap->Section(kEngineSnapshotSection), (*made)->CompiledBytes());
  absl::StatusOr<std::unique_ptr<Screener>> opened = OpenScreener({path});
  ASSERT_TRUE(opened.ok()) << opened.status();
  ASSERT_EQ((*opened)->lists().size(), 1u);
  EXPECT_EQ((*opened)->lists()[0].entities.size(), 1003u);
  EXPECT_EQ((*opened)->CompiledBytes(), (*made)->CompiledBytes());
  ExpectSameHits(**made, **opened);
  fs::remove_all(dir);
}

TEST(SourcesTest, StaleOrMissingEngineSectionIsCompiledAfresh) {
  const fs::path dir = FreshDir("stale");
  absl::StatusOr<std::unique_ptr<Screener>> made = OpenScreener({kUn});
  ASSERT_TRUE(made.ok());
  std::string stale;
  PutString(&stale, "normalize/0 tables:none");
  const std::string path = (dir / "un.cordsnap").string();
  for (const std::vector<SnapshotSection>& extra :
       {std::vector<SnapshotSection>{{"engine", stale}}, std::vector<SnapshotSection>{}}) {
    ASSERT_TRUE(WriteSnapshot(path, (*made)->lists(), extra).ok());
    absl::StatusOr<std::unique_ptr<Screener>> opened = OpenScreener({path});
    ASSERT_TRUE(opened.ok()) << opened.status();
    ExpectSameHits(**made, **opened);
  }
  fs::remove_all(dir);
}

// A snapshot written before the index stored its lookup maps (index/1: testdata/snapshots, made
// by main at 66bf650 from the internal watchlist, under the normaliser version of today) opens:
// its engine section is of another encoded form, so it is compiled afresh from the snapshot's
// lists, never decoded as today's form (which would refuse it as malformed), and screens as the
// list file does.
TEST(SourcesTest, SnapshotOfAnOlderIndexFormIsCompiledAfresh) {
  const std::string old = CORDON_TESTDATA_DIR "/snapshots/internal_watchlist_index1.cordsnap";
  const std::string csv = CORDON_TESTDATA_DIR "/lists/custom/internal_watchlist.csv";
  absl::StatusOr<Snapshot> snap = ReadSnapshot(old);
  ASSERT_TRUE(snap.ok()) << snap.status();
  const std::optional<std::string_view> engine = snap->Section(kEngineSnapshotSection);
  ASSERT_TRUE(engine.has_value());
  EXPECT_FALSE(Screener::IsCurrentCompiled(*engine));
  absl::StatusOr<std::unique_ptr<Screener>> opened = OpenScreener({old});
  ASSERT_TRUE(opened.ok()) << opened.status();
  absl::StatusOr<std::unique_ptr<Screener>> fresh = OpenScreener({csv});
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_TRUE(Screener::IsCurrentCompiled((*fresh)->CompiledBytes()));
  EXPECT_EQ((*opened)->CompiledBytes(), (*fresh)->CompiledBytes());
  const std::pair<const char*, const char*> cases[] = {
      {"Hayat Ullah Ghulam Muhammad", "internal:C-0001"},
      {"Aerocaribbean Airlines", "internal:C-0002"},
      {"Mian Abdul Haq", "internal:C-0004"}};
  for (const auto& [name, top] : cases) {
    const std::vector<Hit> x = (*opened)->Screen({.name = name});
    const std::vector<Hit> y = (*fresh)->Screen({.name = name});
    ASSERT_FALSE(x.empty()) << name;
    EXPECT_EQ(x[0].entity_id, top) << name;
    ASSERT_EQ(x.size(), y.size()) << name;
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].entity_id, y[i].entity_id) << name;
      EXPECT_EQ(x[i].score, y[i].score) << name;
    }
  }
}

TEST(SourcesTest, MalformedEngineSectionIsRefusedWithTheFileName) {
  const fs::path dir = FreshDir("bad");
  absl::StatusOr<std::unique_ptr<Screener>> made = OpenScreener({kUn});
  ASSERT_TRUE(made.ok());
  const std::string good = (*made)->CompiledBytes();
  const std::string path = (dir / "un.cordsnap").string();
  // The file's checksums are right (the section is written as given), so only the engine's own
  // checks can catch it.
  ASSERT_TRUE(WriteSnapshot(path, (*made)->lists(), {{"engine", good + "x"}}).ok());
  absl::StatusOr<std::unique_ptr<Screener>> opened = OpenScreener({path});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(opened.status().message(), HasSubstr("snapshot " + path + ": engine section"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cordon
