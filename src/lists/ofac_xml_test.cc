// Tests of the OFAC XML (sdn.xml schema) loader on the real consolidated.xml
// of 2025-03-28.
//
// Expected counts were derived independently of cordon with Python's
// xml.etree over the raw file: sdnEntry elements by sdnType (443: 80
// Individual, 363 Entity), aka elements by (type, category) (a.k.a. strong
// 925, a.k.a. weak 67, f.k.a. strong 141, f.k.a. weak 3), address elements
// (520), Publish_Date 03/28/2025, Record_Count 443.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "cordon/lists.h"
#include "lists/loaders.h"

namespace cordon::lists {
namespace {

using ::testing::HasSubstr;

const std::string kXml =
    std::string(CORDON_TESTDATA_DIR) + "/lists/ofac/cons_xml_2025-03-28/consolidated.xml";

const LoadedList& ConsXml() {
  static const LoadedList* const kList = [] {
    absl::StatusOr<std::vector<LoadedList>> l = LoadLists({kXml});
    EXPECT_TRUE(l.ok()) << l.status();
    return new LoadedList(l.ok() && l->size() == 1 ? (*l)[0] : LoadedList{});
  }();
  return *kList;
}

const Entity* Find(const LoadedList& l, std::string_view source_id) {
  for (const Entity& e : l.entities) {
    if (e.source_id == source_id) return &e;
  }
  return nullptr;
}

const Identifier* FindId(const Entity& e, IdentifierType t) {
  for (const Identifier& id : e.identifiers) {
    if (id.type == t) return &id;
  }
  return nullptr;
}

bool HasRemark(const Entity& e, std::string_view text) {
  for (const std::string& r : e.remarks) {
    if (r == text) return true;
  }
  return false;
}

TEST(OfacXml, Detection) {
  EXPECT_TRUE(IsOfacXml("<?xml version=\"1.0\" standalone=\"yes\"?>\n<sdnList xmlns=\"x\">"));
  EXPECT_FALSE(IsOfacXml("<?xml version=\"1.0\"?><CONSOLIDATED_LIST>"));
  EXPECT_FALSE(IsOfacXml("36,\"AEROCARIBBEAN AIRLINES\",-0- "));
}

TEST(OfacXml, ConsolidatedCounts) {
  const LoadedList& l = ConsXml();
  EXPECT_EQ(l.version.list, "ofac");
  EXPECT_EQ(l.version.format, "ofac-xml");
  EXPECT_EQ(l.version.title, "OFAC Consolidated (non-SDN) List");
  EXPECT_EQ(l.version.published, "2025-03-28");
  EXPECT_TRUE(l.skipped.empty());
  ASSERT_EQ(l.entities.size(), 443u);
  std::map<Schema, int> schemas;
  std::map<std::string, int> aliases;
  size_t addresses = 0;
  for (const Entity& e : l.entities) {
    ++schemas[e.schema];
    addresses += e.addresses.size();
    for (size_t i = 1; i < e.names.size(); ++i) ++aliases[e.names[i].quality_text];
  }
  EXPECT_EQ(schemas[Schema::kPerson], 80);
  EXPECT_EQ(schemas[Schema::kOrganization], 363);
  EXPECT_EQ(aliases["a.k.a. strong"], 925);
  EXPECT_EQ(aliases["a.k.a. weak"], 67);
  EXPECT_EQ(aliases["f.k.a. strong"], 141);
  EXPECT_EQ(aliases["f.k.a. weak"], 3);
  EXPECT_EQ(aliases.size(), 4u);
  EXPECT_EQ(addresses, 520u);
}

TEST(OfacXml, IndividualWithWeakAliases) {
  const Entity* e = Find(ConsXml(), "9647");  // ZAHHAR, Mahmoud Khaled (NS-PLC + SDGT)
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->id, "ofac:9647");
  EXPECT_EQ(e->schema, Schema::kPerson);
  EXPECT_EQ(e->names[0].full, "ZAHHAR, Mahmoud Khaled");
  EXPECT_EQ(e->names[0].parts, (std::vector<NamePart>{{NamePartType::kFamily, "ZAHHAR"},
                                                      {NamePartType::kGiven, "Mahmoud Khaled"}}));
  EXPECT_EQ(e->programs, (std::vector<std::string>{"NS-PLC", "SDGT"}));
  ASSERT_EQ(e->names.size(), 4u);
  EXPECT_EQ(e->names[1].full, "AL ZAHAR, Mahmoud Khaled");
  EXPECT_EQ(e->names[1].strength, NameStrength::kStrong);
  // Weak aliases carry the whole "LAST, First" in lastName.
  EXPECT_EQ(e->names[2].full, "ZAHAR, Mahmoud");
  EXPECT_EQ(e->names[2].kind, NameKind::kAlias);
  EXPECT_EQ(e->names[2].strength, NameStrength::kWeak);
  EXPECT_EQ(e->names[2].parts, (std::vector<NamePart>{{NamePartType::kFamily, "ZAHAR"},
                                                      {NamePartType::kGiven, "Mahmoud"}}));
  EXPECT_EQ(e->gender, Gender::kMale);  // from idList idType "Gender"
  ASSERT_EQ(e->birth_dates.size(), 1u);
  EXPECT_EQ(e->birth_dates[0].text, "1945");
  EXPECT_EQ(e->birth_dates[0].from.year, 1945);
  ASSERT_EQ(e->birth_places.size(), 1u);
  EXPECT_EQ(e->birth_places[0].text, "Gaza Strip");
  ASSERT_EQ(e->nationalities.size(), 1u);
  EXPECT_EQ(e->nationalities[0].text, "Palestinian");
  EXPECT_EQ(e->nationalities[0].code, "ps");
  ASSERT_EQ(e->addresses.size(), 1u);
  EXPECT_EQ(e->addresses[0].country.text, "Region: Gaza");
  EXPECT_TRUE(HasRemark(*e, "(Linked To: HAMAS)"));
  EXPECT_TRUE(HasRemark(*e,
                        "Secondary sanctions risk: section 1(b) of Executive Order 13224, "
                        "as amended by Executive Order 13886"));
  EXPECT_TRUE(e->identifiers.empty());
}

TEST(OfacXml, BankWithIdentifiers) {
  const Entity* e = Find(ConsXml(), "17014");  // JSC Russian Agricultural Bank
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kOrganization);
  EXPECT_EQ(e->names[0].full, "JOINT STOCK COMPANY RUSSIAN AGRICULTURAL BANK");
  EXPECT_TRUE(e->names[0].parts.empty());
  const Identifier* bic = FindId(*e, IdentifierType::kBic);
  ASSERT_NE(bic, nullptr);
  EXPECT_EQ(bic->value, "RUAGRUMM");
  EXPECT_EQ(bic->type_text, "SWIFT/BIC");
  const Identifier* reg = FindId(*e, IdentifierType::kRegistration);
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->type_text, "Registration Number");
  EXPECT_EQ(reg->value, "1027700342890");
  EXPECT_EQ(reg->country, (Country{"ru", "Russia"}));
  const Identifier* web = FindId(*e, IdentifierType::kWebsite);
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->value, "http://www.rshb.ru");
  EXPECT_TRUE(HasRemark(*e, "Listing Date (EO 14024 Directive 3): 24 Feb 2022"));
  EXPECT_TRUE(HasRemark(*e,
                        "Executive Order 13662 Directive Determination - Subject to "
                        "Directive 1"));
}

// A minimal document in the real layout with `entries` sdnEntry elements and
// the given Record_Count.
std::string MiniXml(int entries, std::string_view record_count, std::string_view entry_extra = "") {
  std::string out =
      "<?xml version=\"1.0\" standalone=\"yes\"?>\n"
      "<sdnList xmlns=\"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/"
      "exports/XML\">\n  <publshInformation>\n    <Publish_Date>03/28/2025</Publish_Date>\n";
  if (!record_count.empty()) {
    out += "    <Record_Count>" + std::string(record_count) + "</Record_Count>\n";
  }
  out += "  </publshInformation>\n";
  for (int i = 0; i < entries; ++i) {
    out += "  <sdnEntry>\n    <uid>" + std::to_string(100 + i) +
           "</uid>\n    <lastName>ACME</lastName>\n    <sdnType>Entity</sdnType>\n" +
           std::string(entry_extra) + "  </sdnEntry>\n";
  }
  return out + "</sdnList>\n";
}

absl::StatusOr<LoadedList> LoadText(const std::string& text) {
  absl::StatusOr<LoadedList> l = LoadOfacXml({"sdn.xml", text, ListFormat::kOfacXml}, {});
  if (!l.ok()) return l;
  if (absl::Status s = CheckSkippedShare(*l); !s.ok()) return s;
  return l;
}

TEST(OfacXmlErrors, MiniDocumentLoads) {
  absl::StatusOr<LoadedList> l = LoadText(MiniXml(2, "2"));
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->entities.size(), 2u);
  EXPECT_EQ(l->version.title, "OFAC Specially Designated Nationals (SDN) List");
}

TEST(OfacXmlErrors, RecordCountMismatch) {
  absl::StatusOr<LoadedList> l = LoadText(MiniXml(2, "3"));
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().message(),
            "sdn.xml:5: Record_Count: says 3 entries but the file has 2 sdnEntry elements "
            "(truncated or edited file?)");
  absl::StatusOr<LoadedList> missing = LoadText(MiniXml(2, ""));
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("Record_Count: missing or not a number"));
}

TEST(OfacXmlErrors, TruncatedDocument) {
  const std::string text = MiniXml(2, "2");
  absl::StatusOr<LoadedList> l = LoadText(text.substr(0, text.size() / 2));
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(l.status().message(), HasSubstr("sdn.xml:"));
  EXPECT_THAT(l.status().message(), HasSubstr("xml:"));
}

TEST(OfacXmlErrors, BadFieldsNamed) {
  std::string bad_type = MiniXml(1, "1");
  bad_type.replace(bad_type.find("Entity"), 6, "Spaceship");
  absl::StatusOr<LoadedList> type = LoadText(bad_type);
  ASSERT_FALSE(type.ok());
  EXPECT_THAT(type.status().message(), HasSubstr("sdn.xml:10: sdnType: unknown value 'spaceship'"));
  const std::string bad_aka =
      "    <akaList><aka><uid>1</uid><type>a.k.a.</type><category>medium</category>"
      "<lastName>X</lastName></aka></akaList>\n";
  absl::StatusOr<LoadedList> aka = LoadText(MiniXml(1, "1", bad_aka));
  ASSERT_FALSE(aka.ok());
  EXPECT_THAT(aka.status().message(), HasSubstr("aka/category: unknown category 'medium'"));
  std::string dup = MiniXml(2, "2");
  dup.replace(dup.find("<uid>101</uid>"), 14, "<uid>100</uid>");
  absl::StatusOr<LoadedList> d = LoadText(dup);
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.status().message(), HasSubstr("sdnEntry/uid: duplicate uid 100"));
  std::string bad_date = MiniXml(1, "1");
  bad_date.replace(bad_date.find("03/28/2025"), 10, "2025-03-28");
  absl::StatusOr<LoadedList> bd = LoadText(bad_date);
  ASSERT_FALSE(bd.ok());
  EXPECT_THAT(bd.status().message(), HasSubstr("Publish_Date: not a MM/DD/YYYY date"));
}

}  // namespace
}  // namespace cordon::lists
