// Line-oriented reading of the TAB-separated tables and configuration files
// cordon ships (data/tables/*.tsv, data/names/negatives/*.tsv,
// data/jurisdictions/*.tsv).
#ifndef CORDON_CORE_TSV_H_
#define CORDON_CORE_TSV_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace cordon {

// The fields of `line` split at every TAB (an empty line gives one empty field).
std::vector<std::string_view> SplitTabs(std::string_view line);

// Whether `line` holds data: not blank (spaces and TABs only) and not a comment
// starting with '#'.
bool IsDataLine(std::string_view line);

// Calls fn(line_no, line) for every data line of `text` (1-based line numbers,
// LF or CRLF line ends, the CR removed). Stops at and returns the first error
// fn returns.
template <typename Fn>
absl::Status ForEachDataLine(std::string_view text, Fn fn) {
  uint64_t line_no = 0;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!IsDataLine(line)) continue;
    if (absl::Status s = fn(line_no, line); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace cordon

#endif  // CORDON_CORE_TSV_H_
