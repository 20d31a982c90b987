#include "validate/runner.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

#include "core/strcat.h"
#include "validate/jaro_winkler_screener.h"
#include "validate/parallel.h"

namespace cordon::validate {
namespace {

// Birth years of the random dates of birth given to negatives: the span of the listed people's
// birth years (almost all lie between 1940 and 2005).
constexpr int kMinBirthYear = 1940;
constexpr int kBirthYears = 66;

bool IsLatin(const Name& n) { return n.script == "Latn" || n.script.empty(); }

template <typename T>
void Shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.Below(i)]);
}

void AddAsListed(const Entity& e, std::vector<TestCase>& out) {
  for (size_t i = 0; i < e.names.size(); ++i) {
    const Name& n = e.names[i];
    // A weak alias is one in any script (the UN list gives the Cyrillic of its Low-quality
    // aliases: "Вайнах" for Wainakh, QDi.366); it may not alert alone, so it is reported apart.
    Category c = Category::kAlias;
    if (i > 0 && n.strength == NameStrength::kWeak) {
      c = Category::kWeakAlias;
    } else if (!IsLatin(n)) {
      c = Category::kOriginalScript;
    } else if (i == 0) {
      c = Category::kExact;
    }
    out.push_back({c, n.full, e.id, n.full, QuerySchema(e.schema)});
  }
}

const Name* BaseName(const Entity& e) {
  for (const Name& n : e.names) {
    if (IsLatin(n) && n.strength == NameStrength::kStrong) return &n;
  }
  return nullptr;
}

void AddGenerated(const Entity& e, const VariantTable& table, Rng& rng,
                  std::vector<TestCase>& out) {
  const Name* base = BaseName(e);
  if (base == nullptr) return;
  for (Category c : GeneratedCategories()) {
    std::optional<std::string> v =
        MakeVariant(c, base->full, e.schema == Schema::kPerson, table, rng);
    if (v) out.push_back({c, std::move(*v), e.id, base->full, QuerySchema(e.schema)});
  }
}

struct NegativeOutcome {
  bool alert = false;
  bool alert_with_dob = false;
  Example example;
};

NegativeOutcome ScreenNegative(const Screener& screener, const NegativeName& n, uint64_t seed,
                               size_t index, const ScreenOptions& so) {
  NegativeOutcome out;
  ScreenQuery q;
  q.name = n.name;
  q.schema = n.schema;
  std::vector<Hit> hits = screener.Screen(q, so);
  out.alert = !hits.empty();
  if (out.alert) {
    out.example = {n.name, hits[0].entity_id,
                   StrCat(hits[0].matched_name, " (", fmt::format("{:.2f}", hits[0].score), ")")};
  }
  if (n.schema == Schema::kPerson) {
    // A random date of birth per negative, drawn from its own stream so that threads and order
    // do not change it.
    Rng rng(seed ^ (0x5bd1e995ull * (index + 1)));
    q.birth_date =
        PartialDate{static_cast<int16_t>(kMinBirthYear + rng.Below(kBirthYears)),
                    static_cast<int8_t>(1 + rng.Below(12)), static_cast<int8_t>(1 + rng.Below(28))};
    out.alert_with_dob = !screener.Screen(q, so).empty();
  } else {
    out.alert_with_dob = out.alert;  // no date of birth for companies
  }
  return out;
}

std::vector<CategoryResult> Tally(const std::vector<TestCase>& cases,
                                  const std::vector<char>& found, size_t max_examples) {
  std::vector<CategoryResult> by(kNumCategories);
  for (size_t i = 0; i < cases.size(); ++i) {
    CategoryResult& r = by[static_cast<size_t>(cases[i].category)];
    r.category = std::string(CategoryName(cases[i].category));
    ++r.cases;
    if (found[i]) {
      ++r.found;
    } else if (r.misses.size() < max_examples) {
      r.misses.push_back({cases[i].name, cases[i].entity_id, cases[i].source_name});
    }
  }
  std::erase_if(by, [](const CategoryResult& r) { return r.cases == 0; });
  return by;
}

// Indexes 0..n-1 shuffled with `seed`, first `k` kept.
std::vector<size_t> SampleIndexes(size_t n, size_t k, uint64_t seed) {
  std::vector<size_t> idx(n);
  for (size_t i = 0; i < n; ++i) idx[i] = i;
  Rng rng(seed);
  Shuffle(idx, rng);
  idx.resize(std::min(n, k));
  return idx;
}

BaselineResult CompareBaseline(const JaroWinklerScreener& jw, const std::vector<TestCase>& cases,
                               const std::vector<char>& found,
                               const std::vector<NegativeName>& negatives,
                               const std::vector<NegativeOutcome>& outcomes,
                               const ValidateOptions& options) {
  BaselineResult b;
  b.computed = true;
  std::vector<size_t> pos_idx;
  for (size_t i : SampleIndexes(cases.size(), cases.size(), options.seed + 1)) {
    if (cases[i].category >= Category::kTypoInsert) pos_idx.push_back(i);
    if (pos_idx.size() == options.baseline_sample) break;
  }
  const std::vector<size_t> neg_idx =
      SampleIndexes(negatives.size(), options.baseline_sample, options.seed + 2);
  b.positives = pos_idx.size();
  b.negatives = neg_idx.size();
  std::vector<double> pos_scores(pos_idx.size()), neg_scores(neg_idx.size());
  std::atomic<size_t> done{0};
  const size_t total = pos_idx.size() + neg_idx.size();
  ParallelFor(
      pos_idx.size(), options.threads,
      [&](size_t i) {
        pos_scores[i] = jw.ScoreAgainst(cases[pos_idx[i]].name, cases[pos_idx[i]].entity_id);
      },
      nullptr, done, total);
  ParallelFor(
      neg_idx.size(), options.threads,
      [&](size_t i) { neg_scores[i] = jw.BestScore(negatives[neg_idx[i]].name); }, nullptr, done,
      total);
  size_t cordon_found = 0, cordon_fp = 0;
  for (size_t i : pos_idx) cordon_found += found[i] != 0;
  for (size_t i : neg_idx) cordon_fp += outcomes[i].alert;
  b.cordon_recall = b.positives ? static_cast<double>(cordon_found) / b.positives : 0;
  b.cordon_fp_rate = b.negatives ? static_cast<double>(cordon_fp) / b.negatives : 0;
  b.jw_threshold = ThresholdForRecall(pos_scores, b.cordon_recall);
  auto rate = [&](const std::vector<double>& s) {
    const auto n = std::count_if(s.begin(), s.end(), [&](double x) { return x >= b.jw_threshold; });
    return s.empty() ? 0.0 : static_cast<double>(n) / static_cast<double>(s.size());
  };
  b.jw_recall = rate(pos_scores);
  b.jw_fp_rate = rate(neg_scores);
  return b;
}

}  // namespace

double ThresholdForRecall(std::vector<double> scores, double recall) {
  if (scores.empty()) return 0;
  std::sort(scores.begin(), scores.end(), std::greater<>());
  const double want = std::ceil(recall * static_cast<double>(scores.size()) - 1e-9);
  const size_t k = std::clamp<size_t>(static_cast<size_t>(want), 1, scores.size());
  return scores[k - 1];
}

std::vector<TestCase> GenerateCases(const std::vector<LoadedList>& lists, const VariantTable& table,
                                    const ValidateOptions& options) {
  std::vector<const Entity*> entities;
  for (const LoadedList& l : lists) {
    for (const Entity& e : l.entities) entities.push_back(&e);
  }
  Rng rng(options.seed);
  Shuffle(entities, rng);
  if (options.sample != 0 && entities.size() > options.sample) entities.resize(options.sample);
  std::vector<TestCase> cases;
  for (const Entity* e : entities) {
    AddAsListed(*e, cases);
    AddGenerated(*e, table, rng, cases);
  }
  return cases;
}

ValidationReport RunValidation(const Screener& screener, const std::vector<NegativeName>& negatives,
                               const VariantTable& table, const ValidateOptions& options,
                               const JaroWinklerScreener* baseline, const ProgressFn& progress) {
  ValidationReport r = ReportHeader(screener, options);
  const std::vector<TestCase> cases = GenerateCases(screener.lists(), table, options);
  ScreenOptions so{.threshold = options.threshold, .limit = options.hit_limit};
  std::vector<char> found(cases.size(), 0);
  std::vector<NegativeOutcome> outcomes(negatives.size());
  std::atomic<size_t> done{0};
  const size_t total = cases.size() + negatives.size();
  ParallelFor(
      cases.size(), options.threads,
      [&](size_t i) {
        ScreenQuery q;
        q.name = cases[i].name;
        q.schema = cases[i].schema;
        for (const Hit& h : screener.Screen(q, so)) found[i] |= h.entity_id == cases[i].entity_id;
      },
      progress, done, total);
  ParallelFor(
      negatives.size(), options.threads,
      [&](size_t i) { outcomes[i] = ScreenNegative(screener, negatives[i], options.seed, i, so); },
      progress, done, total);
  r.categories = Tally(cases, found, options.max_examples);
  std::map<std::string, CultureResult> cultures;
  for (size_t i = 0; i < negatives.size(); ++i) {
    CultureResult& c = cultures[negatives[i].culture];
    c.culture = negatives[i].culture;
    ++c.names;
    c.alerts_name_only += outcomes[i].alert;
    c.alerts_with_dob += outcomes[i].alert_with_dob;
    if (outcomes[i].alert && c.alerts.size() < options.max_examples)
      c.alerts.push_back(outcomes[i].example);
  }
  for (auto& [_, c] : cultures) {
    r.negatives += c.names;
    r.fp_name_only += c.alerts_name_only;
    r.fp_with_dob += c.alerts_with_dob;
    r.cultures.push_back(std::move(c));
  }
  if (baseline != nullptr && options.baseline_sample > 0) {
    r.baseline = CompareBaseline(*baseline, cases, found, negatives, outcomes, options);
  }
  return r;
}

ValidationReport ReportHeader(const Screener& screener, const ValidateOptions& options) {
  ValidationReport r;
  r.options = options;
  for (const LoadedList& l : screener.lists()) {
    r.lists.push_back(l.version);
    r.entities += l.entities.size();
  }
  CompareResult probe = screener.Compare("validate", "validate");
  r.engine_version = probe.explanation.normalizer_version;
  return r;
}

}  // namespace cordon::validate
