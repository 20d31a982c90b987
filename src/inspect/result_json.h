// JSON form of message screening results, shared by the CLI and (later) the
// HTTP service. docs/messages.md "Screening" shows an example.
//
// Thread safety: pure functions.
#ifndef CORDON_INSPECT_RESULT_JSON_H_
#define CORDON_INSPECT_RESULT_JSON_H_

#include <nlohmann/json.hpp>

#include "cordon/inspect.h"

namespace cordon::inspect {

// {"kind","path","role","text", then "match" (engine hit JSON) for party,
// identifier and text hits, or "attribute" and "rule" {"kind","value","label","line"}
// for jurisdiction hits}.
nlohmann::json MessageHitToJson(const MessageHit& h);

// {"format","id","offset","decision","hits":[...], and for manifests and PNRs
// "passengers":[{"path","role","name","decision","hits":[indexes into hits]}]}.
nlohmann::json MessageResultToJson(const MessageResult& r);

}  // namespace cordon::inspect

#endif  // CORDON_INSPECT_RESULT_JSON_H_
