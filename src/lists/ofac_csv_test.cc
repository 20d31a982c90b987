// Tests of the OFAC legacy CSV loader on the real bundled files.
//
// Expected counts were derived independently of cordon with Python's csv
// module over the raw files (trailing 0x1A byte stripped, "-0-" = empty):
// entities = records of sdn.csv / cons_prim.csv, counted by SDN_Type; strong
// aliases = alt.csv records whose ent_num is in the primary, by alt_type;
// weak aliases = Remarks (+ comments continuation) split on "; ", segments
// starting "a.k.a. '" / "f.k.a. '" / "n.k.a. '" (after an optional "alt. ");
// skipped = alt/add records whose ent_num is not in the primary; addresses =
// add.csv records of a known entry with any non-empty column; one entry's
// alias rows: grep -c '^<ent_num>,' alt.csv.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "cordon/lists.h"
#include "lists/loaders.h"

namespace cordon::lists {
namespace {

using ::testing::HasSubstr;

const std::string kSdnDir = std::string(CORDON_DATA_DIR) + "/lists/ofac-sdn";
const std::string kConsDir = std::string(CORDON_DATA_DIR) + "/lists/ofac-cons";
const std::string k2021Dir = std::string(CORDON_TESTDATA_DIR) + "/lists/ofac/sdn_2021-07-07";

LoadedList LoadOne(const std::vector<std::string>& paths) {
  absl::StatusOr<std::vector<LoadedList>> l = LoadLists(paths);
  EXPECT_TRUE(l.ok()) << l.status();
  if (!l.ok() || l->size() != 1) {
    ADD_FAILURE() << "expected one list";
    return {};
  }
  return std::move((*l)[0]);
}

// The bundled SDN set, loaded once for all tests that read it.
const LoadedList& SdnSet() {
  static const LoadedList* const kList = new LoadedList(LoadOne({kSdnDir}));
  return *kList;
}

const Entity* Find(const LoadedList& l, std::string_view source_id) {
  for (const Entity& e : l.entities) {
    if (e.source_id == source_id) return &e;
  }
  return nullptr;
}

std::map<Schema, int> SchemaCounts(const LoadedList& l) {
  std::map<Schema, int> out;
  for (const Entity& e : l.entities) ++out[e.schema];
  return out;
}

// Key "aka/strong", "fka/weak", ... over all non-primary names.
std::map<std::string, int> AliasCounts(const LoadedList& l) {
  std::map<std::string, int> out;
  for (const Entity& e : l.entities) {
    for (size_t i = 1; i < e.names.size(); ++i) {
      ++out[std::string(NameKindName(e.names[i].kind)) + "/" +
            std::string(NameStrengthName(e.names[i].strength))];
    }
  }
  return out;
}

size_t AddressCount(const LoadedList& l) {
  size_t n = 0;
  for (const Entity& e : l.entities) n += e.addresses.size();
  return n;
}

const Name* FindName(const Entity& e, std::string_view full) {
  for (const Name& n : e.names) {
    if (n.full == full) return &n;
  }
  return nullptr;
}

const Identifier* FindId(const Entity& e, IdentifierType t) {
  for (const Identifier& id : e.identifiers) {
    if (id.type == t) return &id;
  }
  return nullptr;
}

TEST(OfacCsvRole, DetectsEachRoleFromContent) {
  EXPECT_EQ(OfacCsvRole("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,"
                        "-0- ,-0- ,-0- \r\n"),
            ListFormat::kOfacCsvPrimary);
  EXPECT_EQ(OfacCsvRole("36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n"), ListFormat::kOfacCsvAlt);
  EXPECT_EQ(OfacCsvRole("36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n"), ListFormat::kOfacCsvAdd);
  EXPECT_EQ(OfacCsvRole("28263,\"hn'; Linked To: LAZARUS GROUP.\"\r\n\x1a"),
            ListFormat::kOfacCsvComments);
  // A header line, a non-numeric entry number or mixed layouts are not OFAC.
  EXPECT_EQ(OfacCsvRole("ent_num,alt_num,alt_type,alt_name,alt_remarks\r\n"), ListFormat::kUnknown);
  EXPECT_EQ(OfacCsvRole("x36,12,\"aka\",\"A\",-0- \r\n"), ListFormat::kUnknown);
  EXPECT_EQ(OfacCsvRole("36,12,\"aka\",\"A\",-0- \r\n36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n"),
            ListFormat::kUnknown);
  EXPECT_EQ(OfacCsvRole("36,12,\"other\",\"A\",-0- \r\n"), ListFormat::kUnknown);
}

TEST(OfacCsvRole, RealFilesDetectedWhateverTheirNames) {
  absl::StatusOr<std::vector<LoadedList>> l = LoadLists({kConsDir});
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->size(), 1u);
  // All four cons_* files were recognised and used by role (none named sdn*).
  EXPECT_EQ((*l)[0].version.files.size(), 4u);
}

TEST(OfacCsv, BundledSdnSetLoadsWithSkippedCompanionRows) {
  const LoadedList& l = SdnSet();
  EXPECT_EQ(l.version.list, "ofac");
  EXPECT_EQ(l.version.title, "OFAC Specially Designated Nationals (SDN) List");
  EXPECT_EQ(l.version.format, "ofac-csv");
  EXPECT_EQ(l.version.published, "");
  EXPECT_EQ(l.version.files.size(), 3u);
  ASSERT_EQ(l.entities.size(), 14965u);
  const auto schemas = SchemaCounts(l);
  EXPECT_EQ(schemas.at(Schema::kPerson), 6854);
  EXPECT_EQ(schemas.at(Schema::kOrganization), 6884);
  EXPECT_EQ(schemas.at(Schema::kVessel), 851);
  EXPECT_EQ(schemas.at(Schema::kAircraft), 376);
  const auto aliases = AliasCounts(l);
  EXPECT_EQ(aliases.at("aka/strong"), 16991);
  EXPECT_EQ(aliases.at("fka/strong"), 525);
  EXPECT_EQ(aliases.at("nka/strong"), 17);
  EXPECT_EQ(aliases.at("aka/weak"), 3575);
  EXPECT_EQ(aliases.at("fka/weak"), 87);
  EXPECT_EQ(aliases.at("nka/weak"), 1);
  EXPECT_EQ(AddressCount(l), 16654u);
  // The 2026 alt.csv/add.csv reference entries added after the 2024 sdn.csv:
  // 2,727 alias rows and 5,598 address rows are skipped, each with a note.
  ASSERT_EQ(l.skipped.size(), 2727u + 5598u);
  size_t alt_skips = 0;
  for (const LoadNote& n : l.skipped) {
    EXPECT_EQ(n.field, "ent_num");
    EXPECT_THAT(n.reason, HasSubstr("is not in sdn.csv"));
    if (n.file.ends_with("alt.csv")) ++alt_skips;
  }
  EXPECT_EQ(alt_skips, 2727u);
}

TEST(OfacCsv, IsilKhorasanEntry) {
  const LoadedList& l = SdnSet();
  const Entity* e = Find(l, "18647");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->id, "ofac:18647");
  EXPECT_EQ(e->schema, Schema::kOrganization);
  EXPECT_EQ(e->names[0].full, "ISIL KHORASAN");
  EXPECT_TRUE(e->names[0].parts.empty());
  EXPECT_EQ(e->programs, (std::vector<std::string>{"FTO", "SDGT"}));
  // 11 alt.csv rows for 18647 (grep -c '^18647,' alt.csv), all strong a.k.a.
  EXPECT_EQ(e->names.size(), 12u);
  const Name* n = FindName(*e, "ISLAMIC STATE'S KHORASAN PROVINCE");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->kind, NameKind::kAlias);
  EXPECT_EQ(n->strength, NameStrength::kStrong);
  EXPECT_EQ(n->quality_text, "aka");
  EXPECT_EQ(n->script, "Latn");
  ASSERT_EQ(e->addresses.size(), 2u);
  EXPECT_EQ(e->addresses[0].country.text, "Afghanistan");
  EXPECT_EQ(e->addresses[0].country.code, "af");
  EXPECT_EQ(e->addresses[1].country.code, "pk");
  EXPECT_EQ(e->remarks, (std::vector<std::string>{
                            "Secondary sanctions risk: section 1(b) of Executive Order 13224, as "
                            "amended by Executive Order 13886."}));
}

TEST(OfacCsv, IsilKhorasanLinkedIndividualRemarksParsed) {
  const LoadedList& l = SdnSet();
  // 27127,"AMEEN, Mohamad","individual","SDGT",...,"DOB 22 May 1984; nationality
  // Maldives; Gender Male; National ID No. A114103 (Maldives); a.k.a. 'Amyne
  // Didi'; Linked To: ISIL KHORASAN."
  const Entity* e = Find(l, "27127");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kPerson);
  EXPECT_EQ(e->names[0].full, "AMEEN, Mohamad");
  EXPECT_EQ(e->names[0].parts, (std::vector<NamePart>{{NamePartType::kFamily, "AMEEN"},
                                                      {NamePartType::kGiven, "Mohamad"}}));
  ASSERT_EQ(e->names.size(), 2u);
  EXPECT_EQ(e->names[1].full, "Amyne Didi");
  EXPECT_EQ(e->names[1].strength, NameStrength::kWeak);
  EXPECT_EQ(e->names[1].quality_text, "a.k.a.");
  EXPECT_EQ(e->gender, Gender::kMale);
  ASSERT_EQ(e->birth_dates.size(), 1u);
  EXPECT_EQ(e->birth_dates[0].text, "22 May 1984");
  EXPECT_EQ(e->birth_dates[0].from.ToString(), "1984-05-22");
  EXPECT_EQ(e->birth_dates[0].to.ToString(), "1984-05-22");
  ASSERT_EQ(e->nationalities.size(), 1u);
  EXPECT_EQ(e->nationalities[0], (Country{"mv", "Maldives"}));
  const Identifier* id = FindId(*e, IdentifierType::kNationalId);
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->type_text, "National ID No.");
  EXPECT_EQ(id->value, "A114103");
  EXPECT_EQ(id->country, (Country{"mv", "Maldives"}));
  EXPECT_EQ(e->remarks, (std::vector<std::string>{"Linked To: ISIL KHORASAN."}));
}

TEST(OfacCsv, PassportExpiryAndCryptoWallet) {
  const LoadedList& l = SdnSet();
  const Entity* e = Find(l, "44445");  // SHAFIU, Ali (ISIL-K financier)
  ASSERT_NE(e, nullptr);
  const Identifier* pp = FindId(*e, IdentifierType::kPassport);
  ASSERT_NE(pp, nullptr);
  EXPECT_EQ(pp->value, "E0491095");
  EXPECT_EQ(pp->country.code, "mv");
  EXPECT_EQ(pp->expires, "16 Jun 2019");
  EXPECT_EQ(pp->issued, "");
  const Identifier* w = FindId(*e, IdentifierType::kCryptoWallet);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->type_text, "Digital Currency Address - USDT");
  EXPECT_EQ(w->value, "TVacWx7F5wgMgn49L5frDf9KLgdYy8nPHL");
  ASSERT_EQ(e->birth_places.size(), 1u);
  EXPECT_EQ(e->birth_places[0].text, "Male, Maldives");
  EXPECT_EQ(e->birth_places[0].city, "Male");
  EXPECT_EQ(e->birth_places[0].country.code, "mv");
}

TEST(OfacCsv, VesselWithImo) {
  const LoadedList& l = SdnSet();
  // 4249,"TIFON","vessel","CUBA",-0- ,"CL2059","Tug",-0- ,"189","Cuba",-0- ,
  // "Vessel Registration Identification IMO 7206512."
  const Entity* e = Find(l, "4249");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kVessel);
  const Identifier* imo = FindId(*e, IdentifierType::kImo);
  ASSERT_NE(imo, nullptr);
  EXPECT_EQ(imo->value, "7206512");
  EXPECT_EQ(imo->type_text, "Vessel Registration Identification");
  const Identifier* cs = FindId(*e, IdentifierType::kOther);
  ASSERT_NE(cs, nullptr);
  EXPECT_EQ(cs->type_text, "Call Sign");
  EXPECT_EQ(cs->value, "CL2059");
  EXPECT_EQ(e->remarks,
            (std::vector<std::string>{"Vessel Type: Tug", "Vessel Gross Registered Tonnage: 189",
                                      "Vessel Flag: Cuba"}));
  // 4243 EBANO: former names are only in its remarks, so they are weak.
  const Entity* ebano = Find(l, "4243");
  ASSERT_NE(ebano, nullptr);
  const Name* fka = FindName(*ebano, "SAND SWAN");
  ASSERT_NE(fka, nullptr);
  EXPECT_EQ(fka->kind, NameKind::kFormer);
  EXPECT_EQ(fka->strength, NameStrength::kWeak);
}

TEST(OfacCsv, CompanyWithAddresses) {
  const LoadedList& l = SdnSet();
  const Entity* e = Find(l, "306");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kOrganization);
  EXPECT_EQ(e->names[0].full, "BANCO NACIONAL DE CUBA");
  ASSERT_EQ(e->names.size(), 3u);
  EXPECT_EQ(e->names[1].full, "NATIONAL BANK OF CUBA");  // alt.csv: strong
  EXPECT_EQ(e->names[1].strength, NameStrength::kStrong);
  EXPECT_EQ(e->names[2].full, "BNC");  // remarks: weak
  EXPECT_EQ(e->names[2].strength, NameStrength::kWeak);
  ASSERT_EQ(e->addresses.size(), 4u);
  EXPECT_EQ(e->addresses[0].street, "Zweierstrasse 35");
  EXPECT_EQ(e->addresses[0].city, "Zurich CH-8022");
  EXPECT_EQ(e->addresses[0].country, (Country{"ch", "Switzerland"}));
  EXPECT_EQ(e->addresses[0].full, "Zweierstrasse 35, Zurich CH-8022, Switzerland");
  EXPECT_TRUE(e->remarks.empty());
}

TEST(OfacCsv, ConsolidatedSetIsNonSdnWithComments) {
  const LoadedList l = LoadOne({kConsDir});
  EXPECT_EQ(l.version.title, "OFAC Consolidated (non-SDN) List");
  EXPECT_EQ(l.version.list, "ofac");
  ASSERT_EQ(l.entities.size(), 442u);
  const auto schemas = SchemaCounts(l);
  EXPECT_EQ(schemas.at(Schema::kPerson), 79);
  EXPECT_EQ(schemas.at(Schema::kOrganization), 363);
  const auto aliases = AliasCounts(l);
  EXPECT_EQ(aliases.at("aka/strong"), 932);
  EXPECT_EQ(aliases.at("fka/strong"), 141);
  EXPECT_EQ(aliases.at("aka/weak"), 69);
  EXPECT_EQ(aliases.at("fka/weak"), 3);
  EXPECT_EQ(AddressCount(l), 522u);
  EXPECT_TRUE(l.skipped.empty());
  // 9639,"HANIYA, Ismail Abdul Salah","individual","NS-PLC",...,"DOB 1962; POB Shati."
  const Entity* h = Find(l, "9639");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->programs, (std::vector<std::string>{"NS-PLC"}));
  ASSERT_EQ(h->birth_dates.size(), 1u);
  EXPECT_EQ(h->birth_dates[0].from.ToString(), "1962");
  ASSERT_EQ(h->birth_places.size(), 1u);
  EXPECT_EQ(h->birth_places[0].text, "Shati");
  // 17014's Remarks end "...Registration Numbe" in cons_prim.csv and go on
  // "r 1027700342890 (Russia); ..." in cons_comments.csv; joined, the
  // identifier is whole and the weak alias at the very end is found.
  const Entity* r = Find(l, "17014");
  ASSERT_NE(r, nullptr);
  bool found = false;
  for (const Identifier& id : r->identifiers) {
    found = found || (id.type == IdentifierType::kRegistration && id.value == "1027700342890" &&
                      id.type_text == "Registration Number" && id.country.code == "ru");
  }
  EXPECT_TRUE(found);
  EXPECT_NE(FindName(*r, "RUSAG"), nullptr);
}

TEST(OfacCsv, CompleteSet2021WithComments) {
  const LoadedList l = LoadOne({k2021Dir});
  EXPECT_EQ(l.version.title, "OFAC Specially Designated Nationals (SDN) List");
  EXPECT_EQ(l.version.files.size(), 4u);
  ASSERT_EQ(l.entities.size(), 8976u);
  const auto schemas = SchemaCounts(l);
  EXPECT_EQ(schemas.at(Schema::kPerson), 4620);
  EXPECT_EQ(schemas.at(Schema::kOrganization), 3673);
  EXPECT_EQ(schemas.at(Schema::kVessel), 406);
  EXPECT_EQ(schemas.at(Schema::kAircraft), 277);
  const auto aliases = AliasCounts(l);
  EXPECT_EQ(aliases.at("aka/strong"), 11523);
  EXPECT_EQ(aliases.at("fka/strong"), 369);
  EXPECT_EQ(aliases.at("nka/strong"), 18);
  EXPECT_EQ(aliases.at("aka/weak"), 2417);
  EXPECT_EQ(aliases.at("fka/weak"), 24);
  EXPECT_EQ(AddressCount(l), 11440u);
  EXPECT_TRUE(l.skipped.empty());
  // 28263's Remarks are cut inside a quoted alias: "a.k.a. 'snowsjo" + "hn'".
  const Entity* e = Find(l, "28263");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(FindName(*e, "snowsjohn"), nullptr);
}

TEST(OfacCsv, LoneSdnCsvLoads) {
  const LoadedList l = LoadOne({k2021Dir + "/sdn.csv"});
  EXPECT_EQ(l.entities.size(), 8976u);
  EXPECT_EQ(l.version.files, (std::vector<std::string>{k2021Dir + "/sdn.csv"}));
  EXPECT_TRUE(l.skipped.empty());
}

TEST(OfacCsv, CompanionsPairedByContentWhenTwoPrimaries) {
  // Both sets given at once, in one list of files: each companion must go to
  // the primary whose entry numbers it references.
  const std::vector<std::string> files = {kConsDir + "/cons_alt.csv", k2021Dir + "/alt.csv",
                                          kConsDir + "/cons_prim.csv", k2021Dir + "/sdn.csv"};
  std::vector<std::unique_ptr<std::string>> bytes;
  std::vector<SourceFile> set;
  for (const std::string& p : files) {
    std::ifstream in(p, std::ios::binary);
    bytes.push_back(std::make_unique<std::string>(std::istreambuf_iterator<char>(in),
                                                  std::istreambuf_iterator<char>()));
    set.push_back({p, *bytes.back(), ListFormat::kUnknown});
  }
  absl::StatusOr<std::vector<LoadedList>> l = LoadOfacCsvFiles(set, {});
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->size(), 2u);
  EXPECT_EQ((*l)[0].version.files,
            (std::vector<std::string>{files[2], files[0]}));  // cons_prim + cons_alt
  EXPECT_EQ((*l)[1].version.files, (std::vector<std::string>{files[3], files[1]}));
  EXPECT_EQ((*l)[0].version.title, "OFAC Consolidated (non-SDN) List");
  EXPECT_EQ(AliasCounts((*l)[0]).at("aka/strong"), 932);
  EXPECT_EQ(AliasCounts((*l)[1]).at("aka/strong"), 11523);
  EXPECT_TRUE((*l)[0].skipped.empty());
  EXPECT_TRUE((*l)[1].skipped.empty());
}

absl::StatusOr<std::vector<LoadedList>> LoadTexts(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<SourceFile> set;
  set.reserve(files.size());
  for (const auto& [name, text] : files) set.push_back({name, text, ListFormat::kUnknown});
  absl::StatusOr<std::vector<LoadedList>> lists = LoadOfacCsvFiles(set, {});
  if (!lists.ok()) return lists;
  for (const LoadedList& l : *lists) {
    if (absl::Status s = CheckSkippedShare(l); !s.ok()) return s;
  }
  return lists;
}

constexpr std::string_view kPrimaryRow =
    "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";

TEST(OfacCsvErrors, TruncatedQuotedField) {
  const std::string text = std::string(kPrimaryRow) +
                           "173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ," +
                           "-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BN";
  absl::StatusOr<std::vector<LoadedList>> l = LoadTexts({{"sdn.csv", text}});
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(l.status().message(), HasSubstr("sdn.csv:2: field 12: quoted field is never closed"));
}

// Three good primary records (ent_num 36, 37, 38), so that detection sees a
// primary file and the loader reports the broken fourth line.
std::string GoodRows() {
  std::string out;
  for (const char* n : {"36", "37", "38"}) out += std::string(kPrimaryRow).replace(0, 2, n);
  return out;
}

TEST(OfacCsvErrors, WrongColumnCountNamesLine) {
  absl::StatusOr<std::vector<LoadedList>> l =
      LoadTexts({{"sdn.csv", GoodRows() + "39,\"X\",-0- ,\"CUBA\",-0- \r\n"}});
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().message(),
            "sdn.csv:4: record: has 5 fields, expected 12 (OFAC sdn.csv/cons_prim.csv layout)");
}

TEST(OfacCsvErrors, NonNumericEntNum) {
  absl::StatusOr<std::vector<LoadedList>> l =
      LoadTexts({{"sdn.csv", GoodRows() + std::string(kPrimaryRow).replace(0, 2, "3x")}});
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().message(), "sdn.csv:4: ent_num: not a number: '3x'");
}

TEST(OfacCsvErrors, DuplicateEntNumAndUnknownType) {
  absl::StatusOr<std::vector<LoadedList>> dup =
      LoadTexts({{"sdn.csv", GoodRows() + std::string(kPrimaryRow)}});
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(dup.status().message(), HasSubstr("sdn.csv:4: ent_num: duplicate entry 36"));
  const std::string bad_type =
      GoodRows() + "39,\"X\",\"ship\",\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  absl::StatusOr<std::vector<LoadedList>> t = LoadTexts({{"sdn.csv", bad_type}});
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(),
              HasSubstr("sdn.csv:4: SDN_Type: unknown value 'ship' (expected individual, vessel, "
                        "aircraft)"));
}

TEST(OfacCsvErrors, AltReferencingMissingEntryIsSkippedWithNote) {
  absl::StatusOr<std::vector<LoadedList>> l =
      LoadTexts({{"sdn.csv", std::string(kPrimaryRow)},
                 {"alt.csv",
                  "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n"
                  "99,13,\"aka\",\"NOBODY\",-0- \r\n\x1a"}});
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->size(), 1u);
  const LoadedList& list = (*l)[0];
  ASSERT_EQ(list.entities.size(), 1u);
  EXPECT_EQ(list.entities[0].names.size(), 2u);
  ASSERT_EQ(list.skipped.size(), 1u);
  EXPECT_EQ(list.skipped[0], (LoadNote{"alt.csv", 2, "ent_num", "entry 99 is not in sdn.csv"}));
}

TEST(OfacCsvErrors, CompanionWithoutPrimaryOrMatch) {
  absl::StatusOr<std::vector<LoadedList>> alone =
      LoadTexts({{"alt.csv", "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n"}});
  ASSERT_FALSE(alone.ok());
  EXPECT_THAT(alone.status().message(), HasSubstr("without its primary file"));
  absl::StatusOr<std::vector<LoadedList>> stranger = LoadTexts(
      {{"sdn.csv", std::string(kPrimaryRow)}, {"alt.csv", "99,13,\"aka\",\"NOBODY\",-0- \r\n"}});
  ASSERT_FALSE(stranger.ok());
  EXPECT_THAT(stranger.status().message(), HasSubstr("alt.csv: none of its 1 entry numbers"));
}

TEST(OfacCsvErrors, EmptyAndUnknownFiles) {
  const SourceFile eof_only{"sdn.csv", "\x1a\r\n", ListFormat::kOfacCsvPrimary};
  absl::StatusOr<std::vector<LoadedList>> empty = LoadOfacCsvFiles({eof_only}, {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "sdn.csv: no records (empty or truncated file?)");
  absl::StatusOr<LoadedList> via_bytes = LoadListFromBytes("sdn.csv", "");
  ASSERT_FALSE(via_bytes.ok());
  EXPECT_THAT(via_bytes.status().message(), HasSubstr("empty"));
  absl::StatusOr<std::vector<LoadedList>> junk = LoadTexts({{"sdn.csv", "hello,world\n"}});
  ASSERT_FALSE(junk.ok());
  EXPECT_THAT(junk.status().message(), HasSubstr("not an OFAC legacy CSV file"));
}

}  // namespace
}  // namespace cordon::lists
