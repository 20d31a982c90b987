// IATA PNRGOV (passenger name records pushed to governments, EDIFACT) ->
// one party per distinct traveller name of each PNR, with the travel
// documents of SSR DOCS/DOCO and the addresses of SSR DOCA and ADD.
#include <array>
#include <string>
#include <vector>

#include "cordon/messages.h"
#include "core/strcat.h"
#include "core/text.h"
#include "messages/edifact.h"
#include "messages/util.h"

namespace cordon {
namespace {

using messages::Segment;

// The "/"-separated fields of an SSR text; a leading "/" (present in some
// systems' DOCS, absent in others' DOCO) is dropped so field 0 is the first field.
std::vector<std::string> SplitSlash(std::string_view text) {
  std::vector<std::string> out;
  if (text.starts_with("/")) text.remove_prefix(1);
  size_t start = 0;
  while (true) {
    const size_t end = text.find('/', start);
    out.push_back(
        CleanSpaces(text.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Reservation systems glue the title to the given name ("JOHNMR", "MOLLYMRS",
// "NINA MS"). The titles are the IATA PNR name-element titles; stripping one
// leaves at least two letters, so "MR" alone stays. A given name that truly
// ends in one (rare: "WILLIAMS" as a first name) loses it; the fuzzy name
// match tolerates that, and the raw text is at the party's path.
std::string StripTitle(std::string given) {
  static constexpr std::array<std::string_view, 6> kTitles = {"MSTR", "MISS", "MRS",
                                                              "MR",   "MS",   "DR"};
  for (std::string_view t : kTitles) {
    if (given.size() >= t.size() + 2 && std::string_view(given).ends_with(t)) {
      given.resize(given.size() - t.size());
      return CleanSpaces(given);
    }
  }
  return given;
}

// The free text of an SSR element: component 9 onwards (it may itself hold
// the component separator).
std::string SsrText(const Segment& s) {
  std::string out;
  if (s.elements.size() < 2) return out;
  for (size_t j = 8; j < s.elements[1].size(); ++j) {
    if (j > 8) out += ':';
    out += s.elements[1][j];
  }
  return out;
}

struct PnrState {
  Message* m = nullptr;
  int pivot = 0;
  size_t pnr_first_party = 0;  // index of the first party of the current PNR
  long current = -1;           // index of the current TIF party, -1 if none
};

void ReadTif(const Segment& s, PnrState* st) {
  Party p;
  p.role = "passenger";
  p.schema = Schema::kPerson;
  p.family_name = CleanSpaces(s.Get(1));
  p.given_name = StripTitle(CleanSpaces(s.Get(2)));
  p.name = CleanSpaces(StrCat(p.given_name, " ", p.family_name));
  p.path = StrCat("TIF[", s.number, "]");
  p.name_path = p.path;
  // The same traveller recurs in the PNR (seat and history groups).
  for (size_t i = st->pnr_first_party; i < st->m->parties.size(); ++i) {
    if (st->m->parties[i].name == p.name) {
      st->current = static_cast<long>(i);
      return;
    }
  }
  st->m->parties.push_back(std::move(p));
  st->current = static_cast<long>(st->m->parties.size()) - 1;
}

// DOCS: type/issuer/number/nationality/birth date/gender/expiry/surname/given/middle
void ReadDocs(const std::vector<std::string>& f, const std::string& path, Party* p, int pivot) {
  auto at = [&f](size_t i) -> const std::string& {
    static const std::string kEmpty;
    return i < f.size() ? f[i] : kEmpty;
  };
  if (!at(2).empty()) {
    TravelDocument d{.type = at(0), .number = at(2), .country = messages::CountryIso2(at(1))};
    if (auto e = messages::ParseDdmmmyy(at(6), pivot, false)) d.expiry = e->ToString();
    p->documents.push_back(std::move(d));
  }
  const std::string& field = path;
  if (!at(3).empty()) p->nationality = messages::PartyCountry(p, field, at(3));
  if (auto b = messages::ParseDdmmmyy(at(4), pivot, true)) {
    p->birth_date = *b;
  } else {
    messages::WarnDate(p, field, at(4), "not a DDMMMYY date: ignored");
  }
  if (p->gender == Gender::kUnknown) p->gender = messages::ParseGender(at(5));
  const std::string name = CleanSpaces(StrCat(at(8), " ", at(9), " ", at(7)));
  if (!name.empty() && name != p->name) p->other_names.push_back(name);
}

// DOCO: birth place/type/number/place of issue/issue date/country
void ReadDoco(const std::vector<std::string>& f, Party* p, int pivot) {
  if (f.size() < 3 || f[2].empty()) return;
  TravelDocument d{.type = f[1], .number = f[2]};
  if (f.size() > 4) {
    if (auto i = messages::ParseDdmmmyy(f[4], pivot, false)) d.issued = i->ToString();
  }
  if (f.size() > 5) d.country = messages::CountryIso2(f[5]);
  if (p->birth_place.empty()) p->birth_place = f[0];
  p->documents.push_back(std::move(d));
}

// DOCA: R or D/country/street/city/state/postal code
void ReadDoca(const std::vector<std::string>& f, Party* p, Message* m, const std::string& path) {
  if (f.size() < 3) return;
  p->address.country = messages::CountryIso2(f[1]);
  p->address.street = f[2];
  if (f.size() > 3) p->address.town = f[3];
  if (f.size() > 4) p->address.region = f[4];
  if (f.size() > 5) p->address.postal_code = f[5];
  messages::AddFreeText(m, path, "address", StrCat(f[2], "\n", p->address.town));
}

void ReadSsr(const Segment& s, PnrState* st) {
  const std::string& code = s.Get(1, 0);
  if (code != "DOCS" && code != "DOCO" && code != "DOCA") return;
  const std::string path = StrCat("SSR+", code, "[", s.number, "]");
  if (st->current < 0) {
    st->m->notes.push_back(StrCat(path, ": no TIF traveller before it; not attached"));
    return;
  }
  Party* p = &st->m->parties[static_cast<size_t>(st->current)];
  const std::vector<std::string> f = SplitSlash(SsrText(s));
  if (code == "DOCS") ReadDocs(f, path, p, st->pivot);
  if (code == "DOCO") ReadDoco(f, p, st->pivot);
  if (code == "DOCA") ReadDoca(f, p, st->m, path);
}

// ADD++702:street:city:region:?:country:postal:phone
void ReadAdd(const Segment& s, PnrState* st) {
  const std::string path = StrCat("ADD[", s.number, "]");
  const std::string text = StrCat(s.Get(2, 1), "\n", s.Get(2, 2), "\n", s.Get(2, 3));
  messages::AddFreeText(st->m, path, "address", text);
  if (st->current < 0) return;
  Party& p = st->m->parties[static_cast<size_t>(st->current)];
  if (!p.address.empty()) return;
  p.address.street = CleanSpaces(s.Get(2, 1));
  p.address.town = CleanSpaces(s.Get(2, 2));
  p.address.region = CleanSpaces(s.Get(2, 3));
  p.address.country = messages::CountryIso2(s.Get(2, 5));
  p.address.postal_code = CleanSpaces(s.Get(2, 6));
}

void ReadTvl(const Segment& s, Message* m) {
  FlightLeg leg{.carrier = CleanSpaces(s.Get(4)),
                .flight = CleanSpaces(StrCat(s.Get(4), s.Get(5))),
                .origin = CleanSpaces(s.Get(2)),
                .destination = CleanSpaces(s.Get(3)),
                .departure = CleanSpaces(StrCat(s.Get(1, 0), " ", s.Get(1, 1))),
                .arrival = CleanSpaces(StrCat(s.Get(1, 2), " ", s.Get(1, 3)))};
  for (const FlightLeg& l : m->legs) {
    if (l.flight == leg.flight && l.origin == leg.origin && l.destination == leg.destination) {
      return;
    }
  }
  m->legs.push_back(std::move(leg));
}

absl::StatusOr<Message> InterpretPnrgov(const messages::EdifactMessage& em, int pivot) {
  Message m;
  m.format = "PNRGOV";
  PnrState st{.m = &m, .pivot = pivot};
  for (const Segment& s : em.segments) {
    if (s.tag == "SRC") {
      st.pnr_first_party = m.parties.size();
      st.current = -1;
    } else if (s.tag == "RCI") {
      const std::string loc = CleanSpaces(s.Get(1, 1));
      if (!loc.empty() && st.current < 0) m.locators.push_back(loc);
    } else if (s.tag == "TIF") {
      ReadTif(s, &st);
    } else if (s.tag == "SSR") {
      ReadSsr(s, &st);
    } else if (s.tag == "ADD") {
      ReadAdd(s, &st);
    } else if (s.tag == "TVL") {
      ReadTvl(s, &m);
    } else if (s.tag == "IFT") {
      std::string text;
      for (size_t i = 2; i < s.elements.size(); ++i) text += s.Get(i) + "\n";
      messages::AddFreeText(&m, StrCat("IFT[", s.number, "]"), "remark", text);
    }
  }
  return m;
}

}  // namespace

absl::StatusOr<ParsedMessages> ParsePnrgov(std::string_view name, std::string_view bytes,
                                           const MessageOptions& options) {
  return messages::ParseEdifact(name, bytes, options, MessageFamily::kPnrgov, InterpretPnrgov);
}

}  // namespace cordon
