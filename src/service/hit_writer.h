// A direct JSON writer for screening hits on the hot path of POST /v1/screen and
// /v1/screen/batch. Its output is byte for byte engine::HitToJson(h).dump(-1, ' ', false,
// replace) (hit_writer_test checks it on real hits), without building nlohmann objects: a hit
// with its explanation costs about 20 us of CPU through nlohmann and a few here.
//
// Thread safety: pure functions.
#ifndef CORDON_SERVICE_HIT_WRITER_H_
#define CORDON_SERVICE_HIT_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "cordon/screen.h"

namespace cordon::service {

// A JSON string as nlohmann writes it (ensure_ascii off; invalid UTF-8 replaced by U+FFFD).
void AppendJsonString(std::string* out, std::string_view s);
// A double as nlohmann writes it (shortest round trip, "1.0", "null" when not finite).
void AppendJsonNumber(std::string* out, double x);
// One hit: == engine::HitToJson(h).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).
void AppendHitJson(std::string* out, const Hit& h);
// [hit, ...]
void AppendHitsJson(std::string* out, const std::vector<Hit>& hits);

}  // namespace cordon::service

#endif  // CORDON_SERVICE_HIT_WRITER_H_
