// OpenSanctions FollowTheMoney JSON lines: one FtM entity per line, either the
// flat entities.ftm.json (adjacent Sanction, Address, Identification and
// Passport entities on lines of their own, linked by id) or the nested
// targets.nested.json (the same adjacent entities inline in the target's
// properties). Both, and mixtures, are read the same way: targets become
// cordon entities; adjuncts are folded into the targets they name.
//
// IDs: every entity is "ftm:<FtM id>" with the FtM id kept verbatim as
// source_id. OpenSanctions ids are opaque ("NK-...", "Q7747", "ofac-12345");
// their prefixes are not cordon list codes, and rewriting "ofac-12345" to
// "ofac:12345" would collide with the entries of cordon's own OFAC loader.
//
// Relationship entities (Ownership, Family, Directorship, ...) and entities
// marked "target": false are not screened; they are counted per schema in
// LoadedList::skipped, one note per schema.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/country.h"
#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/ftm_schema.h"
#include "lists/loaders.h"
#include "lists/record_merge.h"

namespace cordon::lists {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kFtmList = "ftm";
constexpr std::string_view kFtmTitle = "FollowTheMoney entities (OpenSanctions format)";

// Deepest JSON nesting read. A nested FtM line nests entity > properties >
// addressEntity > [ > entity > properties > [ (7); the slack allows a level of
// relationship nesting. The parser recurses, so deeper input is refused
// before parsing.
constexpr int kFtmMaxJsonDepth = 32;

// Depth of [ and { nesting outside strings; -1 if the brackets do not balance.
int JsonDepth(std::string_view s) {
  int depth = 0, max = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max = std::max(max, ++depth);
      if (max > kFtmMaxJsonDepth) return max;
    } else if (c == ']' || c == '}') {
      if (--depth < 0) return -1;
    }
  }
  return max;
}

absl::StatusOr<Json> ParseLine(std::string_view path, uint64_t line, std::string_view text) {
  const std::string where = StrCat(path, ":", line);
  if (JsonDepth(text) > kFtmMaxJsonDepth) {
    return absl::InvalidArgumentError(
        StrCat(where, ": json: nested deeper than ", kFtmMaxJsonDepth, " levels"));
  }
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return absl::InvalidArgumentError(StrCat(where, ": json: not a valid JSON value"));
  }
  if (!j.is_object()) return absl::InvalidArgumentError(StrCat(where, ": json: not an object"));
  for (const char* key : {"id", "schema"}) {
    if (!j.contains(key) || !j[key].is_string() || j[key].get_ref<const std::string&>().empty()) {
      return absl::InvalidArgumentError(StrCat(where, ": ", key, ": missing or not a string"));
    }
  }
  if (j.contains("properties") && !j["properties"].is_object()) {
    return absl::InvalidArgumentError(StrCat(where, ": properties: not an object"));
  }
  return j;
}

// A top-level string field, "" when absent or of another JSON type (never
// throws, unlike Json::value).
std::string StringField(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json& Props(const Json& entity) {
  static const Json kEmpty = Json::object();
  const auto it = entity.find("properties");
  return it != entity.end() && it->is_object() ? *it : kEmpty;
}

// String values of a property (FtM values are arrays of strings; a bare
// string is accepted too).
std::vector<std::string> Strings(const Json& props, std::string_view key) {
  std::vector<std::string> out;
  const auto it = props.find(std::string(key));
  if (it == props.end()) return out;
  auto add = [&](const Json& v) {
    if (!v.is_string()) return;
    std::string s = CleanSpaces(v.get_ref<const std::string&>());
    if (!s.empty()) out.push_back(std::move(s));
  };
  if (it->is_array()) {
    for (const Json& v : *it) add(v);
  } else {
    add(*it);
  }
  return out;
}

std::string First(const Json& props, std::string_view key) {
  std::vector<std::string> v = Strings(props, key);
  return v.empty() ? "" : v[0];
}

// Nested entity objects of a property (targets.nested.json).
std::vector<const Json*> NestedEntities(const Json& props, std::string_view key) {
  std::vector<const Json*> out;
  const auto it = props.find(std::string(key));
  if (it == props.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_object()) out.push_back(&v);
  }
  return out;
}

std::optional<Schema> TargetSchema(const std::string& s) {
  if (s == "Person") return Schema::kPerson;
  if (s == "Organization" || s == "Company" || s == "PublicBody") return Schema::kOrganization;
  if (s == "LegalEntity") return Schema::kLegalEntity;
  if (s == "Vessel") return Schema::kVessel;
  if (s == "Airplane") return Schema::kAircraft;
  return std::nullopt;
}

// FtM writes countries as lower-case ISO codes ("ru"), and a few of its own
// ("suhh" for the Soviet Union); the code is the text.
Country FtmCountry(const std::string& value) { return Country{CountryCode(value), value}; }

void AddNames(const Json& p, Entity* e) {
  const std::vector<std::string> names = Strings(p, "name");
  for (size_t i = 0; i < names.size(); ++i) {
    AddName(e, MakeName(names[i], i == 0 ? NameKind::kPrimary : NameKind::kAlias,
                        NameStrength::kStrong, "name"));
  }
  if (e->names.empty()) {
    // FtM allows a person with name parts only.
    std::vector<std::string> parts;
    for (const char* k : {"firstName", "secondName", "middleName", "fatherName", "lastName"}) {
      parts.push_back(First(p, k));
    }
    const std::string full = JoinNonEmpty(parts, " ");
    if (!full.empty()) AddName(e, MakeName(full, NameKind::kPrimary, NameStrength::kStrong, ""));
  }
  for (const std::string& n : Strings(p, "alias"))
    AddName(e, MakeName(n, NameKind::kAlias, NameStrength::kStrong, "alias"));
  for (const std::string& n : Strings(p, "weakAlias"))
    AddName(e, MakeName(n, NameKind::kAlias, NameStrength::kWeak, "weakAlias"));
  for (const std::string& n : Strings(p, "previousName"))
    AddName(e, MakeName(n, NameKind::kFormer, NameStrength::kStrong, "previousName"));
  if (e->names.empty() || e->schema != Schema::kPerson) return;
  for (const ftm::PartProperty& pp : ftm::kPartProperties) {
    for (const std::string& v : Strings(p, pp.property)) {
      AddUnique(&e->names[0].parts, NamePart{pp.type, v});
    }
  }
}

void AddPersonal(const Json& p, Entity* e) {
  for (const std::string& t : Strings(p, "title")) AddUnique(&e->titles, t);
  for (const std::string& t : Strings(p, "position")) AddUnique(&e->designations, t);
  const std::string g = AsciiLower(First(p, "gender"));
  if (g == "male" || g == "m") e->gender = Gender::kMale;
  if (g == "female" || g == "f") e->gender = Gender::kFemale;
  for (const char* key : {"birthDate", "buildDate"}) {
    for (const std::string& d : Strings(p, key)) AddUnique(&e->birth_dates, MakeBirthDate(d));
  }
  for (const std::string& t : Strings(p, "birthPlace")) AddUnique(&e->birth_places, Place{t});
  // A vessel's flag state is its nationality (UNCLOS art. 91).
  for (const char* key : {"nationality", "flag"}) {
    for (const std::string& c : Strings(p, key)) AddUnique(&e->nationalities, FtmCountry(c));
  }
  for (const std::string& c : Strings(p, "citizenship")) {
    AddUnique(&e->citizenships, FtmCountry(c));
  }
}

Address AddressFrom(const Json& p) {
  Address a{.full = First(p, "full"),
            .street = First(p, "street"),
            .city = First(p, "city"),
            .region = First(p, "region"),
            .postal_code = First(p, "postalCode"),
            .country = {},
            .note = First(p, "remarks")};
  if (a.region.empty()) a.region = First(p, "state");
  if (const std::string c = First(p, "country"); !c.empty()) a.country = FtmCountry(c);
  if (a.full.empty()) {
    a.full = JoinNonEmpty({a.street, a.city, a.region, a.postal_code, CountryName(a.country.code)},
                          ", ");
  }
  return a;
}

bool HasCountry(const Entity& e, const std::string& code) {
  auto same = [&](const Country& c) { return !code.empty() && c.code == code; };
  return std::any_of(e.nationalities.begin(), e.nationalities.end(), same) ||
         std::any_of(e.citizenships.begin(), e.citizenships.end(), same) ||
         std::any_of(e.addresses.begin(), e.addresses.end(),
                     [&](const Address& a) { return same(a.country); });
}

// "country", "jurisdiction" and "mainCountry" say where an entity is.
std::vector<std::string> PlaceCountries(const Json& p) {
  std::vector<std::string> out;
  for (const char* key : {"country", "jurisdiction", "mainCountry"}) {
    for (std::string& v : Strings(p, key)) out.push_back(std::move(v));
  }
  return out;
}

// cordon keeps a country that no nationality or address already names as an
// address holding only that country. Runs after the flat-format addresses
// are attached, so that an address's country is not added twice.
void AddCountries(const std::vector<std::string>& values, Entity* e) {
  for (const std::string& v : values) {
    const Country c = FtmCountry(v);
    if (c.code.empty() || HasCountry(*e, c.code)) continue;
    e->addresses.push_back(Address{.full = CountryName(c.code), .country = c});
  }
}

void AddIdentifier(Entity* e, Identifier x) {
  for (Identifier& have : e->identifiers) {
    if (have.type == x.type && have.value == x.value) {
      // The richer record (an Identification entity) wins over a bare number.
      if (have.country.code.empty() && have.issued.empty() && have.expires.empty()) have = x;
      return;
    }
  }
  e->identifiers.push_back(std::move(x));
}

// Keywords of Identification "type" texts (OpenSanctions copies the source
// list's label, e.g. "Passport", "National ID No.", "Vessel Registration
// Identification", "Tax ID No."), checked in this order.
struct TypeKeyword {
  std::string_view word;
  IdentifierType type;
};
constexpr TypeKeyword kTypeKeywords[] = {
    {"passport", IdentifierType::kPassport},
    {"imo", IdentifierType::kImo},
    {"vessel", IdentifierType::kImo},
    {"swift", IdentifierType::kBic},
    {"bic", IdentifierType::kBic},
    {"lei", IdentifierType::kLei},
    {"tax", IdentifierType::kTaxId},
    {"inn", IdentifierType::kTaxId},
    {"vat", IdentifierType::kTaxId},
    {"registration", IdentifierType::kRegistration},
    {"ogrn", IdentifierType::kRegistration},
    {"serial", IdentifierType::kAircraftSerial},
    {"msn", IdentifierType::kAircraftSerial},
    {"national", IdentifierType::kNationalId},
    {"identity", IdentifierType::kNationalId},
    {"id card", IdentifierType::kNationalId},
    {"email", IdentifierType::kEmail},
    {"website", IdentifierType::kWebsite},
    {"phone", IdentifierType::kPhone},
    {"wallet", IdentifierType::kCryptoWallet},
};

IdentifierType TypeFromText(const std::string& text, bool passport_schema) {
  if (passport_schema) return IdentifierType::kPassport;
  const std::string t = AsciiLower(text);
  for (int i = 0; i <= static_cast<int>(IdentifierType::kCryptoWallet); ++i) {
    const auto type = static_cast<IdentifierType>(i);
    if (t == IdentifierTypeName(type)) return type;
  }
  for (const ftm::IdProperty& p : ftm::kIdProperties) {
    if (AsciiLower(p.property) == t) return p.type;
  }
  for (const TypeKeyword& k : kTypeKeywords) {
    if (t.find(k.word) != std::string::npos) return k.type;
  }
  return IdentifierType::kOther;
}

Identifier IdentifierFrom(const Json& entity) {
  const Json& p = Props(entity);
  Identifier x;
  x.value = First(p, "number");
  x.type_text = First(p, "type");
  x.type = TypeFromText(x.type_text, StringField(entity, "schema") == "Passport");
  if (const std::string c = First(p, "country"); !c.empty()) x.country = FtmCountry(c);
  x.issued = First(p, "startDate");
  x.expires = First(p, "endDate");
  x.note = First(p, "summary");
  return x;
}

void AddIdentifiers(const Json& p, Entity* e) {
  for (const ftm::IdProperty& ip : ftm::kIdProperties) {
    for (const std::string& v : Strings(p, ip.property)) {
      AddIdentifier(e,
                    Identifier{.type = ip.type, .type_text = std::string(ip.property), .value = v});
    }
  }
  // On an Airplane, "registrationNumber" is the tail number.
  if (e->schema == Schema::kAircraft) {
    for (Identifier& x : e->identifiers) {
      if (x.type_text == "registrationNumber") x.type = IdentifierType::kAircraftSerial;
    }
  }
}

void AddSanction(const Json& sanction, Entity* e) {
  const Json& p = Props(sanction);
  for (const std::string& prog : Strings(p, "program")) AddUnique(&e->programs, prog);
  for (const char* key : {"listingDate", "startDate"}) {
    for (const std::string& d : Strings(p, key)) {
      const auto iso = ParseIsoDate(d);
      if (!iso) continue;
      const std::string s = iso->ToString();
      if (e->listed_on.empty() || s < e->listed_on) e->listed_on = s;
    }
  }
}

// Everything a target line says about itself, including nested adjuncts.
void FillTarget(const Json& j, Entity* e) {
  const Json& p = Props(j);
  AddNames(p, e);
  AddPersonal(p, e);
  for (const std::string& a : Strings(p, "address")) AddUnique(&e->addresses, Address{.full = a});
  for (const Json* a : NestedEntities(p, "addressEntity")) {
    AddUnique(&e->addresses, AddressFrom(Props(*a)));
  }
  AddIdentifiers(p, e);
  for (const char* key : {"identification", "passport", "passports"}) {
    for (const Json* x : NestedEntities(p, key)) AddIdentifier(e, IdentifierFrom(*x));
  }
  for (const std::string& prog : Strings(p, "program")) AddUnique(&e->programs, prog);
  for (const Json* s : NestedEntities(p, "sanctions")) AddSanction(*s, e);
  for (const char* key : {"notes", "summary"}) {
    for (const std::string& n : Strings(p, key)) AddUnique(&e->remarks, n);
  }
  if (const auto lc = ParseIsoDate(StringField(j, "last_change"))) e->last_updated = lc->ToString();
}

// Flat-format adjuncts, kept until every target is known.
struct Adjuncts {
  std::unordered_map<std::string, Json> addresses;  // by Address id
  std::vector<std::pair<uint64_t, Json>> links;     // Sanction/Identification/Passport + line
};

struct SkipCount {
  uint64_t first_line = 0;
  uint64_t count = 0;
};

struct Reader {
  const SourceFile& f;
  const LoadOptions& o;
  LoadedList out;
  std::unordered_map<std::string, size_t> by_id;  // FtM id -> index in out.entities
  Adjuncts adj;
  // Flat format: (entity index, Address id) from a target's "addressEntity".
  std::vector<std::pair<size_t, std::string>> address_refs;
  std::vector<std::vector<std::string>> countries;          // PlaceCountries per entity
  std::unordered_map<std::string, uint64_t> address_lines;  // Address id -> line
  std::map<std::string, SkipCount> skipped;                 // reason -> count

  void Skip(const std::string& reason, uint64_t line) {
    SkipCount& s = skipped[reason];
    if (s.count++ == 0 || line < s.first_line) s.first_line = line;
  }
  absl::Status Line(uint64_t line, std::string_view text);
  absl::Status Target(uint64_t line, const Json& j, Schema schema);
  void Resolve();
};

absl::Status Reader::Target(uint64_t line, const Json& j, Schema schema) {
  const std::string& id = j["id"].get_ref<const std::string&>();
  const std::string where = StrCat(f.path, ":", line);
  if (by_id.count(id) != 0) {
    SkipRecord(absl::InvalidArgumentError(StrCat(where, ": id: duplicate entity id \"", id, "\"")),
               f.path, "", &out);
    return absl::OkStatus();
  }
  if (out.entities.size() >= o.max_entities) {
    return absl::ResourceExhaustedError(
        StrCat(where, ": more than ", o.max_entities, " entities (LoadOptions::max_entities)"));
  }
  Entity e{.id = MakeEntityId(kFtmList, id), .list = std::string(kFtmList), .source_id = id};
  e.schema = schema;
  FillTarget(j, &e);
  if (e.names.empty()) {
    Skip(StrCat(j["schema"].get<std::string>(), " without any name: cannot be screened"), line);
    return absl::OkStatus();
  }
  PutPrimaryFirst(&e);
  for (const std::string& ref : Strings(Props(j), "addressEntity")) {
    address_refs.emplace_back(out.entities.size(), ref);
  }
  countries.push_back(PlaceCountries(Props(j)));
  by_id.emplace(id, out.entities.size());
  out.entities.push_back(std::move(e));
  return absl::OkStatus();
}

absl::Status Reader::Line(uint64_t line, std::string_view text) {
  absl::StatusOr<Json> parsed = ParseLine(f.path, line, text);
  if (!parsed.ok()) return parsed.status();
  const Json& j = *parsed;
  const std::string& schema = j["schema"].get_ref<const std::string&>();
  if (const std::optional<Schema> s = TargetSchema(schema)) {
    if (j.contains("target") && j["target"].is_boolean() && !j["target"].get<bool>()) {
      Skip(StrCat(schema, " marked \"target\": false (not a listed party)"), line);
      return absl::OkStatus();
    }
    return Target(line, j, *s);
  }
  if (schema == "Address") {
    adj.addresses.emplace(j["id"].get<std::string>(), j);
    address_lines.emplace(j["id"].get<std::string>(), line);
  } else if (schema == "Sanction" || schema == "Identification" || schema == "Passport") {
    adj.links.emplace_back(line, j);
  } else {
    Skip(StrCat(schema, ": not a screening target"), line);
  }
  return absl::OkStatus();
}

void Reader::Resolve() {
  for (const auto& [line, j] : adj.links) {
    const bool sanction = j["schema"] == "Sanction";
    bool linked = false;
    for (const std::string& ref : Strings(Props(j), sanction ? "entity" : "holder")) {
      const auto it = by_id.find(ref);
      if (it == by_id.end()) continue;
      Entity& e = out.entities[it->second];
      sanction ? AddSanction(j, &e) : AddIdentifier(&e, IdentifierFrom(j));
      linked = true;
    }
    if (!linked)
      Skip(StrCat(j["schema"].get<std::string>(), " naming no target in the file"), line);
  }
  std::set<std::string> used;
  for (const auto& [index, ref] : address_refs) {
    const auto it = adj.addresses.find(ref);
    if (it != adj.addresses.end()) {
      AddUnique(&out.entities[index].addresses, AddressFrom(Props(it->second)));
      used.insert(ref);
    }
  }
  for (const auto& [id, a] : adj.addresses) {
    if (used.count(id) == 0) Skip("Address naming no target in the file", address_lines[id]);
  }
  for (size_t i = 0; i < out.entities.size(); ++i) AddCountries(countries[i], &out.entities[i]);
}

}  // namespace

bool IsFtmJson(std::string_view head) {
  // The first line is one JSON object with "id", "schema" and "properties";
  // cordon's own JSONL has no "schema" object layout with "properties".
  const size_t nl = head.find('\n');
  const std::string_view first = head.substr(0, nl);
  if (first.empty() || first.front() != '{' || JsonDepth(first) > kFtmMaxJsonDepth) return false;
  const Json j = Json::parse(first, nullptr, false);
  return j.is_object() && j.contains("id") && j.contains("schema") && j["schema"].is_string() &&
         j.contains("properties") && j["properties"].is_object();
}

absl::StatusOr<LoadedList> LoadFtmJson(const SourceFile& f, const LoadOptions& o) {
  Reader r{f, o, {}, {}, {}, {}};
  r.out.version = {.list = std::string(kFtmList),
                   .title = std::string(kFtmTitle),
                   .format = std::string(ListFormatName(ListFormat::kFtmJson))};
  uint64_t line = 0;
  for (size_t pos = 0; pos < f.bytes.size();) {
    size_t nl = f.bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = f.bytes.size();
    std::string_view text = f.bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line;
    if (CleanSpaces(text).empty()) continue;
    if (text.size() > o.max_field_bytes) {
      return absl::InvalidArgumentError(
          StrCat(f.path, ":", line, ": line: longer than ", o.max_field_bytes, " bytes"));
    }
    if (absl::Status s = r.Line(line, text); !s.ok()) return s;
  }
  r.Resolve();
  for (const Entity& e : r.out.entities) {
    r.out.version.published = std::max(r.out.version.published, e.last_updated);
  }
  for (const auto& [reason, c] : r.skipped) {
    r.out.skipped.push_back(
        LoadNote{f.path, c.first_line, "schema", StrCat(c.count, " skipped: ", reason)});
  }
  return std::move(r.out);
}

}  // namespace cordon::lists
