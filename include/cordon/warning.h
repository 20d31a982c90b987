// AttributeWarning: an attribute of a screening query or a message party that could not be read.
//
//   std::vector<cordon::AttributeWarning> w;
//   w.push_back({"birth_date", "next Tuesday", "not a date: ..."});
//
// The attribute is left out of scoring, the name is screened all the same, and the result
// reports the warning (docs/formats.md, docs/service.md, docs/messages.md).
#ifndef CORDON_WARNING_H_
#define CORDON_WARNING_H_

#include <string>

namespace cordon {

struct AttributeWarning {
  // The query field ("birth_date", "nationality", "country", "gender", "schema", "identifiers",
  // a yente property) or, in a message, the path of the element ("Dbtr/.../BirthDt").
  std::string field;
  std::string value;    // as given (compact JSON for a value that is not a string)
  std::string message;  // why it was not used, and what was used instead if anything
  bool operator==(const AttributeWarning&) const = default;
};

}  // namespace cordon

#endif  // CORDON_WARNING_H_
