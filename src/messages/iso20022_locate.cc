// Finding ISO 20022 business messages in a file, wherever they sit.
//
// Banks exchange a payment as a bare Document; as a business application header (AppHdr) and
// a Document side by side inside a wrapper (SWIFT's <Envelope>, <message>, <BizMsg>,
// <RequestPayload>, the Alliance <DataPDU>, or a vendor's own element); and several of them in
// one file (one wrapper holding many pairs, or documents simply following each other). So the
// root element says nothing: every element is looked at in document order, a Document (or a
// business element such as FIToFICstmrCdtTrf standing without one) is recognised by its local
// name and its namespace (urn:iso:std:iso:20022:tech:xsd:<message>), and each is paired with the
// AppHdr just before it in the same wrapper. Every message found is read on its own; a header left
// without a Document, or a Document of a message the reader does not read, is an error in its slot.
#include <string>
#include <vector>

#include "cordon/messages.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/xml.h"
#include "messages/iso20022_xml.h"
#include "messages/util.h"

namespace cordon::messages {

std::string_view Local(pugi::xml_node n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
  return name;
}

pugi::xml_node Child(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c) == local) return c;
  }
  return {};
}

std::vector<pugi::xml_node> Children(pugi::xml_node n, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c) == local) out.push_back(c);
  }
  return out;
}

pugi::xml_node FirstElement(pugi::xml_node n) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return c;
  }
  return {};
}

// pugixml gives the offset of the element's name; the tag starts one byte before it.
uint64_t NodeOffset(pugi::xml_node n) {
  const ptrdiff_t off = n.offset_debug();
  return off > 0 ? static_cast<uint64_t>(off - 1) : 0;
}

std::string FindMessageName(std::string_view text) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  // "pacs.008.001.08": the positions of the letters, dots and digits.
  constexpr std::string_view kShape = "aaaa.ddd.ddd.dd";
  for (size_t at = 0; at + kShape.size() <= text.size(); ++at) {
    bool ok = at == 0 || !lower(text[at - 1]);
    for (size_t i = 0; ok && i < kShape.size(); ++i) {
      const char c = text[at + i];
      ok = kShape[i] == 'a' ? lower(c) : kShape[i] == 'd' ? digit(c) : c == '.';
    }
    if (ok) return std::string(text.substr(at, kShape.size()));
  }
  return "";
}

std::string MessageNameOf(pugi::xml_node n) {
  const std::string_view name = n.name();
  const size_t colon = name.find(':');
  const std::string attr =
      colon == std::string_view::npos ? "xmlns" : StrCat("xmlns:", name.substr(0, colon));
  for (pugi::xml_node a = n; a; a = a.parent()) {
    if (pugi::xml_attribute at = a.attribute(attr.c_str())) return FindMessageName(at.value());
  }
  return "";
}

namespace {

bool IsHeader(pugi::xml_node n) { return Local(n) == "AppHdr"; }

// A Document element (any namespace, or none), or a business element the reader reads standing
// in an ISO 20022 message namespace without a Document around it.
bool IsDocument(pugi::xml_node n) {
  const std::string_view local = Local(n);
  if (local == "Document") return true;
  return IsIso20022Body(local) && !MessageNameOf(n).empty();
}

// Collects the messages below `n` in document order. A header pairs with the Document that
// follows it among its siblings (side by side in the same wrapper); one left without is a
// message of its own (an error when read). Headers and documents are not looked into: a
// Document holds no other message.
void Locate(pugi::xml_node n, std::vector<MxPart>* parts) {
  pugi::xml_node pending;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (IsHeader(c)) {
      if (pending) parts->push_back({pending, {}});
      pending = c;
    } else if (IsDocument(c)) {
      parts->push_back({pending, c});
      pending = {};
    } else {
      Locate(c, parts);
    }
  }
  if (pending) parts->push_back({pending, {}});
}

LoadOptions XmlOptions(const MessageOptions& options) {
  LoadOptions lo;
  lo.max_file_bytes = options.max_bytes;
  lo.max_xml_depth = options.max_xml_depth;
  lo.max_field_bytes = options.max_field_bytes;
  return lo;
}

}  // namespace
}  // namespace cordon::messages

namespace cordon {

absl::StatusOr<ParsedMessages> ParseIso20022(std::string_view name, std::string_view bytes,
                                             const MessageOptions& options) {
  if (absl::Status s = ValidateUtf8(name, bytes); !s.ok()) return s;
  ParsedMessages out;
  out.family = MessageFamily::kIso20022;
  pugi::xml_document xml;
  if (absl::Status s = lists::ParseXml(name, bytes, messages::XmlOptions(options), &xml); !s.ok()) {
    out.messages.push_back(s);
    return out;
  }
  std::vector<messages::MxPart> parts;
  messages::Locate(xml, &parts);
  if (parts.empty()) {
    out.messages.push_back(
        messages::MessageError(name, bytes, 0,
                               "no ISO 20022 message (a Document or AppHdr element, namespace "
                               "urn:iso:std:iso:20022:tech:xsd:...) in the file"));
    return out;
  }
  if (parts.size() > options.max_messages) {
    return absl::InvalidArgumentError(
        StrCat(name, ": more than ", options.max_messages, " messages"));
  }
  for (const messages::MxPart& part : parts) {
    out.messages.push_back(messages::ReadIso20022(name, bytes, part));
  }
  return out;
}

}  // namespace cordon
