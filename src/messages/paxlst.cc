// UN/EDIFACT PAXLST (advance passenger information, D:02B/D:05B and the
// IATA/WCO guideline) -> one party per passenger or crew member.
#include <string>

#include "cordon/messages.h"
#include "core/strcat.h"
#include "core/text.h"
#include "messages/edifact.h"
#include "messages/util.h"

namespace cordon {
namespace {

using messages::Segment;

// NAD party function qualifiers (PAXLST implementation guide, DE 3035).
std::string RoleOfNad(std::string_view q) {
  if (q == "FL" || q == "DDT") return "passenger";           // passenger; in-transit passenger
  if (q == "FM" || q == "DDU" || q == "COT") return "crew";  // crew; in transit; overflight
  if (q == "MS") return "reporting_party";
  return "";
}

std::string JoinComponents(const Segment& s, size_t element, size_t from = 0) {
  std::string out;
  if (element >= s.elements.size()) return out;
  for (size_t j = from; j < s.elements[element].size(); ++j) {
    const std::string part = CleanSpaces(s.elements[element][j]);
    if (part.empty()) continue;
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

Party ReadNad(const Segment& s, std::string role) {
  Party p;
  p.role = std::move(role);
  p.path = StrCat("NAD+", s.Get(1), "[", s.number, "]");
  p.name_path = p.path;
  if (p.role == "reporting_party") {
    p.name = JoinComponents(s, 4);
    if (p.name.empty()) p.name = JoinComponents(s, 3);
    return p;
  }
  p.schema = Schema::kPerson;
  p.family_name = CleanSpaces(s.Get(4, 0));
  p.given_name = JoinComponents(s, 4, 1);
  p.name = CleanSpaces(StrCat(p.given_name, " ", p.family_name));
  p.address.street = JoinComponents(s, 5);
  p.address.town = CleanSpaces(s.Get(6));
  p.address.region = CleanSpaces(s.Get(7));
  p.address.postal_code = CleanSpaces(s.Get(8));
  p.address.country = messages::CountryIso2(s.Get(9));
  return p;
}

struct PaxState {
  Message* m = nullptr;
  Party* party = nullptr;         // the current NAD group
  TravelDocument* doc = nullptr;  // the current DOC group
  FlightLeg* leg = nullptr;       // the current TDT group
  int leg_locs = 0;               // LOC+92 routing points seen in the leg
  int pivot = 0;
  int passengers = 0;
  int crew = 0;
};

void ReadLoc(const Segment& s, PaxState* st) {
  const std::string& q = s.Get(1);
  const std::string place = CleanSpaces(s.Get(2));
  if (st->party == nullptr && st->leg != nullptr) {
    // Departure (125), arrival (87), or routing points in order (92).
    const bool origin = q == "125" || (q == "92" && st->leg_locs++ == 0);
    (origin ? st->leg->origin : st->leg->destination) = place;
    return;
  }
  if (st->party == nullptr) return;
  if (q == "91" && st->doc != nullptr) st->doc->country = messages::CountryIso2(place);
  if (q == "174") {
    st->party->country = messages::PartyCountry(st->party, st->party->path + " LOC+174", place);
  }
  if (q == "180") st->party->birth_place = JoinComponents(s, 2);
}

void ReadDtm(const Segment& s, PaxState* st) {
  const std::string& q = s.Get(1, 0);
  const std::string& v = s.Get(1, 1);
  if (st->party == nullptr) {
    if (st->leg != nullptr && q == "189") st->leg->departure = v;
    if (st->leg != nullptr && q == "232") st->leg->arrival = v;
    return;
  }
  if (q == "329") {
    if (auto d = messages::ParseYymmdd(v, st->pivot, true)) {
      st->party->birth_date = *d;
    } else {
      messages::WarnDate(st->party, st->party->path + " DTM+329", v, "not a YYMMDD date: ignored");
    }
  } else if (st->doc != nullptr && (q == "36" || q == "182")) {
    auto d = messages::ParseYymmdd(v, st->pivot, false);
    (q == "36" ? st->doc->expiry : st->doc->issued) = d ? d->ToString() : v;
  }
}

void ReadSegment(const Segment& s, PaxState* st) {
  if (s.tag == "TDT") {
    st->party = nullptr;
    st->m->legs.push_back({.carrier = CleanSpaces(s.Get(5)), .flight = CleanSpaces(s.Get(2))});
    st->leg = &st->m->legs.back();
    st->leg_locs = 0;
  } else if (s.tag == "NAD") {
    const std::string role = RoleOfNad(s.Get(1));
    st->party = nullptr;
    st->doc = nullptr;
    if (role.empty()) return;
    st->passengers += role == "passenger";
    st->crew += role == "crew";
    st->m->parties.push_back(ReadNad(s, role));
    st->party = &st->m->parties.back();
  } else if (st->party == nullptr) {
    if (s.tag == "LOC" || s.tag == "DTM") (s.tag == "LOC" ? ReadLoc : ReadDtm)(s, st);
  } else if (s.tag == "ATT" && s.Get(1) == "2") {
    st->party->gender = messages::ParseGender(s.Get(3));
  } else if (s.tag == "NAT") {
    st->party->nationality =
        messages::PartyCountry(st->party, st->party->path + " NAT+2", s.Get(2));
  } else if (s.tag == "DOC") {
    st->party->documents.push_back({.type = s.Get(1), .number = CleanSpaces(s.Get(2))});
    st->doc = &st->party->documents.back();
  } else if (s.tag == "LOC") {
    ReadLoc(s, st);
  } else if (s.tag == "DTM") {
    ReadDtm(s, st);
  }
}

// CNT+42:n (passengers) and CNT+41:n (crew); some senders write CNT+41+n.
void CheckCount(const Segment& s, const PaxState& st) {
  const std::string& q = s.Get(1, 0);
  std::string n = s.Get(1, 1);
  if (n.empty()) n = s.Get(2);
  const int read = q == "42" ? st.passengers : q == "41" ? st.crew : -1;
  if (read < 0 || n.empty()) return;
  if (n.find_first_not_of("0123456789") != std::string::npos || n != StrCat(read)) {
    st.m->notes.push_back(StrCat("CNT[", s.number, "] says ", n, " ",
                                 q == "42" ? "passengers" : "crew", ", the message lists ", read));
  }
}

absl::StatusOr<Message> InterpretPaxlst(const messages::EdifactMessage& em, int pivot) {
  Message m;
  m.format = "PAXLST";
  // Pointers into parties/legs stay valid: reserve the most each can hold.
  m.parties.reserve(em.segments.size());
  m.legs.reserve(em.segments.size());
  PaxState st{.m = &m, .pivot = pivot};
  for (const Segment& s : em.segments) {
    if (s.tag == "CNT") {
      CheckCount(s, st);
    } else {
      ReadSegment(s, &st);
    }
  }
  return m;
}

}  // namespace

absl::StatusOr<ParsedMessages> ParsePaxlst(std::string_view name, std::string_view bytes,
                                           const MessageOptions& options) {
  return messages::ParseEdifact(name, bytes, options, MessageFamily::kPaxlst, InterpretPaxlst);
}

}  // namespace cordon
