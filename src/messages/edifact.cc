#include "messages/edifact.h"

#include <chrono>
#include <utility>

#include "core/strcat.h"
#include "core/text.h"

namespace cordon::messages {
namespace {

struct Separators {
  char component = ':';
  char data = '+';
  char release = '?';  // 0: none
  char segment = '\'';
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

absl::Status UnaError(std::string_view name, uint64_t at, std::string_view reason) {
  return absl::InvalidArgumentError(
      StrCat(name, ": byte ", at, ": UNA service string advice: ", reason));
}

// UNA + six characters: component, data element, decimal mark, release,
// reserved (repetition), segment terminator (ISO 9735).
absl::StatusOr<Separators> ReadUna(std::string_view name, std::string_view bytes, uint64_t at) {
  if (bytes.size() < at + 9) return UnaError(name, at, "truncated (needs 6 characters after UNA)");
  const std::string_view s = bytes.substr(at + 3, 6);
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c > 0x7e) {
      return UnaError(name, at + 3 + i,
                      StrCat("character ", i + 1, " of 6 is ",
                             c == '\n' || c == '\r' ? "a line break" : "not printable ASCII",
                             " (the advice is short or uses a non-ASCII terminator)"));
    }
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (alnum && i != 4)
      return UnaError(name, at + 3 + i, "separators cannot be letters or digits");
  }
  Separators sep{s[0], s[1], s[3] == ' ' ? '\0' : s[3], s[5]};
  if (sep.component == sep.data || sep.component == sep.segment || sep.data == sep.segment ||
      sep.release == sep.component || sep.release == sep.data || sep.release == sep.segment ||
      sep.data == ' ' || sep.component == ' ' || sep.segment == ' ') {
    return UnaError(name, at + 3, StrCat("separators '", s, "' are not distinct"));
  }
  return sep;
}

class Tokenizer {
 public:
  Tokenizer(std::string_view bytes, Separators sep, size_t pos)
      : bytes_(bytes), sep_(sep), pos_(pos) {}

  // Next segment; false at the end of input. Sets *truncated when the input
  // ends inside a segment.
  bool Next(Segment* seg, bool* truncated, uint64_t max_bytes);
  size_t pos() const { return pos_; }
  void SkipSpace() {
    while (pos_ < bytes_.size() && IsSpace(bytes_[pos_])) ++pos_;
  }

 private:
  std::string_view bytes_;
  Separators sep_;
  size_t pos_;
};

bool Tokenizer::Next(Segment* seg, bool* truncated, uint64_t max_bytes) {
  SkipSpace();
  *truncated = false;
  if (pos_ >= bytes_.size()) return false;
  *seg = Segment{};
  seg->offset = pos_;
  seg->elements.assign(1, {std::string()});
  const size_t start = pos_;
  while (true) {
    if (pos_ >= bytes_.size() || pos_ - start > max_bytes) {
      *truncated = true;
      break;
    }
    const char c = bytes_[pos_++];
    if (c == sep_.segment) break;
    // Line breaks are transport formatting, never data (the samples wrap
    // long segments at arbitrary places).
    if (c == '\r' || c == '\n') continue;
    if (sep_.release != '\0' && c == sep_.release) {
      if (pos_ >= bytes_.size()) {
        *truncated = true;
        break;
      }
      seg->elements.back().back() += bytes_[pos_++];
    } else if (c == sep_.data) {
      seg->elements.push_back({std::string()});
    } else if (c == sep_.component) {
      seg->elements.back().emplace_back();
    } else {
      seg->elements.back().back() += c;
    }
  }
  seg->tag = CleanSpaces(seg->elements[0][0]);
  return true;
}

absl::Status SegmentError(std::string_view name, const Segment& s, std::string_view reason) {
  return absl::InvalidArgumentError(
      StrCat(name, ": byte ", s.offset, ": segment ", s.number, " (", s.tag, "): ", reason));
}

// Adds one finished (or broken) message to the interchange.
void Close(std::string_view name, EdifactMessage* msg, bool open, Interchange* x) {
  if (open) {
    const Segment& unh = msg->segments.front();
    x->messages.push_back(absl::InvalidArgumentError(
        StrCat(name, ": byte ", unh.offset, ": message ", unh.Get(1),
               ": not closed by UNT (truncated?) after segment ", msg->segments.size())));
    return;
  }
  const Segment& unt = msg->segments.back();
  if (unt.Get(1) != StrCat(msg->segments.size())) {
    msg->notes.push_back(
        StrCat("UNT says ", unt.Get(1), " segments, the message has ", msg->segments.size()));
  }
  x->messages.push_back(std::move(*msg));
}

}  // namespace

const std::string& Segment::Get(size_t i, size_t j) const {
  static const std::string kEmpty;
  if (i >= elements.size() || j >= elements[i].size()) return kEmpty;
  return elements[i][j];
}

absl::StatusOr<Interchange> ReadInterchange(std::string_view name, std::string_view bytes,
                                            const MessageOptions& options) {
  if (absl::Status s = ValidateUtf8(name, bytes); !s.ok()) return s;
  size_t pos = StripBom(bytes).data() - bytes.data();
  while (pos < bytes.size() && IsSpace(bytes[pos])) ++pos;
  Separators sep;
  if (bytes.compare(pos, 3, "UNA") == 0) {
    absl::StatusOr<Separators> una = ReadUna(name, bytes, pos);
    if (!una.ok()) return una.status();
    sep = *una;
    pos += 9;
  }
  Interchange x;
  Tokenizer tok(bytes, sep, pos);
  EdifactMessage msg;
  bool open = false;
  Segment seg;
  bool truncated = false;
  while (tok.Next(&seg, &truncated, options.max_field_bytes)) {
    if (x.messages.size() >= options.max_messages) {
      return absl::InvalidArgumentError(
          StrCat(name, ": more than ", options.max_messages, " messages"));
    }
    if (truncated) {
      seg.number = open ? static_cast<int>(msg.segments.size()) + 1 : 0;
      const absl::Status err =
          SegmentError(name, seg,
                       StrCat("not terminated by '", std::string(1, sep.segment),
                              "' (truncated, or longer than ", options.max_field_bytes, " bytes)"));
      if (open || x.messages.empty()) {
        x.messages.push_back(err);
      } else {
        x.notes.push_back(std::string(err.message()));
      }
      return x;
    }
    if (seg.tag == "UNH") {
      if (open) Close(name, &msg, true, &x);
      msg = EdifactMessage{.offset = seg.offset};
      open = true;
    }
    if (seg.tag == "UNB") x.date = seg.Get(4, 0);
    if (open) {
      seg.number = static_cast<int>(msg.segments.size()) + 1;
      const bool closes = seg.tag == "UNT";
      msg.segments.push_back(std::move(seg));  // Next() starts the next one afresh
      if (closes) {
        Close(name, &msg, false, &x);
        open = false;
      }
    } else if (seg.tag == "UNZ") {
      tok.SkipSpace();
      if (tok.pos() < bytes.size()) {
        x.notes.push_back(StrCat("byte ", tok.pos(), ": text after UNZ ignored: '",
                                 CleanSpaces(bytes.substr(tok.pos(), 40)), "'"));
      }
      return x;
    } else if (seg.tag != "UNB" && seg.tag != "UNG" && seg.tag != "UNE") {
      x.messages.push_back(SegmentError(name, seg, "outside a message (no UNH before it)"));
    }
  }
  if (open) Close(name, &msg, true, &x);
  return x;
}

int PivotYear(const Interchange& x) {
  if (x.date.size() == 6 && x.date[0] >= '0' && x.date[0] <= '9' && x.date[1] >= '0' &&
      x.date[1] <= '9') {
    return 2000 + (x.date[0] - '0') * 10 + (x.date[1] - '0');
  }
  const auto now = std::chrono::system_clock::now();
  return static_cast<int>(
      std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now)).year());
}

absl::StatusOr<ParsedMessages> ParseEdifact(
    std::string_view name, std::string_view bytes, const MessageOptions& options,
    MessageFamily family,
    const std::function<absl::StatusOr<Message>(const EdifactMessage&, int pivot_year)>&
        interpret) {
  absl::StatusOr<Interchange> x = ReadInterchange(name, bytes, options);
  if (!x.ok()) return x.status();
  ParsedMessages out;
  out.family = family;
  out.notes = x->notes;
  const int pivot = PivotYear(*x);
  for (const auto& m : x->messages) {
    if (!m.ok()) {
      out.messages.push_back(m.status());
      continue;
    }
    absl::StatusOr<Message> msg = interpret(*m, pivot);
    if (msg.ok()) {
      msg->family = family;
      msg->offset = m->offset;
      msg->id = m->segments.front().Get(1);
      msg->notes.insert(msg->notes.begin(), m->notes.begin(), m->notes.end());
    }
    out.messages.push_back(std::move(msg));
  }
  return out;
}

}  // namespace cordon::messages
