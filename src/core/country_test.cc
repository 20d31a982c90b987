#include "core/country.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace cordon {
namespace {

struct Row {
  std::string lists;
  std::string text;
  std::string code;
};

// testdata/core/country_texts.tsv holds every distinct country text of the
// bundled lists with the code it must map to. It was extracted with Python
// from: UN NATIONALITY/VALUE, COUNTRY and COUNTRY_OF_ISSUE elements; column 5
// of OFAC add.csv and cons_add.csv; the "nationality X" / "citizen X" phrases
// of OFAC sdn.csv and cons_prim.csv remarks (trailing "." removed); UK
// "Country of Birth", "Nationality" and "Country" columns; Canada <Country>;
// UAE nationality, country and issuer columns. Each expected code was checked
// by hand (multi-country values such as "(1) Russia (2) Ukraine", historical
// states, regulation titles and cities map to "").
std::vector<Row> ReadRows() {
  std::ifstream in(CORDON_TESTDATA_DIR "/core/country_texts.tsv");
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t');
    const size_t b = line.find('\t', a + 1);
    rows.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return rows;
}

TEST(CountryCode, EveryDistinctTextOfTheRealListsMapsAsReviewed) {
  const std::vector<Row> rows = ReadRows();
  // wc -l of the data rows of the file.
  ASSERT_EQ(rows.size(), 466u);
  size_t mapped = 0;
  for (const Row& r : rows) {
    EXPECT_EQ(CountryCode(r.text), r.code) << r.lists << ": " << r.text;
    if (!r.code.empty()) ++mapped;
  }
  // Measured: 337 of 466 distinct texts name one current country (72.3%).
  // The other 129 are lists of several countries (105 UK "(1) X (2) Y"),
  // historical states, disputed regions, a city, a postcode and Canadian
  // regulation titles; every text that names exactly one current country maps.
  EXPECT_EQ(mapped, 337u);
}

TEST(CountryCode, UnFormalNames) {
  EXPECT_EQ(CountryCode("Iran (Islamic Republic of)"), "ir");
  EXPECT_EQ(CountryCode("Syrian Arab Republic"), "sy");
  EXPECT_EQ(CountryCode("Democratic People's Republic of Korea"), "kp");
  EXPECT_EQ(CountryCode("Russian Federation"), "ru");
  EXPECT_EQ(CountryCode("Democratic Republic of the Congo"), "cd");
  EXPECT_EQ(CountryCode("Congo"), "cg");
  EXPECT_EQ(CountryCode("United Republic of Tanzania"), "tz");
  EXPECT_EQ(CountryCode("Viet Nam"), "vn");
  EXPECT_EQ(CountryCode("Lao People's Democratic Republic"), "la");
  EXPECT_EQ(CountryCode("Türkiye"), "tr");
  EXPECT_EQ(CountryCode("State of Palestine"), "ps");
  EXPECT_EQ(CountryCode("China, Hong Kong Special Administrative Region"), "hk");
}

TEST(CountryCode, OfacAndUkForms) {
  EXPECT_EQ(CountryCode("Korea, North"), "kp");
  EXPECT_EQ(CountryCode("Korea, South"), "kr");
  EXPECT_EQ(CountryCode("Burma"), "mm");
  EXPECT_EQ(CountryCode("Congo, Democratic Republic of the"), "cd");
  EXPECT_EQ(CountryCode("Congo, Republic of the"), "cg");
  EXPECT_EQ(CountryCode("Region: Gaza"), "ps");
  EXPECT_EQ(CountryCode("West Bank"), "ps");
  EXPECT_EQ(CountryCode("Kosovo"), "xk");
  EXPECT_EQ(CountryCode("UK"), "gb");
  EXPECT_EQ(CountryCode("DPRK"), "kp");
  EXPECT_EQ(CountryCode("Congo (Democratic Republic)"), "cd");
  EXPECT_EQ(CountryCode("Saint Vincent and the Grenadines"), "vc");
  EXPECT_EQ(CountryCode("(1) Afghanistan. (2) Afghanistan."), "af");
  EXPECT_EQ(CountryCode("(1) Russia (2) Ukraine"), "");
  EXPECT_EQ(CountryCode("Former USSR, now Kyrgyzstan"), "kg");
  EXPECT_EQ(CountryCode("Kazakh SSR"), "kz");
  EXPECT_EQ(CountryCode("Azerbaijan (former USSR)"), "az");
}

TEST(CountryCode, CanadaBilingualTakesEitherHalf) {
  EXPECT_EQ(CountryCode("Belarus / Bélarus"), "by");
  EXPECT_EQ(CountryCode("Bélarus"), "by");
  EXPECT_EQ(CountryCode("Myanmar (Burma) / Myanmar (Birmanie)"), "mm");
  EXPECT_EQ(CountryCode("Hamas Terrorist Attacks / Attaques terroristes du Hamas"), "");
}

TEST(CountryCode, CodesDemonymsCaseAccentsAndSpaces) {
  EXPECT_EQ(CountryCode("AF"), "af");
  EXPECT_EQ(CountryCode("AFG"), "af");
  EXPECT_EQ(CountryCode("  AFGHANISTAN\u00a0 "), "af");
  EXPECT_EQ(CountryCode("afghanistan"), "af");
  EXPECT_EQ(CountryCode("Cote d\u2019Ivoire"), "ci");
  EXPECT_EQ(CountryCode("CÔTE D'IVOIRE"), "ci");
  EXPECT_EQ(CountryCode("XKX"), "xk");
  for (const auto& [demonym, code] :
       std::vector<std::pair<std::string, std::string>>{{"Afghan", "af"},
                                                        {"Iraqi", "iq"},
                                                        {"Syrian", "sy"},
                                                        {"Pakistani", "pk"},
                                                        {"Yemeni", "ye"},
                                                        {"Somali", "so"},
                                                        {"Iranian", "ir"},
                                                        {"Russian", "ru"},
                                                        {"Emirati", "ae"}}) {
    EXPECT_EQ(CountryCode(demonym), code) << demonym;
  }
}

TEST(CountryCode, ArabicNamesOfTheUaeList) {
  EXPECT_EQ(CountryCode("أفغانستان"), "af");
  EXPECT_EQ(CountryCode("اليمن"), "ye");
  EXPECT_EQ(CountryCode("الإمارات"), "ae");
  EXPECT_EQ(CountryCode("الامارات"), "ae");  // written without the hamza
  EXPECT_EQ(CountryCode("قطر"), "qa");
  EXPECT_EQ(CountryCode("السعودية"), "sa");
  EXPECT_EQ(CountryCode("السعوديه"), "sa");  // heh for ta marbuta
  EXPECT_EQ(CountryCode("الصومال"), "so");
  EXPECT_EQ(CountryCode("ليبيا"), "ly");
  EXPECT_EQ(CountryCode("العراق"), "iq");
  EXPECT_EQ(CountryCode("سوريا"), "sy");
  EXPECT_EQ(CountryCode("لبنان"), "lb");
  EXPECT_EQ(CountryCode("عمان"), "om");
  EXPECT_EQ(CountryCode("مصر"), "eg");
  EXPECT_EQ(CountryCode("السودان"), "sd");
  EXPECT_EQ(CountryCode("الكويت"), "kw");
  EXPECT_EQ(CountryCode("البحرين"), "bh");
  EXPECT_EQ(CountryCode("الأردن"), "jo");
  EXPECT_EQ(CountryCode("إيران"), "ir");
  EXPECT_EQ(CountryCode("ايران"), "ir");
  EXPECT_EQ(CountryCode("إيراني"), "ir");
  EXPECT_EQ(CountryCode("المملكة العربية السعودية"), "sa");
  EXPECT_EQ(CountryCode("المملكة المتحدة"), "gb");
  // "current: Sweden former: Liberia".
  EXPECT_EQ(CountryCode("الحالية: السويد السابقة: ليبيريا"), "se");
  // "Saudi Arabia / Kuwait": two countries, not one.
  EXPECT_EQ(CountryCode("السعودية / الكويت"), "");
}

TEST(CountryCode, HistoricalAndNonCountriesAreEmpty) {
  EXPECT_EQ(CountryCode("Soviet Union"), "");
  EXPECT_EQ(CountryCode("USSR"), "");
  EXPECT_EQ(CountryCode("former Soviet Union"), "");
  EXPECT_EQ(CountryCode("Yugoslavia"), "");
  EXPECT_EQ(CountryCode("Czechoslovakia"), "");
  EXPECT_EQ(CountryCode("Former German Democratic Republic"), "");
  EXPECT_EQ(CountryCode("na"), "");
  EXPECT_EQ(CountryCode("NA"), "na");  // upper case is Namibia's code
  EXPECT_EQ(CountryCode("Moscow"), "");
  EXPECT_EQ(CountryCode(""), "");
  EXPECT_EQ(CountryCode("Korea"), "");
  EXPECT_EQ(CountryCode(std::string(10000, 'a')), "");
}

TEST(MakeCountry, KeepsCleanedText) {
  const Country c = MakeCountry("  Iran  (Islamic Republic of) ");
  EXPECT_EQ(c.code, "ir");
  EXPECT_EQ(c.text, "Iran (Islamic Republic of)");
}

TEST(CountryName, EnglishNames) {
  EXPECT_EQ(CountryName("af"), "Afghanistan");
  EXPECT_EQ(CountryName("AF"), "Afghanistan");
  EXPECT_EQ(CountryName("cd"), "Democratic Republic of the Congo");
  EXPECT_EQ(CountryName("xk"), "Kosovo");
  EXPECT_EQ(CountryName("ir"), "Iran");
  EXPECT_EQ(CountryName("zz"), "");
  EXPECT_EQ(CountryName("afg"), "");
  EXPECT_EQ(CountryName(""), "");
}

TEST(CountryName, RoundTripsThroughCountryCode) {
  for (const char* code :
       {"af", "iq", "sy", "kp", "ru", "cd", "cg", "ps", "xk", "gb", "us", "ci"}) {
    EXPECT_EQ(CountryCode(CountryName(code)), code) << code;
  }
}

TEST(CountryCode, ConcurrentFirstUseIsSafe) {
  std::vector<std::thread> threads;
  std::vector<std::string> got(8);
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&got, i] { got[i] = CountryCode("Syrian Arab Republic"); });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& g : got) EXPECT_EQ(g, "sy");
}

// Rows of data/tables/countries.tsv (iso-codes, CLDR, i18n-nationality): the ISO short and
// official names, CLDR's alternatives and demonyms, for the codes of real listed people.
TEST(CountryCode, GeneratedTableNamesCodesAndDemonyms) {
  for (const char* text : {"AF", "af", "AFG", "Afghanistan", "Afghan", "AFGHAN",
                           "Islamic Republic of Afghanistan", "Afghanistan, Islamic Republic of"}) {
    EXPECT_EQ(CountryCode(text), "af") << text;
  }
  EXPECT_EQ(CountryCode("Korea, Republic of"), "kr");
  EXPECT_EQ(CountryCode("Korea, Democratic People's Republic of"), "kp");
  EXPECT_EQ(CountryCode("Iran, Islamic Republic of"), "ir");
  EXPECT_EQ(CountryCode("Congo (DRC)"), "cd");
  EXPECT_EQ(CountryCode("Burkinabe"), "bf");
  EXPECT_EQ(CountryCode("Bahamian"), "bs");
  EXPECT_EQ(CountryCode("Yemeni"), "ye");
  EXPECT_EQ(CountryCode("Dominican (Dominica)"), "dm");
  // Demonyms of several countries name none of them.
  EXPECT_EQ(CountryCode("Dominican"), "");
  EXPECT_EQ(CountryCode("Congolese"), "");
  EXPECT_EQ(CountryCode("Guinean"), "");
  EXPECT_EQ(CountryCode("Atlantis"), "");
}

}  // namespace
}  // namespace cordon
