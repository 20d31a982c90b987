// EU Financial Sanctions Files (FSF) full list, XML ("xmlFullSanctionsList"),
// namespace http://eu.europa.ec/fpi/fsd/export. Structure, from the documented
// examples (see testdata/PROVENANCE.md):
//   <export generationDate="2026-02-02T17:26:53.906+01:00" globalFileId="...">
//     <sanctionEntity designationDate=".." designationDetails="" unitedNationId=""
//                     euReferenceNumber="EU.27.28" logicalId="13">
//       <remark>..</remark>
//       <regulation programme="IRQ" entryIntoForceDate=".." numberTitle=".." ...>
//       <subjectType code="person|enterprise" classificationCode="P|E"/>
//       <nameAlias firstName middleName lastName wholeName function gender
//                  title nameLanguage strong="true|false" logicalId/>
//       <citizenship countryIso2Code countryDescription region/>
//       <birthdate birthdate="1937-04-28" dayOfMonth monthOfYear year circa
//                  yearRangeFrom yearRangeTo city place region zipCode
//                  countryIso2Code countryDescription/>
//       <identification identificationTypeCode identificationTypeDescription
//                  number latinNumber countryIso2Code countryDescription
//                  issuedBy issueDate nameOnDocument ...><remark/></identification>
//       <address street poBox city zipCode region place countryIso2Code
//                countryDescription><remark/><contactInfo key value/></address>
//     </sanctionEntity>
// Entities are "eu:<euReferenceNumber>", or "eu:<logicalId>" without one.
#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "core/country.h"
#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/loaders.h"
#include "lists/record_merge.h"
#include "lists/xml.h"

namespace cordon::lists {
namespace {

constexpr std::string_view kEuList = "eu";
constexpr std::string_view kEuTitle = "EU Consolidated Financial Sanctions List";

// Element name without a namespace prefix ("ns2:export" -> "export").
std::string Attr(pugi::xml_node n, const char* name) {
  return CleanSpaces(n.attribute(name).value());
}

// countryIso2Code/countryDescription; "00"/"UNKNOWN" is the EU's "no country".
Country EuCountry(pugi::xml_node n) {
  Country c;
  std::string code = AsciiLower(Attr(n, "countryIso2Code"));
  c.text = Attr(n, "countryDescription");
  if (c.text == "UNKNOWN") c.text.clear();
  if (code.size() == 2 && code != "00" && std::isalpha(static_cast<unsigned char>(code[0]))) {
    c.code = code;
  } else if (!c.text.empty()) {
    c.code = CountryCode(c.text);
  }
  return c;
}

struct EuCtx {
  const SourceFile* f;
  const pugi::xml_document* doc;
  absl::Status Error(pugi::xml_node n, std::string_view field, std::string_view reason) const {
    return XmlError(f->path, f->bytes, *doc, n, field, reason);
  }
};

// Splits the EU's lettered lists "(a) Mullah, (b) Maulavi" into items; text
// without a leading "(a)" is one item. Letters run in order, so only the next
// letter ends an item.
std::vector<std::string> SplitLettered(std::string_view text) {
  std::vector<std::string> out;
  const std::string clean = CleanSpaces(text);
  std::string_view t = clean;
  auto trim = [](std::string_view s) {
    std::string c = CleanSpaces(s);
    while (!c.empty() && (c.back() == ',' || c.back() == ';')) c.pop_back();
    return CleanSpaces(c);
  };
  if (!t.starts_with("(a)")) {
    if (!t.empty()) out.push_back(std::string(t));
    return out;
  }
  size_t start = 3;
  for (char letter = 'b'; start <= t.size(); ++letter) {
    const std::string marker = {'(', letter, ')'};
    const size_t next = letter <= 'z' ? t.find(marker, start) : std::string_view::npos;
    std::string item =
        trim(t.substr(start, next == std::string_view::npos ? t.npos : next - start));
    if (!item.empty()) out.push_back(std::move(item));
    if (next == std::string_view::npos) break;
    start = next + 3;
  }
  return out;
}

absl::StatusOr<Name> AliasName(const EuCtx& ctx, pugi::xml_node a) {
  const std::string strong = Attr(a, "strong");
  if (!strong.empty() && strong != "true" && strong != "false") {
    return ctx.Error(a, "nameAlias@strong", StrCat("not true/false: \"", strong, "\""));
  }
  std::vector<NamePart> parts;
  for (auto [attr, type] : {std::pair{"firstName", NamePartType::kGiven},
                            std::pair{"middleName", NamePartType::kMiddle},
                            std::pair{"lastName", NamePartType::kFamily}}) {
    if (std::string v = Attr(a, attr); !v.empty()) parts.push_back({type, std::move(v)});
  }
  std::string whole = Attr(a, "wholeName");
  if (whole.empty()) {
    std::vector<std::string> texts;
    texts.reserve(parts.size());
    for (const NamePart& p : parts) texts.push_back(p.value);
    whole = JoinNonEmpty(texts, " ");
  }
  // The EU marks weak aliases strong="false"; a missing flag is a normal name.
  const bool weak = strong == "false";
  Name n = MakeName(whole, NameKind::kAlias, weak ? NameStrength::kWeak : NameStrength::kStrong,
                    weak ? "weak" : "strong", Attr(a, "nameLanguage"));
  if (parts.size() > 1 || (parts.size() == 1 && parts[0].value != n.full)) n.parts = parts;
  return n;
}

absl::Status AddNameAliases(const EuCtx& ctx, pugi::xml_node se, Entity* e) {
  for (pugi::xml_node a : XmlChildren(se, "nameAlias")) {
    absl::StatusOr<Name> n = AliasName(ctx, a);
    if (!n.ok()) return n.status();
    // The EU file has no primary flag: its first strong name is the main one.
    const bool first_strong = n->strength == NameStrength::kStrong &&
                              std::none_of(e->names.begin(), e->names.end(), [](const Name& x) {
                                return x.kind == NameKind::kPrimary;
                              });
    if (first_strong) n->kind = NameKind::kPrimary;
    const bool seen = std::any_of(e->names.begin(), e->names.end(),
                                  [&](const Name& x) { return x.full == n->full; });
    if (!seen) AddName(e, *std::move(n));
    for (std::string& t : SplitLettered(Attr(a, "title"))) AddUnique(&e->titles, std::move(t));
    for (std::string& fn : SplitLettered(Attr(a, "function"))) {
      AddUnique(&e->designations, std::move(fn));
    }
    const std::string g = Attr(a, "gender");
    if (g == "M") e->gender = Gender::kMale;
    if (g == "F") e->gender = Gender::kFemale;
  }
  return absl::OkStatus();
}

// Reads an integer attribute; absent -> 0; not a number in [lo, hi] -> error.
absl::Status IntAttr(const EuCtx& ctx, pugi::xml_node n, const char* name, int lo, int hi,
                     int* out) {
  const std::string v = Attr(n, name);
  *out = 0;
  if (v.empty()) return absl::OkStatus();
  int x = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || x > 100000) {
      return ctx.Error(n, StrCat("birthdate@", name), StrCat("not a number: \"", v, "\""));
    }
    x = x * 10 + (c - '0');
  }
  if (x < lo || x > hi) {
    return ctx.Error(n, StrCat("birthdate@", name), StrCat("out of range: ", v));
  }
  *out = x;
  return absl::OkStatus();
}

// Year bounds that a date of birth or build year can have; anything outside
// is a typing error in the list, reported instead of stored.
constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2100;

absl::StatusOr<BirthDate> EuBirthDate(const EuCtx& ctx, pugi::xml_node b) {
  BirthDate d;
  d.circa = Attr(b, "circa") == "true";
  if (const std::string iso = Attr(b, "birthdate"); !iso.empty()) {
    const std::optional<PartialDate> p = ParseIsoDate(iso);
    if (!p) return ctx.Error(b, "birthdate@birthdate", StrCat("not an ISO date: \"", iso, "\""));
    d.from = d.to = *p;
    d.text = iso;
    return d;
  }
  int year = 0, month = 0, day = 0, from = 0, to = 0;
  for (auto [name, lo, hi, out] :
       {std::tuple{"year", kMinYear, kMaxYear, &year}, std::tuple{"monthOfYear", 1, 12, &month},
        std::tuple{"dayOfMonth", 1, 31, &day},
        std::tuple{"yearRangeFrom", kMinYear, kMaxYear, &from},
        std::tuple{"yearRangeTo", kMinYear, kMaxYear, &to}}) {
    if (absl::Status s = IntAttr(ctx, b, name, lo, hi, out); !s.ok()) return s;
  }
  if (year != 0) {
    d.from = d.to = PartialDate{static_cast<int16_t>(year), static_cast<int8_t>(month),
                                static_cast<int8_t>(month != 0 ? day : 0)};
  } else if (from != 0 || to != 0) {
    // An open end ("born by 1980") keeps the known end on both sides.
    d.from.year = static_cast<int16_t>(from != 0 ? from : to);
    d.to.year = static_cast<int16_t>(to != 0 ? to : from);
    d.text =
        StrCat(from != 0 ? std::to_string(from) : "", " to ", to != 0 ? std::to_string(to) : "");
  } else if (month != 0 || day != 0) {
    return ctx.Error(b, "birthdate", "day or month without a year");
  }
  return d;
}

absl::Status AddBirths(const EuCtx& ctx, pugi::xml_node se, Entity* e) {
  for (pugi::xml_node b : XmlChildren(se, "birthdate")) {
    absl::StatusOr<BirthDate> d = EuBirthDate(ctx, b);
    if (!d.ok()) return d.status();
    if (!d->from.empty()) AddUnique(&e->birth_dates, *std::move(d));
    Place p{.city = Attr(b, "city"), .region = Attr(b, "region"), .country = EuCountry(b)};
    p.text = JoinNonEmpty({Attr(b, "place"), p.city, p.region, p.country.text}, ", ");
    if (!p.text.empty()) AddUnique(&e->birth_places, std::move(p));
  }
  return absl::OkStatus();
}

IdentifierType IdType(std::string_view code) {
  // identificationTypeCode values of the FSF export.
  if (code == "passport") return IdentifierType::kPassport;
  if (code == "id") return IdentifierType::kNationalId;
  if (code == "regnumber") return IdentifierType::kRegistration;
  if (code == "fiscalcode") return IdentifierType::kTaxId;
  if (code == "swiftbic") return IdentifierType::kBic;
  if (code == "imo") return IdentifierType::kImo;
  return IdentifierType::kOther;
}

void AddIdentifications(pugi::xml_node se, Entity* e) {
  for (pugi::xml_node n : XmlChildren(se, "identification")) {
    Identifier id;
    id.type = IdType(Attr(n, "identificationTypeCode"));
    id.type_text = Attr(n, "identificationTypeDescription");
    if (id.type_text.empty()) id.type_text = Attr(n, "identificationTypeCode");
    id.value = Attr(n, "number");
    if (id.value.empty()) id.value = Attr(n, "latinNumber");
    id.country = EuCountry(n);
    id.issued = Attr(n, "issueDate");
    std::vector<std::string> notes = {Attr(n, "issuedBy")};
    for (pugi::xml_node r : XmlChildren(n, "remark")) notes.push_back(XmlText(r));
    id.note = JoinNonEmpty(notes, "; ");
    if (!id.value.empty()) AddUnique(&e->identifiers, std::move(id));
  }
}

// contactInfo keys of the FSF export that are identifiers.
void AddContact(pugi::xml_node c, Entity* e) {
  const std::string key = AsciiLower(Attr(c, "key"));
  Identifier id{.type_text = Attr(c, "key"), .value = Attr(c, "value")};
  if (key == "phone" || key == "fax") id.type = IdentifierType::kPhone;
  if (key == "email") id.type = IdentifierType::kEmail;
  if (key == "web" || key == "website") id.type = IdentifierType::kWebsite;
  if (!id.value.empty()) AddUnique(&e->identifiers, std::move(id));
}

void AddEuAddresses(pugi::xml_node se, Entity* e) {
  for (pugi::xml_node n : XmlChildren(se, "address")) {
    Address a{.street = JoinNonEmpty({Attr(n, "street"), Attr(n, "poBox")}, ", "),
              .city = Attr(n, "city"),
              .region = Attr(n, "region"),
              .postal_code = Attr(n, "zipCode"),
              .country = EuCountry(n)};
    a.full = JoinNonEmpty(
        {a.street, Attr(n, "place"), a.city, a.region, a.postal_code, a.country.text}, ", ");
    std::vector<std::string> notes;
    for (pugi::xml_node r : XmlChildren(n, "remark")) notes.push_back(XmlText(r));
    a.note = JoinNonEmpty(notes, "; ");
    for (pugi::xml_node c : XmlChildren(n, "contactInfo")) AddContact(c, e);
    if (!a.full.empty()) AddUnique(&e->addresses, std::move(a));
  }
}

void AddRegulations(pugi::xml_node se, Entity* e) {
  std::string earliest;
  for (pugi::xml_node r : XmlChildren(se, "regulation")) {
    if (std::string p = Attr(r, "programme"); !p.empty()) AddUnique(&e->programs, std::move(p));
    const std::string d = Attr(r, "entryIntoForceDate");
    if (!d.empty() && (earliest.empty() || d < earliest)) earliest = d;
  }
  // designationDate where the entry has it, else the earliest regulation in
  // force (the regulation that listed it; later ones amend).
  e->listed_on = Attr(se, "designationDate");
  if (e->listed_on.empty()) e->listed_on = earliest;
}

Schema SubjectSchema(pugi::xml_node se) {
  const std::vector<pugi::xml_node> st = XmlChildren(se, "subjectType");
  const std::string code = st.empty() ? "" : Attr(st[0], "code");
  if (code == "person") return Schema::kPerson;
  if (code == "enterprise") return Schema::kOrganization;
  return Schema::kLegalEntity;  // the list does not say
}

absl::StatusOr<Entity> ReadEntity(const EuCtx& ctx, pugi::xml_node se) {
  Entity e;
  e.list = std::string(kEuList);
  e.source_id = Attr(se, "euReferenceNumber");
  if (e.source_id.empty()) e.source_id = Attr(se, "logicalId");
  if (e.source_id.empty()) {
    return ctx.Error(se, "sanctionEntity", "neither euReferenceNumber nor logicalId");
  }
  e.id = MakeEntityId(kEuList, e.source_id);
  e.schema = SubjectSchema(se);
  if (absl::Status s = AddNameAliases(ctx, se, &e); !s.ok()) return s;
  if (e.names.empty()) return ctx.Error(se, "nameAlias", "entry has no name");
  PutPrimaryFirst(&e);
  for (pugi::xml_node c : XmlChildren(se, "citizenship")) {
    if (Country k = EuCountry(c); !k.text.empty() || !k.code.empty()) {
      AddUnique(&e.citizenships, std::move(k));
    }
  }
  if (absl::Status s = AddBirths(ctx, se, &e); !s.ok()) return s;
  AddIdentifications(se, &e);
  AddEuAddresses(se, &e);
  AddRegulations(se, &e);
  if (std::string un = Attr(se, "unitedNationId"); !un.empty()) {
    AddUnique(&e.identifiers, Identifier{.type_text = "UN reference", .value = std::move(un)});
  }
  for (pugi::xml_node r : XmlChildren(se, "remark")) {
    if (std::string t = XmlText(r); !t.empty()) e.remarks.push_back(std::move(t));
  }
  return e;
}

}  // namespace

bool IsEuFsfXml(std::string_view head) {
  return XmlRootName(head) == "export" && (head.find("sanctionEntity") != std::string_view::npos ||
                                           head.find("fpi/fsd/export") != std::string_view::npos);
}

absl::StatusOr<LoadedList> LoadEuFsfXml(const SourceFile& f, const LoadOptions& o) {
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(f.path, f.bytes, o, &doc); !s.ok()) return s;
  const pugi::xml_node root = doc.document_element();
  const EuCtx ctx{&f, &doc};
  if (XmlLocalName(root) != "export") return ctx.Error(root, root.name(), "root is not <export>");
  LoadedList out;
  out.version = {.list = std::string(kEuList),
                 .title = std::string(kEuTitle),
                 .format = std::string(ListFormatName(ListFormat::kEuFsfXml)),
                 .published = Attr(root, "generationDate")};
  std::unordered_set<std::string> ids;
  for (pugi::xml_node se : XmlChildren(root, "sanctionEntity")) {
    if (out.entities.size() >= o.max_entities) {
      return ctx.Error(se, "sanctionEntity", StrCat("more than ", o.max_entities, " entries"));
    }
    absl::StatusOr<Entity> e = ReadEntity(ctx, se);
    if (e.ok() && !ids.insert(e->id).second) {
      e = ctx.Error(se, "sanctionEntity@euReferenceNumber", StrCat("duplicate ", e->source_id));
    }
    if (!e.ok()) {
      SkipRecord(e.status(), f.path, XmlPath(se), &out);
      continue;
    }
    out.entities.push_back(*std::move(e));
  }
  return out;
}

}  // namespace cordon::lists
