#include "cases/subject_file.h"

#include <algorithm>
#include <sstream>

#include "core/strcat.h"
#include "lists/csv.h"

namespace cordon::cases {
namespace {

using nlohmann::json;

std::vector<SubjectRecord> JsonlRecords(std::string_view text) {
  std::vector<SubjectRecord> out;
  size_t line = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (line == 1 && l.starts_with("\xEF\xBB\xBF")) l.remove_prefix(3);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
    json j = json::parse(l, nullptr, false);
    if (j.is_discarded()) {
      out.push_back({line, absl::InvalidArgumentError("not valid JSON")});
    } else {
      out.push_back({line, std::move(j)});
    }
  }
  return out;
}

absl::StatusOr<std::vector<SubjectRecord>> CsvRecords(std::string_view name,
                                                      std::string_view text) {
  lists::CsvReader reader(name, text);
  std::vector<std::string> header, fields;
  auto ok = reader.Next(&header);
  if (!ok.ok()) return ok.status();
  if (!*ok) return std::vector<SubjectRecord>();
  std::vector<SubjectRecord> out;
  while (true) {
    auto more = reader.Next(&fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    const size_t line = reader.line();
    if (fields.size() != header.size()) {
      SubjectRecord bad{line, absl::InvalidArgumentError(StrCat("has ", fields.size(),
                                                                " fields, the header ",
                                                                header.size()))};
      const auto id_col = static_cast<size_t>(std::find(header.begin(), header.end(), "id") -
                                              header.begin());
      if (id_col < fields.size()) bad.id = fields[id_col];
      out.push_back(std::move(bad));
      continue;
    }
    json j = json::object();
    for (size_t i = 0; i < header.size(); ++i) {
      if (fields[i].empty()) continue;
      if (header[i] != "identifiers") {
        j[header[i]] = fields[i];
        continue;
      }
      json ids = json::array();
      std::istringstream ss(fields[i]);
      for (std::string v; std::getline(ss, v, ';');) {
        if (!v.empty()) ids.push_back(v);
      }
      j["identifiers"] = std::move(ids);
    }
    out.push_back({line, std::move(j)});
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<SubjectRecord>> ReadSubjectRecords(std::string_view name,
                                                              std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string_view::npos || text[first] == '{') return JsonlRecords(text);
  return CsvRecords(name, text);
}

}  // namespace cordon::cases
