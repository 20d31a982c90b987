// OFAC legacy CSV files: sdn.csv / cons_prim.csv (entries), alt.csv /
// cons_alt.csv (strong aliases), add.csv / cons_add.csv (addresses) and
// sdn_comments.csv / cons_comments.csv (continuations of the Remarks column,
// which OFAC cuts at 1,000 characters). The files have no header; "-0-" means
// an empty cell; the files end with a DOS end-of-file byte (0x1A).
//
// Roles are told apart by the shape of their records (column count, numeric
// entry numbers, the SDN_Type and alt_type vocabularies), never by file name.
#include <algorithm>
#include <map>
#include <set>

#include "core/country.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/csv.h"
#include "lists/loaders.h"
#include "lists/ofac_remarks.h"

namespace cordon::lists {
namespace {

// Column counts of the four layouts (OFAC "SDN and Non-SDN CSV file
// specification", dat_spec.txt).
constexpr size_t kPrimaryColumns = 12;
constexpr size_t kAltColumns = 5;
constexpr size_t kAddColumns = 6;
constexpr size_t kCommentColumns = 2;
// Format detection looks at this many leading records: enough to see that a
// file is consistently one layout, few enough to stay cheap.
constexpr size_t kDetectRecords = 20;
// DetectListFormat hands over at most 64 KiB; a head of that size may end in
// the middle of a record, which then is not used for detection.
constexpr size_t kDetectHeadBytes = 64 * 1024;
// Entry numbers are OFAC uids; 18 digits fit in int64 and are far above the
// largest real one (about 60,000 in 2026).
constexpr size_t kMaxEntNumDigits = 18;

std::string Cell(std::string_view raw) {
  std::string c = CleanSpaces(raw);
  return c == "-0-" ? std::string() : c;
}

bool IsEntNum(std::string_view s) {
  if (s.empty() || s.size() > kMaxEntNumDigits) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view WithoutEofByte(std::string_view data) {
  while (!data.empty() && (data.back() == '\x1a' || data.back() == '\r' || data.back() == '\n')) {
    data.remove_suffix(1);
  }
  return data;
}

bool IsBlankRecord(const std::vector<std::string>& fields) {
  return fields.size() == 1 && CleanSpaces(fields[0]).empty();
}

ListFormat RoleOfRecord(const std::vector<std::string>& f) {
  if (f.empty() || !IsEntNum(CleanSpaces(f[0]))) return ListFormat::kUnknown;
  if (f.size() == kPrimaryColumns) {
    const std::string type = AsciiLower(Cell(f[2]));
    if (type.empty() || type == "individual" || type == "vessel" || type == "aircraft") {
      return ListFormat::kOfacCsvPrimary;
    }
  } else if (f.size() == kAltColumns && IsEntNum(CleanSpaces(f[1]))) {
    const std::string type = AsciiLower(Cell(f[2]));
    if (type == "aka" || type == "fka" || type == "nka") return ListFormat::kOfacCsvAlt;
  } else if (f.size() == kAddColumns && IsEntNum(CleanSpaces(f[1]))) {
    return ListFormat::kOfacCsvAdd;
  } else if (f.size() == kCommentColumns) {
    return ListFormat::kOfacCsvComments;
  }
  return ListFormat::kUnknown;
}

size_t ColumnsOf(ListFormat role) {
  switch (role) {
    case ListFormat::kOfacCsvPrimary: return kPrimaryColumns;
    case ListFormat::kOfacCsvAlt: return kAltColumns;
    case ListFormat::kOfacCsvAdd: return kAddColumns;
    default: break;
  }
  return kCommentColumns;
}

std::string_view RoleName(ListFormat role) {
  switch (role) {
    case ListFormat::kOfacCsvPrimary: return "sdn.csv/cons_prim.csv";
    case ListFormat::kOfacCsvAlt: return "alt.csv/cons_alt.csv";
    case ListFormat::kOfacCsvAdd: return "add.csv/cons_add.csv";
    default: break;
  }
  return "sdn_comments.csv/cons_comments.csv";
}

struct OfacRow {
  uint64_t line = 0;
  std::string ent_num;
  std::vector<std::string> fields;
};

struct ParsedFile {
  const SourceFile* file = nullptr;
  ListFormat role = ListFormat::kUnknown;
  std::vector<OfacRow> rows;
  std::set<std::string> ent_nums;
};

absl::Status RowError(const SourceFile& f, uint64_t line, std::string_view field,
                      std::string_view reason) {
  return absl::InvalidArgumentError(StrCat(f.path, ":", line, ": ", field, ": ", reason));
}

absl::Status CheckRecord(const SourceFile& f, ListFormat role, uint64_t line,
                         const std::vector<std::string>& fields) {
  if (fields.size() != ColumnsOf(role)) {
    return RowError(f, line, "record",
                    StrCat("has ", fields.size(), " fields, expected ", ColumnsOf(role), " (OFAC ",
                           RoleName(role), " layout)"));
  }
  const std::string ent = CleanSpaces(fields[0]);
  if (!IsEntNum(ent)) return RowError(f, line, "ent_num", StrCat("not a number: '", ent, "'"));
  if (role == ListFormat::kOfacCsvAlt || role == ListFormat::kOfacCsvAdd) {
    const std::string num = CleanSpaces(fields[1]);
    if (!IsEntNum(num)) {
      return RowError(f, line, role == ListFormat::kOfacCsvAlt ? "alt_num" : "add_num",
                      StrCat("not a number: '", num, "'"));
    }
  }
  if (role == ListFormat::kOfacCsvAlt && RoleOfRecord(fields) != role) {
    return RowError(f, line, "alt_type",
                    StrCat("unknown alias type '", Cell(fields[2]), "' (expected aka, fka, nka)"));
  }
  return absl::OkStatus();
}

// A primary holds one entry per record. Companions may hold several records
// per entry, but 16 is far above the real ratios (1.3 aliases and 1.5
// addresses per entry in the complete 2021 set); more means hostile input.
bool TooManyRows(ListFormat role, size_t rows, const LoadOptions& o) {
  constexpr size_t kMaxCompanionRowsPerEntry = 16;
  if (role == ListFormat::kOfacCsvPrimary) return rows >= o.max_entities;
  return rows / kMaxCompanionRowsPerEntry >= o.max_entities;
}

absl::StatusOr<ParsedFile> ParseFile(const SourceFile& f, const LoadOptions& o) {
  ParsedFile out;
  out.file = &f;
  out.role = f.format != ListFormat::kUnknown ? f.format
                                              : OfacCsvRole(f.bytes.substr(0, kDetectHeadBytes));
  if (out.role == ListFormat::kUnknown) {
    return absl::InvalidArgumentError(
        StrCat(f.path, ": not an OFAC legacy CSV file (no sdn/alt/add/comments record layout)"));
  }
  CsvReader reader(f.path, WithoutEofByte(f.bytes), ',', o.max_field_bytes);
  std::vector<std::string> fields;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (IsBlankRecord(fields)) continue;
    if (absl::Status s = CheckRecord(f, out.role, reader.line(), fields); !s.ok()) return s;
    if (TooManyRows(out.role, out.rows.size(), o)) {
      return absl::ResourceExhaustedError(StrCat(
          f.path, ":", reader.line(), ": more records than LoadOptions::max_entities allows"));
    }
    OfacRow row{reader.line(), CleanSpaces(fields[0]), std::move(fields)};
    out.ent_nums.insert(row.ent_num);
    out.rows.push_back(std::move(row));
  }
  if (out.rows.empty()) {
    return absl::InvalidArgumentError(StrCat(f.path, ": no records (empty or truncated file?)"));
  }
  return out;
}

std::string BaseName(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

absl::StatusOr<Schema> SchemaOf(const SourceFile& f, const OfacRow& r) {
  const std::string type = AsciiLower(Cell(r.fields[2]));
  // OFAC leaves SDN_Type empty ("-0-") for entities, which are organisations.
  if (type.empty()) return Schema::kOrganization;
  if (type == "individual") return Schema::kPerson;
  if (type == "vessel") return Schema::kVessel;
  if (type == "aircraft") return Schema::kAircraft;
  return RowError(f, r.line, "SDN_Type",
                  StrCat("unknown value '", type, "' (expected individual, vessel, aircraft)"));
}

absl::StatusOr<Entity> PrimaryEntity(const SourceFile& f, const OfacRow& r) {
  absl::StatusOr<Schema> schema = SchemaOf(f, r);
  if (!schema.ok()) return schema.status();
  Entity e;
  e.list = "ofac";
  e.source_id = r.ent_num;
  e.id = MakeEntityId(e.list, e.source_id);
  e.schema = *schema;
  const std::string name = Cell(r.fields[1]);
  if (name.empty()) return RowError(f, r.line, "SDN_Name", "empty");
  e.names.push_back(MakeOfacName(name, e.schema == Schema::kPerson, NameKind::kPrimary,
                                 NameStrength::kStrong, "primary"));
  e.programs = SplitOfacPrograms(r.fields[3]);
  if (std::string title = Cell(r.fields[4]); !title.empty()) e.titles.push_back(std::move(title));
  ApplyOfacVesselInfo({.call_sign = Cell(r.fields[5]),
                       .type = Cell(r.fields[6]),
                       .tonnage = Cell(r.fields[7]),
                       .gross_tonnage = Cell(r.fields[8]),
                       .flag = Cell(r.fields[9]),
                       .owner = Cell(r.fields[10])},
                      &e);
  return e;
}

NameKind AltKind(std::string_view type) {
  if (type == "fka") return NameKind::kFormer;
  if (type == "nka") return NameKind::kNew;
  return NameKind::kAlias;
}

void AddAlt(const OfacRow& r, Entity* e) {
  const std::string type = AsciiLower(Cell(r.fields[2]));
  const std::string name = Cell(r.fields[3]);
  if (name.empty()) return;
  e->names.push_back(
      MakeOfacName(name, e->schema == Schema::kPerson, AltKind(type), NameStrength::kStrong, type));
  if (std::string note = Cell(r.fields[4]); !note.empty()) {
    e->remarks.push_back(StrCat(name, ": ", note));
  }
}

void AddOfacAddress(const OfacRow& r, Entity* e) {
  Address a;
  a.street = Cell(r.fields[2]);
  // OFAC writes city, state/province and postal code in one column.
  a.city = Cell(r.fields[3]);
  a.country = MakeCountry(Cell(r.fields[4]));
  a.note = Cell(r.fields[5]);
  for (const std::string* part : {&a.street, &a.city, &a.country.text}) {
    if (part->empty()) continue;
    a.full = a.full.empty() ? *part : StrCat(a.full, ", ", *part);
  }
  if (!a.full.empty() || !a.note.empty()) e->addresses.push_back(std::move(a));
}

// Index of the primary a companion belongs to: the one holding most of the
// entry numbers the companion references.
absl::StatusOr<size_t> PrimaryFor(const ParsedFile& c, const std::vector<ParsedFile*>& prims) {
  size_t best = 0, best_hits = 0;
  for (size_t i = 0; i < prims.size(); ++i) {
    size_t hits = 0;
    for (const std::string& n : c.ent_nums) hits += prims[i]->ent_nums.count(n);
    if (hits > best_hits) best = i, best_hits = hits;
  }
  if (best_hits == 0) {
    return absl::InvalidArgumentError(
        StrCat(c.file->path, ": none of its ", c.ent_nums.size(),
               " entry numbers is in a primary file (sdn.csv/cons_prim.csv) of the set"));
  }
  return best;
}

class ListBuilder {
 public:
  explicit ListBuilder(const ParsedFile& primary) : primary_(primary) {}

  absl::Status BuildEntries() {
    for (const OfacRow& r : primary_.rows) {
      absl::StatusOr<Entity> e = PrimaryEntity(*primary_.file, r);
      if (e.ok() && !index_.emplace(r.ent_num, list_.entities.size()).second) {
        e = RowError(*primary_.file, r.line, "ent_num", StrCat("duplicate entry ", r.ent_num));
      }
      if (!e.ok()) {
        // The companion rows of a skipped entry find no entry and are noted in AddCompanion;
        // those of a duplicate go to the first entry of that number, the one kept.
        SkipRecord(e.status(), primary_.file->path, "", &list_);
        continue;
      }
      list_.entities.push_back(std::move(*e));
      remarks_.push_back(Cell(r.fields[11]));
    }
    return absl::OkStatus();
  }

  void AddCompanion(const ParsedFile& c) {
    companions_.push_back(&c);
    for (const OfacRow& r : c.rows) {
      const auto it = index_.find(r.ent_num);
      if (it == index_.end()) {
        list_.skipped.push_back(
            {c.file->path, r.line, "ent_num",
             StrCat("entry ", r.ent_num, " is not in ", BaseName(primary_.file->path))});
        continue;
      }
      Entity& e = list_.entities[it->second];
      if (c.role == ListFormat::kOfacCsvAlt) AddAlt(r, &e);
      if (c.role == ListFormat::kOfacCsvAdd) AddOfacAddress(r, &e);
      // The continuation is glued on as is: OFAC cuts mid-word.
      if (c.role == ListFormat::kOfacCsvComments) remarks_[it->second] += r.fields[1];
    }
  }

  LoadedList Finish() {
    std::vector<std::vector<std::string>> programs;
    for (size_t i = 0; i < list_.entities.size(); ++i) {
      ApplyOfacRemarks(remarks_[i], &list_.entities[i]);
      programs.push_back(list_.entities[i].programs);
    }
    const bool non_sdn = LooksLikeNonSdnList(programs, primary_.file->path);
    list_.version.list = "ofac";
    list_.version.title = std::string(non_sdn ? kOfacConsTitle : kOfacSdnTitle);
    list_.version.format = std::string(ListFormatName(ListFormat::kOfacCsvPrimary));
    // The legacy CSV states no publication date; published stays empty.
    list_.version.files = {primary_.file->path};
    for (const ParsedFile* c : companions_) list_.version.files.push_back(c->file->path);
    return std::move(list_);
  }

 private:
  const ParsedFile& primary_;
  LoadedList list_;
  std::map<std::string, size_t> index_;
  std::vector<std::string> remarks_;
  std::vector<const ParsedFile*> companions_;
};

}  // namespace

ListFormat OfacCsvRole(std::string_view head) {
  CsvReader reader("head", WithoutEofByte(head));
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (records.size() <= kDetectRecords) {
    absl::StatusOr<bool> more = reader.Next(&fields);
    if (!more.ok() || !*more) break;  // an error here may be the cut at the end of the head
    if (!IsBlankRecord(fields)) records.push_back(fields);
  }
  if (head.size() >= kDetectHeadBytes && records.size() > 1) records.pop_back();
  if (records.size() > kDetectRecords) records.resize(kDetectRecords);
  if (records.empty()) return ListFormat::kUnknown;
  // The first record decides, if most sampled records agree: a file with a
  // few broken records is still recognised, so that the loader can name the
  // broken line instead of the file being "of unknown format".
  const ListFormat role = RoleOfRecord(records[0]);
  const size_t agree = std::count_if(records.begin(), records.end(),
                                     [&](const auto& r) { return RoleOfRecord(r) == role; });
  if (agree * 2 <= records.size()) return ListFormat::kUnknown;
  return role;
}

absl::StatusOr<std::vector<LoadedList>> LoadOfacCsvFiles(const std::vector<SourceFile>& files,
                                                         const LoadOptions& o) {
  std::vector<ParsedFile> parsed;
  for (const SourceFile& f : files) {
    absl::StatusOr<ParsedFile> p = ParseFile(f, o);
    if (!p.ok()) return p.status();
    parsed.push_back(std::move(*p));
  }
  std::vector<ParsedFile*> prims;
  for (ParsedFile& p : parsed) {
    if (p.role == ListFormat::kOfacCsvPrimary) prims.push_back(&p);
  }
  if (prims.empty()) {
    return absl::InvalidArgumentError(
        StrCat(files.empty() ? "OFAC CSV" : files[0].path,
               ": OFAC companion file without its primary file (sdn.csv or cons_prim.csv)"));
  }
  std::vector<ListBuilder> builders;
  for (ParsedFile* p : prims) {
    builders.emplace_back(*p);
    if (absl::Status s = builders.back().BuildEntries(); !s.ok()) return s;
  }
  for (const ParsedFile& c : parsed) {
    if (c.role == ListFormat::kOfacCsvPrimary) continue;
    absl::StatusOr<size_t> which = PrimaryFor(c, prims);
    if (!which.ok()) return which.status();
    builders[*which].AddCompanion(c);
  }
  std::vector<LoadedList> out;
  out.reserve(builders.size());
  for (ListBuilder& b : builders) out.push_back(b.Finish());
  return out;
}

}  // namespace cordon::lists
