// The compiled engine as bytes: a Screener restored from CompiledBytes() screens exactly as the
// one that gave them (real UN list, real names and generated variants), bytes of another
// normaliser version or none are compiled afresh, and malformed bytes are refused. No files: the
// engine takes and gives bytes (src/sources/ puts them in a snapshot).
#include <gtest/gtest.h>

#include <random>

#include "cordon/lists.h"
#include "core/arrays.h"
#include "core/strcat.h"
#include "engine/screener_impl.h"
#include "score/token_sim.h"
#include "testing/variants.h"

namespace cordon {
namespace {

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

// `names`: whether b's hits carry the names (a bare Screener's do not).
void ExpectSameScreening(const Screener& a, const Screener& b, bool names = true) {
  const ScreenOptions o{.threshold = 0.6, .limit = 50};
  size_t hits = 0;
  for (const ScreenQuery& q : Queries(a)) {
    const std::vector<Hit> x = a.Screen(q, o), y = b.Screen(q, o);
    ASSERT_EQ(x.size(), y.size()) << q.name;
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].entity_id, y[i].entity_id) << q.name;
      EXPECT_EQ(x[i].score, y[i].score) << q.name;
      if (names) {
        EXPECT_EQ(x[i].matched_name, y[i].matched_name) << q.name;
      }
      EXPECT_EQ(x[i].list, y[i].list) << q.name;
      EXPECT_EQ(x[i].explanation.name_score, y[i].explanation.name_score) << q.name;
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

// A restored engine owns its lists like a compiled one: a copy of the lists is passed in.
absl::StatusOr<std::unique_ptr<Screener>> Restore(const Screener& from, std::string_view bytes) {
  return Screener::Create(from.lists(), bytes);
}

TEST(ScreenerCompiledTest, RestoredEngineScreensLikeTheCompiledLists) {
  auto made = Screener::Create(UnLists());
  ASSERT_TRUE(made.ok()) << made.status();
  const std::string bytes = (*made)->CompiledBytes();
  ASSERT_FALSE(bytes.empty());
  auto restored = Restore(**made, bytes);
  ASSERT_TRUE(restored.ok()) << restored.status();
  ASSERT_EQ((*restored)->lists().size(), 1u);
  EXPECT_EQ((*restored)->lists()[0].entities.size(), 1003u);
  ExpectSameScreening(**made, **restored);
  // The restored engine gives the same bytes again: nothing is lost on the way.
  EXPECT_EQ((*restored)->CompiledBytes(), bytes);
}

TEST(ScreenerCompiledTest, StaleOrMissingBytesAreCompiledAfresh) {
  auto made = Screener::Create(UnLists());
  ASSERT_TRUE(made.ok());
  std::string stale;
  PutString(&stale, "normalize/0 tables:none");
  stale += "whatever follows is not read";
  for (const std::string& bytes : {stale, std::string()}) {
    auto restored = Restore(**made, bytes);
    ASSERT_TRUE(restored.ok()) << restored.status();
    ExpectSameScreening(**made, **restored);
    // Compiled afresh: its bytes are this version's, not the stale ones.
    EXPECT_EQ((*restored)->CompiledBytes(), (*made)->CompiledBytes());
  }
}

// A query word or join written with the letters of a list word or join takes its model
// skeletons from the index (normalize::KnownSkeletons) instead of the model's beam: over every
// name of the UN list in both scripts, on a built and on a restored engine, the index's set is
// the model's own, and the prepared name (tokens and joins) is the one made without the index.
TEST(ScreenerCompiledTest, QuerySkeletonsFromTheIndexAreTheModels) {
  auto made = engine::ScreenerImpl::Make(UnLists());
  ASSERT_TRUE(made.ok()) << made.status();
  auto restored = engine::ScreenerImpl::FromCompiled((*made)->lists(), (*made)->CompiledBytes());
  ASSERT_TRUE(restored.ok()) << restored.status();
  const normalize::TranslitModel& model = normalize::TranslitModel::Embedded();
  for (const engine::ScreenerImpl* s : {made->get(), restored->get()}) {
    const index::NameIndex& ix = s->name_index();
    size_t known = 0;
    for (const LoadedList& l : s->lists()) {
      for (const Entity& e : l.entities) {
        for (const Name& n : e.names) {
          const normalize::NormalizedName plain = s->normalizer().Normalize(n.full);
          ASSERT_EQ(s->normalizer().Normalize(n.full, &ix).tokens, plain.tokens) << n.full;
          for (size_t i = 0; i < plain.tokens.size(); ++i) {
            const normalize::Token& t = plain.tokens[i];
            std::vector<const normalize::Token*> joined{&t};
            normalize::Token join;
            if (i + 1 < plain.tokens.size()) {
              join = score::JoinTokens(t, plain.tokens[i + 1]);
              ASSERT_EQ(score::JoinTokens(t, plain.tokens[i + 1], &ix), join) << n.full;
              joined.push_back(&join);
            }
            for (const normalize::Token* x : joined) {
              if (const normalize::SkeletonSet* held = ix.FindSkeletons(x->source)) {
                EXPECT_EQ(*held, model.Skeletons(x->source)) << n.full;
                ++known;
              }
            }
          }
        }
      }
    }
    EXPECT_GT(known, 1000u);  // the UN list's Arabic-script names and their joins
  }
}

TEST(ScreenerCompiledTest, MalformedBytesAreRefused) {
  auto made = Screener::Create(UnLists());
  ASSERT_TRUE(made.ok());
  const std::string good = (*made)->CompiledBytes();
  // Cut short, with a byte too many, and cut inside the version string itself.
  for (const std::string& bad : {good.substr(0, good.size() / 2), good + "x", good.substr(0, 3)}) {
    auto restored = Restore(**made, bad);
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(restored.status().message().find("engine section"), std::string::npos)
        << restored.status();
  }
}

// Case management's subjects as the reverse screening indexes them (src/cases/subject_index.cc):
// every name of the UN list as an entity of its own with nothing but an ID and that name, plus
// one whose name has no comparable token (indexed under no name).
std::vector<LoadedList> BareSubjects() {
  LoadedList out;
  out.version.list = "subjects";
  for (const LoadedList& l : UnLists()) {
    for (const Entity& e : l.entities) {
      for (const Name& n : e.names) {
        Entity& x = out.entities.emplace_back();
        x.id = x.source_id = StrCat("S", out.entities.size());
        x.list = "subjects";
        x.names.push_back({.full = n.full});
      }
    }
  }
  Entity& blank = out.entities.emplace_back();
  blank.id = blank.source_id = "S-punctuation";
  blank.list = "subjects";
  blank.names.push_back({.full = "-- . --"});
  return {std::move(out)};
}

// Restored bare (IDs and the compiled engine, no entities), the subjects screen as the lists of
// entities they were compiled from: the same entities, scores and alignments, in the same order.
TEST(ScreenerCompiledTest, BareSubjectsScreenLikeTheirEntities) {
  auto made = Screener::Create(BareSubjects());
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_GT((*made)->lists()[0].entities.size(), 3000u);
  const std::string ids = (*made)->BareIdBytes(), bytes = (*made)->CompiledBytes();
  ASSERT_FALSE(ids.empty());
  auto bare = Screener::CreateBare(ids, bytes);
  ASSERT_TRUE(bare.ok()) << bare.status();
  ExpectSameScreening(**made, **bare, /*names=*/false);
  const std::vector<Hit> hits = (*bare)->Screen({.name = "Muhammad Khan"}, {.threshold = 0.6});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].list, "subjects");
  EXPECT_EQ(hits[0].entity, nullptr);
  EXPECT_TRUE(hits[0].matched_name.empty());
  // A bare Screener gives the same bytes again, so it can be stored as it was loaded.
  EXPECT_EQ((*bare)->BareIdBytes(), ids);
  EXPECT_EQ((*bare)->CompiledBytes(), bytes);
}

// Entities with more than an ID and one name (the UN list's dates, nationalities, aliases) are
// not bare: a bare Screener would score them without their evidence.
TEST(ScreenerCompiledTest, EntitiesWithEvidenceAreNotBare) {
  auto un = Screener::Create(UnLists());
  ASSERT_TRUE(un.ok());
  EXPECT_TRUE((*un)->BareIdBytes().empty());
  std::vector<LoadedList> subjects = BareSubjects();
  subjects[0].entities[5].nationalities.push_back({.code = "af"});
  auto one = Screener::Create(std::move(subjects));
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE((*one)->BareIdBytes().empty());
}

TEST(ScreenerCompiledTest, MalformedBareBytesAreRefused) {
  auto made = Screener::Create(BareSubjects());
  ASSERT_TRUE(made.ok());
  const std::string ids = (*made)->BareIdBytes(), bytes = (*made)->CompiledBytes();
  // The IDs cut short, with a byte too many, one ID short of the entity table (re-encoded).
  std::string short_by_one;
  {
    WireReader r(ids);
    const std::string list = GetString(&r);
    const uint8_t schema = r.Byte();
    const uint64_t n = r.Varint();
    PutString(&short_by_one, list);
    short_by_one.push_back(static_cast<char>(schema));
    PutVarint(&short_by_one, n - 1);
    for (uint64_t i = 0; i + 1 < n; ++i) PutString(&short_by_one, GetString(&r));
    ASSERT_TRUE(r.ok());
  }
  for (const std::string& bad : {ids.substr(0, ids.size() / 2), ids + "x", short_by_one}) {
    auto restored = Screener::CreateBare(bad, bytes);
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.status().code(), absl::StatusCode::kDataLoss) << restored.status();
  }
  auto cut = Screener::CreateBare(ids, bytes.substr(0, bytes.size() / 2));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kDataLoss);
  // Another version: nothing to compile afresh without the lists.
  std::string stale;
  PutString(&stale, "normalize/0 tables:none");
  auto old = Screener::CreateBare(ids, stale);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace cordon
