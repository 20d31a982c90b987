// Shared by the two halves of the ISO 20022 reader (not part of the public API):
// iso20022_locate.cc finds the business messages in a file, iso20022.cc reads one.
#ifndef CORDON_MESSAGES_ISO20022_XML_H_
#define CORDON_MESSAGES_ISO20022_XML_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "absl/status/statusor.h"
#include "cordon/messages.h"

namespace cordon::messages {

// Element name without its namespace prefix.
std::string_view Local(pugi::xml_node n);
// First child element with local name `local` (null node if none).
pugi::xml_node Child(pugi::xml_node n, std::string_view local);
std::vector<pugi::xml_node> Children(pugi::xml_node n, std::string_view local);
pugi::xml_node FirstElement(pugi::xml_node n);
// Byte offset of the element's start tag in the parsed text.
uint64_t NodeOffset(pugi::xml_node n);

// "pacs.008.001.08" from a namespace, MsgDefIdr or any text holding a message identifier
// (four lower-case letters, then three, three and two digits); "" if none.
std::string FindMessageName(std::string_view text);
// The message identifier of the namespace `n` is in (its prefix resolved through the xmlns
// attributes of it and its ancestors); "" when the namespace names none.
std::string MessageNameOf(pugi::xml_node n);

// One business message found in a file: its head.001 business application header (null when
// the Document comes alone) and its Document (null for a header with no Document after it).
struct MxPart {
  pugi::xml_node hdr;
  pugi::xml_node doc;
};

// Whether `local` is the business element of a message the reader reads (FIToFICstmrCdtTrf...).
bool IsIso20022Body(std::string_view local);
// "pacs.008, pacs.009, ...": the messages read, for error messages.
std::string SupportedIso20022();
// Reads one business message of the parsed `bytes`.
absl::StatusOr<Message> ReadIso20022(std::string_view name, std::string_view bytes,
                                     const MxPart& part);

}  // namespace cordon::messages

#endif  // CORDON_MESSAGES_ISO20022_XML_H_
