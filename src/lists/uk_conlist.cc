// UK OFSI Consolidated List of Financial Sanctions Targets, CSV edition
// (ConList.csv). Layout, as in the file OFSI published until January 2026:
//   row 1  "Last Updated,<dd/mm/yyyy>"
//   row 2  header: Name 6, Name 1..Name 5, Title, Name Non-Latin Script, ...,
//          Group Type, Alias Type, Alias Quality, Regime, Listed On,
//          UK Sanctions List Date Designated, Last Updated, Group ID
//   then   one row per name variation x date of birth x address of an entry;
//          the rows of one entry share its Group ID.
// The loader merges the rows of a group into one entity "uk:<Group ID>".
#include <algorithm>
#include <array>
#include <unordered_map>

#include "core/country.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/csv.h"
#include "lists/loaders.h"
#include "lists/record_merge.h"

namespace cordon::lists {
namespace {

constexpr std::string_view kUkConList = "uk";
constexpr std::string_view kUkConTitle = "UK OFSI Consolidated List of Financial Sanctions Targets";
// The header row is the second row in every published file; a few more rows
// of slack allow for a blank line or a note above it without accepting a
// file whose header is missing.
constexpr int kUkConMaxRowsBeforeHeader = 5;

// Columns the loader reads, by their header text.
enum UkConCol {
  kName6,
  kName1,
  kName2,
  kName3,
  kName4,
  kName5,
  kTitleCol,
  kNonLatin,
  kNonLatinType,
  kNonLatinLang,
  kUkConDob,
  kTownOfBirth,
  kCountryOfBirth,
  kUkConNationality,
  kPassportNo,
  kPassportDetails,
  kNationalIdNo,
  kNationalIdDetails,
  kPosition,
  kAddress1,
  kAddress2,
  kAddress3,
  kAddress4,
  kAddress5,
  kAddress6,
  kPostCode,
  kUkConCountry,
  kOtherInfo,
  kGroupType,
  kAliasType,
  kAliasQuality,
  kRegime,
  kListedOn,
  kLastUpdated,
  kGroupId,
  kUkConNumCols
};
constexpr std::array<std::string_view, kUkConNumCols> kUkConColNames = {
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "Name Non-Latin Script",
    "Non-Latin Script Type",
    "Non-Latin Script Language",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID"};

bool IsUkConHeader(const std::vector<std::string>& f) {
  return !f.empty() && CleanSpaces(f[0]) == "Name 6" &&
         std::find(f.begin(), f.end(), "Group ID") != f.end();
}

struct UkConRow {
  const std::vector<std::string>* fields;
  const std::array<size_t, kUkConNumCols>* index;
  std::string operator[](UkConCol c) const { return CleanSpaces((*fields)[(*index)[c]]); }
};

// Tags of the "(Tag):value" segments of Other Information that the loader
// turns into fields. Segments end at the next known tag only, because values
// contain other parenthesised text ("Employer Identification Number (United
// States of America): 36-..."). Tag list measured on the 2025-04-10 file.
constexpr std::array<std::string_view, 19> kInfoTags = {"UK Sanctions List Ref",
                                                        "UK Statement of Reasons",
                                                        "UN Ref",
                                                        "Gender",
                                                        "Phone number",
                                                        "Email address",
                                                        "Type of entity",
                                                        "Website",
                                                        "Parent company",
                                                        "Business Reg No",
                                                        "Subsidiaries",
                                                        "IMO number",
                                                        "Flag of ship",
                                                        "Type of ship",
                                                        "Tonnage of ship",
                                                        "Length of ship",
                                                        "Year built",
                                                        "Current owners",
                                                        "Previous flags"};

// (tag, value) pairs of the known tags in `info`, in text order.
std::vector<std::pair<std::string_view, std::string>> InfoSegments(std::string_view info) {
  std::vector<std::pair<size_t, std::string_view>> at;  // offset of "(Tag):", tag
  for (std::string_view tag : kInfoTags) {
    const std::string marker = StrCat("(", tag, "):");
    for (size_t p = info.find(marker); p != std::string_view::npos; p = info.find(marker, p + 1)) {
      at.emplace_back(p, tag);
    }
  }
  std::sort(at.begin(), at.end());
  std::vector<std::pair<std::string_view, std::string>> out;
  for (size_t i = 0; i < at.size(); ++i) {
    const size_t begin = at[i].first + at[i].second.size() + 3;
    const size_t end = i + 1 < at.size() ? at[i + 1].first : info.size();
    std::string value = CleanSpaces(info.substr(begin, end - begin));
    while (!value.empty() && (value.back() == '.' || value.back() == ' ')) value.pop_back();
    out.emplace_back(at[i].second, std::move(value));
  }
  return out;
}

void AddIdentifier(Entity* e, IdentifierType type, std::string_view label, std::string value,
                   std::string note = {}) {
  if (value.empty()) return;
  Identifier id;
  id.type = type;
  id.type_text = std::string(label);
  id.value = std::move(value);
  id.note = std::move(note);
  AddUnique(&e->identifiers, std::move(id));
}

// The first word of a segment, without trailing punctuation: the value of a
// reference tag ("(UN Ref):QDi.431. Leader of ..." -> "QDi.431").
std::string FirstWord(std::string_view value) {
  std::string w(value.substr(0, value.find(' ')));
  while (!w.empty() && (w.back() == '.' || w.back() == ',' || w.back() == ';')) w.pop_back();
  return w;
}

// Contact and registration tags hold one value or a numbered list
// ("(1) +963112121816 (2) +963112121834").
void AddListed(Entity* e, IdentifierType type, std::string_view tag, std::string_view value) {
  for (std::string& v : SplitNumbered(value)) AddIdentifier(e, type, tag, std::move(v));
}

void ApplyOtherInformation(std::string_view info, Entity* e) {
  for (auto& [tag, value] : InfoSegments(info)) {
    if (tag == "Gender") {
      const std::string g = AsciiLower(FirstWord(value));
      if (g == "male") e->gender = Gender::kMale;
      if (g == "female") e->gender = Gender::kFemale;
    } else if (tag == "UK Sanctions List Ref" || tag == "UN Ref") {
      AddIdentifier(e, IdentifierType::kOther, tag, FirstWord(value));
    } else if (tag == "IMO number") {
      AddIdentifier(e, IdentifierType::kImo, tag, FirstWord(value));
    } else if (tag == "Year built" && e->schema == Schema::kVessel) {
      AddUnique(&e->birth_dates, MakeBirthDate(FirstWord(value)));
    } else if (tag == "Business Reg No") {
      AddListed(e, IdentifierType::kRegistration, tag, value);
    } else if (tag == "Email address") {
      AddListed(e, IdentifierType::kEmail, tag, value);
    } else if (tag == "Website") {
      AddListed(e, IdentifierType::kWebsite, tag, value);
    } else if (tag == "Phone number") {
      AddListed(e, IdentifierType::kPhone, tag, value);
    }
  }
  if (!info.empty()) AddUnique(&e->remarks, std::string(info));
}

// Passport or national ID numbers with their details; the two cells number
// their items the same way when there are several.
void AddDocuments(const UkConRow& r, UkConCol number_col, UkConCol details_col, IdentifierType type,
                  std::string_view label, Entity* e) {
  const std::vector<std::string> numbers = SplitNumbered(r[number_col]);
  const std::vector<std::string> details = SplitNumbered(r[details_col]);
  for (size_t i = 0; i < numbers.size(); ++i) {
    std::string note = details.size() == numbers.size() ? details[i] : r[details_col];
    AddIdentifier(e, type, label, numbers[i], std::move(note));
  }
}

void AddBirthPlaces(const UkConRow& r, Entity* e) {
  const std::vector<std::string> towns = SplitNumbered(r[kTownOfBirth]);
  const std::vector<std::string> countries = SplitNumbered(r[kCountryOfBirth]);
  const bool paired = towns.size() == countries.size();
  for (size_t i = 0; i < towns.size(); ++i) {
    Place p;
    p.city = towns[i];
    if (paired || countries.size() == 1) p.country = MakeCountry(countries[paired ? i : 0]);
    p.text = JoinNonEmpty({p.city, p.country.text}, ", ");
    AddUnique(&e->birth_places, std::move(p));
  }
  if (towns.empty() || !(paired || countries.size() == 1)) {
    for (const std::string& c : countries) {
      Place p;
      p.country = MakeCountry(c);
      p.text = p.country.text;
      AddUnique(&e->birth_places, std::move(p));
    }
  }
}

void AddUkConAddress(const UkConRow& r, Entity* e) {
  Address a;
  a.postal_code = r[kPostCode];
  if (!r[kUkConCountry].empty()) a.country = MakeCountry(r[kUkConCountry]);
  a.full = JoinNonEmpty({r[kAddress1], r[kAddress2], r[kAddress3], r[kAddress4], r[kAddress5],
                         r[kAddress6], a.postal_code, a.country.text},
                        ", ");
  if (!a.full.empty()) AddUnique(&e->addresses, std::move(a));
}

// The row's Latin-script name with its parts: Name 1 is the given name,
// Name 6 the family name (OFSI's convention); Name 2 is a second name and
// Names 3-5 are further names without a stated role.
Name RowName(const UkConRow& r, NameKind kind, NameStrength strength, std::string_view quality) {
  static constexpr std::array<std::pair<UkConCol, NamePartType>, 6> kParts = {
      {{kName1, NamePartType::kGiven},
       {kName2, NamePartType::kMiddle},
       {kName3, NamePartType::kOther},
       {kName4, NamePartType::kOther},
       {kName5, NamePartType::kOther},
       {kName6, NamePartType::kFamily}}};
  std::vector<std::string> texts;
  std::vector<NamePart> parts;
  for (const auto& [col, type] : kParts) {
    if (std::string v = r[col]; !v.empty()) {
      texts.push_back(v);
      parts.push_back({type, std::move(v)});
    }
  }
  Name n = MakeName(JoinNonEmpty(texts, " "), kind, strength, quality);
  if (parts.size() > 1) n.parts = std::move(parts);
  return n;
}

absl::Status AddNames(const UkConRow& r, const std::string& where, Entity* e) {
  const std::string type = r[kAliasType];
  const std::string quality = r[kAliasQuality];
  NameKind kind = NameKind::kAlias;
  std::string label = type;
  if (type == "Primary name") {
    const std::string full = RowName(r, kind, NameStrength::kStrong, "").full;
    const bool other_primary = std::any_of(e->names.begin(), e->names.end(), [&](const Name& n) {
      return n.kind == NameKind::kPrimary && n.full != full;
    });
    // A few groups (4 in the 2025-04-10 file) have two different "Primary
    // name" rows; the first one is the primary, the others are kept as aliases.
    kind = other_primary ? NameKind::kAlias : NameKind::kPrimary;
  } else if (type == "FKA") {
    kind = NameKind::kFormer;
  } else if (type != "AKA" && type != "Primary name variation" && type != "Prime Alias") {
    return absl::InvalidArgumentError(StrCat(where, ": Alias Type: unknown value \"", type, "\""));
  }
  // OFSI marks weak aliases "Low quality"; everything else (Good quality or
  // blank) is a normal alias.
  const NameStrength strength =
      quality == "Low quality" ? NameStrength::kWeak : NameStrength::kStrong;
  if (!quality.empty()) label = quality;
  AddName(e,
          RowName(r, kind, kind == NameKind::kPrimary ? NameStrength::kStrong : strength, label));
  if (const std::string nl = r[kNonLatin]; !nl.empty()) {
    AddName(e, MakeName(nl, NameKind::kAlias, NameStrength::kStrong, "Name Non-Latin Script",
                        r[kNonLatinLang]));
  }
  return absl::OkStatus();
}

absl::StatusOr<Schema> GroupSchema(const UkConRow& r, const std::string& where) {
  const std::string t = r[kGroupType];
  if (t == "Individual") return Schema::kPerson;
  if (t == "Entity") return Schema::kOrganization;
  if (t == "Ship") return Schema::kVessel;
  return absl::InvalidArgumentError(StrCat(where, ": Group Type: unknown value \"", t, "\""));
}

absl::Status MergeRow(const UkConRow& r, const std::string& where, Entity* e) {
  absl::StatusOr<Schema> schema = GroupSchema(r, where);
  if (!schema.ok()) return schema.status();
  if (e->names.empty()) {
    e->schema = *schema;
    e->listed_on = IsoDate(r[kListedOn]);
    e->last_updated = IsoDate(r[kLastUpdated]);
    ApplyOtherInformation(r[kOtherInfo], e);
  } else if (e->schema != *schema) {
    return absl::InvalidArgumentError(StrCat(where, ": Group Type: \"", r[kGroupType],
                                             "\" differs from earlier rows of group ",
                                             e->source_id));
  }
  if (absl::Status s = AddNames(r, where, e); !s.ok()) return s;
  for (std::string& t : SplitNumbered(r[kTitleCol])) AddUnique(&e->titles, std::move(t));
  for (std::string& p : SplitNumbered(r[kPosition])) AddUnique(&e->designations, std::move(p));
  if (const std::string dob = r[kUkConDob]; !dob.empty())
    AddUnique(&e->birth_dates, MakeBirthDate(dob));
  AddBirthPlaces(r, e);
  for (const std::string& n : SplitNumbered(r[kUkConNationality])) {
    AddUnique(&e->nationalities, MakeCountry(n));
  }
  AddDocuments(r, kPassportNo, kPassportDetails, IdentifierType::kPassport, "Passport", e);
  AddDocuments(r, kNationalIdNo, kNationalIdDetails, IdentifierType::kNationalId,
               "National Identification Number", e);
  AddUkConAddress(r, e);
  if (const std::string regime = r[kRegime]; !regime.empty()) AddUnique(&e->programs, regime);
  return absl::OkStatus();
}

// Reads rows up to and including the header; fills the column index and the
// publication date from the "Last Updated" row.
absl::Status ReadHeader(const SourceFile& f, CsvReader* csv,
                        std::array<size_t, kUkConNumCols>* index, size_t* width,
                        std::string* published) {
  std::vector<std::string> fields;
  for (int i = 0; i < kUkConMaxRowsBeforeHeader; ++i) {
    absl::StatusOr<bool> more = csv->Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (fields.size() >= 2 && CleanSpaces(fields[0]) == "Last Updated") {
      *published = IsoDate(fields[1]);
    }
    if (!IsUkConHeader(fields)) continue;
    if (absl::Status s = MapColumns(f.path, csv->line(), fields, kUkConColNames, *index); !s.ok()) {
      return s;
    }
    *width = fields.size();
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      StrCat(f.path, ":1: header: no \"Name 6,Name 1,...,Group ID\" header row in the first ",
             kUkConMaxRowsBeforeHeader, " rows"));
}

}  // namespace

bool IsUkConList(std::string_view head) {
  CsvReader csv("head", head);
  std::vector<std::string> fields;
  for (int i = 0; i < kUkConMaxRowsBeforeHeader; ++i) {
    absl::StatusOr<bool> more = csv.Next(&fields);
    if (!more.ok() || !*more) return false;
    if (IsUkConHeader(fields)) {
      return std::find(fields.begin(), fields.end(), "Alias Type") != fields.end();
    }
  }
  return false;
}

absl::StatusOr<LoadedList> LoadUkConList(const SourceFile& f, const LoadOptions& o) {
  LoadedList out;
  out.version = {.list = std::string(kUkConList),
                 .title = std::string(kUkConTitle),
                 .format = std::string(ListFormatName(ListFormat::kUkConList))};
  CsvReader csv(f.path, f.bytes, ',', o.max_field_bytes);
  std::array<size_t, kUkConNumCols> index{};
  size_t width = 0;
  if (absl::Status s = ReadHeader(f, &csv, &index, &width, &out.version.published); !s.ok()) {
    return s;
  }
  std::unordered_map<std::string, size_t> by_group;
  std::vector<std::string> fields;
  while (true) {
    absl::StatusOr<bool> more = csv.Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (fields.size() == 1 && CleanSpaces(fields[0]).empty()) continue;  // blank line
    const std::string where = StrCat(f.path, ":", csv.line());
    if (fields.size() != width) {
      SkipRecord(absl::InvalidArgumentError(StrCat(where, ": row: has ", fields.size(),
                                                   " fields, the header has ", width)),
                 f.path, "", &out);
      continue;
    }
    const UkConRow r{&fields, &index};
    const std::string gid = r[kGroupId];
    if (gid.empty()) {
      SkipRecord(absl::InvalidArgumentError(StrCat(where, ": Group ID: empty")), f.path, "", &out);
      continue;
    }
    auto [it, added] = by_group.try_emplace(gid, out.entities.size());
    if (added) {
      if (out.entities.size() >= o.max_entities) {
        return absl::ResourceExhaustedError(
            StrCat(where, ": more than ", o.max_entities, " entries (LoadOptions::max_entities)"));
      }
      Entity& e = out.entities.emplace_back();
      e.list = std::string(kUkConList);
      e.source_id = gid;
      e.id = MakeEntityId(kUkConList, gid);
    }
    if (absl::Status s = MergeRow(r, where, &out.entities[it->second]); !s.ok()) {
      SkipRecord(s, f.path, "", &out);
    }
  }
  std::vector<Entity> named;
  named.reserve(out.entities.size());
  for (Entity& e : out.entities) {
    if (e.names.empty()) {
      SkipRecord(absl::InvalidArgumentError(StrCat(f.path, ": Group ID ", e.source_id,
                                                   ": no readable row of the group has a name")),
                 f.path, "", &out);
      continue;
    }
    PutPrimaryFirst(&e);
    named.push_back(std::move(e));
  }
  out.entities = std::move(named);
  return out;
}

}  // namespace cordon::lists
