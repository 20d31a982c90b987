// UK Sanctions List (FCDO), XML edition (UK-Sanctions-List.xml), the single
// UK list since OFSI's ConList closed on 28 January 2026. Layout, as
// documented in testdata/PROVENANCE.md:
//   <Designations><DateGenerated>dd/mm/yyyy</DateGenerated>
//     <Designation>
//       <LastUpdated/> <DateDesignated/> <UniqueID>AFG0006</UniqueID>
//       <OFSIGroupID/> <UNReferenceNumber/>
//       <Names><Name><Name1..Name6/><NameType>Primary Name | Primary name
//              variation | Alias</NameType><AliasStrength>Good quality a.k.a |
//              Low quality a.k.a</AliasStrength></Name></Names>
//       <NonLatinNames><NonLatinName><NameNonLatinScript/><NonLatinScriptType/>
//              <NonLatinScriptLanguage/></NonLatinName></NonLatinNames>
//       <Titles><Title/></Titles> <RegimeName/> <IndividualEntityShip/>
//       <OtherInformation/> <UKStatementofReasons/>
//       <Addresses><Address><AddressLine1..6/><AddressPostalCode/>
//              <AddressCountry/></Address></Addresses>
//       <PhoneNumbers/PhoneNumber> <EmailAddresses/EmailAddress> <Websites/Website>
//       <IndividualDetails><Individual><DOBs><DOB/></DOBs> <Nationalities>
//              <PassportDetails><Passport><PassportNumber/>
//              <PassportAdditionalInformation/></Passport></PassportDetails>
//              <NationalIdentifierDetails><NationalIdentifier>
//              <NationalIdentifierNumber/><NationalIdentifierAdditionalInformation/>
//              <Positions/Position> <Genders/Gender> <BirthDetails><Location>
//              <TownOfBirth/><CountryOfBirth/></Location></BirthDetails>
//       <EntityDetails><Entity><BusinessRegistrationNumbers/...>
//       <ShipDetails><Ship><IMONumbers><IMONumber/></IMONumbers><YearsBuilt>...
//     </Designation>
// Entities are "uksl:<UniqueID>" (a namespace of its own: UniqueIDs are not
// ConList Group IDs, and both lists may be loaded side by side).
#include <algorithm>
#include <unordered_set>

#include "core/country.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/loaders.h"
#include "lists/record_merge.h"
#include "lists/xml.h"

namespace cordon::lists {
namespace {

constexpr std::string_view kUkslList = "uksl";
constexpr std::string_view kUkslTitle = "UK Sanctions List (FCDO)";

// Every element at the relative XPath `path` below `n` ("Names/Name" -> each
// <Name> under <Names>), in document order.
std::vector<pugi::xml_node> Nodes(pugi::xml_node n, const char* path) {
  std::vector<pugi::xml_node> out;
  for (pugi::xpath_node x : n.select_nodes(path)) out.push_back(x.node());
  return out;
}

// Their whitespace-cleaned texts, empty ones dropped.
std::vector<std::string> Texts(pugi::xml_node n, const char* path) {
  std::vector<std::string> out;
  for (pugi::xml_node x : Nodes(n, path)) {
    if (std::string t = XmlText(x); !t.empty()) out.push_back(std::move(t));
  }
  return out;
}

// "dd/mm/1945": the list masks unknown parts with letters; the shared date
// parser reads the ConList's "00" for the same thing.
std::string UnmaskDate(std::string text) {
  if (text.starts_with("dd/")) text.replace(0, 2, "00");
  if (text.size() >= 5 && text.substr(3, 2) == "mm") text.replace(3, 2, "00");
  return text;
}

BirthDate UkslDate(const std::string& text) {
  BirthDate b = MakeBirthDate(UnmaskDate(text));
  b.text = text;
  return b;
}

struct UkslCtx {
  const SourceFile* f;
  const pugi::xml_document* doc;
  absl::Status Error(pugi::xml_node n, std::string_view field, std::string_view reason) const {
    return XmlError(f->path, f->bytes, *doc, n, field, reason);
  }
};

Name LatinName(pugi::xml_node n, NameKind kind, NameStrength strength, std::string_view label) {
  static constexpr std::array<std::pair<const char*, NamePartType>, 6> kParts = {
      {{"Name1", NamePartType::kGiven},
       {"Name2", NamePartType::kMiddle},
       {"Name3", NamePartType::kOther},
       {"Name4", NamePartType::kOther},
       {"Name5", NamePartType::kOther},
       {"Name6", NamePartType::kFamily}}};
  std::vector<std::string> texts;
  std::vector<NamePart> parts;
  for (const auto& [tag, type] : kParts) {
    if (std::string v = XmlText(n, tag); !v.empty()) {
      texts.push_back(v);
      parts.push_back({type, std::move(v)});
    }
  }
  Name out = MakeName(JoinNonEmpty(texts, " "), kind, strength, label);
  if (parts.size() > 1) out.parts = std::move(parts);
  return out;
}

absl::Status AddNames(const UkslCtx& ctx, pugi::xml_node d, Entity* e) {
  for (pugi::xml_node n : Nodes(d, "Names/Name")) {
    const std::string type = XmlText(n, "NameType");
    const std::string lower = AsciiLower(type);  // the list spells "ALias", "Primary name"
    const std::string quality = XmlText(n, "AliasStrength");
    NameKind kind = NameKind::kAlias;
    if (lower == "primary name" || lower.empty()) {
      kind = NameKind::kPrimary;
    } else if (lower != "primary name variation" && lower != "alias") {
      return ctx.Error(n, "NameType", StrCat("unknown value \"", type, "\""));
    }
    // FCDO gives "Low quality a.k.a" for weak UN aliases; blank or "Good
    // quality a.k.a" is a normal alias.
    const NameStrength strength = AsciiLower(quality).starts_with("low quality")
                                      ? NameStrength::kWeak
                                      : NameStrength::kStrong;
    Name name = LatinName(n, kind, strength, quality.empty() ? type : quality);
    const bool other_primary = std::any_of(e->names.begin(), e->names.end(), [&](const Name& x) {
      return x.kind == NameKind::kPrimary && x.full != name.full;
    });
    if (kind == NameKind::kPrimary && other_primary) name.kind = NameKind::kAlias;
    if (name.kind == NameKind::kPrimary) name.strength = NameStrength::kStrong;
    AddName(e, std::move(name));
  }
  for (pugi::xml_node n : Nodes(d, "NonLatinNames/NonLatinName")) {
    AddName(e, MakeName(XmlText(n, "NameNonLatinScript"), NameKind::kAlias, NameStrength::kStrong,
                        "Name Non-Latin Script", XmlText(n, "NonLatinScriptLanguage")));
  }
  return absl::OkStatus();
}

void AddId(Entity* e, IdentifierType type, std::string_view label, std::string value,
           std::string note = {}) {
  if (value.empty()) return;
  AddUnique(&e->identifiers, Identifier{.type = type,
                                        .type_text = std::string(label),
                                        .value = std::move(value),
                                        .note = std::move(note)});
}

void AddIndividual(pugi::xml_node d, Entity* e) {
  for (pugi::xml_node ind : Nodes(d, "IndividualDetails/Individual")) {
    for (const std::string& t : Texts(ind, "DOBs/DOB")) AddUnique(&e->birth_dates, UkslDate(t));
    for (const std::string& t : Texts(ind, "Nationalities/Nationality")) {
      AddUnique(&e->nationalities, MakeCountry(t));
    }
    for (std::string& t : Texts(ind, "Positions/Position")) {
      AddUnique(&e->designations, std::move(t));
    }
    for (std::string& t : Texts(ind, "Title | Titles/Title")) AddUnique(&e->titles, std::move(t));
    for (const std::string& g : Texts(ind, "Genders/Gender")) {
      if (AsciiLower(g) == "male") e->gender = Gender::kMale;
      if (AsciiLower(g) == "female") e->gender = Gender::kFemale;
    }
    for (pugi::xml_node p : Nodes(ind, "PassportDetails/Passport")) {
      AddId(e, IdentifierType::kPassport, "Passport", XmlText(p, "PassportNumber"),
            XmlText(p, "PassportAdditionalInformation"));
    }
    for (pugi::xml_node p : Nodes(ind, "NationalIdentifierDetails/NationalIdentifier")) {
      AddId(e, IdentifierType::kNationalId, "National Identifier",
            XmlText(p, "NationalIdentifierNumber"),
            XmlText(p, "NationalIdentifierAdditionalInformation"));
    }
    for (pugi::xml_node loc : Nodes(ind, "BirthDetails/Location")) {
      Place p{.city = XmlText(loc, "TownOfBirth")};
      if (std::string c = XmlText(loc, "CountryOfBirth"); !c.empty()) p.country = MakeCountry(c);
      p.text = JoinNonEmpty({p.city, p.country.text}, ", ");
      if (!p.text.empty()) AddUnique(&e->birth_places, std::move(p));
    }
  }
}

void AddOrganisationAndShip(pugi::xml_node d, Entity* e) {
  for (std::string& t : Texts(d,
                              "EntityDetails/Entity/BusinessRegistrationNumbers/"
                              "BusinessRegistrationNumber")) {
    AddId(e, IdentifierType::kRegistration, "Business Registration Number", std::move(t));
  }
  for (pugi::xml_node ship : Nodes(d, "ShipDetails/Ship")) {
    for (std::string& t : Texts(ship, "IMONumbers/IMONumber")) {
      AddId(e, IdentifierType::kImo, "IMO number", std::move(t));
    }
    for (const std::string& t : Texts(ship, "YearsBuilt/YearBuilt")) {
      AddUnique(&e->birth_dates, UkslDate(t));
    }
  }
}

void AddContacts(pugi::xml_node d, Entity* e) {
  for (pugi::xml_node a : Nodes(d, "Addresses/Address")) {
    Address addr{.postal_code = XmlText(a, "AddressPostalCode")};
    if (std::string c = XmlText(a, "AddressCountry"); !c.empty()) addr.country = MakeCountry(c);
    std::vector<std::string> parts;
    for (const char* tag : {"AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4",
                            "AddressLine5", "AddressLine6"}) {
      parts.push_back(XmlText(a, tag));
    }
    parts.push_back(addr.postal_code);
    parts.push_back(addr.country.text);
    addr.full = JoinNonEmpty(parts, ", ");
    if (!addr.full.empty()) AddUnique(&e->addresses, std::move(addr));
  }
  for (std::string& t : Texts(d, "PhoneNumbers/PhoneNumber")) {
    AddId(e, IdentifierType::kPhone, "Phone number", std::move(t));
  }
  for (std::string& t : Texts(d, "EmailAddresses/EmailAddress")) {
    AddId(e, IdentifierType::kEmail, "Email address", std::move(t));
  }
  for (std::string& t : Texts(d, "Websites/Website")) {
    AddId(e, IdentifierType::kWebsite, "Website", std::move(t));
  }
}

absl::StatusOr<Schema> DesignationSchema(const UkslCtx& ctx, pugi::xml_node d) {
  const std::string t = XmlText(d, "IndividualEntityShip");
  const std::string lower = AsciiLower(t);
  if (lower == "individual") return Schema::kPerson;
  if (lower == "entity") return Schema::kOrganization;
  if (lower == "ship") return Schema::kVessel;
  return ctx.Error(d, "IndividualEntityShip", StrCat("unknown value \"", t, "\""));
}

absl::StatusOr<Entity> ReadDesignation(const UkslCtx& ctx, pugi::xml_node d) {
  Entity e;
  e.list = std::string(kUkslList);
  e.source_id = XmlText(d, "UniqueID");
  if (e.source_id.empty()) return ctx.Error(d, "UniqueID", "missing or empty");
  e.id = MakeEntityId(kUkslList, e.source_id);
  absl::StatusOr<Schema> schema = DesignationSchema(ctx, d);
  if (!schema.ok()) return schema.status();
  e.schema = *schema;
  if (absl::Status s = AddNames(ctx, d, &e); !s.ok()) return s;
  if (e.names.empty()) return ctx.Error(d, "Names", "designation has no name");
  PutPrimaryFirst(&e);
  for (std::string& t : Texts(d, "Titles/Title")) AddUnique(&e.titles, std::move(t));
  AddIndividual(d, &e);
  AddOrganisationAndShip(d, &e);
  AddContacts(d, &e);
  AddId(&e, IdentifierType::kOther, "OFSI Group ID", XmlText(d, "OFSIGroupID"));
  AddId(&e, IdentifierType::kOther, "UN Reference Number", XmlText(d, "UNReferenceNumber"));
  for (std::string& t : Texts(d, "RegimeName")) AddUnique(&e.programs, std::move(t));
  e.listed_on = IsoDate(XmlText(d, "DateDesignated"));
  e.last_updated = IsoDate(XmlText(d, "LastUpdated"));
  for (std::string& t : Texts(d, "OtherInformation | UKStatementofReasons")) {
    e.remarks.push_back(std::move(t));
  }
  return e;
}

}  // namespace

bool IsUkSanctionsList(std::string_view head) {
  return XmlRootName(head) == "Designations" &&
         head.find("<Designation>") != std::string_view::npos;
}

absl::StatusOr<LoadedList> LoadUkSanctionsList(const SourceFile& f, const LoadOptions& o) {
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(f.path, f.bytes, o, &doc); !s.ok()) return s;
  const UkslCtx ctx{&f, &doc};
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "Designations") {
    return ctx.Error(root, root.name(), "root is not <Designations>");
  }
  LoadedList out;
  out.version = {.list = std::string(kUkslList),
                 .title = std::string(kUkslTitle),
                 .format = std::string(ListFormatName(ListFormat::kUkSanctionsList)),
                 .published = IsoDate(XmlText(root, "DateGenerated"))};
  std::unordered_set<std::string> ids;
  for (pugi::xml_node d : root.children("Designation")) {
    if (out.entities.size() >= o.max_entities) {
      return ctx.Error(d, "Designation", StrCat("more than ", o.max_entities, " designations"));
    }
    absl::StatusOr<Entity> e = ReadDesignation(ctx, d);
    if (e.ok() && !ids.insert(e->source_id).second) {
      e = ctx.Error(d, "UniqueID", StrCat("duplicate ", e->source_id));
    }
    if (!e.ok()) {
      SkipRecord(e.status(), f.path, XmlPath(d), &out);
      continue;
    }
    out.entities.push_back(*std::move(e));
  }
  return out;
}

}  // namespace cordon::lists
