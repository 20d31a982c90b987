// JSON forms of screening queries, hits, explanations and compare results, shared by the CLI and
// the HTTP service (docs/matching.md shows examples).
//
// Thread safety: pure functions.
#ifndef CORDON_ENGINE_JSON_H_
#define CORDON_ENGINE_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "cordon/screen.h"

namespace cordon::engine {

nlohmann::json ExplanationToJson(const Explanation& x);
// {"entity_id","list","schema","name","matched_name","score","explanation"}
nlohmann::json HitToJson(const Hit& h);
// {"id","score","match","explanation"}
nlohmann::json CompareToJson(const std::string& id, const CompareResult& r);

// Reads a query object {"id","name","schema","birth_date","nationality","country","gender",
// "identifiers"}; only "name" is required. `default_id` is used when "id" is absent. Errors name
// the field and the reason.
absl::StatusOr<ScreenQuery> QueryFromJson(const nlohmann::json& j, const std::string& default_id);

// Parses a schema as the CLI and service accept it: "Person", "Organization", "Vessel",
// "Aircraft" (any case, and the synonyms of ParseSchema), or "Any"/"" for no schema.
absl::StatusOr<std::optional<Schema>> ParseQuerySchema(std::string_view text);

// Scores are written with four decimals: finer digits carry no meaning.
double RoundScore(double score);

}  // namespace cordon::engine

#endif  // CORDON_ENGINE_JSON_H_
