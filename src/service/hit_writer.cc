#include "service/hit_writer.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/json.h"

namespace cordon::service {

namespace {

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

void Key(std::string* out, const char* key) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void StringArray(std::string* out, const std::vector<std::string>& v) {
  out->push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(out, v[i]);
  }
  out->push_back(']');
}

// Keys in nlohmann's order (sorted), as engine::ExplanationToJson builds them.
void AppendExplanation(std::string* out, const Explanation& x) {
  out->append("{\"alignment\":[");
  for (size_t i = 0; i < x.alignment.size(); ++i) {
    const TokenMatch& m = x.alignment[i];
    out->append(i > 0 ? ",{" : "{");
    Key(out, "how");
    AppendJsonString(out, MatchHowName(m.how));
    out->append(",\"list_token\":");
    AppendJsonString(out, m.list_token);
    out->append(",\"query_token\":");
    AppendJsonString(out, m.query_token);
    out->append(",\"similarity\":");
    AppendJsonNumber(out, engine::RoundScore(m.similarity));
    out->push_back('}');
  }
  out->append("],\"evidence\":[");
  for (size_t i = 0; i < x.evidence.size(); ++i) {
    const Evidence& e = x.evidence[i];
    out->append(i > 0 ? ",{" : "{");
    Key(out, "adjustment");
    AppendJsonNumber(out, engine::RoundScore(e.adjustment));
    out->append(",\"attribute\":");
    AppendJsonString(out, e.attribute);
    out->append(",\"effect\":");
    AppendJsonString(out, EvidenceEffectName(e.effect));
    out->append(",\"list_value\":");
    AppendJsonString(out, e.list_value);
    out->append(",\"query_value\":");
    AppendJsonString(out, e.query_value);
    out->push_back('}');
  }
  out->append("],\"matched_name\":");
  AppendJsonString(out, x.matched_name);
  out->append(",\"name_kind\":");
  AppendJsonString(out, NameKindName(x.name_kind));
  out->append(",\"name_score\":");
  AppendJsonNumber(out, engine::RoundScore(x.name_score));
  out->append(",\"name_strength\":");
  AppendJsonString(out, NameStrengthName(x.name_strength));
  out->append(",\"normalizer_version\":");
  AppendJsonString(out, x.normalizer_version);
  out->append(",\"unmatched_list_tokens\":");
  StringArray(out, x.unmatched_list_tokens);
  out->append(",\"unmatched_query_tokens\":");
  StringArray(out, x.unmatched_query_tokens);
  out->push_back('}');
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  if (!ValidUtf8(s)) {  // rare: let nlohmann replace the bad bytes exactly as it does
    out->append(nlohmann::json(std::string(s))
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendJsonNumber(std::string* out, double x) {
  if (!std::isfinite(x)) {
    out->append("null");
    return;
  }
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof(buf), x);
  out->append(buf, static_cast<size_t>(end - buf));
}

void AppendHitJson(std::string* out, const Hit& h) {
  out->append("{\"entity_id\":");
  AppendJsonString(out, h.entity_id);
  out->append(",\"explanation\":");
  AppendExplanation(out, h.explanation);
  out->append(",\"list\":");
  AppendJsonString(out, h.list);
  out->append(",\"matched_name\":");
  AppendJsonString(out, h.matched_name);
  out->append(",\"name\":");
  AppendJsonString(out, h.name);
  out->append(",\"schema\":");
  AppendJsonString(out, SchemaName(h.schema));
  out->append(",\"score\":");
  AppendJsonNumber(out, engine::RoundScore(h.score));
  out->push_back('}');
}

void AppendHitsJson(std::string* out, const std::vector<Hit>& hits) {
  out->push_back('[');
  for (size_t i = 0; i < hits.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendHitJson(out, hits[i]);
  }
  out->push_back(']');
}

}  // namespace cordon::service
