// UAE Local Terrorist List (Cabinet decisions), CSV as published with
// Arabic headers. Layout of the 2025 file:
//   row 1  title  "الأفراد المدرجين في قائمة الإرهاب المحلية"
//          ("individuals on the local terrorist list")
//   row 2  section titles (main information, known names, address, documents)
//   row 3  column headers: # | التصنيف (classification) | الجنسية (nationality)
//          | اسم العائلة (family name, Arabic) | اسم العائلة (family name, Latin)
//          | الاسم الكامل (full name, Arabic) | الاسم الكامل (full name, Latin)
//          | تاريخ الميلاد (date of birth) | مكان الميلاد (place of birth)
//          | الاسم (known name) | الشارع (street) | المدينة (city) | الدولة
//          (country) | النوع (document type) | رقم الوثيقة (document number)
//          | جهة الإصدار (issuer) | تاريخ الإصدار (issued) | تاريخ الانتهاء
//          (expires) | معلومات أخرى (other information)
//   then   one row per listed person or entity; "-" marks an empty cell.
// Entities are "uae:<#>". The file states no publication date.
#include <algorithm>
#include <array>
#include <unordered_set>

#include "core/country.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/csv.h"
#include "lists/loaders.h"
#include "lists/record_merge.h"

namespace cordon::lists {
namespace {

constexpr std::string_view kUaeList = "uae";
constexpr std::string_view kUaeTitle = "UAE Local Terrorist List";
// The header is the third row of the published file; two more rows of slack
// for a blank line without accepting a file whose header is missing.
constexpr int kUaeMaxRowsBeforeHeader = 5;

enum Col {
  kNum,
  kClass,
  kNationality,
  kFamilyAr,
  kFamilyLat,
  kFullAr,
  kFullLat,
  kDob,
  kPob,
  kKnownName,
  kStreet,
  kCity,
  kCountry,
  kDocType,
  kDocNumber,
  kIssuer,
  kIssued,
  kExpires,
  kOther,
  kNumCols
};
// Header texts after CleanSpaces (the file breaks some over two lines).
constexpr std::array<std::string_view, kNumCols> kUaeColNames = {"#",
                                                                 "التصنيف",
                                                                 "الجنسية",
                                                                 "اسم العائلة (بالحروف العربية)",
                                                                 "اسم العائلة (بالحروف اللاتينية)",
                                                                 "الاسم الكامل (بالحروف العربية)",
                                                                 "الاسم الكامل (بالحروف اللاتينية)",
                                                                 "تاريخ الميلاد",
                                                                 "مكان الميلاد",
                                                                 "الاسم",
                                                                 "الشارع",
                                                                 "المدينة",
                                                                 "الدولة",
                                                                 "النوع",
                                                                 "رقم الوثيقة",
                                                                 "جهة الإصدار",
                                                                 "تاريخ الإصدار",
                                                                 "تاريخ الانتهاء",
                                                                 "معلومات أخرى"};

bool IsUaeHeader(const std::vector<std::string>& f) {
  return f.size() >= 3 && CleanSpaces(f[0]) == "#" && CleanSpaces(f[1]) == kUaeColNames[kClass];
}

struct UaeRow {
  const std::vector<std::string>* fields;
  const std::array<size_t, kNumCols>* index;
  // Cell text, "" for the list's "-" placeholder.
  std::string operator[](Col c) const {
    std::string v = CleanSpaces((*fields)[(*index)[c]]);
    return v == "-" ? "" : v;
  }
};

// Pieces of `text` between the separators of a multi-country cell: "/",
// "و" ("and") between spaces, Arabic and Latin commas, and the labels
// "الحالية:" (current) and "السابقة:" (former).
std::vector<std::string> SplitCountryCell(std::string_view text) {
  static constexpr std::array<std::string_view, 6> kSeps = {"/", " و ",      "،",
                                                            ",", "الحالية:", "السابقة:"};
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.size(), len = 0;
    for (std::string_view sep : kSeps) {
      const size_t p = text.find(sep, start);
      if (p < end) end = p, len = sep.size();
    }
    out.emplace_back(text.substr(start, end - start));
    if (end == text.size()) break;
    start = end + len;
  }
  return out;
}

// A cell naming one or more countries: "السعودية / الكويت" (Saudi Arabia /
// Kuwait), "تركيا و الإمارات" (Turkey and UAE), "الحالية: السويد السابقة:
// ليبيريا" (current: Sweden, former: Liberia). Pieces without a code are
// kept as text only when nothing in the cell resolves.
std::vector<Country> Countries(std::string_view cell) {
  Country whole = MakeCountry(cell);
  if (whole.text.empty()) return {};
  std::vector<Country> pieces;
  for (const std::string& piece : SplitCountryCell(whole.text)) {
    Country c = MakeCountry(piece);
    if (!c.code.empty()) AddUnique(&pieces, std::move(c));
  }
  // Several countries: keep each. One or none: the whole cell is the better
  // text ("سانت كيتس - نافيس" is one country with a dash inside).
  if (pieces.size() > 1 || (whole.code.empty() && pieces.size() == 1)) return pieces;
  return {whole};
}

absl::StatusOr<Schema> ClassSchema(const std::string& v, const std::string& where) {
  if (v.find("شخص") != std::string::npos) return Schema::kPerson;  // "person"
  if (v.find("كيان") != std::string::npos || v.find("منظمة") != std::string::npos ||
      v.find("جماعة") != std::string::npos) {
    return Schema::kOrganization;  // "entity", "organisation", "group"
  }
  return absl::InvalidArgumentError(
      StrCat(where, ": التصنيف (classification): unknown value \"", v, "\""));
}

Name NameWithFamily(const std::string& full, const std::string& family, NameKind kind,
                    std::string_view label) {
  Name n = MakeName(full, kind, NameStrength::kStrong, label);
  if (!family.empty()) n.parts.push_back({NamePartType::kFamily, family});
  return n;
}

// The Arabic full name is the list's main name; the Latin-script one is its
// transliteration. The "known name" column repeats the Arabic name or adds a
// kunya in brackets ("... الباكر (أبوخليل)").
void AddNames(const UaeRow& r, Entity* e) {
  const std::string ar = r[kFullAr], lat = r[kFullLat];
  if (!ar.empty()) AddName(e, NameWithFamily(ar, r[kFamilyAr], NameKind::kPrimary, "Arabic"));
  if (!lat.empty()) {
    AddName(e, NameWithFamily(lat, r[kFamilyLat],
                              ar.empty() ? NameKind::kPrimary : NameKind::kAlias, "Latin"));
  }
  const std::string known = r[kKnownName];
  const bool repeated =
      std::any_of(e->names.begin(), e->names.end(), [&](const Name& n) { return n.full == known; });
  if (!known.empty() && !repeated) {
    AddName(e, MakeName(known, e->names.empty() ? NameKind::kPrimary : NameKind::kAlias,
                        NameStrength::kStrong, "known name"));
  }
}

// Dates are "dd-mm-yyyy" or a year. The shared parser reads "1960-1962" as a
// year range, so the day-first dashes are turned into slashes first.
BirthDate UaeDate(const std::string& text) {
  std::string slashed = text;
  if (slashed.size() == 10 && slashed[2] == '-' && slashed[5] == '-') {
    slashed[2] = '/';
    slashed[5] = '/';
  }
  BirthDate b = MakeBirthDate(slashed);
  b.text = text;
  return b;
}

IdentifierType DocType(const std::string& t) {
  if (t.find("جواز") != std::string::npos) return IdentifierType::kPassport;  // "passport"
  // "الرقم الموحد": the UAE unified number, the identity number the federal
  // immigration authority gives every resident.
  if (t.find("الرقم الموحد") != std::string::npos) return IdentifierType::kNationalId;
  return IdentifierType::kOther;
}

// One document, or several on separate lines as "<demonym> رقم: <number>"
// ("تركي رقم: U24171753" = "Turkish number: U24171753").
void AddDocuments(const UaeRow& r, Entity* e) {
  const std::string numbers = (*r.fields)[(*r.index)[kDocNumber]];
  const std::vector<Country> issuers = Countries(r[kIssuer]);
  size_t start = 0;
  while (start < numbers.size()) {
    const size_t end = std::min(numbers.find('\n', start), numbers.size());
    std::string line = CleanSpaces(std::string_view(numbers).substr(start, end - start));
    start = end + 1;
    if (line.empty() || line == "-") continue;
    Identifier id;
    id.type = DocType(r[kDocType]);
    id.type_text = r[kDocType];
    const size_t label = line.find("رقم:");  // "number:"
    if (label != std::string::npos) {
      id.country = MakeCountry(std::string_view(line).substr(0, label));
      id.value =
          CleanSpaces(std::string_view(line).substr(label + std::string_view("رقم:").size()));
    } else {
      id.value = line;
      if (issuers.size() == 1) id.country = issuers[0];
    }
    id.issued = r[kIssued];
    id.expires = r[kExpires];
    if (issuers.size() > 1 || (issuers.size() == 1 && issuers[0].code.empty()))
      id.note = r[kIssuer];
    if (!id.value.empty()) AddUnique(&e->identifiers, std::move(id));
  }
}

void AddDetails(const UaeRow& r, Entity* e) {
  for (Country& c : Countries(r[kNationality])) AddUnique(&e->nationalities, std::move(c));
  if (const std::string dob = r[kDob]; !dob.empty()) AddUnique(&e->birth_dates, UaeDate(dob));
  if (const std::string pob = r[kPob]; !pob.empty()) {
    // "إمارة عجمان، الإمارات" (Ajman emirate, UAE): the country is one piece.
    const std::vector<Country> in = Countries(pob);
    e->birth_places.push_back({.text = pob, .country = in.empty() ? Country{} : in.front()});
  }
  Address a{.street = r[kStreet], .city = r[kCity]};
  if (!r[kCountry].empty()) a.country = MakeCountry(r[kCountry]);
  a.full = JoinNonEmpty({a.street, a.city, a.country.text}, ", ");
  if (!a.full.empty()) e->addresses.push_back(std::move(a));
  AddDocuments(r, e);
  if (const std::string other = r[kOther]; !other.empty()) e->remarks.push_back(other);
}

absl::Status ReadHeader(const SourceFile& f, CsvReader* csv, std::array<size_t, kNumCols>* index,
                        size_t* width) {
  std::vector<std::string> fields;
  for (int i = 0; i < kUaeMaxRowsBeforeHeader; ++i) {
    absl::StatusOr<bool> more = csv->Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (!IsUaeHeader(fields)) continue;
    for (std::string& h : fields) h = CleanSpaces(h);
    if (absl::Status s = MapColumns(f.path, csv->line(), fields, kUaeColNames, *index); !s.ok()) {
      return s;
    }
    *width = fields.size();
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      StrCat(f.path, ":1: header: no \"#,التصنيف,...\" header row in the first ",
             kUaeMaxRowsBeforeHeader, " rows"));
}

// One row's entity; `seen` holds the entry numbers of the rows before.
absl::StatusOr<Entity> RowEntity(const UaeRow& r, const std::string& where,
                                 std::unordered_set<std::string>* seen) {
  const std::string num = r[kNum];
  if (num.empty()) return absl::InvalidArgumentError(StrCat(where, ": #: empty"));
  if (!seen->insert(num).second) {
    return absl::InvalidArgumentError(StrCat(where, ": #: duplicate entry number ", num));
  }
  absl::StatusOr<Schema> schema = ClassSchema(r[kClass], where);
  if (!schema.ok()) return schema.status();
  Entity e;
  e.list = std::string(kUaeList);
  e.source_id = num;
  e.id = MakeEntityId(kUaeList, num);
  e.schema = *schema;
  AddNames(r, &e);
  if (e.names.empty()) return absl::InvalidArgumentError(StrCat(where, ": name: no name given"));
  AddDetails(r, &e);
  return e;
}

}  // namespace

bool IsUaeCsv(std::string_view head) {
  CsvReader csv("head", head);
  std::vector<std::string> fields;
  for (int i = 0; i < kUaeMaxRowsBeforeHeader; ++i) {
    absl::StatusOr<bool> more = csv.Next(&fields);
    if (!more.ok() || !*more) return false;
    if (IsUaeHeader(fields)) return true;
  }
  return false;
}

absl::StatusOr<LoadedList> LoadUaeCsv(const SourceFile& f, const LoadOptions& o) {
  LoadedList out;
  out.version = {.list = std::string(kUaeList),
                 .title = std::string(kUaeTitle),
                 .format = std::string(ListFormatName(ListFormat::kUaeCsv))};
  CsvReader csv(f.path, f.bytes, ',', o.max_field_bytes);
  std::array<size_t, kNumCols> index{};
  size_t width = 0;
  if (absl::Status s = ReadHeader(f, &csv, &index, &width); !s.ok()) return s;
  std::unordered_set<std::string> seen;
  std::vector<std::string> fields;
  while (true) {
    absl::StatusOr<bool> more = csv.Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (std::all_of(fields.begin(), fields.end(),
                    [](const std::string& v) { return CleanSpaces(v).empty(); })) {
      continue;  // blank line or a row of empty cells
    }
    const std::string where = StrCat(f.path, ":", csv.line());
    if (fields.size() != width) {
      SkipRecord(absl::InvalidArgumentError(StrCat(where, ": row: has ", fields.size(),
                                                   " fields, the header has ", width)),
                 f.path, "", &out);
      continue;
    }
    if (out.entities.size() >= o.max_entities) {
      return absl::ResourceExhaustedError(
          StrCat(where, ": more than ", o.max_entities, " entries"));
    }
    absl::StatusOr<Entity> e = RowEntity(UaeRow{&fields, &index}, where, &seen);
    if (!e.ok()) {
      SkipRecord(e.status(), f.path, "", &out);
      continue;
    }
    out.entities.push_back(*std::move(e));
  }
  return out;
}

}  // namespace cordon::lists
