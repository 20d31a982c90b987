// Format detection and the ParseMessages front door.
#include <string>

#include "cordon/messages.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/xml.h"
#include "messages/iso20022_xml.h"

namespace cordon {
namespace {

std::string_view SkipSpace(std::string_view s) {
  while (!s.empty() && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) {
    s.remove_prefix(1);
  }
  return s;
}

MessageFamily DetectEdifact(std::string_view head) {
  const size_t pax = head.find("PAXLST");
  const size_t pnr = head.find("PNRGOV");
  if (pax == std::string_view::npos && pnr == std::string_view::npos)
    return MessageFamily::kUnknown;
  return pax < pnr ? MessageFamily::kPaxlst : MessageFamily::kPnrgov;
}

// ISO 20022 messages are recognised by their namespace wherever they sit (any wrapper, any prefix
// before the XML): the ISO one, or SWIFT's own for MX messages ("urn:swift:xsd:camt.003.001.04").
bool HasIsoNamespace(std::string_view text) {
  if (text.find("urn:iso:std:iso:20022:tech:xsd:") != std::string_view::npos) return true;
  constexpr std::string_view kSwift = "urn:swift:xsd:";
  for (size_t at = text.find(kSwift); at != std::string_view::npos;
       at = text.find(kSwift, at + 1)) {
    if (!messages::FindMessageName(text.substr(at + kSwift.size(), 15)).empty()) return true;
  }
  return false;
}

}  // namespace

std::string_view MessageFamilyName(MessageFamily f) {
  switch (f) {
    case MessageFamily::kIso20022: return "iso20022";
    case MessageFamily::kSwiftMt: return "swift-mt";
    case MessageFamily::kPaxlst: return "paxlst";
    case MessageFamily::kPnrgov: return "pnrgov";
    case MessageFamily::kUnknown: break;
  }
  return "unknown";
}

std::optional<MessageFamily> ParseMessageFamily(std::string_view name) {
  for (MessageFamily f : {MessageFamily::kIso20022, MessageFamily::kSwiftMt, MessageFamily::kPaxlst,
                          MessageFamily::kPnrgov}) {
    if (MessageFamilyName(f) == name) return f;
  }
  return std::nullopt;
}

MessageFamily DetectMessageFamily(std::string_view head) {
  head = SkipSpace(StripBom(head.substr(0, 4096)));
  if (head.starts_with("{1:")) return MessageFamily::kSwiftMt;
  if (head.starts_with("UNA") || head.starts_with("UNB")) return DetectEdifact(head);
  if (HasIsoNamespace(head)) return MessageFamily::kIso20022;
  if (head.starts_with("<")) {
    const std::string root = lists::XmlRootName(head);
    if (root == "Envelope" || root == "Document" || root == "AppHdr" || root == "BusMsg" ||
        root == "DataPDU") {
      return MessageFamily::kIso20022;
    }
  }
  return MessageFamily::kUnknown;
}

absl::StatusOr<ParsedMessages> ParseMessages(std::string_view name, std::string_view bytes,
                                             const MessageOptions& options) {
  if (bytes.size() > options.max_bytes) {
    return absl::InvalidArgumentError(
        StrCat(name, ": ", bytes.size(), " bytes is more than the limit of ", options.max_bytes));
  }
  MessageFamily family = DetectMessageFamily(bytes);
  // A wrapper may hold a long vendor header before the first namespace.
  if (family == MessageFamily::kUnknown && HasIsoNamespace(bytes)) {
    family = MessageFamily::kIso20022;
  }
  switch (family) {
    case MessageFamily::kIso20022: return ParseIso20022(name, bytes, options);
    case MessageFamily::kSwiftMt: return ParseSwiftMt(name, bytes, options);
    case MessageFamily::kPaxlst: return ParsePaxlst(name, bytes, options);
    case MessageFamily::kPnrgov: return ParsePnrgov(name, bytes, options);
    case MessageFamily::kUnknown: break;
  }
  return absl::InvalidArgumentError(
      StrCat(name,
             ": byte 0: not a supported message (expected ISO 20022 XML, a SWIFT MT "
             "message starting with {1:, or EDIFACT PAXLST/PNRGOV starting with UNA or UNB)"));
}

}  // namespace cordon
