// The negative-name corpus of `cordon validate` (data/names/negatives/names.tsv): names of people
// and companies on no list, labelled with their name culture (the faker locale they come from).
//
// Example:
//   auto negatives = cordon::validate::ParseNegatives("names.tsv", text);
//   for (const auto& n : *negatives) std::cout << n.culture << " " << n.name << "\n";
//
// Thread safety: plain functions and values.
#ifndef CORDON_VALIDATE_NEGATIVES_H_
#define CORDON_VALIDATE_NEGATIVES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"

namespace cordon::validate {

struct NegativeName {
  std::string culture;  // "ar", "ru-Latn", ...
  Schema schema = Schema::kPerson;
  std::string name;
};

// Parses "culture<TAB>schema<TAB>name" lines; '#' lines are comments. A line with another number
// of fields, an unknown schema, an empty field or invalid UTF-8 is an error naming `file`, the
// line and the field.
absl::StatusOr<std::vector<NegativeName>> ParseNegatives(std::string_view file,
                                                         std::string_view text);

// InvalidArgument "<file>:<line>: <field>: <reason>", the error of a bad line of a validation
// input (negatives, cross-script pairs).
absl::Status LineError(std::string_view file, uint64_t line, std::string_view field,
                       std::string_view reason);

}  // namespace cordon::validate

#endif  // CORDON_VALIDATE_NEGATIVES_H_
