// JSON forms of screening queries, hits, explanations and compare results, shared by the CLI and
// the HTTP service (docs/matching.md shows examples; docs/formats.md the query format).
//
// Thread safety: pure functions.
#ifndef CORDON_ENGINE_JSON_H_
#define CORDON_ENGINE_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/screen.h"
#include "cordon/warning.h"

namespace cordon::engine {

nlohmann::json ExplanationToJson(const Explanation& x);
// {"entity_id","list","schema","name","matched_name","score","explanation"}
nlohmann::json HitToJson(const Hit& h);
// {"id","score","match","explanation"}
nlohmann::json CompareToJson(const std::string& id, const CompareResult& r);
// [{"field","value","message"}, ...]
nlohmann::json WarningsToJson(const std::vector<AttributeWarning>& warnings);

// A query as read from JSON, with the attributes that could not be read.
struct ParsedQuery {
  ScreenQuery query;
  std::vector<AttributeWarning> warnings;
};

// Reads a query object {"id","name","schema","birth_date","nationality","country","gender",
// "identifiers"}. Fails closed: only a missing or empty name (or a value that is not an object)
// is an error. Any other field that cannot be read (a date or country not recognised, an unknown
// schema or gender, identifiers that are not strings, a field of another name) is left out of
// scoring and reported in `warnings`; the name is screened all the same. `default_id` is used
// when "id" is absent.
absl::StatusOr<ParsedQuery> QueryFromJson(const nlohmann::json& j, const std::string& default_id);

// The id of a query object as it is echoed on its result, errors included: a string as given,
// any other JSON value as its compact JSON text ("id": 17 -> "17"), `default_id` when absent or
// null (or when `j` is not an object).
std::string QueryIdOf(const nlohmann::json& j, const std::string& default_id);

// Lenient attribute readers (also used by the yente endpoint). Each returns what scoring may use
// and appends a warning for `field` when `text` (non-empty) cannot be read in full.
std::optional<PartialDate> ReadBirthDate(std::string_view field, std::string_view text,
                                         std::vector<AttributeWarning>* warnings);
// Lower-case ISO 3166-1 alpha-2, "" when not read (core/country.h lists what is recognised).
std::string ReadCountry(std::string_view field, std::string_view text,
                        std::vector<AttributeWarning>* warnings);
Gender ReadGender(std::string_view text, std::vector<AttributeWarning>* warnings);

// Parses a schema as the CLI and service accept it: "Person", "Organization", "Vessel",
// "Aircraft" (any case, and the synonyms of ParseSchema), or "Any"/"" for no schema.
absl::StatusOr<std::optional<Schema>> ParseQuerySchema(std::string_view text);

// Scores are written with four decimals: finer digits carry no meaning.
double RoundScore(double score);

}  // namespace cordon::engine

#endif  // CORDON_ENGINE_JSON_H_
