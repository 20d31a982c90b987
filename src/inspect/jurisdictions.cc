#include "inspect/jurisdictions.h"

#include <algorithm>

#include "core/country.h"
#include "core/strcat.h"
#include "core/text.h"
#include "core/tsv.h"
#include "inspect/text_windows.h"

namespace cordon {

namespace {

absl::StatusOr<JurisdictionRule> ParseRuleLine(std::string_view name, uint64_t line_no,
                                               std::string_view line) {
  const std::vector<std::string_view> f = SplitTabs(line);
  auto error = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat(name, ":", line_no, ": ", why));
  };
  if (f.size() < 2 || f.size() > 3) {
    return error("expected kind<TAB>value[<TAB>label] (2 or 3 tab-separated fields)");
  }
  JurisdictionRule r{.kind = CleanSpaces(f[0]),
                     .value = CleanSpaces(f[1]),
                     .label = f.size() == 3 ? CleanSpaces(f[2]) : std::string(),
                     .line = line_no};
  if (r.value.empty()) return error("empty value");
  if (r.kind == "country") {
    const std::string code = AsciiLower(r.value);
    // Only codes: a name could map to several codes or none, and a rule must be unambiguous.
    if (code.size() != 2 || CountryName(code).empty()) {
      return error(StrCat("country \"", r.value, "\" is not an ISO 3166-1 alpha-2 code"));
    }
    r.value = code;
  } else if (r.kind == "place") {
    if (inspect::PlaceWords(r.value).empty()) return error("place has no letters or digits");
  } else {
    return error(StrCat("kind \"", r.kind, "\" is not country or place"));
  }
  return r;
}

}  // namespace

absl::StatusOr<JurisdictionRules> ParseJurisdictionRules(std::string_view name,
                                                         std::string_view text) {
  if (absl::Status s = ValidateUtf8(name, text); !s.ok()) return s;
  text = StripBom(text);
  JurisdictionRules out{.source = std::string(name)};
  const absl::Status s = ForEachDataLine(text, [&](uint64_t line_no, std::string_view line) {
    absl::StatusOr<JurisdictionRule> r = ParseRuleLine(name, line_no, line);
    if (!r.ok()) return r.status();
    out.rules.push_back(std::move(*r));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

namespace inspect {

std::string BicCountry(std::string_view bic) {
  if (bic.size() != 8 && bic.size() != 11) return "";
  const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!letter(bic[4]) || !letter(bic[5])) return "";
  return AsciiLower(bic.substr(4, 2));
}

JurisdictionChecker::JurisdictionChecker(const JurisdictionRules& rules) {
  for (const JurisdictionRule& r : rules.rules) {
    if (r.kind == "country") {
      countries_.push_back(&r);
    } else {
      places_.push_back({PlaceWords(r.value), &r});
    }
  }
}

const JurisdictionRule* JurisdictionChecker::CountryRule(std::string_view code) const {
  if (code.empty()) return nullptr;
  for (const JurisdictionRule* r : countries_) {
    if (r->value == code) return r;
  }
  return nullptr;
}

void JurisdictionChecker::AddCountryHit(const Party& p, int index, const std::string& attribute,
                                        const std::string& text, const JurisdictionRule& rule,
                                        std::vector<MessageHit>* out) const {
  out->push_back({.kind = MessageHitKind::kJurisdiction,
                  .path = p.path,
                  .role = p.role,
                  .text = text,
                  .attribute = attribute,
                  .rule = rule,
                  .party = index});
}

void JurisdictionChecker::CheckParty(const Party& p, int index,
                                     std::vector<MessageHit>* out) const {
  if (const JurisdictionRule* r = CountryRule(BicCountry(p.bic))) {
    AddCountryHit(p, index, "bic", p.bic, *r, out);
  }
  if (const JurisdictionRule* r = CountryRule(p.address.country)) {
    AddCountryHit(p, index, "address.country", p.address.country, *r, out);
  }
  // Readers copy the address country into `country` when no other is given: one hit is enough.
  if (p.country != p.address.country) {
    if (const JurisdictionRule* r = CountryRule(p.country)) {
      AddCountryHit(p, index, "country", p.country, *r, out);
    }
  }
}

void JurisdictionChecker::CheckAddress(const FreeText& t, int party,
                                       std::vector<MessageHit>* out) const {
  auto add = [&](const std::string& text, const JurisdictionRule& rule) {
    out->push_back({.kind = MessageHitKind::kJurisdiction,
                    .path = t.path,
                    .role = t.kind,
                    .text = text,
                    .attribute = "address",
                    .rule = rule,
                    .party = party});
  };
  const std::vector<std::string> words = PlaceWords(t.text);
  for (const Place& place : places_) {
    auto it = std::search(words.begin(), words.end(), place.words.begin(), place.words.end());
    if (it != words.end()) add(place.rule->value, *place.rule);
  }
  size_t start = 0;
  while (start < t.text.size()) {
    size_t end = t.text.find('\n', start);
    if (end == std::string::npos) end = t.text.size();
    const std::string line = t.text.substr(start, end - start);
    start = end + 1;
    // Two-letter lines are left out: "SL" or "IN" on an address line is more often an
    // abbreviation than a country code, and coded countries are checked in CheckParty.
    if (line.size() <= 2) continue;
    if (const JurisdictionRule* r = CountryRule(CountryCode(line))) add(line, *r);
  }
}

}  // namespace inspect
}  // namespace cordon
