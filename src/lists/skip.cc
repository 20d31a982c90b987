// Skipping one unreadable record instead of failing the list, and the guard
// on how many may be skipped.
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "core/strcat.h"
#include "lists/loaders.h"

namespace cordon::lists {
namespace {

// How many skip notes a refusal quotes: enough to see the pattern.
constexpr size_t kQuotedSkips = 3;

// Splits "<file>:<line>: <field>: <reason>" into the note; a message of
// another shape becomes the reason whole.
LoadNote NoteFrom(std::string_view message, std::string_view file) {
  LoadNote n{.file = std::string(file)};
  std::string_view rest = message;
  if (rest.starts_with(file) && rest.substr(file.size()).starts_with(":")) {
    rest.remove_prefix(file.size() + 1);
    uint64_t line = 0;
    size_t i = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9')
      line = line * 10 + (rest[i++] - '0');
    if (i > 0 && rest.substr(i).starts_with(": ")) {
      n.line = line;
      rest.remove_prefix(i + 2);
    } else if (rest.starts_with(" ")) {
      rest.remove_prefix(1);
    }
    if (const size_t colon = rest.find(": "); colon != std::string_view::npos) {
      n.field = std::string(rest.substr(0, colon));
      rest.remove_prefix(colon + 2);
    }
  }
  n.reason = std::string(rest);
  return n;
}

}  // namespace

void SkipRecord(const absl::Status& why, std::string_view file, std::string_view where,
                LoadedList* out) {
  LoadNote n = NoteFrom(std::string(why.message()), file);
  n.reason +=
      where.empty() ? std::string("; record skipped") : StrCat("; record ", where, " skipped");
  out->skipped.push_back(std::move(n));
}

uint64_t RecordsSkipped(const LoadedList& l) {
  uint64_t n = 0;
  for (const LoadNote& note : l.skipped) n += note.reason.ends_with(" skipped") ? 1 : 0;
  return n;
}

absl::Status CheckSkippedShare(const LoadedList& l, double max_share) {
  const uint64_t skipped = RecordsSkipped(l);
  if (skipped == 0) return absl::OkStatus();
  const uint64_t read = skipped + l.entities.size();
  const double share = static_cast<double>(skipped) / static_cast<double>(read);
  if (share <= max_share) return absl::OkStatus();
  std::string first;
  size_t quoted = 0;
  for (const LoadNote& n : l.skipped) {
    if (!n.reason.ends_with(" skipped") || quoted++ == kQuotedSkips) continue;
    first += StrCat(first.empty() ? "" : "; ", n.file, n.line > 0 ? StrCat(":", n.line) : "", ": ",
                    n.field.empty() ? "" : n.field + ": ", n.reason);
  }
  return absl::InvalidArgumentError(
      StrCat(l.version.files.empty() ? l.version.list : l.version.files[0], ": ", skipped, " of ",
             read, " records unreadable (", fmt::format("{:.3g}", share * 100),
             "%), above the limit of ", fmt::format("{:.3g}", max_share * 100),
             "% (at most 1 in 100 records may be unreadable); the first: ", first));
}

}  // namespace cordon::lists
