// JSON forms of the case model, shared by the CLI and the HTTP API (docs/cases.md shows them).
//
// Thread safety: pure functions.
#ifndef CORDON_CASES_JSON_H_
#define CORDON_CASES_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "cordon/cases.h"

namespace cordon::cases {

// {"alert_id","subject_id","entity_id","list","entity_name","matched_name","score","status",
//  "assigned_to","run_id","previous_alert_id","previous_decision","pending_decision",
//  "pending_by","decided_by","reason","created_at","updated_at","kind" ("subject" or "message"),
//  "message" (null, or the message object of a message alert: docs/cases.md)}; `full` adds
//  "subject" (as
// screened), "subject_hash", "entity_hash", "hit" (with its explanation), "lists",
// "engine_version", "normalizer_version" and, for a message alert, "message_key".
nlohmann::json AlertToJson(const Alert& a, bool full);
nlohmann::json AlertEventToJson(const AlertEvent& e);
nlohmann::json SuppressionToJson(const Suppression& s);
// {"seq","time","actor","action","object","detail","prev_hash","hash"}, detail as JSON.
nlohmann::json AuditRecordToJson(const AuditRecord& r);
nlohmann::json RunResultToJson(const RunResult& r);

}  // namespace cordon::cases

#endif  // CORDON_CASES_JSON_H_
