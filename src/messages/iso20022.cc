// ISO 20022 payment messages -> parties and free texts.
//
// Finding the messages (iso20022_locate.cc) recognises each business message by its namespace
// wherever it sits in the file. Reading one (this file) walks its business element: every element
// named as a party (Dbtr, CdtrAgt, InitgPty, Assgnr, ...) is read as one, every free-text element
// (Ustrd, InstrInf, AddtlInf, ...) as a text, and every other element is descended into, so the
// same reader serves pacs.008, pacs.009, pacs.004, pacs.003, pacs.002, pain.001, pain.008 and
// camt.056 in all their versions: the versions differ in where blocks sit and in added elements,
// not in the names of the party and text elements. Elements are matched on their local names
// (namespaces differ by version and by bank: "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08",
// "http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd").
#include <array>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "cordon/messages.h"
#include "core/strcat.h"
#include "core/text.h"
#include "messages/iso20022_xml.h"
#include "messages/util.h"

namespace cordon::messages {
namespace {

std::string Text(pugi::xml_node n, std::string_view local) {
  const pugi::xml_node c = Child(n, local);
  return c ? CleanSpaces(c.child_value()) : "";
}

// Code or proprietary text of a choice element (SchmeNm, Purp, ClrSysId).
std::string CodeOrPrtry(pugi::xml_node n) {
  std::string v = Text(n, "Cd");
  return v.empty() ? Text(n, "Prtry") : v;
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
      const std::string field = path + "/PrvtId/DtAndPlcOfBirth/BirthDt";
      if (auto d = PartyBirthDate(p, field, Text(b, "BirthDt"))) p->birth_date = *d;
      p->birth_place = Text(b, "CityOfBirth");
      const std::string ctry = Text(b, "CtryOfBirth");
      if (!ctry.empty()) p->birth_place += (p->birth_place.empty() ? "" : ", ") + ctry;
    }
    for (pugi::xml_node o : Children(prv, "Othr")) ReadOther(o, p);
  }
}

// A bank: FinancialInstitutionIdentification (BICFI from version 2009 on, BIC before).
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

// A person or organisation: PartyIdentification, and the tax parties' TaxId and RegnId. `at` is
// the element path of `node` with a trailing '/', for the warnings of fields that cannot be read.
void ReadPerson(pugi::xml_node node, const std::string& at, Party* p) {
  p->name = Text(node, "Nm");
  if (pugi::xml_node adr = Child(node, "PstlAdr")) {
    ReadAddress(adr, &p->address);
    PartyCountry(p, at + "PstlAdr/Ctry", Text(adr, "Ctry"));
  }
  if (pugi::xml_node id = Child(node, "Id")) ReadPartyId(id, at + "Id", p);
  p->country = PartyCountry(p, at + "CtryOfRes", Text(node, "CtryOfRes"));
  for (const char* tax : {"TaxId", "RegnId"}) {
    if (std::string v = Text(node, tax); !v.empty()) p->ids.push_back({tax, std::move(v), ""});
  }
}

// Reads the party element `node`. A Party40Choice wraps the identification in Pty (a person or
// organisation) or Agt (a bank); the AppHdr's FIId and every agent hold a FinInstnId.
void ReadParty(pugi::xml_node node, std::string role, const std::string& path, Message* m) {
  Party p;
  p.role = std::move(role);
  p.path = path;
  std::string sub;
  for (const char* wrapper : {"Pty", "Agt"}) {
    if (pugi::xml_node w = Child(node, wrapper)) {
      node = w;
      sub = StrCat(wrapper, "/");
    }
  }
  if (pugi::xml_node fin = Child(node, "FinInstnId")) {
    ReadAgent(fin, &p);
    sub += "FinInstnId/";
  } else {
    ReadPerson(node, StrCat(path, "/", sub), &p);
  }
  if (p.country.empty()) p.country = p.address.country;
  p.name_path = p.name.empty() ? "" : StrCat(path, "/", sub, "Nm");
  AddFreeText(m, StrCat(path, "/", sub, "PstlAdr"), "address", AddressText(p.address));
  m->parties.push_back(std::move(p));
}

struct RoleName {
  const char* element;
  const char* role;
};
// ISO 20022 party element -> role (docs/messages.md lists the same table).
constexpr std::array<RoleName, 27> kRoles = {{
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
    {"CdtrSchmeId", "creditor_scheme"},
    {"Assgnr", "assigner"},
    {"Assgne", "assignee"},
    {"Cretr", "case_creator"},
    {"Orgtr", "originator"},
    {"Invcr", "invoicer"},
    {"Invcee", "invoicee"},
}};

const char* RoleOf(std::string_view element) {
  for (const RoleName& r : kRoles) {
    if (element == r.element) return r.role;
  }
  return nullptr;
}

// Blocks that repeat by design get a 0-based index even when there is one, so a path names the
// same block whatever the count ("CdtTrfTxInf[0]/Cdtr"); any other element gets one only when
// it repeats among its siblings.
bool AlwaysIndexed(std::string_view local) {
  static constexpr std::array<std::string_view, 10> kIndexed = {
      "CdtTrfTxInf",       "PmtInf",
      "DrctDbtTxInf",      "TxInf",
      "Undrlyg",           "Ustrd",
      "OrgnlPmtInfAndCxl", "OrgnlPmtInfAndSts",
      "TxInfAndSts",       "OrgnlGrpInfAndCxl"};
  for (std::string_view k : kIndexed) {
    if (local == k) return true;
  }
  return false;
}

// Free-text element -> kind, or nullptr. Text elements are leaves.
const char* TextKind(std::string_view local) {
  if (local == "Ustrd" || local == "AddtlRmtInf") return "remittance";
  if (local == "InstrInf" || local == "InstrForDbtrAgt") return "instruction";
  if (local == "Inf") return "regulatory";   // RgltryRptg/Dtls/Inf
  if (local == "AddtlInf") return "reason";  // RtrRsnInf, CxlRsnInf, StsRsnInf
  return nullptr;
}

// An account element ("DbtrAcct", "CdtrAgtAcct") of the party read just before it in the same
// block: its IBAN or other number joins the party's ids; an account name is screened as a party
// of its own ("creditor_account"), since it names who holds the account.
void ReadAccount(pugi::xml_node acct, const std::string& owner_path, const std::string& path,
                 Message* m) {
  Party* owner = nullptr;
  for (auto it = m->parties.rbegin(); it != m->parties.rend() && owner == nullptr; ++it) {
    if (it->path == owner_path) owner = &*it;
  }
  if (owner == nullptr) return;
  const pugi::xml_node id = Child(acct, "Id");
  PartyId account{"iban", Text(id, "IBAN"), ""};
  if (account.value.empty()) account = {"account", Text(Child(id, "Othr"), "Id"), ""};
  if (!account.value.empty()) owner->ids.push_back(account);
  const std::string name = Text(acct, "Nm");
  if (name.empty()) return;
  Party holder{.role = owner->role + "_account", .name = name, .path = path};
  holder.name_path = path + "/Nm";
  if (!account.value.empty()) holder.ids.push_back(std::move(account));
  m->parties.push_back(std::move(holder));
}

// Child element name -> its path segment, with an index where AlwaysIndexed says or where the
// name repeats among the siblings.
class SiblingIndex {
 public:
  explicit SiblingIndex(pugi::xml_node parent) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) Bump(&total_, Local(c));
    }
  }
  std::string Segment(std::string_view local) {
    const int seen = Bump(&seen_, local) - 1;
    if (!AlwaysIndexed(local) && Count(total_, local) < 2) return std::string(local);
    return StrCat(local, "[", seen, "]");
  }

 private:
  using Counts = std::vector<std::pair<std::string_view, int>>;
  static int Bump(Counts* c, std::string_view k) {
    for (auto& [name, n] : *c) {
      if (name == k) return ++n;
    }
    c->push_back({k, 1});
    return 1;
  }
  static int Count(const Counts& c, std::string_view k) {
    for (const auto& [name, n] : c) {
      if (name == k) return n;
    }
    return 0;
  }
  Counts total_, seen_;
};

bool IsLeaf(pugi::xml_node n) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return false;
  }
  return true;
}

void Walk(pugi::xml_node node, const std::string& path, const std::string& prefix, Message* m);

// One child element of a walked block.
void Visit(pugi::xml_node c, std::string_view local, const std::string& parent_path,
           const std::string& child_path, const std::string& prefix, Message* m) {
  if (const char* role = RoleOf(local)) {
    ReadParty(c, prefix + role, child_path, m);
  } else if (local == "UndrlygCstmrCdtTrf") {
    Walk(c, child_path, "underlying_", m);
  } else if (local == "ChrgsInf") {
    if (pugi::xml_node agt = Child(c, "Agt")) {
      ReadParty(agt, prefix + "charges_agent", child_path + "/Agt", m);
    }
  } else if (local == "Purp") {
    AddFreeText(m, child_path, "purpose", CodeOrPrtry(c));
  } else if (local.size() > 4 && local.ends_with("Acct") &&
             RoleOf(local.substr(0, local.size() - 4))) {
    ReadAccount(
        c, StrCat(parent_path.empty() ? "" : parent_path + "/", local.substr(0, local.size() - 4)),
        child_path, m);
  } else if (local == "PmtId") {
    // Only references: nothing to screen below it.
    m->payment_ids.push_back(
        {parent_path, Text(c, "EndToEndId"), Text(c, "UETR"), Text(c, "InstrId"), Text(c, "TxId")});
  } else if (const char* kind = TextKind(local); kind != nullptr && IsLeaf(c)) {
    AddFreeText(m, child_path, kind, c.child_value());
  } else {
    Walk(c, child_path, prefix, m);
  }
}

// Reads the parties and texts below `node`, in document order. A leaf that is neither a party
// nor a free text (amounts, dates, codes: most of a message) is passed over before its path is
// made.
void Walk(pugi::xml_node node, const std::string& path, const std::string& prefix, Message* m) {
  SiblingIndex index(node);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view local = Local(c);
    const std::string segment = index.Segment(local);
    if (IsLeaf(c) && RoleOf(local) == nullptr && TextKind(local) == nullptr) continue;
    Visit(c, local, path, path.empty() ? segment : StrCat(path, "/", segment), prefix, m);
  }
}

// The business application header's sender and receiver (Party44Choice: a bank's FIId or an
// organisation's OrgId), and those of the related message's header (Rltd) it may carry.
void ReadAppHdr(pugi::xml_node hdr, const std::string& path, const std::string& prefix,
                Message* m) {
  for (auto [element, role] : {std::pair{"Fr", "sender"}, std::pair{"To", "receiver"}}) {
    const pugi::xml_node party = Child(hdr, element);
    for (const char* choice : {"FIId", "OrgId"}) {
      if (pugi::xml_node c = Child(party, choice)) {
        ReadParty(c, prefix + role, StrCat(path, "/", element, "/", choice), m);
      }
    }
  }
  SiblingIndex index(hdr);
  for (pugi::xml_node r : Children(hdr, "Rltd")) {
    ReadAppHdr(r, StrCat(path, "/", index.Segment("Rltd")), "related_", m);
  }
}

struct BodyKind {
  const char* element;
  const char* family;
};
// Business elements read, with the message they belong to. pacs.009 before version 3 called its
// body FinInstnCdtTrf.
constexpr std::array<BodyKind, 9> kBodies = {{
    {"FIToFICstmrCdtTrf", "pacs.008"},
    {"FICdtTrf", "pacs.009"},
    {"FinInstnCdtTrf", "pacs.009"},
    {"PmtRtr", "pacs.004"},
    {"FIToFICstmrDrctDbt", "pacs.003"},
    {"FIToFIPmtStsRpt", "pacs.002"},
    {"CstmrCdtTrfInitn", "pain.001"},
    {"CstmrDrctDbtInitn", "pain.008"},
    {"FIToFIPmtCxlReq", "camt.056"},
}};

const char* FamilyOfBody(std::string_view element) {
  for (const BodyKind& b : kBodies) {
    if (element == b.element) return b.family;
  }
  return nullptr;
}

std::string MessageIdOf(pugi::xml_node body, pugi::xml_node hdr) {
  std::string id = Text(Child(body, "GrpHdr"), "MsgId");
  if (id.empty()) id = Text(Child(body, "Assgnmt"), "Id");  // camt.056
  if (id.empty()) id = Text(hdr, "BizMsgIdr");
  return id;
}

}  // namespace

bool IsIso20022Body(std::string_view local) { return FamilyOfBody(local) != nullptr; }

absl::StatusOr<Message> ReadIso20022(std::string_view name, std::string_view bytes,
                                     const MxPart& part) {
  const pugi::xml_node start = part.hdr ? part.hdr : part.doc;
  const uint64_t offset = NodeOffset(start);
  if (!part.doc) {
    return MessageError(name, bytes, offset, "AppHdr: no ISO 20022 Document follows the header");
  }
  const pugi::xml_node body = Local(part.doc) == "Document" ? FirstElement(part.doc) : part.doc;
  std::string format = MessageNameOf(part.doc);
  if (format.empty()) format = FindMessageName(Text(part.hdr, "MsgDefIdr"));
  const char* family = body ? FamilyOfBody(Local(body)) : nullptr;
  if (family == nullptr) {
    const std::string what = !format.empty() ? format
                             : body          ? StrCat("business element ", Local(body))
                                             : std::string("an empty Document");
    return MessageError(name, bytes, NodeOffset(part.doc),
                        StrCat(what, " is not supported (", SupportedIso20022(), " are)"));
  }
  Message m;
  m.family = MessageFamily::kIso20022;
  m.format = format.empty() ? family : format;
  m.offset = offset;
  m.id = MessageIdOf(body, part.hdr);
  if (part.hdr) ReadAppHdr(part.hdr, "AppHdr", "", &m);
  Walk(body, "", "", &m);
  return m;
}

std::string SupportedIso20022() {
  std::string out;
  for (const BodyKind& b : kBodies) {
    if (out.find(b.family) != std::string::npos) continue;
    out += out.empty() ? "" : ", ";
    out += b.family;
  }
  return out;
}

}  // namespace cordon::messages
