#include "cordon/entity.h"

#include <array>
#include <cstdio>
#include <string>

#include "core/text.h"

namespace cordon {

std::string_view SchemaName(Schema s) {
  switch (s) {
    case Schema::kPerson: return "Person";
    case Schema::kOrganization: return "Organization";
    case Schema::kVessel: return "Vessel";
    case Schema::kAircraft: return "Aircraft";
    case Schema::kLegalEntity: break;
  }
  return "LegalEntity";
}

std::optional<Schema> ParseSchema(std::string_view text) {
  const std::string t = AsciiLower(CleanSpaces(text));
  if (t == "person" || t == "individual") return Schema::kPerson;
  if (t == "organization" || t == "organisation" || t == "entity" || t == "company")
    return Schema::kOrganization;
  if (t == "vessel" || t == "ship") return Schema::kVessel;
  if (t == "aircraft" || t == "airplane") return Schema::kAircraft;
  if (t == "legalentity" || t == "legal entity") return Schema::kLegalEntity;
  return std::nullopt;
}

std::string_view GenderName(Gender g) {
  switch (g) {
    case Gender::kMale: return "male";
    case Gender::kFemale: return "female";
    case Gender::kUnknown: break;
  }
  return "unknown";
}

std::string_view NameKindName(NameKind k) {
  switch (k) {
    case NameKind::kAlias: return "aka";
    case NameKind::kFormer: return "fka";
    case NameKind::kNew: return "nka";
    case NameKind::kPrimary: break;
  }
  return "primary";
}

std::string_view NameStrengthName(NameStrength s) {
  return s == NameStrength::kWeak ? "weak" : "strong";
}

std::string_view IdentifierTypeName(IdentifierType t) {
  static constexpr std::array<std::string_view, 13> kNames = {
      "other", "passport",        "national_id", "tax_id",  "registration", "imo",          "bic",
      "lei",   "aircraft_serial", "email",       "website", "phone",        "crypto_wallet"};
  const auto i = static_cast<size_t>(t);
  return i < kNames.size() ? kNames[i] : "other";
}

std::string PartialDate::ToString() const {
  if (year == 0) return "";
  char buf[32];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

std::string MakeEntityId(std::string_view list, std::string_view source_id) {
  std::string id(list);
  id += ':';
  id += source_id;
  return id;
}

}  // namespace cordon
