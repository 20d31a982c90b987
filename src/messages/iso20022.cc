// ISO 20022 pacs.008, pacs.009 and pain.001 -> parties and free texts.
//
// Namespaces differ between versions and between banks' own variants
// ("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08",
// "http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd"), so
// elements are matched on their local names only.
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "cordon/messages.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/xml.h"
#include "messages/util.h"

namespace cordon {
namespace {

using messages::AddFreeText;
using messages::CountryIso2;

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

std::string Text(pugi::xml_node n, std::string_view local) {
  const pugi::xml_node c = Child(n, local);
  return c ? CleanSpaces(c.child_value()) : "";
}

// Code or proprietary text of a choice element (SchmeNm, Purp, ClrSysId).
std::string CodeOrPrtry(pugi::xml_node n) {
  std::string v = Text(n, "Cd");
  return v.empty() ? Text(n, "Prtry") : v;
}

// First element with local name `local` among n and its descendants, breadth
// first, at most `depth` levels down (the envelope puts Document one or two
// levels below the root).
pugi::xml_node Find(pugi::xml_node n, std::string_view local, int depth) {
  if (Local(n) == local) return n;
  if (depth == 0) return {};
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (pugi::xml_node f = Find(c, local, depth - 1)) return f;
  }
  return {};
}

void ReadAddress(pugi::xml_node adr, PostalAddress* a) {
  for (pugi::xml_node l : Children(adr, "AdrLine")) {
    std::string line = CleanSpaces(l.child_value());
    if (!line.empty()) a->lines.push_back(std::move(line));
  }
  a->street = Text(adr, "StrtNm");
  const std::string building = Text(adr, "BldgNb");
  if (!building.empty()) a->street = a->street.empty() ? building : a->street + " " + building;
  a->postal_code = Text(adr, "PstCd");
  a->town = Text(adr, "TwnNm");
  a->region = Text(adr, "CtrySubDvsn");
  a->country = CountryIso2(Text(adr, "Ctry"));
}

// The address as text lines for the free-text search.
std::string AddressText(const PostalAddress& a) {
  std::string out;
  auto add = [&out](const std::string& s) {
    if (s.empty()) return;
    if (!out.empty()) out += '\n';
    out += s;
  };
  for (const std::string& l : a.lines) add(l);
  add(a.street);
  add(a.town);
  add(a.region);
  return out;
}

// Othr identifiers: passports and national IDs become documents, the rest ids.
void ReadOther(pugi::xml_node othr, Party* p) {
  const std::string value = Text(othr, "Id");
  if (value.empty()) return;
  const std::string scheme = CodeOrPrtry(Child(othr, "SchmeNm"));
  const std::string issuer = Text(othr, "Issr");
  if (scheme == "CCPT" || scheme == "NIDN") {
    p->documents.push_back({.type = scheme, .number = value, .country = CountryIso2(issuer)});
    return;
  }
  p->ids.push_back({scheme.empty() ? "other" : scheme, value, issuer});
}

void ReadPartyId(pugi::xml_node id, const std::string& path, Party* p) {
  if (pugi::xml_node org = Child(id, "OrgId")) {
    p->schema = Schema::kOrganization;
    p->bic = Text(org, "AnyBIC");
    if (p->bic.empty()) p->bic = Text(org, "BICOrBEI");
    p->lei = Text(org, "LEI");
    for (pugi::xml_node o : Children(org, "Othr")) ReadOther(o, p);
  }
  if (pugi::xml_node prv = Child(id, "PrvtId")) {
    p->schema = Schema::kPerson;
    if (pugi::xml_node b = Child(prv, "DtAndPlcOfBirth")) {
      const std::string field = path + "/Id/PrvtId/DtAndPlcOfBirth/BirthDt";
      if (auto d = messages::PartyBirthDate(p, field, Text(b, "BirthDt"))) p->birth_date = *d;
      p->birth_place = Text(b, "CityOfBirth");
      const std::string ctry = Text(b, "CtryOfBirth");
      if (!ctry.empty()) p->birth_place += (p->birth_place.empty() ? "" : ", ") + ctry;
    }
    for (pugi::xml_node o : Children(prv, "Othr")) ReadOther(o, p);
  }
}

// A bank: BranchAndFinancialInstitutionIdentification.
void ReadAgent(pugi::xml_node fin, Party* p) {
  p->schema = Schema::kOrganization;
  p->bic = Text(fin, "BICFI");
  if (p->bic.empty()) p->bic = Text(fin, "BIC");
  p->lei = Text(fin, "LEI");
  p->name = Text(fin, "Nm");
  if (pugi::xml_node adr = Child(fin, "PstlAdr")) ReadAddress(adr, &p->address);
  if (pugi::xml_node clr = Child(fin, "ClrSysMmbId")) {
    const std::string member = Text(clr, "MmbId");
    if (!member.empty())
      p->ids.push_back({"clearing", member, CodeOrPrtry(Child(clr, "ClrSysId"))});
  }
  if (pugi::xml_node o = Child(fin, "Othr")) ReadOther(o, p);
}

bool HasContent(const Party& p) {
  return !p.name.empty() || !p.bic.empty() || !p.lei.empty() || !p.ids.empty() ||
         !p.documents.empty() || !p.address.empty();
}

void ReadParty(pugi::xml_node node, std::string role, const std::string& path, Message* m) {
  Party p;
  p.role = std::move(role);
  p.path = path;
  std::string name_field = "Nm";
  if (pugi::xml_node fin = Child(node, "FinInstnId")) {
    ReadAgent(fin, &p);
    name_field = "FinInstnId/Nm";
  } else {
    p.name = Text(node, "Nm");
    if (pugi::xml_node adr = Child(node, "PstlAdr")) {
      ReadAddress(adr, &p.address);
      messages::PartyCountry(&p, path + "/PstlAdr/Ctry", Text(adr, "Ctry"));
    }
    if (pugi::xml_node id = Child(node, "Id")) ReadPartyId(id, path, &p);
    p.country = messages::PartyCountry(&p, path + "/CtryOfRes", Text(node, "CtryOfRes"));
  }
  if (p.country.empty()) p.country = p.address.country;
  p.name_path = p.name.empty() ? "" : path + "/" + name_field;
  if (!HasContent(p)) return;
  const std::string adr_path = path + (name_field == "Nm" ? "/PstlAdr" : "/FinInstnId/PstlAdr");
  AddFreeText(m, adr_path, "address", AddressText(p.address));
  m->parties.push_back(std::move(p));
}

struct RoleName {
  const char* element;
  const char* role;
};
// ISO 20022 element -> role (docs/messages.md lists the same table).
constexpr std::array<RoleName, 20> kRoles = {{
    {"UltmtDbtr", "ultimate_debtor"},
    {"InitgPty", "initiating_party"},
    {"Dbtr", "debtor"},
    {"DbtrAgt", "debtor_agent"},
    {"CdtrAgt", "creditor_agent"},
    {"Cdtr", "creditor"},
    {"UltmtCdtr", "ultimate_creditor"},
    {"IntrmyAgt1", "intermediary_agent_1"},
    {"IntrmyAgt2", "intermediary_agent_2"},
    {"IntrmyAgt3", "intermediary_agent_3"},
    {"InstgAgt", "instructing_agent"},
    {"InstdAgt", "instructed_agent"},
    {"PrvsInstgAgt1", "previous_instructing_agent_1"},
    {"PrvsInstgAgt2", "previous_instructing_agent_2"},
    {"PrvsInstgAgt3", "previous_instructing_agent_3"},
    {"InstgRmbrsmntAgt", "instructing_reimbursement_agent"},
    {"InstdRmbrsmntAgt", "instructed_reimbursement_agent"},
    {"ThrdRmbrsmntAgt", "third_reimbursement_agent"},
    {"ChrgsAcctAgt", "charges_account_agent"},
    {"FwdgAgt", "forwarding_agent"},
}};

const char* RoleOf(std::string_view element) {
  for (const RoleName& r : kRoles) {
    if (element == r.element) return r.role;
  }
  return nullptr;
}

void ReadTexts(pugi::xml_node node, std::string_view local, const std::string& path, Message* m) {
  if (local == "RmtInf") {
    const auto ustrd = Children(node, "Ustrd");
    for (size_t i = 0; i < ustrd.size(); ++i) {
      AddFreeText(m, StrCat(path, "/Ustrd[", i, "]"), "remittance", ustrd[i].child_value());
    }
    for (pugi::xml_node s : Children(node, "Strd")) {
      for (pugi::xml_node a : Children(s, "AddtlRmtInf")) {
        AddFreeText(m, path + "/Strd/AddtlRmtInf", "remittance", a.child_value());
      }
    }
  } else if (local == "Purp") {
    AddFreeText(m, path, "purpose", CodeOrPrtry(node));
  } else if (local == "InstrForCdtrAgt" || local == "InstrForNxtAgt") {
    AddFreeText(m, path + "/InstrInf", "instruction", Text(node, "InstrInf"));
  } else if (local == "RgltryRptg") {
    for (pugi::xml_node d : Children(node, "Dtls")) {
      for (pugi::xml_node inf : Children(d, "Inf")) {
        AddFreeText(m, path + "/Dtls/Inf", "regulatory", inf.child_value());
      }
    }
  }
}

// Reads the parties and texts that are children of `node` (a GrpHdr, PmtInf,
// CdtTrfTxInf or UndrlygCstmrCdtTrf), recursing into the nested blocks.
void ReadBlock(pugi::xml_node node, const std::string& path, const std::string& prefix,
               Message* m) {
  std::vector<std::pair<std::string, int>> counts;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string local(Local(c));
    const std::string child_path = path.empty() ? local : StrCat(path, "/", local);
    if (const char* role = RoleOf(local)) {
      ReadParty(c, prefix + role, child_path, m);
    } else if (local == "UndrlygCstmrCdtTrf") {
      ReadBlock(c, child_path, "underlying_", m);
    } else if (local == "SttlmInf" || local == "GrpHdr") {
      ReadBlock(c, child_path, prefix, m);
    } else if (local == "ChrgsInf") {
      if (pugi::xml_node agt = Child(c, "Agt"))
        ReadParty(agt, "charges_agent", child_path + "/Agt", m);
    } else if (local == "CdtTrfTxInf" || local == "PmtInf") {
      int index = 0;
      for (auto& [name, n] : counts) {
        if (name == local) index = n++;
      }
      if (index == 0) counts.push_back({local, 1});
      ReadBlock(c, StrCat(child_path, "[", index, "]"), prefix, m);
    } else {
      ReadTexts(c, local, child_path, m);
    }
  }
}

// "pacs.008.001.08" from a namespace, MsgDefIdr or any text; "" if none.
std::string FindMessageName(std::string_view text) {
  for (std::string_view family : {"pacs.", "pain.", "camt.", "pacs:", "head."}) {
    size_t at = text.find(family);
    while (at != std::string_view::npos) {
      const std::string_view rest = text.substr(at);
      bool ok = rest.size() >= 15;
      for (size_t i = 5; ok && i < 15; ++i) {
        ok = (i == 8 || i == 12) ? rest[i] == '.' : (rest[i] >= '0' && rest[i] <= '9');
      }
      if (ok && family != "head.") return std::string(rest.substr(0, 15));
      at = text.find(family, at + 1);
    }
  }
  return "";
}

std::string DocumentType(pugi::xml_node doc, pugi::xml_node app_hdr) {
  for (pugi::xml_attribute a = doc.first_attribute(); a; a = a.next_attribute()) {
    std::string_view n = a.name();
    if (n == "xmlns" || n.starts_with("xmlns:")) {
      std::string t = FindMessageName(a.value());
      if (!t.empty()) return t;
    }
  }
  return FindMessageName(Text(app_hdr, "MsgDefIdr"));
}

// AppHdr From/To banks.
void ReadAppHdr(pugi::xml_node hdr, Message* m) {
  for (auto [element, role] : {std::pair{"Fr", "sender"}, std::pair{"To", "receiver"}}) {
    pugi::xml_node fi = Child(Child(hdr, element), "FIId");
    if (fi) ReadParty(fi, role, StrCat("AppHdr/", element, "/FIId"), m);
  }
}

absl::StatusOr<Message> ReadDocument(std::string_view name, std::string_view bytes,
                                     const pugi::xml_document& xml) {
  const pugi::xml_node root = xml.document_element();
  const pugi::xml_node doc = Find(root, "Document", 3);
  const pugi::xml_node hdr = Find(root, "AppHdr", 3);
  if (!doc) {
    return lists::XmlError(name, bytes, xml, root, Local(root), "no ISO 20022 Document element");
  }
  Message m;
  m.family = MessageFamily::kIso20022;
  m.format = DocumentType(doc, hdr);
  pugi::xml_node body;
  for (const char* b : {"FIToFICstmrCdtTrf", "FICdtTrf", "CstmrCdtTrfInitn"}) {
    if (!body) body = Child(doc, b);
  }
  if (!body) {
    const std::string what = m.format.empty() ? "unknown message" : m.format;
    return lists::XmlError(name, bytes, xml, doc, "Document",
                           StrCat(what, " is not supported (pacs.008, pacs.009, pain.001 are)"));
  }
  if (m.format.empty()) {
    m.format = Local(body) == "FIToFICstmrCdtTrf" ? "pacs.008"
               : Local(body) == "FICdtTrf"        ? "pacs.009"
                                                  : "pain.001";
  }
  pugi::xml_node grp = Child(body, "GrpHdr");
  m.id = Text(grp, "MsgId");
  if (m.id.empty()) m.id = Text(hdr, "BizMsgIdr");
  if (hdr) ReadAppHdr(hdr, &m);
  ReadBlock(body, "", "", &m);
  return m;
}

}  // namespace

absl::StatusOr<ParsedMessages> ParseIso20022(std::string_view name, std::string_view bytes,
                                             const MessageOptions& options) {
  if (absl::Status s = ValidateUtf8(name, bytes); !s.ok()) return s;
  LoadOptions lo;
  lo.max_file_bytes = options.max_bytes;
  lo.max_xml_depth = options.max_xml_depth;
  lo.max_field_bytes = options.max_field_bytes;
  pugi::xml_document xml;
  ParsedMessages out;
  out.family = MessageFamily::kIso20022;
  if (absl::Status s = lists::ParseXml(name, bytes, lo, &xml); !s.ok()) {
    out.messages.push_back(s);
    return out;
  }
  out.messages.push_back(ReadDocument(name, bytes, xml));
  return out;
}

}  // namespace cordon
