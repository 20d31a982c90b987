#include "engine/json.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "core/country.h"
#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"

namespace cordon::engine {

using nlohmann::json;

double RoundScore(double score) { return std::round(score * 1e4) / 1e4; }

json ExplanationToJson(const Explanation& x) {
  json align = json::array();
  for (const TokenMatch& m : x.alignment) {
    align.push_back({{"query_token", m.query_token},
                     {"list_token", m.list_token},
                     {"how", std::string(MatchHowName(m.how))},
                     {"similarity", RoundScore(m.similarity)}});
  }
  json evidence = json::array();
  for (const Evidence& e : x.evidence) {
    evidence.push_back({{"attribute", e.attribute},
                        {"query_value", e.query_value},
                        {"list_value", e.list_value},
                        {"effect", std::string(EvidenceEffectName(e.effect))},
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

json WarningsToJson(const std::vector<AttributeWarning>& warnings) {
  json out = json::array();
  for (const AttributeWarning& w : warnings) {
    out.push_back({{"field", w.field}, {"value", w.value}, {"message", w.message}});
  }
  return out;
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

std::optional<PartialDate> ReadBirthDate(std::string_view field, std::string_view text,
                                         std::vector<AttributeWarning>* warnings) {
  QueryDate d = ReadQueryDate(text);
  if (!d.problem.empty()) {
    warnings->push_back({std::string(field), std::string(text), std::move(d.problem)});
  }
  return d.date;
}

std::string ReadCountry(std::string_view field, std::string_view text,
                        std::vector<AttributeWarning>* warnings) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return "";
  std::string code = CountryCode(text);
  if (code.empty()) {
    warnings->push_back({std::string(field), std::string(text),
                         "not recognised as one current country (give an ISO 3166-1 alpha-2 or "
                         "alpha-3 code, an English name or a demonym: AF, AFG, Afghanistan, "
                         "Afghan): ignored"});
  }
  return code;
}

Gender ReadGender(std::string_view text, std::vector<AttributeWarning>* warnings) {
  const std::string g = AsciiLower(CleanSpaces(text));
  if (g == "male" || g == "m" || g == "man") return Gender::kMale;
  if (g == "female" || g == "f" || g == "woman") return Gender::kFemale;
  // Values that say the gender is not known or not male/female (ICAO 9303 writes "X" for
  // unspecified): no evidence, and nothing to warn about.
  if (g.empty() || g == "unknown" || g == "u" || g == "x" || g == "unspecified" || g == "other") {
    return Gender::kUnknown;
  }
  warnings->push_back({"gender", std::string(text), "not male or female: ignored"});
  return Gender::kUnknown;
}

namespace {

// The fields of a query object; any other field is reported, since a misspelt "birthdate" or
// "dob" would otherwise drop its evidence silently.
constexpr std::string_view kQueryFields[] = {"id",          "name",    "schema", "birth_date",
                                             "nationality", "country", "gender", "identifiers"};

std::string Text(const json& v) {
  return v.is_string() ? v.get<std::string>()
                       : v.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The string value of an optional attribute; a value of another JSON type is reported and
// treated as absent.
std::string StringField(const json& j, const char* field, std::vector<AttributeWarning>* w) {
  if (!j.contains(field) || j[field].is_null()) return "";
  if (j[field].is_string()) return j[field].get<std::string>();
  w->push_back({field, Text(j[field]), "not a string: ignored"});
  return "";
}

void ReadSchema(const json& j, ParsedQuery* p) {
  const std::string text = StringField(j, "schema", &p->warnings);
  absl::StatusOr<std::optional<Schema>> schema = ParseQuerySchema(CleanSpaces(text));
  if (schema.ok()) {
    p->query.schema = *schema;
  } else {
    p->warnings.push_back({"schema", text,
                           "not Person, Organization, Vessel, Aircraft or Any: screened "
                           "against every schema"});
  }
}

// "identifiers": an array of strings, or one string. Numbers are read as written (a passport
// number sent as a JSON number); other values are reported.
void ReadIdentifiers(const json& j, ParsedQuery* p) {
  if (!j.contains("identifiers") || j["identifiers"].is_null()) return;
  const json& ids = j["identifiers"];
  if (ids.is_string()) {
    p->query.identifiers.push_back(ids.get<std::string>());
    return;
  }
  if (!ids.is_array()) {
    p->warnings.push_back({"identifiers", Text(ids), "not an array of strings: ignored"});
    return;
  }
  for (const json& id : ids) {
    if (id.is_string() || id.is_number()) {
      p->query.identifiers.push_back(Text(id));
    } else {
      p->warnings.push_back({"identifiers", Text(id), "not a string: ignored"});
    }
  }
}

void ReadAttributes(const json& j, ParsedQuery* p) {
  ReadSchema(j, p);
  std::vector<AttributeWarning>* w = &p->warnings;
  if (std::string dob = StringField(j, "birth_date", w); !dob.empty()) {
    p->query.birth_date = ReadBirthDate("birth_date", dob, w);
  }
  p->query.nationality = ReadCountry("nationality", StringField(j, "nationality", w), w);
  p->query.country = ReadCountry("country", StringField(j, "country", w), w);
  p->query.gender = ReadGender(StringField(j, "gender", w), w);
  ReadIdentifiers(j, p);
  for (const auto& [key, value] : j.items()) {
    if (std::find(std::begin(kQueryFields), std::end(kQueryFields), key) ==
        std::end(kQueryFields)) {
      w->push_back({key, Text(value),
                    "not a query field: ignored (fields: id, name, schema, "
                    "birth_date, nationality, country, gender, identifiers)"});
    }
  }
}

}  // namespace

std::string QueryIdOf(const json& j, const std::string& default_id) {
  if (!j.is_object() || !j.contains("id") || j["id"].is_null()) return default_id;
  return Text(j["id"]);
}

absl::StatusOr<ParsedQuery> QueryFromJson(const json& j, const std::string& default_id) {
  if (!j.is_object()) return absl::InvalidArgumentError("not a JSON object");
  const json* name = j.contains("name") ? &j["name"] : nullptr;
  if (name == nullptr || !name->is_string() ||
      CleanSpaces(name->get_ref<const std::string&>()).empty()) {
    return absl::InvalidArgumentError("name: missing or not a non-empty string");
  }
  ParsedQuery p;
  p.query.id = QueryIdOf(j, default_id);
  p.query.name = name->get<std::string>();
  ReadAttributes(j, &p);
  return p;
}

}  // namespace cordon::engine
