#include "lists/ftm_export.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/dates.h"
#include "core/strcat.h"
#include "lists/ftm_schema.h"

namespace cordon::lists {
namespace {

using Json = nlohmann::json;

// Appends `value` to the property array `key` unless empty or already there.
void Put(Json& props, std::string_view key, const std::string& value) {
  if (value.empty()) return;
  Json& arr = props[std::string(key)];
  if (!arr.is_array()) arr = Json::array();
  for (const Json& v : arr) {
    if (v.is_string() && v.get_ref<const std::string&>() == value) return;
  }
  arr.push_back(value);
}

std::string FtmId(const Entity& e) {
  if (e.list == "ftm" || e.list.empty()) return e.source_id.empty() ? e.id : e.source_id;
  return StrCat(e.list, "-", e.source_id);
}

void PutNames(const Entity& e, Json& props) {
  for (size_t i = 0; i < e.names.size(); ++i) {
    const Name& n = e.names[i];
    if (i == 0) {
      Put(props, "name", n.full);
    } else if (n.kind == NameKind::kFormer) {
      Put(props, "previousName", n.full);
    } else {
      Put(props, n.strength == NameStrength::kWeak ? "weakAlias" : "alias", n.full);
    }
  }
  if (e.schema != Schema::kPerson || e.names.empty()) return;
  for (const NamePart& part : e.names[0].parts) {
    for (const ftm::PartProperty& p : ftm::kPartProperties) {
      if (p.type == part.type) {
        Put(props, p.property, part.value);
        break;
      }
    }
  }
}

void PutDates(const Entity& e, Json& props) {
  const bool built = e.schema == Schema::kVessel || e.schema == Schema::kAircraft;
  for (const BirthDate& b : e.birth_dates) {
    Put(props, built ? "buildDate" : "birthDate", b.from.ToString());
    if (b.to != b.from) Put(props, built ? "buildDate" : "birthDate", b.to.ToString());
  }
  for (const Place& p : e.birth_places) Put(props, "birthPlace", p.text);
}

void PutCountries(const Entity& e, Json& props) {
  // A vessel's nationality is its flag state (UNCLOS art. 91), FtM "flag".
  const char* nationality = e.schema == Schema::kVessel ? "flag" : "nationality";
  for (const Country& c : e.nationalities) Put(props, nationality, c.code);
  for (const Country& c : e.citizenships) Put(props, "citizenship", c.code);
}

void PutAddresses(const Entity& e, const std::string& id, Json& props) {
  for (size_t i = 0; i < e.addresses.size(); ++i) {
    const Address& a = e.addresses[i];
    Json ap = Json::object();
    Put(ap, "full", a.full);
    Put(ap, "street", a.street);
    Put(ap, "city", a.city);
    Put(ap, "region", a.region);
    Put(ap, "postalCode", a.postal_code);
    Put(ap, "country", a.country.code);
    Put(ap, "remarks", a.note);
    props["addressEntity"].push_back(
        {{"id", StrCat(id, "-addr-", i + 1)}, {"schema", "Address"}, {"properties", ap}});
    Put(props, "country", a.country.code);
  }
}

std::string_view SimpleProperty(IdentifierType t) {
  for (const ftm::IdProperty& p : ftm::kIdProperties) {
    if (p.type == t) return p.property;
  }
  return "";
}

// ISO form of an issue or expiry date when the text is one exact date.
std::string IsoOrEmpty(const std::string& text) {
  const auto d = ParseDateText(text);
  return d && d->from == d->to ? d->from.ToString() : "";
}

Json IdentificationEntity(const Identifier& x, const std::string& id) {
  Json p = Json::object();
  Put(p, "number", x.value);
  Put(p, "type", x.type_text.empty() ? std::string(IdentifierTypeName(x.type)) : x.type_text);
  Put(p, "country", x.country.code);
  Put(p, "startDate", IsoOrEmpty(x.issued));
  Put(p, "endDate", IsoOrEmpty(x.expires));
  Put(p, "summary", x.note);
  const bool passport = x.type == IdentifierType::kPassport;
  return {{"id", id}, {"schema", passport ? "Passport" : "Identification"}, {"properties", p}};
}

// An identifier with nothing but its number, whose type has an FtM property,
// becomes that property; anything richer becomes a nested Identification.
void PutIdentifiers(const Entity& e, const std::string& id, Json& props) {
  size_t n = 0;
  for (const Identifier& x : e.identifiers) {
    const std::string_view simple = SimpleProperty(x.type);
    // The list's own label of a plain number is dropped (FtM has no place
    // for it); the property name says the type.
    const bool plain =
        x.country.code.empty() && x.issued.empty() && x.expires.empty() && x.note.empty();
    if (!simple.empty() && plain) {
      Put(props, simple, x.value);
    } else {
      props["identification"].push_back(IdentificationEntity(x, StrCat(id, "-id-", ++n)));
    }
  }
}

void PutListing(const Entity& e, const std::string& id, Json& props) {
  for (const std::string& p : e.programs) Put(props, "program", p);
  if (e.listed_on.empty()) return;
  Json sp = Json::object();
  Put(sp, "listingDate", e.listed_on);
  for (const std::string& p : e.programs) Put(sp, "program", p);
  props["sanctions"].push_back(
      {{"id", StrCat(id, "-sanction")}, {"schema", "Sanction"}, {"properties", sp}});
}

}  // namespace

std::string EntityToFtmJson(const Entity& e) {
  const std::string id = FtmId(e);
  Json props = Json::object();
  PutNames(e, props);
  for (const std::string& t : e.titles) Put(props, "title", t);
  for (const std::string& d : e.designations) Put(props, "position", d);
  if (e.gender != Gender::kUnknown) Put(props, "gender", std::string(GenderName(e.gender)));
  PutDates(e, props);
  PutCountries(e, props);
  PutAddresses(e, id, props);
  PutIdentifiers(e, id, props);
  PutListing(e, id, props);
  for (const std::string& r : e.remarks) Put(props, "notes", r);
  Json out = {{"id", id},
              {"schema", std::string(ftm::SchemaToFtm(e.schema))},
              {"properties", props},
              {"target", true}};
  if (!e.names.empty()) out["caption"] = e.names[0].full;
  if (!e.list.empty()) out["datasets"] = Json::array({e.list});
  if (!e.last_updated.empty()) out["last_change"] = e.last_updated;
  // Entities hold valid UTF-8 (the loaders check it); replace rather than
  // throw if a caller built one that does not.
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace cordon::lists
