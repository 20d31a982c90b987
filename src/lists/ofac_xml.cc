// OFAC XML (the sdn.xml schema, also used for consolidated.xml): root
// sdnList in a default namespace, publshInformation (sic) with Publish_Date
// (MM/DD/YYYY) and Record_Count, then one sdnEntry per entry.
#include <set>
#include <string>

#include "core/country.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/loaders.h"
#include "lists/ofac_remarks.h"
#include "lists/xml.h"

namespace cordon::lists {
namespace {

// Unqualified element name: the real files use a default namespace, but a
// prefixed copy ("ofac:sdnEntry") is the same document.
pugi::xml_node Child(pugi::xml_node n, std::string_view name) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && XmlLocalName(c) == name) return c;
  }
  return {};
}

// Items of a list element: Items(entry, "akaList", "aka").
std::vector<pugi::xml_node> Items(pugi::xml_node n, std::string_view list, std::string_view item) {
  return XmlChildren(Child(n, list), item);
}

std::string Text(pugi::xml_node n, std::string_view child) { return XmlText(Child(n, child)); }

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;  // 18 digits: see ofac_csv.cc kMaxEntNumDigits
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "03/28/2025" -> "2025-03-28"; "" when the text is not MM/DD/YYYY.
std::string UsDateToIso(std::string_view d) {
  if (d.size() != 10 || d[2] != '/' || d[5] != '/') return "";
  const std::string digits = StrCat(d.substr(6, 4), d.substr(0, 2), d.substr(3, 2));
  if (!AllDigits(digits)) return "";
  const int month = std::stoi(std::string(d.substr(0, 2)));
  const int day = std::stoi(std::string(d.substr(3, 2)));
  if (month < 1 || month > 12 || day < 1 || day > 31) return "";
  return StrCat(d.substr(6, 4), "-", d.substr(0, 2), "-", d.substr(3, 2));
}

struct Doc {
  const SourceFile& f;
  const pugi::xml_document& xml;
  absl::Status Error(pugi::xml_node n, std::string_view field, std::string_view reason) const {
    return XmlError(f.path, f.bytes, xml, n, field, reason);
  }
};

absl::StatusOr<Schema> EntrySchema(const Doc& d, pugi::xml_node entry) {
  const std::string type = AsciiLower(Text(entry, "sdnType"));
  if (type == "individual") return Schema::kPerson;
  if (type == "entity") return Schema::kOrganization;
  if (type == "vessel") return Schema::kVessel;
  if (type == "aircraft") return Schema::kAircraft;
  return d.Error(
      Child(entry, "sdnType"), "sdnType",
      StrCat("unknown value '", type, "' (expected Individual, Entity, Vessel, Aircraft)"));
}

// The XML gives first and last names apart; the full name is written as the
// CSV and OFAC's own search write it, "LAST, First". Weak aliases often have
// the whole "LAST, First" in lastName alone, which MakeOfacName splits.
Name XmlName(pugi::xml_node n, bool is_person, NameKind kind, NameStrength strength,
             std::string_view quality) {
  const std::string last = Text(n, "lastName");
  const std::string first = Text(n, "firstName");
  if (first.empty()) return MakeOfacName(last, is_person, kind, strength, quality);
  Name name = MakeOfacName(StrCat(last, ", ", first), false, kind, strength, quality);
  name.parts = {{NamePartType::kFamily, last}, {NamePartType::kGiven, first}};
  return name;
}

absl::Status AddAliases(const Doc& d, pugi::xml_node entry, Entity* e) {
  for (pugi::xml_node aka : Items(entry, "akaList", "aka")) {
    const std::string type = Text(aka, "type");
    const std::string category = AsciiLower(Text(aka, "category"));
    NameKind kind = NameKind::kAlias;
    if (type == "f.k.a.") kind = NameKind::kFormer;
    if (type == "n.k.a.") kind = NameKind::kNew;
    if (type != "a.k.a." && type != "f.k.a." && type != "n.k.a.") {
      return d.Error(aka, "aka/type", StrCat("unknown alias type '", type, "'"));
    }
    if (category != "strong" && category != "weak") {
      return d.Error(aka, "aka/category", StrCat("unknown category '", category, "'"));
    }
    if (Text(aka, "lastName").empty()) return d.Error(aka, "aka/lastName", "empty");
    e->names.push_back(XmlName(aka, e->schema == Schema::kPerson, kind,
                               category == "weak" ? NameStrength::kWeak : NameStrength::kStrong,
                               StrCat(type, " ", category)));
  }
  return absl::OkStatus();
}

void AddOfacAddresses(pugi::xml_node entry, Entity* e) {
  for (pugi::xml_node n : Items(entry, "addressList", "address")) {
    Address a;
    for (const char* line : {"address1", "address2", "address3"}) {
      const std::string t = Text(n, line);
      if (!t.empty()) a.street = a.street.empty() ? t : StrCat(a.street, ", ", t);
    }
    a.city = Text(n, "city");
    a.region = Text(n, "stateOrProvince");
    a.postal_code = Text(n, "postalCode");
    a.country = MakeCountry(Text(n, "country"));
    for (const std::string* p : {&a.street, &a.city, &a.region, &a.postal_code, &a.country.text}) {
      if (!p->empty()) a.full = a.full.empty() ? *p : StrCat(a.full, ", ", *p);
    }
    if (!a.full.empty()) e->addresses.push_back(std::move(a));
  }
}

void AddFeatures(pugi::xml_node entry, Entity* e) {
  for (pugi::xml_node id : Items(entry, "idList", "id")) {
    const std::string country = Text(id, "idCountry");
    AddOfacFeature(Text(id, "idType"), Text(id, "idNumber"),
                   country.empty() ? Country{} : MakeCountry(country), Text(id, "issueDate"),
                   Text(id, "expirationDate"), e);
  }
  for (pugi::xml_node n : Items(entry, "nationalityList", "nationality")) {
    e->nationalities.push_back(MakeCountry(Text(n, "country")));
  }
  for (pugi::xml_node n : Items(entry, "citizenshipList", "citizenship")) {
    e->citizenships.push_back(MakeCountry(Text(n, "country")));
  }
  for (pugi::xml_node n : Items(entry, "dateOfBirthList", "dateOfBirthItem")) {
    AddOfacFeature("DOB", Text(n, "dateOfBirth"), {}, "", "", e);
  }
  for (pugi::xml_node n : Items(entry, "placeOfBirthList", "placeOfBirthItem")) {
    AddOfacFeature("POB", Text(n, "placeOfBirth"), {}, "", "", e);
  }
  if (pugi::xml_node v = Child(entry, "vesselInfo")) {
    ApplyOfacVesselInfo({.call_sign = Text(v, "callSign"),
                         .type = Text(v, "vesselType"),
                         .tonnage = Text(v, "tonnage"),
                         .gross_tonnage = Text(v, "grossRegisteredTonnage"),
                         .flag = Text(v, "vesselFlag"),
                         .owner = Text(v, "vesselOwner")},
                        e);
  }
  if (std::string r = Text(entry, "remarks"); !r.empty()) e->remarks.push_back(std::move(r));
}

absl::StatusOr<Entity> EntryEntity(const Doc& d, pugi::xml_node entry) {
  Entity e;
  e.list = "ofac";
  e.source_id = Text(entry, "uid");
  if (!AllDigits(e.source_id)) {
    return d.Error(entry, "sdnEntry/uid", StrCat("not a number: '", e.source_id, "'"));
  }
  e.id = MakeEntityId(e.list, e.source_id);
  absl::StatusOr<Schema> schema = EntrySchema(d, entry);
  if (!schema.ok()) return schema.status();
  e.schema = *schema;
  if (Text(entry, "lastName").empty()) return d.Error(entry, "sdnEntry/lastName", "empty");
  e.names.push_back(XmlName(entry, e.schema == Schema::kPerson, NameKind::kPrimary,
                            NameStrength::kStrong, "primary"));
  for (pugi::xml_node p : Items(entry, "programList", "program")) {
    if (std::string t = XmlText(p); !t.empty()) e.programs.push_back(std::move(t));
  }
  if (std::string t = Text(entry, "title"); !t.empty()) e.titles.push_back(std::move(t));
  if (absl::Status s = AddAliases(d, entry, &e); !s.ok()) return s;
  AddOfacAddresses(entry, &e);
  AddFeatures(entry, &e);
  return e;
}

absl::Status ReadPublishInfo(const Doc& d, pugi::xml_node root, size_t entries, LoadedList* l) {
  const pugi::xml_node info = Child(root, "publshInformation");
  const std::string date = Text(info, "Publish_Date");
  if (!date.empty()) {
    l->version.published = UsDateToIso(date);
    if (l->version.published.empty()) {
      return d.Error(Child(info, "Publish_Date"), "Publish_Date",
                     StrCat("not a MM/DD/YYYY date: '", date, "'"));
    }
  }
  // Record_Count is how OFAC lets a reader see that a file is complete.
  const std::string count = Text(info, "Record_Count");
  if (!AllDigits(count)) {
    return d.Error(
        info ? info : root, "Record_Count",
        StrCat("missing or not a number: '", count, "' (needed to check the file is complete)"));
  }
  if (count != std::to_string(entries)) {
    return d.Error(Child(info, "Record_Count"), "Record_Count",
                   StrCat("says ", count, " entries but the file has ", entries,
                          " sdnEntry elements (truncated or edited file?)"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsOfacXml(std::string_view head) { return XmlRootName(head) == "sdnList"; }

absl::StatusOr<LoadedList> LoadOfacXml(const SourceFile& f, const LoadOptions& o) {
  pugi::xml_document xml;
  if (absl::Status s = ParseXml(f.path, f.bytes, o, &xml); !s.ok()) return s;
  const Doc d{f, xml};
  const pugi::xml_node root = xml.document_element();
  if (XmlLocalName(root) != "sdnList") return d.Error(root, root.name(), "root is not sdnList");
  LoadedList l;
  std::set<std::string> seen;
  std::vector<std::vector<std::string>> programs;
  for (pugi::xml_node entry : XmlChildren(root, "sdnEntry")) {
    if (l.entities.size() >= o.max_entities) {
      return absl::ResourceExhaustedError(
          StrCat(f.path, ": more than ", o.max_entities, " entries (LoadOptions::max_entities)"));
    }
    absl::StatusOr<Entity> e = EntryEntity(d, entry);
    if (e.ok() && !seen.insert(e->source_id).second) {
      e = d.Error(entry, "sdnEntry/uid", StrCat("duplicate uid ", e->source_id));
    }
    if (!e.ok()) {
      SkipRecord(e.status(), f.path, XmlPath(entry), &l);
      continue;
    }
    programs.push_back(e->programs);
    l.entities.push_back(std::move(*e));
  }
  if (absl::Status s = ReadPublishInfo(d, root, l.entities.size() + RecordsSkipped(l), &l); !s.ok())
    return s;
  l.version.list = "ofac";
  l.version.title =
      std::string(LooksLikeNonSdnList(programs, f.path) ? kOfacConsTitle : kOfacSdnTitle);
  l.version.format = std::string(ListFormatName(ListFormat::kOfacXml));
  return l;
}

}  // namespace cordon::lists
