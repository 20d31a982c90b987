#include "cordon/snapshot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cordon/lists.h"

namespace cordon {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// An entity with every field of the model set to a non-default value, so a
// round trip that dropped or swapped any field would compare unequal.
Entity FullEntity(const std::string& source_id) {
  Entity e;
  e.list = "test";
  e.source_id = source_id;
  e.id = MakeEntityId(e.list, e.source_id);
  e.schema = Schema::kVessel;
  e.names.push_back(
      {.full = "HAJI KHAIRULLAH",
       .kind = NameKind::kPrimary,
       .strength = NameStrength::kStrong,
       .quality_text = "Primary",
       .script = "Latn",
       .language = "en",
       .parts = {{NamePartType::kGiven, "HAJI"}, {NamePartType::kFamily, "KHAIRULLAH"}}});
  e.names.push_back({.full = "حاجی خیرالله",
                     .kind = NameKind::kFormer,
                     .strength = NameStrength::kWeak,
                     .quality_text = "Low",
                     .script = "Arab",
                     .language = "ps",
                     .parts = {{NamePartType::kTribal, "Noorzai"}}});
  e.titles = {"Mullah", "Haji"};
  e.designations = {"Owner of Khairullah Hawala"};
  e.gender = Gender::kFemale;
  e.birth_dates.push_back(
      {.from = {1960, 0, 0}, .to = {1962, 12, 31}, .circa = true, .text = "1960 to 1962"});
  e.birth_dates.push_back({.from = {-44, 3, 15}, .to = {-44, 3, 15}, .circa = false, .text = ""});
  e.birth_places.push_back({.text = "Kandahar, Afghanistan",
                            .city = "Kandahar",
                            .region = "Kandahar Province",
                            .country = {"af", "Afghanistan"}});
  e.nationalities = {{"af", "Afghanistan"}, {"", "Soviet Union"}};
  e.citizenships = {{"pk", "Pakistan"}};
  e.addresses.push_back({.full = "Chaman, Pakistan",
                         .street = "Main Bazaar",
                         .city = "Chaman",
                         .region = "Balochistan",
                         .postal_code = "86000",
                         .country = {"pk", "Pakistan"},
                         .note = "as at 2011"});
  e.identifiers.push_back({.type = IdentifierType::kCryptoWallet,
                           .type_text = "Digital Currency",
                           .value = "bc1q" + source_id,
                           .country = {"us", "United States"},
                           .issued = "2020-01-01",
                           .expires = "2030-01-01",
                           .note = "XBT"});
  e.programs = {"TAi", "SDGT"};
  e.listed_on = "2012-02-29";
  e.last_updated = "2024-05-01";
  e.remarks = {"First remark.", "Second remark with \"quotes\"."};
  return e;
}

LoadedList SyntheticList(const std::string& code, int entities) {
  LoadedList l;
  l.version = {.list = code,
               .title = "Synthetic " + code,
               .format = "cordon-csv",
               .published = "2026-01-02T03:04:05Z",
               .content_hash = "sha256:00ff",
               .files = {"a/" + code + ".csv", "b/" + code + ".csv"}};
  for (int i = 0; i < entities; ++i) l.entities.push_back(FullEntity(std::to_string(i)));
  l.entities.push_back(Entity{.id = code + ":empty", .list = code, .source_id = "empty"});
  l.skipped.push_back({.file = "a.csv", .line = 42, .field = "alias", .reason = "no entry"});
  return l;
}

void ExpectSameLists(const std::vector<LoadedList>& a, const std::vector<LoadedList>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].version, b[i].version);
    EXPECT_EQ(a[i].skipped, b[i].skipped);
    ASSERT_EQ(a[i].entities.size(), b[i].entities.size()) << a[i].version.list;
    for (size_t k = 0; k < a[i].entities.size(); ++k) {
      ASSERT_EQ(a[i].entities[k], b[i].entities[k]) << a[i].entities[k].id;
    }
  }
}

std::string Encode(const std::vector<LoadedList>& lists) {
  SnapshotWriter w;
  w.AddLists(lists);
  absl::StatusOr<std::string> bytes = w.Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : "";
}

TEST(SnapshotTest, RoundTripsEveryFieldOfSyntheticLists) {
  const std::vector<LoadedList> lists = {SyntheticList("one", 3), SyntheticList("two", 1)};
  absl::StatusOr<Snapshot> snap = ParseSnapshot("mem", Encode(lists));
  ASSERT_TRUE(snap.ok()) << snap.status();
  EXPECT_EQ(snap->format_version(), kSnapshotFormatVersion);
  EXPECT_THAT(snap->SectionTags(), ::testing::ElementsAre("strings", "lists", "entities"));
  ExpectSameLists(lists, snap->lists());
}

// Every bundled list (data/lists) survives the round trip unchanged: versions,
// skipped notes and every entity by Entity::operator==.
TEST(SnapshotTest, RoundTripsAllBundledLists) {
  // Found as the program finds them: build/src/share/cordon links to data/.
  absl::StatusOr<std::vector<std::string>> paths = DefaultListPaths();
  ASSERT_TRUE(paths.ok()) << paths.status();
  absl::StatusOr<std::vector<LoadedList>> lists = LoadLists(*paths);
  ASSERT_TRUE(lists.ok()) << lists.status();
  // One list per folder of data/lists (canada, ofac-cons, ofac-sdn, uae, uk, un).
  ASSERT_EQ(lists->size(), 6u);
  absl::StatusOr<Snapshot> snap = ParseSnapshot("bundled", Encode(*lists));
  ASSERT_TRUE(snap.ok()) << snap.status();
  ExpectSameLists(*lists, snap->lists());
}

TEST(SnapshotTest, ExtraSectionsRoundTripAndAreValidated) {
  SnapshotWriter w;
  w.AddLists({SyntheticList("one", 1)});
  ASSERT_TRUE(w.AddSection("index.keys", std::string("\0\1\2binary", 9)).ok());
  EXPECT_EQ(w.AddSection("index.keys", "again").code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(w.AddSection("entities", "x").message(), HasSubstr("reserved"));
  EXPECT_FALSE(w.AddSection("Upper", "x").ok());
  EXPECT_FALSE(w.AddSection("much-too-long-tag-name", "x").ok());
  EXPECT_FALSE(w.AddSection("", "x").ok());
  absl::StatusOr<std::string> bytes = w.Finish();
  ASSERT_TRUE(bytes.ok());
  absl::StatusOr<Snapshot> snap = ParseSnapshot("mem", *bytes);
  ASSERT_TRUE(snap.ok()) << snap.status();
  EXPECT_EQ(snap->Section("index.keys"), std::string_view("\0\1\2binary", 9));
  EXPECT_EQ(snap->Section("absent"), std::nullopt);
  // The view survives moving the snapshot.
  const std::string_view keys = *snap->Section("index.keys");
  Snapshot moved = std::move(*snap);
  EXPECT_EQ(keys, std::string_view("\0\1\2binary", 9));
  EXPECT_EQ(moved.lists().size(), 1u);
}

TEST(SnapshotTest, FinishWithoutListsFails) {
  SnapshotWriter w;
  EXPECT_EQ(w.Finish().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SnapshotTest, EveryFlippedByteIsRefused) {
  const std::string good = Encode({SyntheticList("one", 2)});
  // Flip each byte in turn: the header checksum covers the header and table,
  // the section checksums cover the rest, so every single flip must fail.
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    EXPECT_FALSE(ParseSnapshot("bad", bad).ok()) << "flipped byte " << i;
  }
}

TEST(SnapshotTest, FlippedEntityByteNamesTheSection) {
  std::string bad = Encode({SyntheticList("one", 2)});
  bad[bad.size() - 3] ^= 1;  // "entities" is the last section
  absl::Status s = ParseSnapshot("x.snap", bad).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(s.message(),
            "snapshot x.snap: checksum mismatch in section 'entities' (corrupt or modified file)");
}

TEST(SnapshotTest, FlippedHeaderByteIsAHeaderChecksumMismatch) {
  std::string bad = Encode({SyntheticList("one", 2)});
  bad[88 + 20] ^= 1;  // inside the first table entry's offset
  EXPECT_THAT(ParseSnapshot("x", bad).status().message(),
              HasSubstr("checksum mismatch in the header or section table"));
}

TEST(SnapshotTest, TruncatedFilesAreRefused) {
  const std::string good = Encode({SyntheticList("one", 2)});
  for (size_t len : {size_t{0}, size_t{7}, size_t{8}, size_t{50}, size_t{88}, good.size() / 2,
                     good.size() - 1}) {
    absl::Status s = ParseSnapshot("x", good.substr(0, len)).status();
    EXPECT_FALSE(s.ok()) << len;
    if (len >= 88) {
      EXPECT_THAT(s.message(), HasSubstr("truncated")) << len;
    }
  }
  EXPECT_THAT(ParseSnapshot("x", good + "tail").status().message(), HasSubstr("extra bytes"));
}

TEST(SnapshotTest, WrongMagicIsRefused) {
  std::string bad = Encode({SyntheticList("one", 1)});
  bad[0] = 'X';
  EXPECT_EQ(ParseSnapshot("x", bad).status().message(),
            "snapshot x: not a cordon snapshot (wrong magic bytes)");
}

TEST(SnapshotTest, FutureVersionIsRefusedWithAClearMessage) {
  std::string bad = Encode({SyntheticList("one", 1)});
  bad[8] = static_cast<char>(kSnapshotFormatVersion + 1);
  absl::Status s = ParseSnapshot("x", bad).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("written by a newer cordon"));
  EXPECT_THAT(s.message(), HasSubstr("cordon index build"));
}

TEST(SnapshotTest, BudgetsApply) {
  const std::string good = Encode({SyntheticList("one", 3)});
  LoadOptions small;
  small.max_snapshot_bytes = good.size() - 1;
  EXPECT_EQ(ParseSnapshot("x", good, small).status().code(), absl::StatusCode::kResourceExhausted);
  LoadOptions few;
  few.max_entities = 2;  // the list has 4
  EXPECT_THAT(ParseSnapshot("x", good, few).status().message(), HasSubstr("4 entities"));
}

TEST(SnapshotTest, WriteAndReadFile) {
  const fs::path dir = fs::path(::testing::TempDir()) / "snapshot_test_file";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<LoadedList> a = {SyntheticList("one", 2), SyntheticList("two", 1)};
  const std::string path = (dir / "a.cordsnap").string();
  ASSERT_TRUE(WriteSnapshot(path, a, {{"extra", "bytes"}}).ok());
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  EXPECT_TRUE(IsSnapshotFile(path));
  absl::StatusOr<Snapshot> snap = ReadSnapshot(path);
  ASSERT_TRUE(snap.ok()) << snap.status();
  ExpectSameLists(a, snap->lists());
  EXPECT_EQ(snap->Section("extra"), "bytes");
  fs::remove_all(dir);
}

TEST(SnapshotTest, ReadSnapshotOfMissingFileFails) {
  EXPECT_EQ(ReadSnapshot("/nonexistent/x.cordsnap").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace cordon
