#include "validate/negatives.h"

#include "core/strcat.h"
#include "core/text.h"

namespace cordon::validate {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return out;
    start = tab + 1;
  }
}

absl::Status LineError(std::string_view file, size_t line, std::string_view field,
                       std::string_view reason) {
  return absl::InvalidArgumentError(StrCat(file, " line ", line, " field ", field, ": ", reason));
}

}  // namespace

absl::StatusOr<std::vector<NegativeName>> ParseNegatives(std::string_view file,
                                                         std::string_view text) {
  if (absl::Status s = ValidateUtf8(file, text); !s.ok()) return s;
  std::vector<NegativeName> out;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
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
  }
  return out;
}

}  // namespace cordon::validate
