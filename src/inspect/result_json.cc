#include "inspect/result_json.h"

#include "engine/json.h"

namespace cordon::inspect {

using nlohmann::json;

json MessageHitToJson(const MessageHit& h) {
  json j = {{"kind", std::string(MessageHitKindName(h.kind))},
            {"path", h.path},
            {"role", h.role},
            {"text", h.text}};
  if (h.kind == MessageHitKind::kJurisdiction) {
    j["attribute"] = h.attribute;
    j["rule"] = {{"kind", h.rule.kind},
                 {"value", h.rule.value},
                 {"label", h.rule.label},
                 {"line", h.rule.line}};
  } else {
    j["match"] = engine::HitToJson(h.match);
  }
  return j;
}

json MessageResultToJson(const MessageResult& r) {
  json j = {{"format", r.format},
            {"id", r.id},
            {"offset", r.offset},
            {"decision", DecisionName(r.decision)}};
  j["hits"] = json::array();
  for (const MessageHit& h : r.hits) j["hits"].push_back(MessageHitToJson(h));
  if (r.family == MessageFamily::kPaxlst || r.family == MessageFamily::kPnrgov) {
    json passengers = json::array();
    for (const PartyResult& p : r.passengers) {
      passengers.push_back({{"path", p.path},
                            {"role", p.role},
                            {"name", p.name},
                            {"decision", DecisionName(p.decision)},
                            {"hits", p.hits}});
    }
    j["passengers"] = std::move(passengers);
  }
  if (!r.warnings.empty()) j["warnings"] = engine::WarningsToJson(r.warnings);
  json unnamed = json::array();
  for (const UnnamedParty& u : r.unnamed) {
    unnamed.push_back({{"path", u.path}, {"role", u.role}, {"screened", u.screened}});
  }
  j["unnamed_parties"] = std::move(unnamed);
  j["notes"] = r.notes;
  return j;
}

json MessageErrorToJson(const absl::Status& status) {
  json j = {{"decision", DecisionName(Decision::kError)}, {"error", std::string(status.message())}};
  const std::optional<uint64_t> offset = MessageErrorOffset(status);
  j["offset"] = offset ? json(*offset) : json(nullptr);
  return j;
}

}  // namespace cordon::inspect
