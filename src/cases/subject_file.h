// Reading subject files: the JSON lines or CSV of `cordon screen --input` and `cordon subjects
// import` (docs/formats.md; both commands read them with this one reader), one
// record per line, each with the line it starts on. A line that is not JSON is returned with its
// error, so that the caller reports it by line number and goes on.
//
// Thread safety: pure functions.
#ifndef CORDON_CASES_SUBJECT_FILE_H_
#define CORDON_CASES_SUBJECT_FILE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cordon::cases {

struct SubjectRecord {
  size_t line = 0;
  absl::StatusOr<nlohmann::json> object;
  // A CSV row with the wrong number of fields: its "id" column when it has one (so that the
  // error names the subject), else empty. Readable records carry their id in `object`.
  std::string id;
};

// JSON lines when the first non-blank byte is '{', else CSV with a header row of the JSON field
// names ("identifiers" holds ';'-separated values). Fails only when the CSV itself cannot be
// read (an unterminated quote); `name` prefixes that error.
absl::StatusOr<std::vector<SubjectRecord>> ReadSubjectRecords(std::string_view name,
                                                              std::string_view text);

}  // namespace cordon::cases

#endif  // CORDON_CASES_SUBJECT_FILE_H_
