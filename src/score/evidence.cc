#include "score/evidence.h"

#include <algorithm>
#include <cctype>

namespace cordon::score {
namespace {

struct DobVerdict {
  double adjustment = 0;
  std::string level;  // "exact", "month", "year", "same_year", "near", "contradicts"
};

DobVerdict CompareDob(const PartialDate& q, const BirthDate& b) {
  if (b.from.empty()) return {};
  const int lo = b.from.year - (b.circa ? kCircaYears : 0);
  const int hi = (b.to.empty() ? b.from.year : b.to.year) + (b.circa ? kCircaYears : 0);
  const bool exact_listed = b.to.empty() || b.to == b.from;
  if (exact_listed && q.year == b.from.year) {
    if (q.month != 0 && b.from.month != 0 && q.month != b.from.month) {
      return {kDobSameYearOnly, "same_year"};
    }
    if (q.month != 0 && q.month == b.from.month) {
      if (q.day != 0 && b.from.day != 0) {
        return q.day == b.from.day ? DobVerdict{kDobExact, "exact"}
                                   : DobVerdict{kDobSameYearOnly, "same_year"};
      }
      return {kDobMonth, "month"};
    }
    return {kDobYear, "year"};
  }
  if (q.year >= lo && q.year <= hi) return {kDobYear, "year"};
  if (q.year >= lo - kDobToleranceYears && q.year <= hi + kDobToleranceYears) return {0, "near"};
  return {kDobContradicts, "contradicts"};
}

std::string DateText(const BirthDate& b) {
  if (!b.text.empty()) return b.text;
  std::string s = b.from.ToString();
  if (!b.to.empty() && b.to != b.from) s += " to " + b.to.ToString();
  return b.circa ? "circa " + s : s;
}

EvidenceEffect Effect(double adj) {
  return adj > 0 ? EvidenceEffect::kSupports
                 : (adj < 0 ? EvidenceEffect::kContradicts : EvidenceEffect::kNeutral);
}

void Dob(const ScreenQuery& q, const Entity& e, EvidenceResult* r) {
  if (!q.birth_date || q.birth_date->empty()) return;
  DobVerdict best;
  const BirthDate* best_date = nullptr;
  for (const BirthDate& b : e.birth_dates) {
    const DobVerdict v = CompareDob(*q.birth_date, b);
    if (v.level.empty()) continue;
    if (!best_date || v.adjustment > best.adjustment) {
      best = v;
      best_date = &b;
    }
  }
  if (!best_date) return;
  r->adjustment += best.adjustment;
  r->corroborated |= best.adjustment > 0;
  r->items.push_back({"birth_date", q.birth_date->ToString(), DateText(*best_date),
                      Effect(best.adjustment), best.adjustment});
}

void Countries(const ScreenQuery& q, const Entity& e, EvidenceResult* r) {
  std::vector<const Country*> nat;
  for (const Country& c : e.nationalities) nat.push_back(&c);
  for (const Country& c : e.citizenships) nat.push_back(&c);
  auto has = [](const std::vector<const Country*>& v, const std::string& code) {
    return std::find_if(v.begin(), v.end(), [&](const Country* c) { return c->code == code; });
  };
  std::erase_if(nat, [](const Country* c) { return c->code.empty(); });
  if (!q.nationality.empty() && !nat.empty()) {
    const auto it = has(nat, q.nationality);
    const double adj = it != nat.end() ? kNationalityMatch : kNationalityMismatch;
    r->adjustment += adj;
    r->items.push_back({"nationality", q.nationality,
                        it != nat.end() ? (*it)->code : nat.front()->code, Effect(adj), adj});
  }
  if (q.country.empty()) return;
  std::vector<const Country*> all = nat;
  for (const Address& a : e.addresses) all.push_back(&a.country);
  for (const Place& p : e.birth_places) all.push_back(&p.country);
  if (const auto it = has(all, q.country); it != all.end()) {
    r->adjustment += kCountryMatch;
    r->items.push_back(
        {"country", q.country, (*it)->code, EvidenceEffect::kSupports, kCountryMatch});
  }
}

void GenderAndSchema(const ScreenQuery& q, const Entity& e, EvidenceResult* r) {
  if (q.gender != Gender::kUnknown && e.gender != Gender::kUnknown && q.gender != e.gender) {
    r->adjustment += kGenderMismatch;
    r->items.push_back({"gender", std::string(GenderName(q.gender)),
                        std::string(GenderName(e.gender)), EvidenceEffect::kContradicts,
                        kGenderMismatch});
  }
  // kLegalEntity means the list does not say; Organization and LegalEntity are compatible.
  auto org_like = [](Schema s) { return s == Schema::kOrganization || s == Schema::kLegalEntity; };
  if (q.schema && e.schema != Schema::kLegalEntity && *q.schema != e.schema &&
      !(org_like(*q.schema) && org_like(e.schema))) {
    r->adjustment += kSchemaMismatch;
    r->items.push_back({"schema", std::string(SchemaName(*q.schema)),
                        std::string(SchemaName(e.schema)), EvidenceEffect::kContradicts,
                        kSchemaMismatch});
  }
}

void Identifiers(const std::vector<std::string>& qids, const Entity& e, EvidenceResult* r) {
  if (qids.empty()) return;
  for (const Identifier& id : e.identifiers) {
    const std::string v = NormalizeIdentifier(id.value);
    if (v.size() < kMinIdentifierChars) continue;
    if (std::find(qids.begin(), qids.end(), v) != qids.end()) {
      r->adjustment += kIdentifierMatch;
      r->corroborated = true;
      r->items.push_back({"identifier", v, id.value, EvidenceEffect::kSupports, kIdentifierMatch});
      return;
    }
  }
}

}  // namespace

std::string NormalizeIdentifier(std::string_view id) {
  std::string out;
  for (char c : id) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

EvidenceResult AttributeEvidence(const ScreenQuery& query,
                                 const std::vector<std::string>& query_identifiers,
                                 const Entity& entity) {
  EvidenceResult r;
  Dob(query, entity, &r);
  Countries(query, entity, &r);
  GenderAndSchema(query, entity, &r);
  Identifiers(query_identifiers, entity, &r);
  return r;
}

double MaxPositiveAdjustment(const ScreenQuery& query) {
  double m = 0;
  if (query.birth_date && !query.birth_date->empty()) m += kDobExact;
  if (!query.nationality.empty()) m += kNationalityMatch;
  if (!query.country.empty()) m += kCountryMatch;
  if (!query.identifiers.empty()) m += kIdentifierMatch;
  return m;
}

}  // namespace cordon::score
