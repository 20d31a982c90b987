#include "lists/xml.h"

#include <algorithm>
#include <cstring>

#include "core/strcat.h"
#include "core/text.h"

namespace cordon::lists {
namespace {

// A shape error says where, as the parser's own errors do ("name:line: byte N: field: reason"):
// a payment message that cannot be read is reported at its byte offset
// (MessageErrorOffset), and a list error keeps its line.
absl::Status ShapeError(std::string_view name, std::string_view bytes, pugi::xml_node node,
                        std::string_view field, std::string_view reason) {
  const ptrdiff_t off = node.offset_debug();  // of the element's name, one byte after its '<'
  const uint64_t at = off > 0 ? static_cast<uint64_t>(off - 1) : 0;
  return absl::InvalidArgumentError(
      StrCat(name, ":", PositionOf(bytes, at).line, ": byte ", at, ": ", field, ": ", reason));
}

// Depth and field size check with an explicit walk (no recursion, so a deep
// document cannot overflow the stack here).
absl::Status CheckShape(std::string_view name, std::string_view bytes, const LoadOptions& options,
                        const pugi::xml_document& doc) {
  int depth = 0;
  pugi::xml_node n = doc.first_child();
  while (n) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      if (std::strlen(n.value()) > options.max_field_bytes) {
        return ShapeError(name, bytes, n.parent(), n.parent().name(),
                          StrCat("text longer than ", options.max_field_bytes, " bytes"));
      }
    }
    if (n.first_child()) {
      if (++depth > options.max_xml_depth) {
        return ShapeError(name, bytes, n, n.name(),
                          StrCat("elements nested deeper than ", options.max_xml_depth, " levels"));
      }
      n = n.first_child();
      continue;
    }
    while (n && !n.next_sibling()) {
      n = n.parent();
      --depth;
      if (n == doc) return absl::OkStatus();
    }
    if (n) n = n.next_sibling();
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseXml(std::string_view name, std::string_view bytes, const LoadOptions& options,
                      pugi::xml_document* doc) {
  const size_t decl = bytes.find("<!ENTITY");
  if (decl != std::string_view::npos) {
    const TextPosition p = PositionOf(bytes, decl);
    return absl::InvalidArgumentError(
        StrCat(name, ":", p.line, ": byte ", decl,
               ": DOCTYPE: entity declarations are not allowed (XML bomb protection)"));
  }
  const pugi::xml_parse_result r =
      doc->load_buffer(bytes.data(), bytes.size(),
                       pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!r) {
    // pugixml can place an error past the end of the input (an attribute cut off at the end:
    // the input's size + 1): the error is at the end.
    const uint64_t at = std::min<uint64_t>(static_cast<uint64_t>(r.offset), bytes.size());
    const TextPosition p = PositionOf(bytes, at);
    return absl::InvalidArgumentError(
        StrCat(name, ":", p.line, ": byte ", at, ": xml: ", r.description()));
  }
  if (!doc->document_element()) {
    return absl::InvalidArgumentError(StrCat(name, ":1: byte 0: xml: no root element"));
  }
  return CheckShape(name, bytes, options, *doc);
}

std::string XmlText(pugi::xml_node node, const char* child) {
  if (child != nullptr) node = node.child(child);
  if (!node) return "";
  return CleanSpaces(node.child_value());
}

uint64_t XmlLine(std::string_view bytes, const pugi::xml_document& doc, pugi::xml_node node) {
  (void)doc;
  const ptrdiff_t off = node.offset_debug();
  if (off < 0) return 0;
  return PositionOf(bytes, static_cast<uint64_t>(off)).line;
}

std::string XmlPath(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    size_t position = 1;
    for (pugi::xml_node s = n.previous_sibling(n.name()); s; s = s.previous_sibling(n.name())) {
      ++position;
    }
    const std::string step = n.parent().type() == pugi::node_element
                                 ? StrCat("/", n.name(), "[", position, "]")
                                 : StrCat("/", n.name());
    out.insert(0, step);
  }
  return out;
}

absl::Status XmlError(std::string_view name, std::string_view bytes, const pugi::xml_document& doc,
                      pugi::xml_node node, std::string_view field, std::string_view reason) {
  return absl::InvalidArgumentError(
      StrCat(name, ":", XmlLine(bytes, doc, node), ": ", field, ": ", reason));
}

std::string_view XmlLocalName(pugi::xml_node n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::vector<pugi::xml_node> XmlChildren(pugi::xml_node n, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && XmlLocalName(c) == local) out.push_back(c);
  }
  return out;
}

std::string XmlRootName(std::string_view head) {
  head = StripBom(head);
  size_t i = 0;
  while (i < head.size()) {
    while (i < head.size() &&
           (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
      ++i;
    if (i >= head.size() || head[i] != '<') return "";
    if (head.substr(i, 4) == "<!--") {
      const size_t e = head.find("-->", i);
      if (e == std::string_view::npos) return "";
      i = e + 3;
    } else if (head.substr(i, 2) == "<?" || head.substr(i, 2) == "<!") {
      const size_t e = head.find('>', i);
      if (e == std::string_view::npos) return "";
      i = e + 1;
    } else {
      size_t j = i + 1;
      while (j < head.size() && head[j] != ' ' && head[j] != '>' && head[j] != '/' &&
             head[j] != '\t' && head[j] != '\r' && head[j] != '\n')
        ++j;
      std::string_view tag = head.substr(i + 1, j - i - 1);
      const size_t colon = tag.find(':');
      if (colon != std::string_view::npos) tag.remove_prefix(colon + 1);
      return std::string(tag);
    }
  }
  return "";
}

}  // namespace cordon::lists
