#include "engine/json.h"

#include <cmath>

#include "core/country.h"
#include "core/dates.h"
#include "core/strcat.h"

namespace cordon::engine {

using nlohmann::json;

double RoundScore(double score) { return std::round(score * 1e4) / 1e4; }

json ExplanationToJson(const Explanation& x) {
  json align = json::array();
  for (const TokenMatch& m : x.alignment) {
    align.push_back({{"query_token", m.query_token},
                     {"list_token", m.list_token},
                     {"how", m.how},
                     {"similarity", RoundScore(m.similarity)}});
  }
  json evidence = json::array();
  for (const Evidence& e : x.evidence) {
    evidence.push_back({{"attribute", e.attribute},
                        {"query_value", e.query_value},
                        {"list_value", e.list_value},
                        {"effect", e.effect},
                        {"adjustment", RoundScore(e.adjustment)}});
  }
  return {{"matched_name", x.matched_name},
          {"name_kind", NameKindName(x.name_kind)},
          {"name_strength", NameStrengthName(x.name_strength)},
          {"name_score", RoundScore(x.name_score)},
          {"alignment", std::move(align)},
          {"unmatched_query_tokens", x.unmatched_query_tokens},
          {"unmatched_list_tokens", x.unmatched_list_tokens},
          {"evidence", std::move(evidence)},
          {"normalizer_version", x.normalizer_version}};
}

json HitToJson(const Hit& h) {
  return {{"entity_id", h.entity_id},
          {"list", h.list},
          {"schema", SchemaName(h.schema)},
          {"name", h.name},
          {"matched_name", h.matched_name},
          {"score", RoundScore(h.score)},
          {"explanation", ExplanationToJson(h.explanation)}};
}

json CompareToJson(const std::string& id, const CompareResult& r) {
  return {{"id", id},
          {"score", RoundScore(r.score)},
          {"match", r.match},
          {"explanation", ExplanationToJson(r.explanation)}};
}

absl::StatusOr<std::optional<Schema>> ParseQuerySchema(std::string_view text) {
  if (text.empty() || text == "Any" || text == "any" || text == "ANY") return std::nullopt;
  if (auto s = ParseSchema(text)) return s;
  return absl::InvalidArgumentError(
      StrCat("schema: \"", text, "\" is not Person, Organization, Vessel, Aircraft or Any"));
}

namespace {

absl::StatusOr<std::string> OptionalString(const json& j, const char* field) {
  if (!j.contains(field) || j[field].is_null()) return std::string();
  if (!j[field].is_string()) return absl::InvalidArgumentError(StrCat(field, ": not a string"));
  return j[field].get<std::string>();
}

absl::StatusOr<std::string> Country(const json& j, const char* field) {
  auto text = OptionalString(j, field);
  if (!text.ok() || text->empty()) return text;
  std::string code = CountryCode(*text);
  if (code.empty()) {
    return absl::InvalidArgumentError(StrCat(field, ": \"", *text, "\" is not a country"));
  }
  return code;
}

absl::Status ReadAttributes(const json& j, ScreenQuery* q) {
  auto schema = OptionalString(j, "schema");
  if (!schema.ok()) return schema.status();
  auto parsed = ParseQuerySchema(*schema);
  if (!parsed.ok()) return parsed.status();
  q->schema = *parsed;
  auto dob = OptionalString(j, "birth_date");
  if (!dob.ok()) return dob.status();
  if (!dob->empty()) {
    q->birth_date = ParseIsoDate(*dob);
    if (!q->birth_date) {
      return absl::InvalidArgumentError(
          StrCat("birth_date: \"", *dob, "\" is not YYYY, YYYY-MM or YYYY-MM-DD"));
    }
  }
  auto nat = Country(j, "nationality");
  if (!nat.ok()) return nat.status();
  q->nationality = *nat;
  auto country = Country(j, "country");
  if (!country.ok()) return country.status();
  q->country = *country;
  auto gender = OptionalString(j, "gender");
  if (!gender.ok()) return gender.status();
  if (*gender == "male" || *gender == "m" || *gender == "M" || *gender == "Male") {
    q->gender = Gender::kMale;
  } else if (*gender == "female" || *gender == "f" || *gender == "F" || *gender == "Female") {
    q->gender = Gender::kFemale;
  } else if (!gender->empty() && *gender != "unknown") {
    return absl::InvalidArgumentError(StrCat("gender: \"", *gender, "\" is not male or female"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ScreenQuery> QueryFromJson(const json& j, const std::string& default_id) {
  if (!j.is_object()) return absl::InvalidArgumentError("not a JSON object");
  ScreenQuery q;
  if (j.contains("id") && !j["id"].is_null()) {
    if (j["id"].is_string()) {
      q.id = j["id"].get<std::string>();
    } else if (j["id"].is_number_integer()) {
      q.id = std::to_string(j["id"].get<int64_t>());
    } else {
      return absl::InvalidArgumentError("id: not a string or integer");
    }
  } else {
    q.id = default_id;
  }
  if (!j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty()) {
    return absl::InvalidArgumentError("name: missing or not a non-empty string");
  }
  q.name = j["name"].get<std::string>();
  if (absl::Status s = ReadAttributes(j, &q); !s.ok()) return s;
  if (j.contains("identifiers") && !j["identifiers"].is_null()) {
    const json& ids = j["identifiers"];
    if (ids.is_string()) {
      q.identifiers.push_back(ids.get<std::string>());
    } else if (ids.is_array()) {
      for (const json& id : ids) {
        if (!id.is_string()) return absl::InvalidArgumentError("identifiers: not all strings");
        q.identifiers.push_back(id.get<std::string>());
      }
    } else {
      return absl::InvalidArgumentError("identifiers: not an array of strings");
    }
  }
  return q;
}

}  // namespace cordon::engine
