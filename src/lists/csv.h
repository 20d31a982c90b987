// RFC 4180 CSV reader with line tracking, for the CSV list formats.
#ifndef CORDON_LISTS_CSV_H_
#define CORDON_LISTS_CSV_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cordon::lists {

// Reads records from CSV text in memory. Handles quoted fields with embedded
// separators, doubled quotes and line breaks, CRLF and LF line ends, a leading
// UTF-8 BOM, and a final record without a line end. A quote that is never
// closed, or a field longer than max_field_bytes, is an error naming the line.
// Also tolerates OFAC's habit of spaces after a closing quote ("x" ,) which
// the legacy files contain.
class CsvReader {
 public:
  CsvReader(std::string_view name, std::string_view data, char separator = ',',
            uint64_t max_field_bytes = 1u << 20);

  // Reads the next record into *fields. Returns false at the end of input.
  absl::StatusOr<bool> Next(std::vector<std::string>* fields);

  // 1-based line on which the last record returned by Next() started.
  uint64_t line() const { return record_line_; }
  std::string_view name() const { return name_; }

 private:
  std::string_view name_;
  std::string_view data_;
  char sep_;
  uint64_t max_field_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
  uint64_t record_line_ = 0;
};

// Finds each of `names` in the header row `header` (read from line `line` of
// `file`) and stores its position in index[i]. A missing column is an error
// naming the file, line and column. index.size() must equal names.size().
absl::Status MapColumns(std::string_view file, uint64_t line,
                        const std::vector<std::string>& header,
                        std::span<const std::string_view> names, std::span<size_t> index);

}  // namespace cordon::lists

#endif  // CORDON_LISTS_CSV_H_
