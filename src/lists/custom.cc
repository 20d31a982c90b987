// cordon's own internal-watchlist format, as CSV and as JSON lines. The
// format is specified in docs/formats.md; this file follows that text.
//
// Both forms fill the same Record, which one function turns into an Entity,
// so the two cannot drift apart. The format is for data an institution
// writes itself, so it is strict: an unknown column, a date, country, gender
// or identifier type cordon cannot read is an error naming file, line and
// field, never a silently dropped value.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/country.h"
#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/csv.h"
#include "lists/loaders.h"
#include "lists/record_merge.h"

namespace cordon::lists {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kDefaultList = "internal";
constexpr std::string_view kCustomTitle = "Internal watchlist";

// Columns (CSV) and keys (JSONL) of the format, docs/formats.md.
constexpr std::array<std::string_view, 13> kColumns = {
    "id",      "name",   "schema",      "aliases",  "weak_aliases", "birth_date", "nationality",
    "country", "gender", "identifiers", "programs", "list",         "remarks"};

// Separator of several values in one CSV cell.
constexpr char kValueSeparator = '|';

// One entry as read, before validation.
struct Record {
  std::string id, name, schema, gender, list;
  std::vector<std::string> aliases, weak_aliases, birth_dates, nationalities, countries,
      identifiers, programs, remarks;
};

bool IsColumn(std::string_view c) {
  return std::find(kColumns.begin(), kColumns.end(), c) != kColumns.end();
}

std::vector<std::string> SplitValues(std::string_view cell) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(kValueSeparator, start);
    if (end == std::string_view::npos) end = cell.size();
    std::string v = CleanSpaces(cell.substr(start, end - start));
    if (!v.empty()) out.push_back(std::move(v));
    start = end + 1;
  }
  return out;
}

// A list code is the prefix of entity IDs: lower-case letters, digits, "-"
// and "_" (like the built-in codes "un", "ofac", "uk").
bool IsListCode(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

absl::Status Bad(std::string_view where, std::string_view field, std::string_view reason) {
  return absl::InvalidArgumentError(StrCat(where, ": ", field, ": ", reason));
}

std::optional<IdentifierType> ParseIdType(std::string_view text) {
  const std::string t = AsciiLower(CleanSpaces(text));
  for (int i = 0; i <= static_cast<int>(IdentifierType::kCryptoWallet); ++i) {
    const auto type = static_cast<IdentifierType>(i);
    if (t == IdentifierTypeName(type)) return type;
  }
  return std::nullopt;
}

// "type:value" or "type:value:country" ("passport:A123456:iq").
absl::StatusOr<Identifier> ParseIdentifier(std::string_view where, const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos) {
    return Bad(where, "identifiers", StrCat("\"", text, "\" is not type:value"));
  }
  const std::optional<IdentifierType> type = ParseIdType(text.substr(0, colon));
  if (!type) {
    return Bad(
        where, "identifiers",
        StrCat("unknown identifier type \"", text.substr(0, colon), "\" (see docs/formats.md)"));
  }
  Identifier x{.type = *type, .type_text = std::string(IdentifierTypeName(*type))};
  x.value = CleanSpaces(text.substr(colon + 1));
  // A trailing ":cc" is an issuing country, unless the type's values contain
  // colons themselves (websites).
  const size_t last = x.value.rfind(':');
  if (*type != IdentifierType::kWebsite && last != std::string::npos) {
    const std::string code = CountryCode(x.value.substr(last + 1));
    if (code.empty()) {
      return Bad(where, "identifiers",
                 StrCat("\"", x.value.substr(last + 1), "\" is not a country"));
    }
    x.country = MakeCountry(x.value.substr(last + 1));
    x.value = CleanSpaces(x.value.substr(0, last));
  }
  if (x.value.empty()) return Bad(where, "identifiers", StrCat("\"", text, "\" has no value"));
  return x;
}

absl::Status AddCountries(std::string_view where, std::string_view field,
                          const std::vector<std::string>& texts, std::vector<Country>* out) {
  for (const std::string& t : texts) {
    Country c = MakeCountry(t);
    if (c.code.empty()) return Bad(where, field, StrCat("\"", t, "\" is not a recognised country"));
    AddUnique(out, std::move(c));
  }
  return absl::OkStatus();
}

absl::Status AddDetails(std::string_view where, const Record& r, Entity* e) {
  for (const std::string& d : r.birth_dates) {
    std::optional<BirthDate> b = ParseDateText(d);
    if (!b) return Bad(where, "birth_date", StrCat("\"", d, "\" is not a date cordon can read"));
    AddUnique(&e->birth_dates, std::move(*b));
  }
  if (absl::Status s = AddCountries(where, "nationality", r.nationalities, &e->nationalities);
      !s.ok()) {
    return s;
  }
  std::vector<Country> countries;
  if (absl::Status s = AddCountries(where, "country", r.countries, &countries); !s.ok()) return s;
  for (Country& c : countries) {
    std::string full = c.text;
    e->addresses.push_back(Address{.full = std::move(full), .country = std::move(c)});
  }
  const std::string g = AsciiLower(r.gender);
  if (g == "male" || g == "m") {
    e->gender = Gender::kMale;
  } else if (g == "female" || g == "f") {
    e->gender = Gender::kFemale;
  } else if (!g.empty() && g != "unknown") {
    return Bad(where, "gender", StrCat("\"", r.gender, "\" is not male, female or unknown"));
  }
  for (const std::string& text : r.identifiers) {
    absl::StatusOr<Identifier> x = ParseIdentifier(where, text);
    if (!x.ok()) return x.status();
    AddUnique(&e->identifiers, std::move(*x));
  }
  for (const std::string& p : r.programs) AddUnique(&e->programs, p);
  for (const std::string& m : r.remarks) AddUnique(&e->remarks, m);
  return absl::OkStatus();
}

absl::StatusOr<Entity> BuildEntity(std::string_view where, std::string_view list, const Record& r) {
  if (r.id.empty()) return Bad(where, "id", "empty");
  if (r.name.empty()) return Bad(where, "name", "empty");
  Entity e{.id = MakeEntityId(list, r.id), .list = std::string(list), .source_id = r.id};
  if (!r.schema.empty()) {
    const std::optional<Schema> s = ParseSchema(r.schema);
    if (!s) {
      return Bad(where, "schema",
                 StrCat("\"", r.schema, "\" is not a schema (see docs/formats.md)"));
    }
    e.schema = *s;
  }
  e.names.push_back(MakeName(r.name, NameKind::kPrimary, NameStrength::kStrong, "name"));
  for (const std::string& a : r.aliases) {
    AddName(&e, MakeName(a, NameKind::kAlias, NameStrength::kStrong, "alias"));
  }
  for (const std::string& a : r.weak_aliases) {
    AddName(&e, MakeName(a, NameKind::kAlias, NameStrength::kWeak, "weak alias"));
  }
  if (absl::Status s = AddDetails(where, r, &e); !s.ok()) return s;
  return e;
}

// Collects entities, checking id uniqueness and the one list code per file.
struct Builder {
  const SourceFile& f;
  const LoadOptions& o;
  LoadedList out;
  std::unordered_map<std::string, uint64_t> lines_by_id;

  absl::Status Add(uint64_t line, const Record& r) {
    const std::string where = StrCat(f.path, ":", line);
    const std::string list = r.list.empty() ? std::string(kDefaultList) : r.list;
    if (!IsListCode(list)) {
      return Bad(where, "list", StrCat("\"", list, "\" is not a list code ([a-z0-9_-], <= 32)"));
    }
    if (out.entities.empty()) out.version.list = list;
    if (list != out.version.list) {
      return Bad(
          where, "list",
          StrCat("\"", list, "\" differs from \"", out.version.list, "\" of the first entry"));
    }
    if (const auto [it, added] = lines_by_id.try_emplace(r.id, line); !added) {
      return Bad(where, "id",
                 StrCat("duplicate id \"", r.id, "\" (first on line ", it->second, ")"));
    }
    if (out.entities.size() >= o.max_entities) {
      return absl::ResourceExhaustedError(
          StrCat(where, ": more than ", o.max_entities, " entries (LoadOptions::max_entities)"));
    }
    absl::StatusOr<Entity> e = BuildEntity(where, list, r);
    if (!e.ok()) return e.status();
    out.entities.push_back(std::move(*e));
    return absl::OkStatus();
  }

  LoadedList Finish(ListFormat format) {
    if (out.version.list.empty()) out.version.list = std::string(kDefaultList);
    out.version.title = std::string(kCustomTitle);
    out.version.format = std::string(ListFormatName(format));
    return std::move(out);
  }
};

// CSV: header cells lower-cased and trimmed; returns column -> index.
absl::StatusOr<std::unordered_map<std::string, size_t>> ReadHeader(
    std::string_view path, const std::vector<std::string>& cells) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string c = AsciiLower(CleanSpaces(cells[i]));
    const std::string where = StrCat(path, ":1");
    if (!IsColumn(c)) {
      return Bad(where, StrCat("column ", i + 1), StrCat("unknown column \"", cells[i], "\""));
    }
    if (!index.emplace(c, i).second) {
      return Bad(where, StrCat("column ", i + 1), StrCat("column \"", c, "\" appears twice"));
    }
  }
  if (!index.count("id") || !index.count("name")) {
    return Bad(StrCat(path, ":1"), "header", "needs the columns id and name");
  }
  return index;
}

Record CsvRecord(const std::vector<std::string>& fields,
                 const std::unordered_map<std::string, size_t>& index) {
  auto cell = [&](const char* column) -> std::string {
    const auto it = index.find(column);
    return it == index.end() ? "" : CleanSpaces(fields[it->second]);
  };
  Record r{.id = cell("id"),
           .name = cell("name"),
           .schema = cell("schema"),
           .gender = cell("gender"),
           .list = cell("list")};
  r.aliases = SplitValues(cell("aliases"));
  r.weak_aliases = SplitValues(cell("weak_aliases"));
  r.birth_dates = SplitValues(cell("birth_date"));
  r.nationalities = SplitValues(cell("nationality"));
  r.countries = SplitValues(cell("country"));
  r.identifiers = SplitValues(cell("identifiers"));
  r.programs = SplitValues(cell("programs"));
  if (std::string m = cell("remarks"); !m.empty()) r.remarks.push_back(std::move(m));
  return r;
}

// JSONL: a string, or an array of strings ("identifiers" items may also be
// objects {"type","value","country"}).
absl::Status JsonStrings(std::string_view where, const std::string& key, const Json& v,
                         std::vector<std::string>* out) {
  auto one = [&](const Json& x) -> absl::Status {
    if (x.is_string()) {
      if (std::string s = CleanSpaces(x.get_ref<const std::string&>()); !s.empty()) {
        out->push_back(std::move(s));
      }
      return absl::OkStatus();
    }
    if (key == "identifiers" && x.is_object() && x.contains("type") && x["type"].is_string() &&
        x.contains("value") && x["value"].is_string()) {
      std::string s = StrCat(x["type"].get<std::string>(), ":", x["value"].get<std::string>());
      if (x.contains("country") && x["country"].is_string()) {
        s += ":" + x["country"].get<std::string>();
      }
      out->push_back(std::move(s));
      return absl::OkStatus();
    }
    return Bad(where, key, "values must be strings");
  };
  if (!v.is_array()) return one(v);
  for (const Json& x : v) {
    if (absl::Status s = one(x); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> JsonString(std::string_view where, const std::string& key,
                                       const Json& v) {
  if (!v.is_string()) return Bad(where, key, "must be a string");
  return CleanSpaces(v.get_ref<const std::string&>());
}

absl::StatusOr<Record> JsonRecord(std::string_view where, const Json& j) {
  Record r;
  std::unordered_map<std::string, std::string*> scalars = {{"id", &r.id},
                                                           {"name", &r.name},
                                                           {"schema", &r.schema},
                                                           {"gender", &r.gender},
                                                           {"list", &r.list}};
  std::unordered_map<std::string, std::vector<std::string>*> arrays = {
      {"aliases", &r.aliases},        {"weak_aliases", &r.weak_aliases},
      {"birth_date", &r.birth_dates}, {"nationality", &r.nationalities},
      {"country", &r.countries},      {"identifiers", &r.identifiers},
      {"programs", &r.programs},      {"remarks", &r.remarks}};
  for (const auto& [key, value] : j.items()) {
    if (const auto s = scalars.find(key); s != scalars.end()) {
      absl::StatusOr<std::string> v = JsonString(where, key, value);
      if (!v.ok()) return v.status();
      *s->second = std::move(*v);
    } else if (const auto a = arrays.find(key); a != arrays.end()) {
      if (absl::Status st = JsonStrings(where, key, value, a->second); !st.ok()) return st;
    } else {
      return Bad(where, key, "unknown key (see docs/formats.md)");
    }
  }
  return r;
}

// Deepest JSON nesting of a custom line (object > identifiers > object).
constexpr int kMaxJsonDepth = 3;

bool TooDeep(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

absl::StatusOr<Json> ParseJsonLine(std::string_view where, std::string_view text) {
  if (TooDeep(text)) {
    return Bad(where, "json", StrCat("nested deeper than ", kMaxJsonDepth, " levels"));
  }
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad(where, "json", "not a valid JSON value");
  if (!j.is_object()) return Bad(where, "json", "not an object");
  return j;
}

std::string_view FirstLine(std::string_view head) {
  while (!head.empty()) {
    const size_t nl = head.find('\n');
    const std::string_view line = head.substr(0, nl);
    if (!CleanSpaces(line).empty()) return line;
    if (nl == std::string_view::npos) break;
    head.remove_prefix(nl + 1);
  }
  return {};
}

}  // namespace

bool IsCustomCsv(std::string_view head) {
  CsvReader csv("head", head);
  std::vector<std::string> cells;
  absl::StatusOr<bool> more = csv.Next(&cells);
  if (!more.ok() || !*more) return false;
  bool id = false, name = false;
  for (const std::string& c : cells) {
    const std::string l = AsciiLower(CleanSpaces(c));
    id = id || l == "id";
    name = name || l == "name";
  }
  return id && name;
}

bool IsCustomJsonl(std::string_view head) {
  const std::string_view line = FirstLine(head);
  if (line.empty() || CleanSpaces(line)[0] != '{' || TooDeep(line)) return false;
  const Json j = Json::parse(line, nullptr, false);
  return j.is_object() && j.contains("id") && j.contains("name") && j["name"].is_string() &&
         !j.contains("properties");
}

absl::StatusOr<LoadedList> LoadCustomCsv(const SourceFile& f, const LoadOptions& o) {
  CsvReader csv(f.path, f.bytes, ',', o.max_field_bytes);
  std::vector<std::string> fields;
  absl::StatusOr<bool> more = csv.Next(&fields);
  if (!more.ok()) return more.status();
  if (!*more) return Bad(StrCat(f.path, ":1"), "header", "missing");
  absl::StatusOr<std::unordered_map<std::string, size_t>> index = ReadHeader(f.path, fields);
  if (!index.ok()) return index.status();
  const size_t width = fields.size();
  Builder b{f, o, {}, {}};
  while (true) {
    more = csv.Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (fields.size() == 1 && CleanSpaces(fields[0]).empty()) continue;  // blank line
    if (fields.size() != width) {
      return Bad(StrCat(f.path, ":", csv.line()), "row",
                 StrCat("has ", fields.size(), " fields, the header has ", width));
    }
    if (absl::Status s = b.Add(csv.line(), CsvRecord(fields, *index)); !s.ok()) return s;
  }
  return b.Finish(ListFormat::kCustomCsv);
}

absl::StatusOr<LoadedList> LoadCustomJsonl(const SourceFile& f, const LoadOptions& o) {
  Builder b{f, o, {}, {}};
  uint64_t line = 0;
  for (size_t pos = 0; pos < f.bytes.size();) {
    size_t nl = f.bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = f.bytes.size();
    const std::string_view text = f.bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line;
    if (CleanSpaces(text).empty()) continue;
    const std::string where = StrCat(f.path, ":", line);
    if (text.size() > o.max_field_bytes) {
      return Bad(where, "line", StrCat("longer than ", o.max_field_bytes, " bytes"));
    }
    absl::StatusOr<Json> j = ParseJsonLine(where, text);
    if (!j.ok()) return j.status();
    absl::StatusOr<Record> r = JsonRecord(where, *j);
    if (!r.ok()) return r.status();
    if (absl::Status s = b.Add(line, *r); !s.ok()) return s;
  }
  return b.Finish(ListFormat::kCustomJsonl);
}

}  // namespace cordon::lists
