// cordon entity model: what the official lists actually carry about a listed
// person, organisation, vessel or aircraft.
//
// Every loader in cordon/lists.h produces these types; the matching engine and
// the snapshot consume them. The model keeps the list's own wording next to any
// value cordon derived from it (a country code next to the country text, a
// structured date next to the date text), so an analyst can always see what the
// list said.
//
// Example:
//   cordon::Entity e;
//   e.id = cordon::MakeEntityId("un", "QDi.421");   // "un:QDi.421"
//   e.schema = cordon::Schema::kPerson;
//   e.names.push_back({.full = "SANAULLAH GHAFARI",
//                      .kind = cordon::NameKind::kPrimary});
//
// Thread safety: plain value types; const access from many threads is safe.
#ifndef CORDON_ENTITY_H_
#define CORDON_ENTITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon {

// What kind of thing an entry designates. kLegalEntity is used where a list does
// not say whether an entry is an organisation or something else (FollowTheMoney
// uses the same word for the same purpose).
enum class Schema : uint8_t {
  kLegalEntity = 0,
  kPerson = 1,
  kOrganization = 2,
  kVessel = 3,
  kAircraft = 4,
};
std::string_view SchemaName(Schema s);  // "Person", "Organization", ...
// Parses "Person", "person", "individual", "entity", "Organization", "vessel",
// "aircraft", "LegalEntity". Returns nullopt for anything else.
std::optional<Schema> ParseSchema(std::string_view text);

enum class Gender : uint8_t { kUnknown = 0, kMale = 1, kFemale = 2 };
std::string_view GenderName(Gender g);  // "unknown", "male", "female"

// Role of a name within its entity.
enum class NameKind : uint8_t {
  kPrimary = 0,  // the list's main name for the entry
  kAlias = 1,    // also known as (a.k.a.)
  kFormer = 2,   // formerly known as (f.k.a.)
  kNew = 3,      // now known as (n.k.a.)
};
std::string_view NameKindName(NameKind k);  // "primary", "aka", "fka", "nka"

// How much the list itself trusts an alias. UN "Good" and OFAC "strong" and UK
// "Good quality" and EU strong aliases are kStrong; UN "Low", OFAC "weak", UK
// "Low quality" and EU weak aliases are kWeak. A weak alias may support a match
// but must not raise an alert on its own. Primary names are kStrong.
enum class NameStrength : uint8_t { kStrong = 0, kWeak = 1 };
std::string_view NameStrengthName(NameStrength s);  // "strong", "weak"

// Kinds of name parts a list may give separately.
enum class NamePartType : uint8_t {
  kGiven = 0,       // first/given name(s)
  kMiddle = 1,      // second name where a list numbers them (UN SECOND_NAME)
  kFamily = 2,      // family name / surname / last name
  kPatronymic = 3,  // patronymic (Russian -ovich) or father's name
  kMatronymic = 4,
  kTribal = 5,  // tribal or clan name (Noorzai, Achekzai)
  kOther = 6,   // numbered parts without a stated role (UN THIRD_NAME..)
};

struct NamePart {
  NamePartType type = NamePartType::kOther;
  std::string value;
  bool operator==(const NamePart&) const = default;
};

struct Name {
  // The name as the list writes it (after whitespace trimming only).
  std::string full;
  NameKind kind = NameKind::kPrimary;
  NameStrength strength = NameStrength::kStrong;
  // The list's own label for this name ("Good", "Low", "a.k.a.", "Primary name
  // variation", ...), kept for explanations and audits.
  std::string quality_text;
  // ISO 15924 code of the script the name is written in ("Latn", "Arab",
  // "Cyrl", "Hani", ...) as detected from the text; empty if unknown.
  std::string script;
  // Language the list says the name is in (UK "Non-Latin Script Language",
  // EU nameAlias@nameLanguage), as the list writes it; may be empty.
  std::string language;
  // Name parts where the list gives them separately; empty otherwise.
  std::vector<NamePart> parts;
  bool operator==(const Name&) const = default;
};

// A calendar date that may be partial: year only, year and month, or full.
// Zero means "not given".
struct PartialDate {
  int16_t year = 0;
  int8_t month = 0;
  int8_t day = 0;
  bool empty() const { return year == 0; }
  // "1975", "1975-04", "1975-04-12"; empty string when year is 0.
  std::string ToString() const;
  bool operator==(const PartialDate&) const = default;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 flags defaulted <=>
  auto operator<=>(const PartialDate&) const = default;
};

// A date of birth (or build date for vessels) as a list gives it.
struct BirthDate {
  // from == to for an exact or partial date; from < to for a range
  // ("1960 to 1962", UN TYPE_OF_DATE=BETWEEN).
  PartialDate from;
  PartialDate to;
  bool circa = false;  // "circa", "approximately", UN TYPE_OF_DATE=APPROXIMATELY
  std::string text;    // the list's own wording when it was free text
  bool operator==(const BirthDate&) const = default;
};

// A country as a list names it, with the ISO 3166-1 alpha-2 code where it can
// be determined (lower case, "af"); code is empty when the text is not a
// recognisable country (e.g. "Soviet Union" has no alpha-2 code).
struct Country {
  std::string code;
  std::string text;
  bool operator==(const Country&) const = default;
};

struct Place {
  std::string text;    // full text as the list gives it
  std::string city;    // town/city where the list separates it
  std::string region;  // state/province
  Country country;
  bool operator==(const Place&) const = default;
};

struct Address {
  std::string full;  // the address as one line, joined from the list's parts
  std::string street;
  std::string city;
  std::string region;
  std::string postal_code;
  Country country;
  std::string note;
  bool operator==(const Address&) const = default;
};

enum class IdentifierType : uint8_t {
  kOther = 0,
  kPassport = 1,
  kNationalId = 2,
  kTaxId = 3,
  kRegistration = 4,  // company/commercial registration numbers
  kImo = 5,           // IMO ship (or company) number
  kBic = 6,           // SWIFT/BIC code
  kLei = 7,
  kAircraftSerial = 8,  // manufacturer serial number, tail number
  kEmail = 9,
  kWebsite = 10,
  kPhone = 11,
  kCryptoWallet = 12,
};
std::string_view IdentifierTypeName(IdentifierType t);  // "passport", ...

struct Identifier {
  IdentifierType type = IdentifierType::kOther;
  std::string type_text;  // the list's own label ("Passport", "SWIFT/BIC", ...)
  std::string value;      // as written in the list
  Country country;        // issuing country where given
  std::string issued;     // issue date text where given
  std::string expires;    // expiry date text where given
  std::string note;
  bool operator==(const Identifier&) const = default;
};

struct Entity {
  // Stable readable ID: "<list>:<source_id>", e.g. "un:QDi.421", "ofac:6365".
  std::string id;
  std::string list;       // short list code: "un", "ofac", "uk", "eu", ...
  std::string source_id;  // the list's own identifier for the entry
  Schema schema = Schema::kLegalEntity;
  // names[0] is the primary name; the rest are aliases, former names and
  // names in original script, in list order.
  std::vector<Name> names;
  std::vector<std::string> titles;        // "Mullah", "Maulavi", "Dr."
  std::vector<std::string> designations;  // positions/functions
  Gender gender = Gender::kUnknown;
  std::vector<BirthDate> birth_dates;
  std::vector<Place> birth_places;
  std::vector<Country> nationalities;
  std::vector<Country> citizenships;
  std::vector<Address> addresses;
  std::vector<Identifier> identifiers;
  std::vector<std::string> programs;  // sanctions programs/regimes
  std::string listed_on;              // ISO date "2001-01-25" where given
  std::string last_updated;           // ISO date where given
  std::vector<std::string> remarks;   // free-text remarks, in list order
  bool operator==(const Entity&) const = default;

  const Name* primary_name() const { return names.empty() ? nullptr : &names[0]; }
};

std::string MakeEntityId(std::string_view list, std::string_view source_id);

// The identity and version of one loaded list.
struct ListVersion {
  std::string list;                // short code, the prefix of entity IDs ("un")
  std::string title;               // "UN Security Council Consolidated List"
  std::string format;              // format name from cordon/lists.h ("un-xml")
  std::string published;           // publication date/time as the list states it (ISO)
  std::string content_hash;        // "sha256:<hex>" over the source bytes (all files)
  std::vector<std::string> files;  // source paths as given
  bool operator==(const ListVersion&) const = default;
};

// A record a loader skipped while the rest of the list loaded, and why. A
// loader never skips silently: each skip is reported here and counted by
// `cordon lists show`.
struct LoadNote {
  std::string file;
  uint64_t line = 0;  // 1-based line, 0 if not applicable
  std::string field;
  std::string reason;
  bool operator==(const LoadNote&) const = default;
};

struct LoadedList {
  ListVersion version;
  std::vector<Entity> entities;
  std::vector<LoadNote> skipped;
};

// Budgets that protect the loaders (cordon/lists.h, cordon/snapshot.h, cordon/sources.h) from
// hostile or broken input. Here, beside LoadedList, because every source of lists shares them.
struct LoadOptions {
  // Largest file accepted, in bytes. The largest real list (OFAC SDN XML with
  // all fields) is about 100 MB.
  uint64_t max_file_bytes = 512ull << 20;
  // Largest snapshot accepted, in bytes. Snapshots are written by cordon and hold the compiled
  // matching index besides the lists: 66 MB for the bundled lists, about 0.6 GB for two million
  // synthetic names.
  uint64_t max_snapshot_bytes = 8ull << 30;
  // Deepest XML element nesting accepted. The real formats nest at most 8
  // levels; anything deeper is not one of them.
  int max_xml_depth = 64;
  // Most entities accepted from one list (the largest real list, OFAC SDN,
  // has about 18,000; OpenSanctions' full dump about 1.5 million).
  uint64_t max_entities = 5'000'000;
  // Longest single field (CSV cell or XML text) accepted, in bytes.
  uint64_t max_field_bytes = 1u << 20;
};

}  // namespace cordon

#endif  // CORDON_ENTITY_H_
