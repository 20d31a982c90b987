#include <algorithm>
#include <optional>

#include "cordon/inspect.h"
#include "inspect/identifier_index.h"
#include "inspect/jurisdictions.h"
#include "inspect/text_search.h"

namespace cordon {

std::string_view DecisionName(Decision d) {
  switch (d) {
    case Decision::kHold: return "hold";
    case Decision::kError: return "error";
    case Decision::kPass: break;
  }
  return "pass";
}

std::string_view MessageHitKindName(MessageHitKind k) {
  static constexpr std::string_view kNames[] = {"party", "identifier", "text", "jurisdiction"};
  return kNames[static_cast<size_t>(k)];
}

struct MessageInspector::Impl {
  Impl(const Screener* s, InspectOptions o) : screener(s), options(o), ids(s->lists()) {
    if (o.jurisdictions != nullptr) jurisdictions.emplace(*o.jurisdictions);
  }
  const Screener* screener;
  InspectOptions options;
  inspect::IdentifierIndex ids;
  std::optional<inspect::JurisdictionChecker> jurisdictions;
};

namespace {

using inspect::ListedIdentifier;

ScreenQuery PartyQuery(const Party& p, const std::string& name) {
  ScreenQuery q;
  q.id = p.path;
  q.name = name;
  q.schema = p.schema;
  if (!p.birth_date.empty()) q.birth_date = p.birth_date;
  q.nationality = p.nationality;
  q.country = p.country.empty() ? p.address.country : p.country;
  q.gender = p.gender;
  // Identifiers the lists also carry: they count as evidence for the name.
  for (const std::string* id : {&p.bic, &p.lei}) {
    if (!id->empty()) q.identifiers.push_back(*id);
  }
  for (const TravelDocument& d : p.documents) {
    if (!d.number.empty()) q.identifiers.push_back(d.number);
  }
  return q;
}

void ScreenPartyNames(const Screener& screener, const InspectOptions& options, const Party& p,
                      int index, std::vector<MessageHit>* out) {
  const ScreenOptions opts{.threshold = options.threshold, .limit = options.limit};
  std::vector<MessageHit> hits;
  std::vector<const std::string*> names;
  if (!p.name.empty()) names.push_back(&p.name);
  for (const std::string& n : p.other_names) names.push_back(&n);
  for (const std::string* name : names) {
    const std::string& path = name == &p.name && !p.name_path.empty() ? p.name_path : p.path;
    for (Hit& h : screener.Screen(PartyQuery(p, *name), opts)) {
      inspect::KeepBestPerEntity({.kind = MessageHitKind::kParty,
                                  .path = path,
                                  .role = p.role,
                                  .text = *name,
                                  .match = std::move(h),
                                  .party = index},
                                 &hits);
    }
  }
  inspect::SortAndLimit(&hits, options.limit);
  for (MessageHit& h : hits) out->push_back(std::move(h));
}

Hit IdentifierHit(const ListedIdentifier& li, const std::string& value) {
  const Entity& e = *li.entity;
  Hit h{.entity_id = e.id,
        .list = e.list,
        .schema = e.schema,
        .name = e.names.empty() ? std::string() : e.names[0].full,
        .score = 1.0,
        .entity = &e};
  h.matched_name = h.name;
  h.explanation.matched_name = h.name;
  h.explanation.evidence.push_back({.attribute = "identifier",
                                    .query_value = value,
                                    .list_value = li.identifier->value,
                                    .effect = EvidenceEffect::kSupports});
  return h;
}

void CheckIdentifiers(const inspect::IdentifierIndex& ids, const Party& p, int index,
                      std::vector<MessageHit>* out) {
  auto add = [&](const std::vector<ListedIdentifier>& found, const std::string& value) {
    for (const ListedIdentifier& li : found) {
      out->push_back({.kind = MessageHitKind::kIdentifier,
                      .path = p.path,
                      .role = p.role,
                      .text = value,
                      .match = IdentifierHit(li, value),
                      .party = index});
    }
  };
  if (!p.bic.empty()) add(ids.FindBic(p.bic), p.bic);
  if (!p.lei.empty()) add(ids.FindLei(p.lei), p.lei);
}

// The party a free text belongs to: its address lines have the party's path
// (MT "59F", EDIFACT) or a path below it (ISO ".../Cdtr/PstlAdr"); -1 for the others.
int OwnerParty(const Message& m, const FreeText& t) {
  for (size_t i = 0; i < m.parties.size(); ++i) {
    const std::string& p = m.parties[i].path;
    if (t.path == p || (t.path.size() > p.size() && t.path.compare(0, p.size(), p) == 0 &&
                        t.path[p.size()] == '/')) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool IsTraveller(const std::string& role) { return role == "passenger" || role == "crew"; }

void AddPassengers(const Message& m, MessageResult* r) {
  for (size_t i = 0; i < m.parties.size(); ++i) {
    const Party& p = m.parties[i];
    if (!IsTraveller(p.role)) continue;
    PartyResult pr{.party = static_cast<int>(i), .role = p.role, .path = p.path, .name = p.name};
    for (size_t h = 0; h < r->hits.size(); ++h) {
      if (r->hits[h].party == pr.party) pr.hits.push_back(h);
    }
    pr.decision = pr.hits.empty() ? Decision::kPass : Decision::kHold;
    r->passengers.push_back(std::move(pr));
  }
}

// Payment parties without a name, and what of them the lists were checked against.
void AddUnnamed(const Message& m, MessageResult* r) {
  if (m.family == MessageFamily::kPaxlst || m.family == MessageFamily::kPnrgov) return;
  for (size_t i = 0; i < m.parties.size(); ++i) {
    const Party& p = m.parties[i];
    if (!p.name.empty() || !p.other_names.empty()) continue;
    UnnamedParty u{.party = static_cast<int>(i), .role = p.role, .path = p.path};
    if (!p.bic.empty()) u.screened.push_back("bic");
    if (!p.lei.empty()) u.screened.push_back("lei");
    r->unnamed.push_back(std::move(u));
  }
}

}  // namespace

MessageInspector::MessageInspector(const Screener* screener, InspectOptions options)
    : impl_(std::make_unique<Impl>(screener, options)) {}

MessageInspector::~MessageInspector() = default;

MessageResult MessageInspector::Inspect(const Message& m) const {
  MessageResult r{.family = m.family, .format = m.format, .id = m.id, .offset = m.offset};
  for (size_t i = 0; i < m.parties.size(); ++i) {
    const auto index = static_cast<int>(i);
    ScreenPartyNames(*impl_->screener, impl_->options, m.parties[i], index, &r.hits);
    CheckIdentifiers(impl_->ids, m.parties[i], index, &r.hits);
    if (impl_->jurisdictions) impl_->jurisdictions->CheckParty(m.parties[i], index, &r.hits);
    // An unreadable date or country was left out of the screening above; say so.
    r.warnings.insert(r.warnings.end(), m.parties[i].warnings.begin(), m.parties[i].warnings.end());
  }
  inspect::WindowCache cache;
  for (const FreeText& t : m.free_texts) {
    const int owner = OwnerParty(m, t);
    inspect::SearchText(*impl_->screener, impl_->options, t, owner, &cache, &r.hits);
    if (impl_->jurisdictions && t.kind == "address") {
      impl_->jurisdictions->CheckAddress(t, owner, &r.hits);
    }
  }
  r.decision = r.hits.empty() ? Decision::kPass : Decision::kHold;
  if (m.family == MessageFamily::kPaxlst || m.family == MessageFamily::kPnrgov) {
    AddPassengers(m, &r);
  }
  AddUnnamed(m, &r);
  r.notes = m.notes;
  return r;
}

}  // namespace cordon
