// SWIFT FIN MT messages (MT103, MT202 / MT202 COV, MT101, MT110, MT199/299, ...) -> parties.
//
// Party fields have the same number in every payment MT (50a ordering customer / payer, 52a its
// bank, 53a-55a reimbursement agents, 56a intermediary, 57a account with institution, 58a
// beneficiary institution, 59a beneficiary / payee), so one table of roles serves MT103, MT101,
// MT110 (cheque advice: drawer 50a, drawer bank 52a, payee 59a, per cheque) and the rest; MT202
// and MT205 read 52a/58a as the ordering and beneficiary institutions.
//
// A file may hold one message or many: RJE files separate messages with a
// "$" line, other dumps simply put them one after another. A message that
// cannot be read is reported in its slot and reading resumes at the next
// "{1:" block.
#include <algorithm>
#include <string>
#include <vector>

#include "cordon/messages.h"
#include "core/strcat.h"
#include "core/text.h"
#include "messages/util.h"

namespace cordon {
namespace {

using messages::AddFreeText;
using messages::CountryIso2;

struct Block {
  char id = 0;
  std::string_view text;  // between "{<id>:" and the closing "}" or "-}"
};

struct Field {
  std::string tag;                 // "59F"
  std::vector<std::string> lines;  // the value, line by line
};

struct RawMessage {
  uint64_t offset = 0;
  std::vector<Block> blocks;
};

class Scanner {
 public:
  Scanner(std::string_view name, std::string_view bytes) : name_(name), bytes_(bytes) {}

  // Reads the message starting at pos_ (which is at "{1:"); pos_ ends after it.
  absl::StatusOr<RawMessage> Next();
  // Moves pos_ to the next "{1:" at or after `from`; false at the end.
  bool Seek(size_t from) {
    pos_ = bytes_.find("{1:", from);
    return pos_ != std::string_view::npos;
  }
  size_t pos() const { return pos_; }

 private:
  absl::Status Error(size_t at, std::string_view what) const {
    const TextPosition p = PositionOf(bytes_, at);
    return absl::InvalidArgumentError(StrCat(name_, ":", p.line, ": byte ", at, ": ", what));
  }
  absl::StatusOr<Block> ReadBlock();
  // End (index of the closing brace) of a "{...}" group with nested braces.
  absl::StatusOr<size_t> MatchBrace(size_t open) const;

  std::string_view name_;
  std::string_view bytes_;
  size_t pos_ = 0;
};

absl::StatusOr<size_t> Scanner::MatchBrace(size_t open) const {
  int depth = 0;
  for (size_t i = open; i < bytes_.size(); ++i) {
    if (bytes_[i] == '{') ++depth;
    if (bytes_[i] == '}' && --depth == 0) return i;
    // A block never spans a new message.
    if (i > open && bytes_.compare(i, 3, "{1:") == 0) break;
  }
  return Error(open, "block not closed by '}'");
}

absl::StatusOr<Block> Scanner::ReadBlock() {
  const size_t open = pos_;
  if (open + 3 > bytes_.size() || bytes_[open + 2] != ':') {
    return Error(open, "expected a block '{n:'");
  }
  Block b;
  b.id = bytes_[open + 1];
  const size_t body = open + 3;
  size_t end = 0;
  if (b.id == '4' && body < bytes_.size() && bytes_[body] != '{') {
    // Text block 4: fields up to a line "-}".
    size_t close = bytes_.find("\n-}", body);
    const size_t next = bytes_.find("{1:", body);
    if (close == std::string_view::npos || (next != std::string_view::npos && next < close)) {
      return Error(open, "block 4: not terminated by a line '-}' (truncated message?)");
    }
    b.text = bytes_.substr(body, close + 1 - body);
    end = close + 3;
  } else {
    absl::StatusOr<size_t> close = MatchBrace(open);
    if (!close.ok()) return close.status();
    b.text = bytes_.substr(body, *close - body);
    end = *close + 1;
  }
  pos_ = end;
  return b;
}

absl::StatusOr<RawMessage> Scanner::Next() {
  RawMessage m;
  m.offset = pos_;
  while (pos_ < bytes_.size() && bytes_[pos_] == '{') {
    if (!m.blocks.empty() && bytes_.compare(pos_, 3, "{1:") == 0) break;
    // A "{" that opens no block after a message is stray text between
    // messages (reported by the caller), not part of this message.
    if (!m.blocks.empty() && (pos_ + 2 >= bytes_.size() || bytes_[pos_ + 2] != ':')) break;
    absl::StatusOr<Block> b = ReadBlock();
    if (!b.ok()) return b.status();
    m.blocks.push_back(*b);
  }
  return m;
}

const Block* FindBlock(const RawMessage& m, char id) {
  for (const Block& b : m.blocks) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

// ":59F:" at the start of a line: two digits and an optional capital letter.
bool FieldStart(std::string_view line, std::string* tag, std::string_view* rest) {
  if (line.size() < 4 || line[0] != ':') return false;
  const size_t colon = line.find(':', 1);
  if (colon != 3 && colon != 4) return false;
  if (!(line[1] >= '0' && line[1] <= '9' && line[2] >= '0' && line[2] <= '9')) return false;
  if (colon == 4 && !(line[3] >= 'A' && line[3] <= 'Z')) return false;
  *tag = std::string(line.substr(1, colon - 1));
  *rest = line.substr(colon + 1);
  return true;
}

absl::StatusOr<std::vector<Field>> ReadFields(std::string_view text, std::string_view where) {
  std::vector<Field> fields;
  const std::vector<std::string> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string tag;
    std::string_view rest;
    if (FieldStart(lines[i], &tag, &rest)) {
      fields.push_back({tag, {std::string(rest)}});
    } else if (!fields.empty()) {
      fields.back().lines.push_back(lines[i]);
    } else if (!CleanSpaces(lines[i]).empty()) {
      return absl::InvalidArgumentError(StrCat(where, ": block 4 line ", i + 1,
                                               ": expected a field ':tag:', found '",
                                               lines[i].substr(0, 40), "'"));
    }
  }
  if (fields.empty()) return absl::InvalidArgumentError(StrCat(where, ": block 4 has no fields"));
  return fields;
}

bool LooksLikeBic(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    if (i < 6 ? !alpha : !(alpha || digit)) return false;
  }
  return true;
}

// BIC11 of a 12-character logical terminal address (BIC8 + terminal + branch).
std::string BicOfTerminal(std::string_view lt) {
  if (lt.size() < 12) return "";
  return StrCat(lt.substr(0, 8), lt.substr(9, 3));
}

bool IsAgentTag(std::string_view number) { return number >= "51" && number <= "58"; }

// Option F (50F, 59F): numbered lines "1/name", "2/address", "3/CC/town",
// "4/birth date", "5/CC/birth place", "6/CC/issuer/customer id",
// "7/CC/national id", "8/continuation".
void ReadOptionF(const std::vector<std::string>& lines, Party* p) {
  for (const std::string& line : lines) {
    if (line.size() < 2 || line[1] != '/' || line[0] < '1' || line[0] > '8') continue;
    const std::string value = CleanSpaces(std::string_view(line).substr(2));
    switch (line[0]) {
      case '1': p->name = p->name.empty() ? value : p->name + " " + value; break;
      case '2': p->address.lines.push_back(value); break;
      case '3': {
        p->address.country = messages::PartyCountry(p, p->path + " 3/", value.substr(0, 2));
        if (value.size() > 3) p->address.town = value.substr(3);
        break;
      }
      case '4':
        p->schema = Schema::kPerson;
        // YYYYMMDD as the standard writes it; other spellings read leniently, else reported.
        if (auto d = messages::PartyBirthDate(p, p->path + " 4/", value)) p->birth_date = *d;
        break;
      case '5':
        p->birth_place = value.size() > 3 ? value.substr(3) + ", " + value.substr(0, 2) : value;
        break;
      case '6':
      case '7':
        p->ids.push_back({line[0] == '6' ? "customer_id" : "national_id", value, ""});
        break;
      default:
        if (!p->address.lines.empty()) p->address.lines.back() += " " + value;
        break;
    }
  }
  p->country = p->address.country;
}

// "CCPT/DE/X1234567" style party identifier of option F.
void ReadPartyIdentifier(std::string_view line, Party* p) {
  if (line.starts_with("/")) {
    p->ids.push_back({"account", std::string(line.substr(1)), ""});
    return;
  }
  const size_t s1 = line.find('/');
  const size_t s2 = s1 == std::string_view::npos ? s1 : line.find('/', s1 + 1);
  if (s1 != 4 || s2 == std::string_view::npos) {
    p->ids.push_back({"party_identifier", std::string(line), ""});
    return;
  }
  const std::string code(line.substr(0, 4));
  const std::string country = CountryIso2(line.substr(5, s2 - 5));
  const std::string id(line.substr(s2 + 1));
  if (code == "CCPT" || code == "NIDN") {
    p->documents.push_back({.type = code, .number = id, .country = country});
    p->schema = Schema::kPerson;
  } else {
    p->ids.push_back({code, id, country});
  }
}

Party ReadPartyField(const Field& f, std::string role, const std::string& path) {
  Party p;
  p.role = std::move(role);
  p.path = path;
  const std::string number = f.tag.substr(0, 2);
  const char option = f.tag.size() > 2 ? f.tag[2] : ' ';
  if (IsAgentTag(number)) p.schema = Schema::kOrganization;
  std::vector<std::string> lines;
  for (const std::string& l : f.lines) {
    if (!CleanSpaces(l).empty()) lines.push_back(l);
  }
  size_t i = 0;
  const bool numbered = option == 'F' && !lines.empty() && lines[0].size() > 1 &&
                        lines[0][0] >= '1' && lines[0][0] <= '8' && lines[0][1] == '/';
  if (option == 'F' && !numbered && !lines.empty()) {
    ReadPartyIdentifier(lines[i++], &p);
  } else if (i < lines.size() && lines[i].starts_with("/")) {
    p.ids.push_back({"account", CleanSpaces(std::string_view(lines[i++]).substr(1)), ""});
  }
  if (option == 'F') {
    ReadOptionF({lines.begin() + static_cast<long>(i), lines.end()}, &p);
  } else if (option == 'A' || option == 'C' || option == 'G') {
    if (i < lines.size() && LooksLikeBic(CleanSpaces(lines[i]))) p.bic = CleanSpaces(lines[i++]);
    p.schema = Schema::kOrganization;
  } else if (option == 'B') {
    for (; i < lines.size(); ++i) p.address.lines.push_back(CleanSpaces(lines[i]));
  } else if (option == 'L') {
    if (i < lines.size()) p.ids.push_back({"party_identifier", CleanSpaces(lines[i++]), ""});
  } else {
    if (i < lines.size()) p.name = CleanSpaces(lines[i++]);
    for (; i < lines.size(); ++i) p.address.lines.push_back(CleanSpaces(lines[i]));
  }
  p.name_path = p.name.empty() ? "" : path;
  return p;
}

struct MtContext {
  int mt = 0;        // 103, 202, 101, ...
  bool cov = false;  // MT202 COV / MT205 COV
  bool in_seq_b = false;
  // MT202 and MT205 (financial institution transfers): 52a and 58a are the ordering and the
  // beneficiary institution; a COV message adds the underlying customer transfer (sequence B).
  bool FiTransfer() const { return mt == 202 || mt == 205; }
};

// The role of a party field, or "" if the tag is not a party.
std::string RoleOf(const Field& f, MtContext* ctx) {
  const std::string number = f.tag.substr(0, 2);
  const char option = f.tag.size() > 2 ? f.tag[2] : ' ';
  if (ctx->FiTransfer() && number == "50") ctx->in_seq_b = true;
  const std::string prefix = ctx->FiTransfer() && ctx->in_seq_b ? "underlying_" : "";
  const bool fi_transfer = ctx->FiTransfer() && !ctx->in_seq_b;
  if (number == "50") {
    return (option == 'C' || option == 'L') ? "initiating_party" : prefix + "debtor";
  }
  if (number == "51") return "sending_institution";
  if (number == "52") return fi_transfer ? "debtor" : prefix + "debtor_agent";
  if (number == "53") return prefix + "instructing_reimbursement_agent";
  if (number == "54") return prefix + "instructed_reimbursement_agent";
  if (number == "55") return prefix + "third_reimbursement_agent";
  if (number == "56") return prefix + "intermediary_agent_1";
  if (number == "57") return prefix + "creditor_agent";
  if (number == "58") return "creditor";
  if (number == "59") return prefix + "creditor";
  return "";
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

std::string AddressText(const PostalAddress& a) {
  std::string out = JoinLines(a.lines);
  if (!a.town.empty()) out += (out.empty() ? "" : "\n") + a.town;
  return out;
}

void ReadHeaders(const RawMessage& raw, const Block& b2, Message* m) {
  const Block* b1 = FindBlock(raw, '1');
  const std::string_view h1 = b1 ? b1->text : std::string_view();
  const std::string lt1 = h1.size() >= 15 ? BicOfTerminal(h1.substr(3, 12)) : "";
  std::string lt2;
  if (b2.text[0] == 'I' && b2.text.size() >= 16) lt2 = BicOfTerminal(b2.text.substr(4, 12));
  if (b2.text[0] == 'O' && b2.text.size() >= 26) lt2 = BicOfTerminal(b2.text.substr(14, 12));
  const bool input = b2.text[0] == 'I';
  const std::string sender = input ? lt1 : lt2;
  const std::string receiver = input ? lt2 : lt1;
  if (!sender.empty()) {
    m->parties.push_back({.role = "sender",
                          .schema = Schema::kOrganization,
                          .bic = sender,
                          .path = input ? "{1:}" : "{2:}"});
  }
  if (!receiver.empty()) {
    m->parties.push_back({.role = "receiver",
                          .schema = Schema::kOrganization,
                          .bic = receiver,
                          .path = input ? "{2:}" : "{1:}"});
  }
}

absl::StatusOr<Message> InterpretMt(std::string_view name, const RawMessage& raw) {
  const std::string where = StrCat(name, ": byte ", raw.offset);
  const Block* b2 = FindBlock(raw, '2');
  const Block* b4 = FindBlock(raw, '4');
  if (b2 == nullptr) return absl::InvalidArgumentError(StrCat(where, ": missing block 2"));
  if (b4 == nullptr) return absl::InvalidArgumentError(StrCat(where, ": missing block 4"));
  if (b2->text.size() < 4 || (b2->text[0] != 'I' && b2->text[0] != 'O')) {
    return absl::InvalidArgumentError(
        StrCat(where, ": block 2: expected I or O and a message type, found '",
               b2->text.substr(0, 20), "'"));
  }
  Message m;
  m.family = MessageFamily::kSwiftMt;
  m.offset = raw.offset;
  MtContext ctx;
  const std::string_view type = b2->text.substr(1, 3);
  for (char c : type) {
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(StrCat(where, ": block 2: bad message type '", type, "'"));
    }
    ctx.mt = ctx.mt * 10 + (c - '0');
  }
  const Block* b3 = FindBlock(raw, '3');
  ctx.cov =
      ctx.FiTransfer() && b3 != nullptr && b3->text.find("{119:COV}") != std::string_view::npos;
  m.format = StrCat("MT", type, ctx.cov ? "COV" : "");
  ReadHeaders(raw, *b2, &m);
  absl::StatusOr<std::vector<Field>> fields = ReadFields(b4->text, where);
  if (!fields.ok()) return fields.status();
  std::vector<std::pair<std::string, int>> seen;
  for (const Field& f : *fields) {
    int n = 1;
    for (auto& [tag, count] : seen) {
      if (tag == f.tag) n = ++count;
    }
    if (n == 1) seen.push_back({f.tag, 1});
    const std::string path = n == 1 ? StrCat(":", f.tag, ":") : StrCat(":", f.tag, ":[", n, "]");
    if (f.tag == "20" && m.id.empty()) m.id = CleanSpaces(f.lines[0]);
    const std::string role = RoleOf(f, &ctx);
    if (!role.empty()) {
      Party p = ReadPartyField(f, role, path);
      AddFreeText(&m, path, "address", AddressText(p.address));
      m.parties.push_back(std::move(p));
    } else if (f.tag == "70" || f.tag == "77T") {
      AddFreeText(&m, path, "remittance", JoinLines(f.lines));
    } else if (f.tag == "72") {
      AddFreeText(&m, path, "instruction", JoinLines(f.lines));
    } else if (f.tag == "77B") {
      AddFreeText(&m, path, "regulatory", JoinLines(f.lines));
    } else if (f.tag == "79") {
      // The narrative of MT n99 free-format messages and of MT n92/n95/n96 (cancellation
      // requests, queries, answers): up to 35 lines of any text.
      AddFreeText(&m, path, "narrative", JoinLines(f.lines));
    }
  }
  if (ctx.FiTransfer() && ctx.in_seq_b && !ctx.cov) m.format = StrCat("MT", type, "COV");
  return m;
}

// An F21 service message (ACK/NAK) in front of the message it acknowledges:
// "{1:F21...}{4:{177:...}{451:0}}{1:F01...}".
bool IsServiceHeader(const RawMessage& raw) {
  const Block* b1 = FindBlock(raw, '1');
  return b1 != nullptr && b1->text.starts_with("F21") && FindBlock(raw, '2') == nullptr;
}

// Text between two messages other than "$" separators and white space.
void NoteStrayText(std::string_view bytes, size_t from, size_t to, ParsedMessages* out) {
  for (size_t i = from; i < to; ++i) {
    const char c = bytes[i];
    if (c == '$' || c == ' ' || c == '\r' || c == '\n' || c == '\t') continue;
    out->notes.push_back(StrCat("byte ", i, ": text between messages ignored: '",
                                CleanSpaces(bytes.substr(i, std::min<size_t>(to - i, 40))), "'"));
    return;
  }
}

}  // namespace

absl::StatusOr<ParsedMessages> ParseSwiftMt(std::string_view name, std::string_view bytes,
                                            const MessageOptions& options) {
  if (absl::Status s = ValidateUtf8(name, bytes); !s.ok()) return s;
  ParsedMessages out;
  out.family = MessageFamily::kSwiftMt;
  Scanner scanner(name, bytes);
  bool more = scanner.Seek(0);
  while (more) {
    if (out.messages.size() >= options.max_messages) {
      return absl::InvalidArgumentError(
          StrCat(name, ": more than ", options.max_messages, " messages"));
    }
    const size_t start = scanner.pos();
    absl::StatusOr<RawMessage> raw = scanner.Next();
    if (!raw.ok()) {
      out.messages.push_back(raw.status());
      more = scanner.Seek(start + 1);
      continue;
    }
    if (IsServiceHeader(*raw) && bytes.compare(scanner.pos(), 3, "{1:") == 0) continue;
    out.messages.push_back(InterpretMt(name, *raw));
    const size_t end = scanner.pos();
    more = scanner.Seek(end);
    NoteStrayText(bytes, end, more ? scanner.pos() : bytes.size(), &out);
  }
  return out;
}

}  // namespace cordon
