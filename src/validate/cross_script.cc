#include "validate/cross_script.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/strcat.h"
#include "core/text.h"
#include "core/tsv.h"
#include "validate/jaro_winkler_screener.h"
#include "validate/negatives.h"
#include "validate/variants.h"

namespace cordon::validate {

std::optional<Schema> QuerySchema(Schema s) {
  if (s == Schema::kLegalEntity) return std::nullopt;  // the list does not say
  return s;
}

namespace {

constexpr size_t kColumns = 7;

bool IsScriptCode(std::string_view s) {
  if (s.size() != 4 || s[0] < 'A' || s[0] > 'Z') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The '|'-separated items of `field`, each trimmed; nullopt when one is empty.
std::optional<std::vector<std::string>> Items(std::string_view field) {
  std::vector<std::string> out;
  while (true) {
    const size_t bar = field.find('|');
    std::string item = CleanSpaces(field.substr(0, bar));
    if (item.empty()) return std::nullopt;
    out.push_back(std::move(item));
    if (bar == std::string_view::npos) return out;
    field.remove_prefix(bar + 1);
  }
}

struct RowParser {
  std::string_view file;
  bool header_seen = false;
  std::unordered_map<std::string, std::pair<Split, uint64_t>> cluster_split;
  std::vector<CrossScriptPair> out;

  absl::Status Line(uint64_t n, std::string_view line) {
    if (!header_seen) {
      if (line != kCrossScriptHeader) {
        return LineError(file, n, "header", StrCat("expected \"", kCrossScriptHeader, "\""));
      }
      header_seen = true;
      return absl::OkStatus();
    }
    const std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() != kColumns) {
      return LineError(file, n, "-",
                       StrCat("expected ", kColumns, " TAB-separated fields, found ", f.size()));
    }
    CrossScriptPair p;
    const std::optional<Split> split = ParseSplit(f[0]);
    if (!split) return LineError(file, n, "split", StrCat("unknown split \"", f[0], "\""));
    p.split = *split;
    p.cluster = CleanSpaces(f[1]);
    if (p.cluster.empty()) return LineError(file, n, "cluster", "empty");
    if (!IsScriptCode(f[2])) {
      return LineError(file, n, "script", StrCat("not an ISO 15924 code: \"", f[2], "\""));
    }
    p.script = std::string(f[2]);
    const std::optional<Schema> schema = ParseSchema(f[3]);
    if (!schema) return LineError(file, n, "schema", StrCat("unknown schema \"", f[3], "\""));
    p.schema = *schema;
    p.original = CleanSpaces(f[4]);
    if (p.original.empty()) return LineError(file, n, "original", "empty");
    auto latin = Items(f[5]);
    if (!latin) return LineError(file, n, "latin", "empty name");
    p.latin = std::move(*latin);
    auto entities = Items(f[6]);
    if (!entities) return LineError(file, n, "entities", "empty entity id");
    p.entities = std::move(*entities);
    const auto [it, fresh] = cluster_split.try_emplace(p.cluster, p.split, n);
    if (!fresh && it->second.first != p.split) {
      return LineError(file, n, "split",
                       StrCat("cluster ", p.cluster, " is in ", SplitName(it->second.first),
                              " on line ", it->second.second, " and in ", SplitName(p.split)));
    }
    out.push_back(std::move(p));
    return absl::OkStatus();
  }
};

// FNV-1a, 64 bits: a fixed hash (std::hash is implementation-defined) seeding each original's
// sample of negative candidates, so the sample does not depend on the platform or the order.
uint64_t Fnv1a(std::string_view a, std::string_view b) {
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ull;
    }
  };
  mix(a);
  mix("\t");
  mix(b);
  return h;
}

// A Latin name of some cluster, as a negative candidate.
struct PoolName {
  const std::string* name;
  const std::string* jw;  // JaroWinklerScreener::Normalize form
  size_t cluster;
};

struct RowResult {
  double score = 0;     // best engine score against the cluster's Latin names
  double jw_score = 0;  // best Jaro-Winkler score
  std::string best_latin;
  std::vector<double> neg_scores, neg_jw;
  std::vector<std::string> neg_names;
  bool screen_found = false;
  CrossScriptExample top;
};

class Runner {
 public:
  Runner(const Screener& screener, const Screener& latin_only,
         const std::vector<CrossScriptPair>& pairs, const CrossScriptOptions& options)
      : screener_(screener), latin_only_(latin_only), pairs_(pairs), options_(options) {
    for (const CrossScriptPair& p : pairs_) {
      const size_t c = cluster_ids_.try_emplace(p.cluster, cluster_ids_.size()).first->second;
      for (const std::string& l : p.latin) {
        auto [it, fresh] = jw_.try_emplace(l);
        if (fresh) it->second = JaroWinklerScreener::Normalize(l);
        if (seen_.insert({c, l}).second) {
          pools_[p.schema].push_back({&it->first, &it->second, c});
        }
      }
    }
  }

  RowResult Run(const CrossScriptPair& p) const {
    RowResult r;
    const std::optional<Schema> schema = QuerySchema(p.schema);
    const std::string orig_jw = JaroWinklerScreener::Normalize(p.original);
    for (const std::string& l : p.latin) {
      const double s = screener_.Compare(p.original, l, schema).score;
      if (s > r.score || r.best_latin.empty()) {
        r.score = s;
        r.best_latin = l;
      }
      r.jw_score = std::max(r.jw_score, JaroWinkler(orig_jw, jw_.at(l)));
    }
    for (const PoolName* n : HardNegatives(p, orig_jw)) {
      r.neg_names.push_back(*n->name);
      r.neg_scores.push_back(screener_.Compare(p.original, *n->name, schema).score);
      r.neg_jw.push_back(JaroWinkler(orig_jw, *n->jw));
    }
    r.screen_found =
        ScreensToCluster(latin_only_, p, options_.threshold, options_.hit_limit, &r.top);
    return r;
  }

 private:
  // The negatives_per_name candidates most similar to the original by Jaro-Winkler, among
  // candidate_sample Latin names drawn (with a fixed per-original seed) from other clusters of
  // its schema.
  std::vector<const PoolName*> HardNegatives(const CrossScriptPair& p,
                                             const std::string& orig_jw) const {
    const auto pool = pools_.find(p.schema);
    if (pool == pools_.end()) return {};
    const std::vector<PoolName>& names = pool->second;
    const size_t own = cluster_ids_.at(p.cluster);
    // A name written like one of the entity's own Latin names is no unrelated name, whatever
    // cluster holds it (two lists' entries the links of the set did not join).
    std::unordered_set<std::string_view> own_forms;
    for (const std::string& l : p.latin) own_forms.insert(jw_.at(l));
    Rng rng(Fnv1a(p.cluster, p.original));
    std::set<size_t> drawn;
    // At most 4 draws per wanted candidate: a pool of few other-cluster names ends the loop.
    for (size_t tries = 0;
         drawn.size() < options_.candidate_sample && tries < 4 * options_.candidate_sample;
         ++tries) {
      const size_t i = rng.Below(names.size());
      if (names[i].cluster != own && !own_forms.contains(*names[i].jw)) drawn.insert(i);
    }
    std::vector<std::pair<double, size_t>> scored;
    scored.reserve(drawn.size());
    for (size_t i : drawn) scored.emplace_back(JaroWinkler(orig_jw, *names[i].jw), i);
    const size_t k = std::min(options_.negatives_per_name, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(k), scored.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    std::vector<const PoolName*> out;
    for (size_t j = 0; j < k; ++j) out.push_back(&names[scored[j].second]);
    return out;
  }

  const Screener& screener_;
  const Screener& latin_only_;
  const std::vector<CrossScriptPair>& pairs_;
  const CrossScriptOptions& options_;
  std::unordered_map<std::string, size_t> cluster_ids_;
  std::unordered_map<std::string, std::string> jw_;  // Latin name -> its JW form
  std::set<std::pair<size_t, std::string>> seen_;
  std::map<Schema, std::vector<PoolName>> pools_;
};

constexpr const char* kGroups[] = {"Arab person", "Arab other",          "Cyrl person",
                                   "Cyrl other",  "other-script person", "other-script other"};

void Add(CrossScriptGroup& g, const CrossScriptPair& p, const RowResult& r, double threshold,
         size_t max_examples, PairScores& engine, PairScores& jw) {
  ++g.names;
  engine.positive.push_back(r.score);
  jw.positive.push_back(r.jw_score);
  if (r.score < threshold && g.misses.size() < max_examples) {
    g.misses.push_back({p.original, r.best_latin, r.score});
  }
  for (size_t i = 0; i < r.neg_scores.size(); ++i) {
    engine.negative.push_back(r.neg_scores[i]);
    jw.negative.push_back(r.neg_jw[i]);
    ++g.negatives;
    if (r.neg_scores[i] >= threshold) {
      ++g.false_positives;
      if (g.false_alerts.size() < max_examples) {
        g.false_alerts.push_back({p.original, r.neg_names[i], r.neg_scores[i]});
      }
    }
  }
  g.screen_found += r.screen_found;
  if (!r.screen_found && g.screen_misses.size() < max_examples) g.screen_misses.push_back(r.top);
}

CrossScriptGroup Summarise(std::string name, const std::vector<size_t>& rows,
                           const std::vector<CrossScriptPair>& pairs,
                           const std::vector<RowResult>& results, const CrossScriptOptions& o) {
  CrossScriptGroup g;
  g.group = std::move(name);
  PairScores engine, jw;
  std::unordered_set<std::string> clusters;
  for (size_t i : rows) {
    Add(g, pairs[i], results[i], o.threshold, o.max_examples, engine, jw);
    clusters.insert(pairs[i].cluster);
  }
  g.clusters = clusters.size();
  g.at_threshold = MetricsAt(engine, o.threshold);
  g.best = BestF1(engine);
  g.jw_best = BestF1(jw);
  return g;
}

}  // namespace

std::string_view SplitName(Split s) {
  switch (s) {
    case Split::kTrain: return "train";
    case Split::kDev: return "dev";
    case Split::kTest: break;
  }
  return "test";
}

std::optional<Split> ParseSplit(std::string_view s) {
  if (s == "train") return Split::kTrain;
  if (s == "dev") return Split::kDev;
  if (s == "test") return Split::kTest;
  return std::nullopt;
}

absl::StatusOr<std::vector<CrossScriptPair>> ParseCrossScriptPairs(std::string_view file,
                                                                   std::string_view text) {
  if (absl::Status s = ValidateUtf8(file, text); !s.ok()) return s;
  RowParser parser{.file = file};
  const absl::Status s = ForEachDataLine(
      text, [&](uint64_t n, std::string_view line) { return parser.Line(n, line); });
  if (!s.ok()) return s;
  if (!parser.header_seen) return LineError(file, 1, "header", "missing (the file is empty)");
  return std::move(parser.out);
}

std::string GroupOf(const CrossScriptPair& p) {
  const std::string script =
      p.script == "Arab" || p.script == "Cyrl" ? p.script : std::string("other-script");
  return StrCat(script, p.schema == Schema::kPerson ? " person" : " other");
}

std::vector<LoadedList> LatinOnly(const std::vector<LoadedList>& lists) {
  std::vector<LoadedList> out;
  for (const LoadedList& l : lists) {
    LoadedList copy{.version = l.version, .entities = {}, .skipped = l.skipped};
    for (const Entity& e : l.entities) {
      Entity latin = e;
      std::erase_if(latin.names,
                    [](const Name& n) { return !n.script.empty() && n.script != "Latn"; });
      if (!latin.names.empty()) copy.entities.push_back(std::move(latin));
    }
    out.push_back(std::move(copy));
  }
  return out;
}

PairMetrics MetricsAt(const PairScores& s, double threshold) {
  PairMetrics m;
  m.threshold = threshold;
  const auto above = [&](const std::vector<double>& v) {
    return static_cast<size_t>(
        std::count_if(v.begin(), v.end(), [&](double x) { return x >= threshold; }));
  };
  const size_t tp = above(s.positive), fp = above(s.negative);
  const size_t fn = s.positive.size() - tp;
  m.recall =
      s.positive.empty() ? 0 : static_cast<double>(tp) / static_cast<double>(s.positive.size());
  m.fp_rate =
      s.negative.empty() ? 0 : static_cast<double>(fp) / static_cast<double>(s.negative.size());
  m.precision = tp + fp == 0 ? 0 : static_cast<double>(tp) / static_cast<double>(tp + fp);
  m.f1 = tp == 0 ? 0 : 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn);
  return m;
}

PairMetrics BestF1(const PairScores& s) {
  std::vector<double> candidates = s.positive;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  // Only positive scores can be the best threshold: between two positive scores, raising the
  // threshold to the higher one loses no true positive and may drop false ones.
  PairMetrics best;
  for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
    const PairMetrics m = MetricsAt(s, *it);
    if (m.f1 > best.f1) best = m;
  }
  if (best.f1 == 0 && !candidates.empty()) best = MetricsAt(s, candidates.back());
  return best;
}

bool ScreensToCluster(const Screener& screener, const CrossScriptPair& p, double threshold,
                      size_t hit_limit, CrossScriptExample* top) {
  ScreenQuery q;
  q.name = p.original;
  q.schema = QuerySchema(p.schema);
  const std::vector<Hit> hits = screener.Screen(q, {.threshold = threshold, .limit = hit_limit});
  if (top != nullptr) {
    *top = {p.original, hits.empty() ? "" : StrCat(hits[0].entity_id, " ", hits[0].matched_name),
            hits.empty() ? 0 : hits[0].score};
  }
  return std::any_of(hits.begin(), hits.end(), [&](const Hit& h) {
    return std::find(p.entities.begin(), p.entities.end(), h.entity_id) != p.entities.end();
  });
}

CrossScriptReport RunCrossScript(const Screener& screener, const Screener& latin_only,
                                 const std::vector<CrossScriptPair>& pairs,
                                 const CrossScriptOptions& options, const ProgressFn& progress) {
  CrossScriptReport r;
  r.computed = true;
  r.split = options.split ? std::string(SplitName(*options.split)) : "all";
  r.threshold = options.threshold;
  r.negatives_per_name = options.negatives_per_name;
  r.rows = pairs.size();
  std::vector<size_t> selected;
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (!options.split || pairs[i].split == *options.split) selected.push_back(i);
  }
  const Runner runner(screener, latin_only, pairs, options);
  std::vector<RowResult> results(pairs.size());
  std::atomic<size_t> done{0};
  ParallelFor(
      selected.size(), options.threads,
      [&](size_t k) { results[selected[k]] = runner.Run(pairs[selected[k]]); }, progress, done,
      selected.size());
  for (const char* group : kGroups) {
    std::vector<size_t> rows;
    for (size_t i : selected) {
      if (GroupOf(pairs[i]) == group) rows.push_back(i);
    }
    if (!rows.empty()) r.groups.push_back(Summarise(group, rows, pairs, results, options));
  }
  r.groups.push_back(Summarise("all", selected, pairs, results, options));
  return r;
}

}  // namespace cordon::validate
