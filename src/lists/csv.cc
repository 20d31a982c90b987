#include "lists/csv.h"

#include <algorithm>

#include "core/strcat.h"
#include "core/text.h"

namespace cordon::lists {

CsvReader::CsvReader(std::string_view name, std::string_view data, char separator,
                     uint64_t max_field_bytes)
    : name_(name), data_(StripBom(data)), sep_(separator), max_field_(max_field_bytes) {}

absl::StatusOr<bool> CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (pos_ >= data_.size()) return false;
  record_line_ = line_;
  std::string field;
  bool quoted = false;      // inside a quoted section
  bool was_quoted = false;  // this field began with a quote
  auto too_long = [&]() {
    return absl::InvalidArgumentError(StrCat(name_, ":", line_, ": field ", fields->size() + 1,
                                             ": longer than ", max_field_, " bytes"));
  };
  while (pos_ < data_.size()) {
    const char c = data_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < data_.size() && data_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(c);
      }
      if (field.size() > max_field_) return too_long();
      continue;
    }
    if (c == sep_) {
      fields->push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
      ++line_;
      fields->push_back(std::move(field));
      return true;
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (was_quoted && (c == ' ' || c == '\t')) {
      // Spaces between a closing quote and the separator: ignore.
    } else if (was_quoted) {
      return absl::InvalidArgumentError(StrCat(name_, ":", line_, ": field ", fields->size() + 1,
                                               ": unexpected character after a closing quote"));
    } else {
      field.push_back(c);
      if (field.size() > max_field_) return too_long();
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(StrCat(name_, ":", record_line_, ": field ",
                                             fields->size() + 1,
                                             ": quoted field is never closed (truncated file?)"));
  }
  fields->push_back(std::move(field));
  return true;
}

absl::Status MapColumns(std::string_view file, uint64_t line,
                        const std::vector<std::string>& header,
                        std::span<const std::string_view> names, std::span<size_t> index) {
  for (size_t c = 0; c < names.size() && c < index.size(); ++c) {
    const auto it = std::find(header.begin(), header.end(), names[c]);
    if (it == header.end()) {
      return absl::InvalidArgumentError(
          StrCat(file, ":", line, ": header: column \"", names[c], "\" is missing"));
    }
    index[c] = static_cast<size_t>(it - header.begin());
  }
  return absl::OkStatus();
}

}  // namespace cordon::lists
