// JSON form of message screening results, shared by the CLI and (later) the
// HTTP service. docs/messages.md "Screening" shows an example.
//
// Thread safety: pure functions.
#ifndef CORDON_INSPECT_RESULT_JSON_H_
#define CORDON_INSPECT_RESULT_JSON_H_

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "cordon/inspect.h"

namespace cordon::inspect {

// {"kind","path","role","text", then "match" (engine hit JSON) for party,
// identifier and text hits, or "attribute" and "rule" {"kind","value","label","line"}
// for jurisdiction hits}.
nlohmann::json MessageHitToJson(const MessageHit& h);

// {"format","id","offset","decision","hits":[...], for manifests and PNRs
// "passengers":[{"path","role","name","decision","hits":[indexes into hits]}],
// "unnamed_parties":[{"path","role","screened":["bic",...]}], "notes":[...]}.
nlohmann::json MessageResultToJson(const MessageResult& r);

// A message or file that could not be read: {"decision": "error", "error": reason, "offset":
// byte offset or null}.
nlohmann::json MessageErrorToJson(const absl::Status& status);

}  // namespace cordon::inspect

#endif  // CORDON_INSPECT_RESULT_JSON_H_
