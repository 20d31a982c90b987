#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "core/strcat.h"
#include "engine/screener_impl.h"

namespace cordon {

absl::StatusOr<std::unique_ptr<Screener>> Screener::Create(std::vector<LoadedList> lists) {
  auto s = engine::ScreenerImpl::Make(std::move(lists));
  if (!s.ok()) return s.status();
  return std::unique_ptr<Screener>(std::move(*s));
}

std::string NormalizerVersion() {
  return normalize::Normalizer::VersionOf(normalize::KnowledgeTables::Embedded());
}

namespace engine {

// Smallest threshold: one hundredth, far below any score a real review would look at.
double EffectiveThreshold(double threshold) { return std::max(threshold, 0.01); }

absl::StatusOr<std::unique_ptr<ScreenerImpl>> ScreenerImpl::Make(std::vector<LoadedList> lists) {
  std::unique_ptr<ScreenerImpl> s(new ScreenerImpl());
  auto norm = normalize::Normalizer::Shared();
  if (!norm.ok()) return norm.status();
  s->normalizer_ = *norm;
  s->lists_ = std::move(lists);
  std::vector<normalize::NormalizedName> normalized;
  std::vector<std::pair<uint32_t, uint32_t>> owner;
  // One entity per ID: a source's lists share its ID space, so the same ID on two lists (61
  // entries are on both OFAC's SDN and non-SDN lists) is the same entry; it is screened once,
  // as the first list holding it has it.
  std::unordered_set<std::string_view> ids;
  for (const LoadedList& l : s->lists_) {
    for (const Entity& e : l.entities) {
      if (!ids.insert(e.id).second) continue;
      const auto entity = static_cast<uint32_t>(s->entities_.size());
      s->entities_.push_back(&e);
      for (uint32_t k = 0; k < e.names.size(); ++k) {
        normalize::NormalizedName n = s->normalizer_->Normalize(e.names[k].full);
        if (n.tokens.empty()) continue;  // nothing comparable (punctuation only)
        normalized.push_back(std::move(n));
        owner.emplace_back(entity, k);
      }
    }
  }
  if (s->entities_.size() > UINT32_MAX / 2 || normalized.size() > UINT32_MAX / 2) {
    return absl::ResourceExhaustedError(StrCat("too many names to index: ", normalized.size()));
  }
  std::vector<const normalize::NormalizedName*> ptrs;
  ptrs.reserve(normalized.size());
  for (const auto& n : normalized) ptrs.push_back(&n);
  s->weights_ = std::make_unique<score::TokenWeights>(&s->normalizer_->tables(), ptrs);
  s->names_.reserve(normalized.size());
  for (size_t i = 0; i < normalized.size(); ++i) {
    s->names_.push_back(
        {owner[i].first, owner[i].second, score::Prepare(std::move(normalized[i]), *s->weights_)});
  }
  std::vector<const score::PreparedName*> prepared;
  for (const ListName& n : s->names_) prepared.push_back(&n.prepared);
  s->index_ = index::NameIndex::Build(prepared);
  // The list names' tokens now live once in the index vocabulary.
  for (uint32_t i = 0; i < s->names_.size(); ++i) {
    score::PreparedName& p = s->names_[i].prepared;
    s->index_.NameTokens(i, &p.tokens, &p.joins, &p.weights);
    std::vector<normalize::Token>().swap(p.owned);
  }
  return s;
}

score::PreparedQuery ScreenerImpl::PrepareQuery(const ScreenQuery& query) const {
  score::PreparedQuery q;
  q.query = &query;
  // The index holds the model skeletons of every list word and join: a query word or join
  // written as one of them takes that set (the beam was ~9% of a query, bench/RESULTS.md).
  q.name = score::Prepare(normalizer_->Normalize(query.name, &index_), *weights_, &index_);
  for (const std::string& id : query.identifiers) {
    std::string n = score::NormalizeIdentifier(id);
    if (n.size() >= score::kMinIdentifierChars) q.identifiers.push_back(std::move(n));
  }
  q.max_positive = score::MaxPositiveAdjustment(query);
  return q;
}

Hit ScreenerImpl::MakeHit(const score::PreparedQuery& q, uint32_t n) const {
  const ListName& ln = names_[n];
  const Entity& e = *entities_[ln.entity];
  Hit h;
  h.score = score::ScoreListName(q, ln.prepared, e, ln.name_index, &h.explanation);
  h.explanation.normalizer_version = normalizer_->version();
  h.entity_id = EntityId(ln.entity);
  h.list = e.list;
  h.schema = e.schema;
  h.name = e.names.empty() ? std::string() : e.names[0].full;
  h.matched_name = e.names[ln.name_index].full;
  h.entity = bare_ ? nullptr : &e;  // a bare Screener's entity is a blank shared by all
  return h;
}

void ScreenerImpl::Finish(std::vector<Hit>* hits, size_t limit) {
  std::sort(hits->begin(), hits->end(), [](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.entity_id < b.entity_id;
  });
  if (hits->size() > limit) hits->resize(limit);
}

std::vector<Hit> ScreenerImpl::Screen(const ScreenQuery& query,
                                      const ScreenOptions& options) const {
  const double threshold = EffectiveThreshold(options.threshold);
  const score::PreparedQuery q = PrepareQuery(query);
  thread_local std::vector<index::Candidate> cands;
  cands.clear();
  index_.Candidates(
      q.name, {.min_name_score = static_cast<float>(threshold - q.max_positive - kBoundSlack)},
      &cands);
  // Best name per entity: highest score, then the earliest name (lowest list-name number).
  std::vector<std::pair<uint32_t, std::pair<double, uint32_t>>> best;
  for (const index::Candidate& c : cands) {
    const ListName& ln = names_[c.name];
    const double s =
        score::ScoreListName(q, ln.prepared, *entities_[ln.entity], ln.name_index, nullptr);
    if (s < threshold) continue;
    best.push_back({ln.entity, {-s, c.name}});
  }
  std::sort(best.begin(), best.end());
  // One per entity, then best first as Finish orders hits (score, then entity ID), so that only
  // the hits returned are explained.
  size_t kept = 0;
  for (size_t i = 0; i < best.size(); ++i) {
    if (i > 0 && best[i].first == best[i - 1].first) continue;
    best[kept++] = best[i];
  }
  best.resize(kept);
  auto order = [&](const auto& a, const auto& b) {
    if (a.second.first != b.second.first) return a.second.first < b.second.first;
    return EntityId(a.first) < EntityId(b.first);
  };
  const size_t n = std::min(options.limit, best.size());
  std::partial_sort(best.begin(), best.begin() + n, best.end(), order);
  std::vector<Hit> hits;
  hits.reserve(n);
  for (size_t i = 0; i < n; ++i) hits.push_back(MakeHit(q, best[i].second.second));
  Finish(&hits, options.limit);
  return hits;
}

CompareResult ScreenerImpl::Compare(std::string_view name1, std::string_view name2,
                                    std::optional<Schema> schema) const {
  (void)schema;  // both names share the schema given: schema evidence is neutral
  const score::PreparedName a = score::Prepare(normalizer_->Normalize(name1), *weights_);
  const score::PreparedName b = score::Prepare(normalizer_->Normalize(name2), *weights_);
  score::NameScore detail;
  CompareResult r;
  r.score = score::ScoreName(a, b, &detail);
  r.match = r.score >= kDefaultThreshold;
  r.explanation.matched_name = std::string(name2);
  score::ExplainAlignment(a, b, detail, &r.explanation);
  r.explanation.normalizer_version = normalizer_->version();
  return r;
}

}  // namespace engine
}  // namespace cordon
