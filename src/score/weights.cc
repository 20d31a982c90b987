#include "score/weights.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/arrays.h"
#include "normalize/rules.h"

namespace cordon::score {

TokenWeights::TokenWeights(const normalize::KnowledgeTables* tables) : tables_(tables) {}

TokenWeights::TokenWeights(const normalize::KnowledgeTables* tables,
                           const std::vector<const normalize::NormalizedName*>& names)
    : tables_(tables), names_(static_cast<uint32_t>(names.size())) {
  std::unordered_set<std::string_view> seen, seen_skel;
  for (const normalize::NormalizedName* n : names) {
    seen.clear();
    seen_skel.clear();
    for (const normalize::Token& t : n->tokens) {
      if (seen.insert(t.text).second) ++df_[t.text];
      if (seen_skel.insert(t.skeleton).second) ++skeleton_df_[t.skeleton];
    }
  }
}

namespace {

void PutCounts(std::string* out, const normalize::StringMap<uint32_t>& m) {
  // Sorted, so that the same lists always give the same snapshot bytes.
  std::vector<std::pair<std::string_view, uint32_t>> v(m.begin(), m.end());
  std::sort(v.begin(), v.end());
  PutVarint(out, v.size());
  for (const auto& [k, n] : v) {
    PutString(out, k);
    PutVarint(out, n);
  }
}

void GetCounts(WireReader* r, normalize::StringMap<uint32_t>* m) {
  const uint64_t n = r->Count(2);
  m->reserve(n);
  for (uint64_t i = 0; i < n && r->ok(); ++i) {
    std::string k = GetString(r);
    const uint64_t c = r->Varint();
    if (c > UINT32_MAX) r->Fail("token count out of range");
    (*m)[std::move(k)] = static_cast<uint32_t>(c);
  }
}

}  // namespace

void TokenWeights::Encode(std::string* out) const {
  PutVarint(out, names_);
  PutCounts(out, df_);
  PutCounts(out, skeleton_df_);
}

std::unique_ptr<TokenWeights> TokenWeights::Decode(const normalize::KnowledgeTables* tables,
                                                   WireReader* r) {
  auto w = std::make_unique<TokenWeights>(tables);
  const uint64_t names = r->Varint();
  if (names > UINT32_MAX) r->Fail("name count out of range");
  w->names_ = static_cast<uint32_t>(names);
  GetCounts(r, &w->df_);
  GetCounts(r, &w->skeleton_df_);
  return r->ok() ? std::move(w) : nullptr;
}

float TokenWeights::Bits(uint32_t list_df, std::string_view token) const {
  // Self-information -log2 p with add-one smoothing, p the larger of the token's frequency among
  // the list names and among the population names: a token common in either place identifies
  // no one. A token never seen gets log2(N+1), the most a corpus of N names can tell apart.
  double p = (list_df + 1.0) / (names_ + 1.0);
  if (tables_ != nullptr && tables_->population_total() > 0) {
    const normalize::TokenStat* s = tables_->Stats(token);
    const double pop = s ? s->population_count : 0;
    const double p_pop = (pop + 1.0) / (tables_->population_total() + 1.0);
    p = names_ > 0 ? std::max(p, p_pop) : p_pop;
  }
  return std::max(kMinBits, static_cast<float>(-std::log2(p)));
}

float TokenWeights::Weight(const normalize::Token& t) const {
  if (t.initial()) return kInitialBits;
  const auto it = df_.find(t.text);
  // A token seen nowhere that is one edit from a title or legal form ("RAHMAT, Qri",
  // "KOTI COP", "NOORZAI, Hadji Malik") is most likely that word misspelt: the normaliser would
  // have dropped it written right, so it weighs as little as the commonest token instead of as
  // much as a never-seen name. A known word (Hadi, Hafez) keeps its own weight.
  if (it == df_.end() && t.latin_source && t.text.size() >= 3 &&
      (tables_ == nullptr || tables_->Stats(t.text) == nullptr) &&
      normalize::ResemblesDroppedWord(t.text)) {
    return kMinBits;
  }
  float bits = Bits(it == df_.end() ? 0 : it->second, t.text);
  // An East Slavic patronymic says who the father is, no more than his given name does: its many
  // spellings (Sergeyevich, Sergeevich, Sergeievich) make each look rare, so it weighs at most
  // as much as the given name it is formed from when that name is known. Foreign passports of
  // Russia and Ukraine, and so travel manifests, leave it out ("Igor SHEVCHENKO" for "Igor
  // Sergeievich SHEVCHENKO"); at its true weight, missing it no longer hides the person.
  for (const std::string& stem : normalize::PatronymicStems(t.text)) {
    const auto st = df_.find(stem);
    const uint32_t df = st == df_.end() ? 0 : st->second;
    const bool known = df > 0 || (tables_ != nullptr && tables_->Stats(stem) != nullptr);
    if (known) bits = std::min(bits, Bits(df, stem));
  }
  if (t.syllabic()) {
    // A Hangul syllable is as common as its commonest spelling (이 as Lee, 박 as Park).
    for (const normalize::Alt& a : t.alts) {
      const auto at = df_.find(a.text);
      bits = std::min(bits, Bits(at == df_.end() ? 0 : at->second, a.text));
    }
  } else if (!t.latin_source) {
    // A token transliterated from a script without vowels ("mhmd") is as common as the
    // spellings that share its skeleton, and as its table spellings.
    const auto sk = skeleton_df_.find(t.skeleton);
    if (sk != skeleton_df_.end()) bits = std::min(bits, Bits(sk->second, t.skeleton));
    for (const normalize::Alt& a : t.alts) {
      const auto at = df_.find(a.text);
      bits = std::min(bits, Bits(at == df_.end() ? 0 : at->second, a.text));
    }
  }
  return bits;
}

}  // namespace cordon::score
