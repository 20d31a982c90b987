#include "service/yente.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/dates.h"
#include "core/strcat.h"
#include "engine/json.h"
#include "lists/ftm_export.h"
#include "lists/ftm_schema.h"

namespace cordon::service {

using nlohmann::json;

namespace {

// yente's algorithms, all served by cordon's one calibrated scorer (docs/service.md).
constexpr std::string_view kAlgorithms[] = {
    "best",       "default",        "cordon",        "logic-v1",      "logic-v2",
    "name-based", "name-qualified", "regression-v1", "regression-v2", "regression-v3"};

// An error in yente's shape {"detail": "..."}, with cordon's {"error": {...}} next to it so
// that clients of either API read it.
YenteResult Error(ApiErrorCode code, std::string_view detail, std::string_view field) {
  json j = ErrorJson(ApiError(code, detail, field));
  j["detail"] = std::string(detail);
  return {.response = JsonResponse(HttpStatusOf(code), j)};
}

// A yente example's values of one property: a string or a list of strings (yente accepts
// both). Other JSON types in the list (numbers, nulls) are skipped as yente's cleaning does.
std::vector<std::string> Values(const json& props, std::string_view key) {
  std::vector<std::string> out;
  auto it = props.find(key);
  if (it == props.end()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const json& v : *it) {
      if (v.is_string() && !v.get_ref<const std::string&>().empty()) {
        out.push_back(v.get<std::string>());
      }
    }
  }
  return out;
}

// FtM schema names of the query -> cordon's schema hint (nullopt: any). Fails closed: another
// schema is screened against every schema, with a warning (yente would refuse the query).
std::optional<Schema> QuerySchema(std::string_view ftm, std::vector<AttributeWarning>* warnings) {
  if (ftm == "Person") return Schema::kPerson;
  if (ftm == "Organization" || ftm == "Company" || ftm == "PublicBody") {
    return Schema::kOrganization;
  }
  if (ftm == "Vessel") return Schema::kVessel;
  if (ftm == "Airplane") return Schema::kAircraft;
  if (ftm != "LegalEntity" && ftm != "Thing") {
    warnings->push_back({"schema", std::string(ftm),
                         "not one of Person, Organization, Company, PublicBody, LegalEntity, "
                         "Vessel, Airplane, Thing: screened against every schema"});
  }
  return std::nullopt;
}

// One parsed example: the names to screen and the query the other properties make.
struct Example {
  std::vector<std::string> names;
  ScreenQuery query;
  json echo;  // the "query" of the response: id, schema, properties as read
  std::vector<AttributeWarning> warnings;  // properties that could not be read
};

// The names of an example: name, alias, previousName, weakAlias; else the parts of a person's
// name joined (firstName middleName fatherName lastName).
std::vector<std::string> ExampleNames(const json& props) {
  std::vector<std::string> names;
  for (const char* key : {"name", "alias", "previousName", "weakAlias"}) {
    for (std::string& v : Values(props, key)) names.push_back(std::move(v));
  }
  if (!names.empty()) return names;
  std::string joined;
  for (const char* key : {"firstName", "secondName", "middleName", "fatherName", "lastName"}) {
    for (const std::string& v : Values(props, key)) joined += (joined.empty() ? "" : " ") + v;
  }
  if (!joined.empty()) names.push_back(joined);
  return names;
}

// Dates, countries and gender, read leniently (engine/json.h): the first readable value of each
// is used; values that cannot be read are reported in the response's "warnings" (FtM's property
// cleaning in yente drops them silently).
void ReadExampleAttributes(const json& props, Example* ex) {
  std::vector<AttributeWarning>* w = &ex->warnings;
  for (const std::string& d : Values(props, "birthDate")) {
    std::optional<PartialDate> date = engine::ReadBirthDate("birthDate", d, w);
    if (date && !ex->query.birth_date) ex->query.birth_date = date;
  }
  for (const char* key : {"nationality", "citizenship"}) {
    for (const std::string& c : Values(props, key)) {
      const std::string code = engine::ReadCountry(key, c, w);
      if (ex->query.nationality.empty()) ex->query.nationality = code;
    }
  }
  for (const char* key : {"country", "jurisdiction", "mainCountry", "flag"}) {
    for (const std::string& c : Values(props, key)) {
      const std::string code = engine::ReadCountry(key, c, w);
      if (ex->query.country.empty()) ex->query.country = code;
    }
  }
  for (const std::string& g : Values(props, "gender")) {
    const Gender gender = engine::ReadGender(g, w);
    if (ex->query.gender == Gender::kUnknown) ex->query.gender = gender;
  }
}

absl::StatusOr<Example> ParseExample(const std::string& key, const json& example,
                                     const YenteOptions& options) {
  const std::string where = StrCat("queries.", key);
  if (!example.is_object()) return absl::InvalidArgumentError(StrCat(where, ": not an object"));
  if (!example.contains("schema") || !example["schema"].is_string()) {
    return absl::InvalidArgumentError(StrCat(where, ".schema: missing or not a string"));
  }
  if (!example.contains("properties") || !example["properties"].is_object()) {
    return absl::InvalidArgumentError(StrCat(where, ".properties: missing or not an object"));
  }
  const std::string schema_name = example["schema"].get<std::string>();
  const json& props = example["properties"];
  Example ex;
  ex.query.schema = QuerySchema(schema_name, &ex.warnings);
  ex.names = ExampleNames(props);
  if (ex.names.empty()) {
    return absl::InvalidArgumentError(
        StrCat(where, ".properties.name: Cannot parse example entity: no name given"));
  }
  if (ex.names.size() > options.max_names) ex.names.resize(options.max_names);
  ex.query.name = ex.names[0];
  if (example.contains("id") && example["id"].is_string()) {
    ex.query.id = example["id"].get<std::string>();
  }
  ReadExampleAttributes(props, &ex);
  for (const lists::ftm::IdProperty& p : lists::ftm::kIdProperties) {
    for (std::string& v : Values(props, p.property)) ex.query.identifiers.push_back(std::move(v));
  }
  json echo_props = json::object();
  for (const auto& [k, v] : props.items()) {
    std::vector<std::string> values = Values(props, k);
    if (!values.empty()) echo_props[k] = values;
  }
  ex.echo = {{"id", ex.query.id.empty() ? json(nullptr) : json(ex.query.id)},
             {"schema", schema_name},
             {"properties", std::move(echo_props)}};
  return ex;
}

// The query parameters of the match endpoint, checked.
struct Params {
  size_t limit = 5;
  double threshold = kDefaultThreshold;
  double cutoff = kDefaultThreshold;
  std::set<std::string> include_dataset, exclude_dataset, exclude_schema, exclude_ids, topics;
  std::string changed_since;
};

absl::StatusOr<double> Score(const std::string& v, const char* name) {
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(x >= 0 && x <= 1)) {
    return absl::InvalidArgumentError(StrCat(name, ": not a number from 0 to 1"));
  }
  return x;
}

absl::StatusOr<Params> ReadParams(const Target& t, const YenteOptions& o) {
  Params p;
  p.limit = o.limit;
  p.threshold = o.threshold;
  if (const std::string* v = t.Param("limit")) {
    char* end = nullptr;
    const long x = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || x < 1 || static_cast<size_t>(x) > o.max_limit) {
      return absl::InvalidArgumentError(StrCat("limit: not an integer from 1 to ", o.max_limit));
    }
    p.limit = static_cast<size_t>(x);
  }
  if (const std::string* v = t.Param("threshold")) {
    absl::StatusOr<double> x = Score(*v, "threshold");
    if (!x.ok()) return x.status();
    p.threshold = *x;
  }
  p.cutoff = p.threshold;
  if (const std::string* v = t.Param("cutoff")) {
    absl::StatusOr<double> x = Score(*v, "cutoff");
    if (!x.ok()) return x.status();
    p.cutoff = std::min(*x, p.threshold);  // as yente: a cutoff above the threshold is lowered
  }
  if (const std::string* v = t.Param("algorithm")) {
    if (std::find(std::begin(kAlgorithms), std::end(kAlgorithms), *v) == std::end(kAlgorithms)) {
      return absl::InvalidArgumentError(StrCat("algorithm: \"", *v, "\" is not a known algorithm"));
    }
  }
  auto set_of = [&](const char* key) {
    std::vector<std::string> v = t.Params(key);
    return std::set<std::string>(v.begin(), v.end());
  };
  p.include_dataset = set_of("include_dataset");
  p.exclude_dataset = set_of("exclude_dataset");
  p.exclude_schema = set_of("exclude_schema");
  p.exclude_ids = set_of("exclude_entity_ids");
  p.topics = set_of("topics");
  if (const std::string* v = t.Param("changed_since")) {
    if (!ParseIsoDate(*v)) {
      return absl::InvalidArgumentError("changed_since: not an ISO date or time");
    }
    p.changed_since = v->substr(0, 10);
  }
  return p;
}

std::string FtmId(const Entity& e) {
  if (e.list == "ftm" || e.list.empty()) return e.source_id.empty() ? e.id : e.source_id;
  return StrCat(e.list, "-", e.source_id);
}

// Whether a hit passes the dataset, schema, ID, topic and date filters.
bool Keep(const Hit& h, const std::string& dataset, const Params& p) {
  const Entity& e = *h.entity;
  if (!dataset.empty() && e.list != dataset) return false;
  if (!p.include_dataset.empty() && !p.include_dataset.contains(e.list)) return false;
  if (p.exclude_dataset.contains(e.list)) return false;
  if (p.exclude_schema.contains(std::string(lists::ftm::SchemaToFtm(e.schema)))) return false;
  if (p.exclude_ids.contains(e.id) || p.exclude_ids.contains(FtmId(e))) return false;
  // Every entity cordon loads is a sanctions or terrorist-list target: topic "sanction".
  if (!p.topics.empty() && !p.topics.contains("sanction")) return false;
  if (!p.changed_since.empty() && (e.last_updated.empty() || e.last_updated < p.changed_since)) {
    return false;
  }
  return true;
}

json DateTime(std::string_view date) {
  if (date.size() < 10) return nullptr;
  return StrCat(date.substr(0, 10), "T00:00:00");
}

void AddFlat(json& props, std::string_view key, const std::string& value) {
  if (value.empty()) return;
  json& list = props[std::string(key)];
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// yente's match results carry flat properties (strings only). The nested Address,
// Identification/Passport and Sanction entities of cordon's FtM export are replaced by the flat
// properties yente uses: `address` and the identifier property of each identifier's type
// (passportNumber, idNumber, imoNumber...). Identifiers of no known type (a list's own
// reference numbers, "UN Ref") and the listing (already in `program`) stay in
// GET /v1/entities/{id} only.
void FlattenNested(const Entity& e, json& props) {
  for (const char* nested : {"addressEntity", "identification", "sanctions"}) props.erase(nested);
  for (const Address& a : e.addresses) AddFlat(props, "address", a.full);
  for (const Identifier& x : e.identifiers) {
    for (const lists::ftm::IdProperty& p : lists::ftm::kIdProperties) {
      if (p.type == x.type) {
        AddFlat(props, p.property, x.value);
        break;
      }
    }
  }
}

// One result in yente's ScoredEntityResponse shape, with cordon's explanation added.
json ResultJson(const Hit& h, const std::string& published, const Params& p) {
  json j = json::parse(lists::EntityToFtmJson(*h.entity), nullptr, false);
  if (j.is_discarded()) j = {{"id", FtmId(*h.entity)}, {"properties", json::object()}};
  if (!j.contains("caption")) j["caption"] = h.name;
  if (j.contains("properties") && j["properties"].is_object())
    FlattenNested(*h.entity, j["properties"]);
  j["referents"] = {h.entity->id};
  j["first_seen"] = DateTime(h.entity->listed_on);
  j["last_seen"] = DateTime(published);
  j["last_change"] = DateTime(h.entity->last_updated);
  const double score = engine::RoundScore(h.score);
  j["score"] = score;
  json features = {{"name_score", engine::RoundScore(h.explanation.name_score)}};
  for (const Evidence& e : h.explanation.evidence) {
    if (e.adjustment != 0) features[e.attribute] = engine::RoundScore(e.adjustment);
  }
  j["features"] = std::move(features);
  j["match"] = score >= p.threshold;
  j["explanation"] = engine::ExplanationToJson(h.explanation);
  return j;
}

json MatcherDocs() {
  const std::string url = "docs/matching.md";
  auto doc = [&](std::string_view d) {
    return json{{"description", d}, {"coefficient", 1.0}, {"url", url}};
  };
  return {{"name_score", doc("cordon's calibrated name score before attribute evidence: token "
                             "alignment with variants, transliteration, edit distance, initials "
                             "and phonetics.")},
          {"birth_date", doc("Adjustment for a birth date that supports or contradicts the "
                             "listed ones.")},
          {"nationality", doc("Adjustment for a nationality that supports or contradicts.")},
          {"country", doc("Adjustment for a country that supports or contradicts.")},
          {"gender", doc("Adjustment for a gender that contradicts the listed one.")},
          {"identifier", doc("Adjustment for an identifier (passport, IMO, BIC, ...) that "
                             "equals or differs from a listed one.")}};
}

// Screens one example: every name, merged per entity (best score wins), filtered, limited.
std::vector<Hit> MatchExample(const Screener& screener, const Example& ex,
                              const std::string& dataset, const Params& p) {
  // With filters, fetch more candidates so that filtering still leaves `limit` results.
  const bool filtered = !dataset.empty() || !p.include_dataset.empty() ||
                        !p.exclude_dataset.empty() || !p.exclude_schema.empty() ||
                        !p.exclude_ids.empty() || !p.changed_since.empty();
  const ScreenOptions so{.threshold = std::max(p.cutoff, 0.01),
                         .limit = filtered ? std::max<size_t>(p.limit * 20, 200) : p.limit};
  std::unordered_map<std::string, Hit> best;
  ScreenQuery q = ex.query;
  for (const std::string& name : ex.names) {
    q.name = name;
    for (Hit& h : screener.Screen(q, so)) {
      if (h.entity == nullptr || !Keep(h, dataset, p)) continue;
      auto [it, inserted] = best.try_emplace(h.entity_id, h);
      if (!inserted && h.score > it->second.score) it->second = std::move(h);
    }
  }
  std::vector<Hit> out;
  out.reserve(best.size());
  for (auto& [id, h] : best) out.push_back(std::move(h));
  std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.entity_id < b.entity_id;
  });
  if (out.size() > p.limit) out.resize(p.limit);
  return out;
}

}  // namespace

YenteResult YenteMatch(const Screener& screener, std::string_view dataset_name,
                       const Target& target, std::string_view body, const YenteOptions& options) {
  std::string dataset;  // "" for every list
  std::map<std::string, std::string> published;
  for (const LoadedList& l : screener.lists())
    published.emplace(l.version.list, l.version.published);
  if (dataset_name != "default" && dataset_name != "sanctions" && dataset_name != "all") {
    if (!published.contains(std::string(dataset_name))) {
      return Error(ApiErrorCode::kDatasetNotFound, "No such dataset.", "dataset");
    }
    dataset = std::string(dataset_name);
  }
  absl::StatusOr<Params> params = ReadParams(target, options);
  if (!params.ok()) {
    const std::string_view m = StatusText(params.status());
    return Error(ApiErrorCode::kInvalidRequest, m, m.substr(0, m.find(':')));
  }
  absl::StatusOr<json> request = ParseJsonObject(body);
  if (!request.ok()) return Error(ApiErrorCode::kInvalidJson, StatusText(request.status()), "body");
  if (!request->contains("queries") || !(*request)["queries"].is_object()) {
    return Error(ApiErrorCode::kInvalidRequest, "queries: missing or not an object", "queries");
  }
  const json& queries = (*request)["queries"];
  if (queries.empty())
    return Error(ApiErrorCode::kInvalidRequest, "No queries provided.", "queries");
  if (queries.size() > options.max_queries) {
    return Error(ApiErrorCode::kTooManyParties,
                 StrCat("Too many queries in one batch (limit: ", options.max_queries, ")"),
                 "queries");
  }
  std::vector<std::pair<std::string, Example>> examples;
  for (const auto& [key, value] : queries.items()) {
    if (value.is_null()) continue;  // as yente: a null example is skipped
    absl::StatusOr<Example> ex = ParseExample(key, value, options);
    if (!ex.ok()) {
      const std::string_view m = StatusText(ex.status());
      return Error(ApiErrorCode::kInvalidRequest, m, m.substr(0, m.find(':')));
    }
    examples.emplace_back(key, std::move(*ex));
  }
  if (examples.empty())
    return Error(ApiErrorCode::kInvalidRequest, "No queries provided.", "queries");
  YenteResult result;
  json responses = json::object();
  for (const auto& [key, ex] : examples) {
    const std::vector<Hit> hits = MatchExample(screener, ex, dataset, *params);
    json results = json::array();
    size_t matches = 0;
    for (const Hit& h : hits) {
      results.push_back(ResultJson(h, published[h.list], *params));
      if (results.back()["match"].get<bool>()) ++matches;
    }
    result.parties += 1;
    result.hits += hits.size();
    responses[key] = {{"status", 200},
                      {"results", std::move(results)},
                      {"total", {{"value", matches}, {"relation", "eq"}}},
                      {"query", ex.echo}};
    // cordon's addition, beside yente's keys (yente's clients ignore keys they do not know).
    if (!ex.warnings.empty()) responses[key]["warnings"] = engine::WarningsToJson(ex.warnings);
  }
  result.response = JsonResponse(
      200,
      {{"responses", std::move(responses)}, {"matcher", MatcherDocs()}, {"limit", params->limit}});
  result.response.headers.emplace_back("x-batch-size", std::to_string(examples.size()));
  return result;
}

}  // namespace cordon::service
