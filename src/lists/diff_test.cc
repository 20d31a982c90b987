#include "lists/diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "cordon/lists.h"

namespace cordon::lists {
namespace {

using ::testing::ElementsAre;

Entity Base() {
  Entity e;
  e.list = "t";
  e.source_id = "1";
  e.id = "t:1";
  e.schema = Schema::kPerson;
  e.names = {{.full = "ALI HASSAN", .kind = NameKind::kPrimary},
             {.full = "ABU ALI",
              .kind = NameKind::kAlias,
              .strength = NameStrength::kWeak,
              .quality_text = "Low"}};
  e.nationalities = {{"iq", "Iraq"}};
  e.programs = {"IQi"};
  return e;
}

TEST(DiffTest, ReportsNamesAddedAndRemovedWithTheirDetails) {
  Entity a = Base();
  Entity b = Base();
  b.names[1].full = "ABOU ALI";
  b.names.push_back({.full = "علي حسن", .kind = NameKind::kAlias, .script = "Arab"});
  const std::vector<FieldChange> d = DiffEntities(a, b);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].field, "names");
  EXPECT_THAT(d[0].removed, ElementsAre("ABU ALI (aka, weak; quality: Low)"));
  EXPECT_THAT(d[0].added, ElementsAre("ABOU ALI (aka, weak; quality: Low)",
                                      "علي حسن (aka, strong; script: Arab)"));
}

TEST(DiffTest, ScalarFieldsShowOldAndNewValue) {
  Entity a = Base();
  Entity b = Base();
  b.schema = Schema::kOrganization;
  b.listed_on = "2020-01-01";
  const std::vector<FieldChange> d = DiffEntities(a, b);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].field, "schema");
  EXPECT_THAT(d[0].removed, ElementsAre("Person"));
  EXPECT_THAT(d[0].added, ElementsAre("Organization"));
  EXPECT_EQ(d[1].field, "listed_on");
  EXPECT_TRUE(d[1].removed.empty());
  EXPECT_THAT(d[1].added, ElementsAre("2020-01-01"));
}

TEST(DiffTest, ReorderedNamesAreReported) {
  Entity a = Base();
  Entity b = Base();
  std::swap(b.names[0], b.names[1]);
  const std::vector<FieldChange> d = DiffEntities(a, b);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0].reordered);
}

// Any change that makes two entities unequal must show in the diff: mutate one
// sub-field at a time, across every field of the model.
TEST(DiffTest, EveryFieldChangeIsVisible) {
  const std::vector<std::function<void(Entity&)>> mutations = {
      [](Entity& e) { e.list = "u"; },
      [](Entity& e) { e.source_id = "2"; },
      [](Entity& e) { e.schema = Schema::kVessel; },
      [](Entity& e) { e.names[0].kind = NameKind::kFormer; },
      [](Entity& e) { e.names[0].strength = NameStrength::kWeak; },
      [](Entity& e) { e.names[0].quality_text = "Good"; },
      [](Entity& e) { e.names[0].script = "Latn"; },
      [](Entity& e) { e.names[0].language = "ar"; },
      [](Entity& e) {
        e.names[0].parts = {{NamePartType::kGiven, "ALI"}};
      },
      [](Entity& e) { e.titles = {"Dr."}; },
      [](Entity& e) { e.designations = {"Minister"}; },
      [](Entity& e) { e.gender = Gender::kMale; },
      [](Entity& e) {
        e.birth_dates = {{.from = {1970, 1, 1}, .to = {1970, 1, 1}}};
      },
      [](Entity& e) {
        e.birth_dates = {{.from = {1970, 0, 0}, .to = {1972, 0, 0}}};
      },
      [](Entity& e) {
        e.birth_dates = {{.from = {1970, 0, 0}, .to = {1970, 0, 0}, .circa = true}};
      },
      [](Entity& e) { e.birth_dates = {{.text = "unknown"}}; },
      [](Entity& e) { e.birth_places = {{.city = "Mosul"}}; },
      [](Entity& e) { e.birth_places = {{.region = "Nineveh"}}; },
      [](Entity& e) {
        e.birth_places = {{.country = {"iq", ""}}};
      },
      [](Entity& e) { e.nationalities[0].code = ""; },
      [](Entity& e) {
        e.citizenships = {{"iq", "Iraq"}};
      },
      [](Entity& e) { e.addresses = {{.street = "x"}}; },
      [](Entity& e) { e.addresses = {{.postal_code = "1"}}; },
      [](Entity& e) { e.addresses = {{.note = "n"}}; },
      [](Entity& e) { e.identifiers = {{.type = IdentifierType::kPassport}}; },
      [](Entity& e) { e.identifiers = {{.issued = "2001"}}; },
      [](Entity& e) { e.identifiers = {{.expires = "2001"}}; },
      [](Entity& e) { e.identifiers = {{.note = "n"}}; },
      [](Entity& e) { e.programs.push_back("SDGT"); },
      [](Entity& e) { e.last_updated = "2025-01-01"; },
      [](Entity& e) { e.remarks = {"r"}; },
  };
  for (size_t i = 0; i < mutations.size(); ++i) {
    Entity b = Base();
    mutations[i](b);
    ASSERT_NE(Base(), b) << "mutation " << i << " changes nothing";
    EXPECT_FALSE(DiffEntities(Base(), b).empty()) << "mutation " << i << " is invisible";
  }
  EXPECT_TRUE(DiffEntities(Base(), Base()).empty());
}

TEST(DiffTest, ListsAreMatchedById) {
  LoadedList a, b;
  Entity kept = Base();
  Entity gone = Base();
  gone.id = "t:gone";
  Entity changed = Base();
  changed.id = "t:changed";
  Entity fresh = Base();
  fresh.id = "t:new";
  a.entities = {gone, kept, changed};
  changed.remarks = {"Updated."};
  b.entities = {changed, fresh, kept};
  const ListDiff d = DiffLists(a, b);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].id, "t:new");
  EXPECT_EQ(d.added[0].name, "ALI HASSAN");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].id, "t:gone");
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].id, "t:changed");
  EXPECT_EQ(d.changed[0].fields[0].field, "remarks");
  EXPECT_EQ(d.unchanged, 1u);
}

// The two bundled UN vintages. Expected numbers derived with Python's
// xml.etree over the raw files, independent of cordon: the sets of
// REFERENCE_NUMBER of all INDIVIDUAL and ENTITY records (879 old, 1003 new)
// differ by 127 added and 3 removed (IQi.074, QDi.317, QDi.336); of the 876
// common records exactly these 12 differ textually (ET.tostring), and each
// difference is one a loaded entity carries (remarks, aliases, addresses,
// dates, original-script names).
TEST(DiffTest, UnVintages) {
  auto old_list =
      LoadLists({CORDON_TESTDATA_DIR "/lists/un/un_consolidated_2025-08-02_by_prn.xml"});
  auto new_list = LoadLists({CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml"});
  ASSERT_TRUE(old_list.ok()) << old_list.status();
  ASSERT_TRUE(new_list.ok()) << new_list.status();
  const ListDiff d = DiffLists((*old_list)[0], (*new_list)[0]);
  EXPECT_EQ(d.added.size(), 127u);
  std::vector<std::string> removed;
  for (const EntityRef& r : d.removed) removed.push_back(r.id);
  EXPECT_THAT(removed, ElementsAre("un:IQi.074", "un:QDi.317", "un:QDi.336"));
  std::vector<std::string> changed;
  for (const EntityChange& c : d.changed) changed.push_back(c.id);
  EXPECT_THAT(changed, ::testing::ElementsAreArray<std::string>(
                           {"un:HTi.006", "un:IQi.085", "un:QDi.057", "un:QDi.065", "un:QDi.150",
                            "un:QDi.154", "un:QDi.187", "un:QDi.203", "un:QDi.338", "un:QDi.372",
                            "un:SOi.022", "un:TAi.068"}));
  EXPECT_EQ(d.unchanged + d.changed.size(), 876u);
  // IQi.085 gained the alias BASHAR AL-NASIRI (quality Good) and a
  // LAST_DAY_UPDATED value 2025-08-05 (diff of the two raw records).
  auto iq = std::find_if(d.changed.begin(), d.changed.end(),
                         [](const EntityChange& c) { return c.id == "un:IQi.085"; });
  ASSERT_NE(iq, d.changed.end());
  auto names = std::find_if(iq->fields.begin(), iq->fields.end(),
                            [](const FieldChange& f) { return f.field == "names"; });
  ASSERT_NE(names, iq->fields.end());
  ASSERT_EQ(names->added.size(), 1u);
  EXPECT_THAT(names->added[0], ::testing::StartsWith("BASHAR AL-NASIRI (aka, strong"));
  EXPECT_TRUE(names->removed.empty());
  // QDi.057's address moved from Tripoli, Libya (as at Feb. 2014) to
  // Afghanistan (as at June 2014).
  auto qd = std::find_if(d.changed.begin(), d.changed.end(),
                         [](const EntityChange& c) { return c.id == "un:QDi.057"; });
  ASSERT_NE(qd, d.changed.end());
  auto addr = std::find_if(qd->fields.begin(), qd->fields.end(),
                           [](const FieldChange& f) { return f.field == "addresses"; });
  ASSERT_NE(addr, qd->fields.end());
  ASSERT_EQ(addr->removed.size(), 1u);
  EXPECT_THAT(addr->removed[0], ::testing::HasSubstr("Tripoli"));
  ASSERT_EQ(addr->added.size(), 1u);
  EXPECT_THAT(addr->added[0], ::testing::HasSubstr("Afghanistan"));
}

}  // namespace
}  // namespace cordon::lists
