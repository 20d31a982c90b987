// UN/EDIFACT syntax: service string advice, segments, interchange structure.
// Shared by the PAXLST and PNRGOV readers (not part of the public API).
#ifndef CORDON_MESSAGES_EDIFACT_H_
#define CORDON_MESSAGES_EDIFACT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/messages.h"

namespace cordon::messages {

struct Segment {
  std::string tag;  // "NAD"
  // elements[0] is the tag element; elements[i][j] is component j of data
  // element i, with release characters removed.
  std::vector<std::vector<std::string>> elements;
  uint64_t offset = 0;  // byte offset of the tag in the input
  int number = 0;       // 1-based position within its message (UNH = 1), 0 outside

  // Component j of element i, "" when absent.
  const std::string& Get(size_t i, size_t j = 0) const;
};

// One UNH..UNT message of an interchange, or the error that stopped it.
struct EdifactMessage {
  uint64_t offset = 0;
  std::vector<Segment> segments;  // UNH first, UNT last
  std::vector<std::string> notes;
};

struct Interchange {
  std::string date;  // UNB preparation date YYMMDD, "" if none
  std::vector<absl::StatusOr<EdifactMessage>> messages;
  std::vector<std::string> notes;
};

// Splits an interchange into messages. Fails as a whole only when the
// service string advice (UNA) is malformed or the input is not UTF-8;
// truncated or stray segments are errors of the message they belong to.
absl::StatusOr<Interchange> ReadInterchange(std::string_view name, std::string_view bytes,
                                            const MessageOptions& options);

// The year to resolve two-digit years against: the UNB date's year, else
// the current year.
int PivotYear(const Interchange& x);

// Shared driver: reads the interchange and turns each message into a Message
// with `interpret`; errors stay in their slot.
absl::StatusOr<ParsedMessages> ParseEdifact(
    std::string_view name, std::string_view bytes, const MessageOptions& options,
    MessageFamily family,
    const std::function<absl::StatusOr<Message>(const EdifactMessage&, int pivot_year)>& interpret);

}  // namespace cordon::messages

#endif  // CORDON_MESSAGES_EDIFACT_H_
