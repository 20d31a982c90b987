#include "validate/negatives.h"

#include "core/strcat.h"
#include "core/text.h"
#include "core/tsv.h"

namespace cordon::validate {

absl::Status LineError(std::string_view file, uint64_t line, std::string_view field,
                       std::string_view reason) {
  return absl::InvalidArgumentError(StrCat(file, ":", line, ": ", field, ": ", reason));
}

absl::StatusOr<std::vector<NegativeName>> ParseNegatives(std::string_view file,
                                                         std::string_view text) {
  if (absl::Status s = ValidateUtf8(file, text); !s.ok()) return s;
  std::vector<NegativeName> out;
  const absl::Status s = ForEachDataLine(text, [&](uint64_t line_no, std::string_view line) {
    const std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() != 3) {
      return LineError(file, line_no, "-",
                       StrCat("expected 3 TAB-separated fields, found ", f.size()));
    }
    const std::optional<Schema> schema = ParseSchema(f[1]);
    if (!schema) return LineError(file, line_no, "schema", StrCat("unknown schema \"", f[1], "\""));
    if (f[0].empty()) return LineError(file, line_no, "culture", "empty");
    std::string name = CleanSpaces(f[2]);
    if (name.empty()) return LineError(file, line_no, "name", "empty");
    out.push_back({std::string(f[0]), *schema, std::move(name)});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace cordon::validate
