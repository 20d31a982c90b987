// The parts of the FollowTheMoney schema that cordon reads and writes
// (https://followthemoney.tech/explorer/), shared by the FtM loader
// (ftm_json.cc) and writer (ftm_export.cc) so that the two agree.
#ifndef CORDON_LISTS_FTM_SCHEMA_H_
#define CORDON_LISTS_FTM_SCHEMA_H_

#include <string_view>

#include "cordon/entity.h"

namespace cordon::lists::ftm {

// Identifier properties of LegalEntity, Person, Company, Organization, Vessel
// and Airplane, and the cordon type each maps to. The first property listed
// for a type is the one the writer uses.
struct IdProperty {
  std::string_view property;
  IdentifierType type;
};
inline constexpr IdProperty kIdProperties[] = {
    {"passportNumber", IdentifierType::kPassport},
    {"idNumber", IdentifierType::kNationalId},
    {"taxNumber", IdentifierType::kTaxId},
    {"innCode", IdentifierType::kTaxId},  // Russian taxpayer number
    {"vatCode", IdentifierType::kTaxId},
    {"registrationNumber", IdentifierType::kRegistration},
    {"ogrnCode", IdentifierType::kRegistration},  // Russian state registration
    {"okpoCode", IdentifierType::kRegistration},
    {"dunsCode", IdentifierType::kRegistration},
    {"imoNumber", IdentifierType::kImo},
    {"swiftBic", IdentifierType::kBic},
    {"leiCode", IdentifierType::kLei},
    {"serialNumber", IdentifierType::kAircraftSerial},
    {"email", IdentifierType::kEmail},
    {"website", IdentifierType::kWebsite},
    {"phone", IdentifierType::kPhone},
};

// Name-part properties of Person and the cordon part type; first wins on
// writing.
struct PartProperty {
  std::string_view property;
  NamePartType type;
};
inline constexpr PartProperty kPartProperties[] = {
    {"firstName", NamePartType::kGiven},       {"middleName", NamePartType::kMiddle},
    {"secondName", NamePartType::kMiddle},     {"lastName", NamePartType::kFamily},
    {"fatherName", NamePartType::kPatronymic}, {"motherName", NamePartType::kMatronymic},
};

// Schema names of the screening targets; everything else (Sanction, Address,
// Identification, Passport, relationships) is an adjunct or not screened.
inline std::string_view SchemaToFtm(Schema s) {
  switch (s) {
    case Schema::kPerson: return "Person";
    case Schema::kOrganization: return "Organization";
    case Schema::kVessel: return "Vessel";
    case Schema::kAircraft: return "Airplane";
    case Schema::kLegalEntity: break;
  }
  return "LegalEntity";
}

}  // namespace cordon::lists::ftm

#endif  // CORDON_LISTS_FTM_SCHEMA_H_
