// Tests of the OFAC Remarks parser and shared helpers. Every remark text here
// is copied from a real record of the bundled sdn.csv / cons_prim.csv (entry
// number in the comment) unless marked otherwise.
#include "lists/ofac_remarks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cordon::lists {
namespace {

Entity Parse(std::string_view remarks, Schema schema = Schema::kPerson) {
  Entity e;
  e.schema = schema;
  e.names.push_back({.full = "PRIMARY"});
  ApplyOfacRemarks(remarks, &e);
  return e;
}

TEST(OfacRemarks, PersonFeatures) {
  // 21392 MUHAMMAD, Hayat Ullah Ghulam (sdn.csv 2024).
  const Entity e = Parse(
      "DOB 1957 to 1959; POB Nangalam Village, Dar-e-Pech, Kunar, Afghanistan; Gender Male; "
      "Passport TR030544 (Afghanistan); alt. Passport TR035506 (Afghanistan); Linked To: "
      "JAMA'AT UL DAWA AL-QU'RAN; Linked To: ISIL KHORASAN.");
  ASSERT_EQ(e.birth_dates.size(), 1u);
  EXPECT_EQ(e.birth_dates[0].text, "1957 to 1959");
  EXPECT_EQ(e.birth_dates[0].from.year, 1957);
  EXPECT_EQ(e.birth_dates[0].to.year, 1959);
  ASSERT_EQ(e.birth_places.size(), 1u);
  EXPECT_EQ(e.birth_places[0].city, "Nangalam Village");
  EXPECT_EQ(e.birth_places[0].region, "Kunar");
  EXPECT_EQ(e.birth_places[0].country, (Country{"af", "Afghanistan"}));
  EXPECT_EQ(e.gender, Gender::kMale);
  ASSERT_EQ(e.identifiers.size(), 2u);
  EXPECT_EQ(e.identifiers[1].value, "TR035506");
  EXPECT_EQ(e.identifiers[1].type, IdentifierType::kPassport);
  EXPECT_EQ(e.identifiers[1].country.code, "af");
  // The closing period is OFAC's, but unparsed remarks keep the list's words.
  EXPECT_EQ(e.remarks, (std::vector<std::string>{"Linked To: JAMA'AT UL DAWA AL-QU'RAN",
                                                 "Linked To: ISIL KHORASAN."}));
}

TEST(OfacRemarks, IssuedExpiresAndCountry) {
  // Shapes from sdn.csv 2024: "Passport E590976 (Tunisia) issued 19 Jun 1987
  // expires 18 Jun 1992." and "Folio Mercantil No. 343997 (Mexico) issued 14
  // Dec 2005."
  const Entity e = Parse(
      "Passport E590976 (Tunisia) issued 19 Jun 1987 expires 18 Jun 1992; Folio Mercantil No. "
      "343997 (Mexico) issued 14 Dec 2005.");
  ASSERT_EQ(e.identifiers.size(), 2u);
  EXPECT_EQ(e.identifiers[0].value, "E590976");
  EXPECT_EQ(e.identifiers[0].country.code, "tn");
  EXPECT_EQ(e.identifiers[0].issued, "19 Jun 1987");
  EXPECT_EQ(e.identifiers[0].expires, "18 Jun 1992");
  EXPECT_EQ(e.identifiers[1].type, IdentifierType::kRegistration);
  EXPECT_EQ(e.identifiers[1].value, "343997");
  EXPECT_EQ(e.identifiers[1].issued, "14 Dec 2005");
}

TEST(OfacRemarks, ParenthesesThatAreNotCountries) {
  const Entity e = Parse(
      "Telephone (98)(21)(66153220); Registration Number HRA 738077 (Stuttgart) (Germany); "
      "Aircraft Manufacturer's Serial Number (MSN) 1023409321; Unified Social Credit Code "
      "(USCC) 9113100033607322XK (China).",
      Schema::kOrganization);
  ASSERT_EQ(e.identifiers.size(), 4u);
  EXPECT_EQ(e.identifiers[0].type, IdentifierType::kPhone);
  EXPECT_EQ(e.identifiers[0].value, "(98)(21)(66153220)");
  EXPECT_TRUE(e.identifiers[0].country.text.empty());
  EXPECT_EQ(e.identifiers[1].value, "HRA 738077 (Stuttgart)");
  EXPECT_EQ(e.identifiers[1].country.code, "de");
  EXPECT_EQ(e.identifiers[2].type, IdentifierType::kAircraftSerial);
  EXPECT_EQ(e.identifiers[2].type_text, "Aircraft Manufacturer's Serial Number (MSN)");
  EXPECT_EQ(e.identifiers[2].value, "1023409321");
  EXPECT_EQ(e.identifiers[3].type_text, "Unified Social Credit Code (USCC)");
  EXPECT_EQ(e.identifiers[3].value, "9113100033607322XK");
  EXPECT_EQ(e.identifiers[3].country.code, "cn");
}

TEST(OfacRemarks, WeakAliasesAndTitleRepeat) {
  // 39694 KHOSRAVI (sdn.csv 2024) repeats its Title column as a remark.
  Entity e;
  e.schema = Schema::kPerson;
  e.names.push_back({.full = "KHOSRAVI, Mohammad Hossein"});
  e.titles = {"Director-General of Sistan and Baluchistan Province Prisons"};
  ApplyOfacRemarks(
      "a.k.a. 'KHEL, Sher Omar'; f.k.a. 'ABU-'UMAR'; National ID No. 0653027761 (Iran); "
      "Director-General of Sistan and Baluchistan Province Prisons.",
      &e);
  ASSERT_EQ(e.names.size(), 3u);
  EXPECT_EQ(e.names[1].full, "KHEL, Sher Omar");
  EXPECT_EQ(e.names[1].strength, NameStrength::kWeak);
  EXPECT_EQ(e.names[1].parts.size(), 2u);
  EXPECT_EQ(e.names[2].full, "ABU-'UMAR");  // quotes inside the name are kept
  EXPECT_EQ(e.names[2].kind, NameKind::kFormer);
  EXPECT_TRUE(e.remarks.empty());
}

TEST(OfacRemarks, VesselAndCryptoLabels) {
  const Entity e = Parse(
      "Vessel Registration Identification IMO 7406784; MMSI 572469210; Vessel Year of Build "
      "1999; Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; Nationality of "
      "Registration Malta.",
      Schema::kVessel);
  ASSERT_EQ(e.identifiers.size(), 3u);
  EXPECT_EQ(e.identifiers[0].type, IdentifierType::kImo);
  EXPECT_EQ(e.identifiers[0].value, "7406784");
  EXPECT_EQ(e.identifiers[1].type_text, "MMSI");
  EXPECT_EQ(e.identifiers[2].type_text, "Digital Currency Address - XBT");
  ASSERT_EQ(e.birth_dates.size(), 1u);  // build year: entity.h BirthDate
  EXPECT_EQ(e.birth_dates[0].from.year, 1999);
  // Not a nationality: case matters for non-identifier labels.
  EXPECT_TRUE(e.nationalities.empty());
  EXPECT_EQ(e.remarks, (std::vector<std::string>{"Nationality of Registration Malta."}));
}

TEST(OfacRemarks, XmlFeatures) {
  Entity e;
  AddOfacFeature("Gender", "Female", {}, "", "", &e);
  AddOfacFeature("Secondary sanctions risk:", "section 1(b) of Executive Order 13224", {}, "", "",
                 &e);
  AddOfacFeature("Tax ID No.", "7744001497", {"ru", "Russia"}, "", "", &e);
  EXPECT_EQ(e.gender, Gender::kFemale);
  EXPECT_EQ(e.remarks, (std::vector<std::string>{
                           "Secondary sanctions risk: section 1(b) of Executive Order 13224"}));
  ASSERT_EQ(e.identifiers.size(), 1u);
  EXPECT_EQ(e.identifiers[0].type, IdentifierType::kTaxId);
}

TEST(OfacPrograms, SplitAndNonSdnRule) {
  EXPECT_EQ(SplitOfacPrograms("SDGT] [NPWMD"), (std::vector<std::string>{"SDGT", "NPWMD"}));
  EXPECT_EQ(SplitOfacPrograms("[IFSR] [NPWMD]"), (std::vector<std::string>{"IFSR", "NPWMD"}));
  EXPECT_EQ(SplitOfacPrograms("CAATSA - RUSSIA"), (std::vector<std::string>{"CAATSA - RUSSIA"}));
  EXPECT_TRUE(SplitOfacPrograms("-0- ").empty());
  // SDGT + NS-PLC (9647 ZAHHAR) is on the SDN list; NS-PLC alone is not.
  EXPECT_FALSE(LooksLikeNonSdnList({{"SDGT", "NS-PLC"}, {"SYRIA", "FSE-SY"}}, "a/sdn.csv"));
  EXPECT_TRUE(LooksLikeNonSdnList({{"SDGT"}, {"NS-PLC"}}, "a/sdn.csv"));
  EXPECT_TRUE(LooksLikeNonSdnList({{"CMIC-EO13959"}}, "x.csv"));
  EXPECT_FALSE(LooksLikeNonSdnList({{"SSIDES"}}, "x.csv"));
  // No deciding entry: the file name is the last resort.
  EXPECT_TRUE(LooksLikeNonSdnList({{"UKRAINE-EO13662"}}, "dir/cons_prim.csv"));
  EXPECT_FALSE(LooksLikeNonSdnList({{"UKRAINE-EO13662"}}, "dir/list.csv"));
}

}  // namespace
}  // namespace cordon::lists
