#include "cases/json.h"

namespace cordon::cases {

using nlohmann::json;

namespace {
// Stored JSON text back to JSON (text that is not JSON is kept as a string).
json Parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(text) : j;
}
}  // namespace

json AlertToJson(const Alert& a, bool full) {
  json j = {{"alert_id", a.alert_id},
            {"subject_id", a.subject_id},
            {"entity_id", a.entity_id},
            {"list", a.list},
            {"entity_name", a.entity_name},
            {"matched_name", a.matched_name},
            {"score", a.score},
            {"status", AlertStatusName(a.status)},
            {"assigned_to", a.assigned_to},
            {"run_id", a.run_id},
            {"previous_alert_id", a.previous_alert_id},
            {"previous_decision", a.previous_decision},
            {"pending_decision", a.pending_decision},
            {"pending_by", a.pending_by},
            {"decided_by", a.decided_by},
            {"reason", a.reason},
            {"created_at", a.created_at},
            {"updated_at", a.updated_at},
            {"request_key", a.request_key},
            {"kind", a.kind}};
  // A message alert: where the hit is (docs/cases.md "Message alerts"), in the list too, so that
  // a queue can show the message reference and field path without fetching each alert.
  j["message"] = a.message.empty() ? json(nullptr) : Parsed(a.message);
  if (full) {
    j["subject"] = Parsed(a.subject_data);
    j["subject_hash"] = a.subject_hash;
    j["entity_hash"] = a.entity_hash;
    j["hit"] = Parsed(a.hit);
    j["lists"] = Parsed(a.lists);
    j["engine_version"] = a.engine_version;
    j["normalizer_version"] = a.normalizer_version;
    if (!a.message_key.empty()) j["message_key"] = a.message_key;
  }
  return j;
}

json AlertEventToJson(const AlertEvent& e) {
  return {{"alert_id", e.alert_id}, {"time", e.time},    {"user", e.user},    {"action", e.action},
          {"from", e.from_status},  {"to", e.to_status}, {"reason", e.reason}};
}

json SuppressionToJson(const Suppression& s) {
  return {{"suppression_id", s.suppression_id},
          {"subject_id", s.subject_id},
          {"entity_id", s.entity_id},
          {"subject_hash", s.subject_hash},
          {"entity_hash", s.entity_hash},
          {"alert_id", s.alert_id},
          {"created_by", s.created_by},
          {"created_at", s.created_at},
          {"expires_at", s.expires_at},
          {"revoked_at", s.revoked_at},
          {"revoked_by", s.revoked_by},
          {"reason", s.reason},
          {"active", s.active}};
}

json AuditRecordToJson(const AuditRecord& r) {
  return {{"seq", r.seq},
          {"time", r.time},
          {"actor", r.actor},
          {"action", r.action},
          {"object", r.object},
          {"detail", Parsed(r.detail)},
          {"prev_hash", r.prev_hash},
          {"hash", r.hash}};
}

json RunResultToJson(const RunResult& r) {
  return {{"run_id", r.run_id},
          {"screened", r.screened},
          {"hits", r.hits},
          {"alerts_created", r.alerts_created},
          {"already_open", r.already_open},
          {"suppressed", r.suppressed},
          {"already_decided", r.already_decided},
          {"delisted", r.delisted},
          {"already_recorded", r.already_recorded}};
}

}  // namespace cordon::cases
