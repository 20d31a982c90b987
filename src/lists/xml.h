// Safe XML parsing for the XML list formats (pugixml underneath).
#ifndef CORDON_LISTS_XML_H_
#define CORDON_LISTS_XML_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "absl/status/status.h"
#include "cordon/lists.h"

namespace cordon::lists {

// Parses `bytes` into *doc. Refuses DTD entity declarations (the "billion
// laughs" XML bomb and external entities: pugixml would not expand them, but a
// list never has them, so their presence means the file is not a list),
// documents nested deeper than options.max_xml_depth, and text fields longer
// than options.max_field_bytes. Errors name the file, line and byte offset.
absl::Status ParseXml(std::string_view name, std::string_view bytes, const LoadOptions& options,
                      pugi::xml_document* doc);

// Whitespace-cleaned text content of the child element `child` of `node`
// ("" when absent). With child == nullptr, of `node` itself.
std::string XmlText(pugi::xml_node node, const char* child = nullptr);

// 1-based line of `node` in the source text (0 if unknown).
uint64_t XmlLine(std::string_view bytes, const pugi::xml_document& doc, pugi::xml_node node);

// Element path of `node` from the root, each step with its 1-based position
// among same-named siblings: "/CONSOLIDATED_LIST/INDIVIDUALS[1]/INDIVIDUAL[17]".
std::string XmlPath(pugi::xml_node node);

// InvalidArgument "<name>:<line>: <field>: <reason>" for `node`.
absl::Status XmlError(std::string_view name, std::string_view bytes, const pugi::xml_document& doc,
                      pugi::xml_node node, std::string_view field, std::string_view reason);

// The name of element `n` without its namespace prefix ("sdn:entry" -> "entry").
std::string_view XmlLocalName(pugi::xml_node n);

// The child elements of `n` whose local name (XmlLocalName) is `local`, in document order.
std::vector<pugi::xml_node> XmlChildren(pugi::xml_node n, std::string_view local);

// Name of the root element of the first 64 KiB of an XML text, with any
// namespace prefix removed, or "" if `head` does not look like XML. Used by
// format detection.
std::string XmlRootName(std::string_view head);

}  // namespace cordon::lists

#endif  // CORDON_LISTS_XML_H_
