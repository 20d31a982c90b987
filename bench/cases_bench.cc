// Case management at scale (issue 11 targets; figures in bench/RESULTS.md).
//
//   cases_bench DB N [THREADS]      DB: a file path, sqlite:PATH or postgresql://... (empty)
//   cases_bench DB N THREADS decide  only step 5, on a store a full run left (its open alerts)
//   cases_bench DB N THREADS store   all but step 2's engine-only screening
//   cases_bench DB N THREADS prepare steps 1 and 2 (without the engine-only screening), then
//                                    stops: a store to copy for repeated runs of the delta
//   cases_bench DB N THREADS delta   only step 3, on a store `prepare` left (N is not used)
//
// 1. N subjects made from the primary names, birth dates and nationalities of N synthetic list
//    entities (src/testing/synthetic.h: real name corpora, Zipf token frequencies), imported.
// 2. The first full screening against the bundled lists with the UN list of 2025-08-02
//    (testdata), beside the same N queries screened directly by the engine on as many threads
//    (what `cordon screen` does, without writing output).
// 3. Delta re-screening to the bundled lists (UN 2026-02-27: 127 entries added, 12 changed,
//    3 removed).
// 4. Alerts padded to N with synthetic rows (statuses and scores spread), then alert queue pages
//    (50 alerts, filtered and sorted): p50/p99 over 200 queries of four kinds.
// 5. Decision latency: 1,000 false-positive decisions (each with its good-guy entry and audit
//    records), p50/p99.
// Times are wall clock; the report prints the load average before and after.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cases/db.h"
#include "cordon/cases.h"
#include "cordon/lists.h"
#include "cordon/sources.h"
#include "testing/synthetic.h"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double Seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string Load() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

void Die(std::string_view what, const absl::Status& st) {
  std::cerr << what << ": " << st << "\n";
  std::exit(1);
}

std::string SubjectsJsonl(const cordon::LoadedList& syn) {
  std::string out;
  out.reserve(syn.entities.size() * 80);
  for (size_t i = 0; i < syn.entities.size(); ++i) {
    const cordon::Entity& e = syn.entities[i];
    json j = {{"id", "c" + std::to_string(i + 1)},
              {"name", e.names[0].full},
              {"schema", cordon::SchemaName(e.schema)}};
    if (!e.birth_dates.empty() && !e.birth_dates[0].from.empty()) {
      j["birth_date"] = e.birth_dates[0].from.ToString();
    }
    if (!e.nationalities.empty() && !e.nationalities[0].code.empty()) {
      j["nationality"] = e.nationalities[0].code;
    }
    out += j.dump() + "\n";
  }
  return out;
}

std::vector<cordon::ScreenQuery> Queries(const std::string& jsonl) {
  std::vector<cordon::ScreenQuery> out;
  size_t pos = 0;
  while (pos < jsonl.size()) {
    const size_t end = jsonl.find('\n', pos);
    json j = json::parse(jsonl.substr(pos, end - pos));
    pos = end + 1;
    cordon::ScreenQuery q;
    q.name = j["name"];
    q.schema = cordon::ParseSchema(j["schema"].get<std::string>());
    out.push_back(std::move(q));
  }
  return out;
}

double DirectScreen(const cordon::Screener& s, const std::vector<cordon::ScreenQuery>& qs,
                    unsigned threads, size_t* hits) {
  std::vector<size_t> found(threads);
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = t; i < qs.size(); i += threads) found[t] += s.Screen(qs[i]).size();
    });
  }
  for (auto& th : pool) th.join();
  *hits = 0;
  for (size_t f : found) *hits += f;
  return Seconds(t0);
}

std::pair<double, double> Percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

// Pads the alerts table to `target` rows with synthetic alerts on the stored subjects.
void PadAlerts(const std::string& db, size_t target) {
  auto where = cordon::cases::ParseDbLocation(db);
  auto conn = cordon::cases::OpenDb(*where);
  if (!conn.ok()) Die("pad", conn.status());
  auto& d = **conn;
  auto have = d.Query("SELECT COUNT(*) FROM alerts");
  const int64_t missing = static_cast<int64_t>(target) - have->Int(0, 0);
  if (missing <= 0) return;
  const bool pg = d.dialect() == cordon::cases::Dialect::kPostgres;
  // Scores 0.80-0.99; statuses: 70% open, 10% in review, 10% false positive, 5% escalated, 5%
  // true match (closed ones inactive). Entity ids "bench:<n>" keep the active-pair index unique.
  const std::string rnd = pg ? "floor(random() * 10000)::bigint" : "abs(random() % 10000)";
  const std::string sql =
      "INSERT INTO alerts (subject_id, entity_id, list, entity_name, matched_name, score, "
      "status, active, assigned_to, subject_data, subject_hash, entity_hash, hit, lists, "
      "engine_version, normalizer_version, run_id, created_at, updated_at) "
      "SELECT id, 'bench:' || id, 'bench', name, name, 0.8 + (r % 2000) / 10000.0, "
      "CASE WHEN r % 20 < 14 THEN 'open' WHEN r % 20 < 16 THEN 'in_review' "
      "WHEN r % 20 < 18 THEN 'false_positive' WHEN r % 20 = 18 THEN 'escalated' "
      "ELSE 'true_match' END, "
      "CASE WHEN r % 20 < 16 OR r % 20 = 18 THEN 1 ELSE 0 END, "
      "CASE WHEN r % 20 >= 14 AND r % 20 < 16 THEN 'analyst' || (r % 7) ELSE '' END, "
      "data, data_hash, 'sha256:bench', '{}', '[]', 'bench', 'bench', 0, updated_at, updated_at "
      "FROM (SELECT id, name, data, data_hash, updated_at, " +
      rnd + " AS r FROM subjects LIMIT ?) s";
  if (auto st = d.Begin(); !st.ok()) Die("pad", st);
  if (auto st = d.Exec(sql, {missing}); !st.ok()) Die("pad", st);
  if (auto st = d.Commit(); !st.ok()) Die("pad", st);
  if (pg)
    (void)d.Exec("ANALYZE alerts");
  else
    (void)d.Exec("ANALYZE");
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Step 5: 1,000 false-positive decisions on open alerts, then the audit chain verified. With
// CORDON_BENCH_DECISIONS=FILE, each decision's wall time (ms) is written to FILE, one a line in
// the order made (to set beside the server's statement log: what a slow decision waited for).
void Decisions(cordon::CaseStore& store) {
  auto t0 = Clock::now();
  auto open = store.ListAlerts({.status = "open", .sort = "id", .limit = 1000});
  if (!open.ok()) Die("open", open.status());
  std::vector<double> ms;
  const double cpu0 = CpuSeconds();
  const auto wall0 = Clock::now();
  for (const cordon::Alert& a : *open) {
    t0 = Clock::now();
    auto d = store.Decide({a.alert_id, cordon::AlertDecision::kFalsePositive,
                           "bench: not the listed person", "admin"});
    if (!d.ok()) Die("decide", d.status());
    ms.push_back(Seconds(t0) * 1000);
  }
  const double cpu = CpuSeconds() - cpu0, wall = Seconds(wall0);
  if (const char* path = std::getenv("CORDON_BENCH_DECISIONS")) {
    std::ofstream out(path);
    for (double m : ms) out << m << "\n";
  }
  auto [p50, p99] = Percentiles(ms);
  std::printf(
      "decisions (%zu false positives with good-guy entry): p50 %.2f ms, p99 %.2f ms; %.2f s wall, "
      "%.2f s CPU of this process\n",
      ms.size(), p50, p99, wall, cpu);
  t0 = Clock::now();
  auto v = store.VerifyAudit();
  if (!v.ok()) Die("verify", v.status());
  std::printf("audit verify: %lld records, %s, %.1f s\n", static_cast<long long>(v->checked),
              v->ok ? "ok" : v->reason.c_str(), Seconds(t0));
}

// Step 3: the delta from the old UN list to the bundled one.
void Delta(cordon::CaseStore& store, const std::vector<cordon::LoadedList>& old_lists,
           const cordon::Screener& new_screener, const cordon::ScreenRunOptions& opts) {
  const auto t0 = Clock::now();
  const double cpu0 = CpuSeconds();
  auto delta = store.Rescreen("bench", old_lists, new_screener, opts);
  if (!delta.ok()) Die("delta", delta.status());
  // CPU seconds beside the wall time: on a machine shared with other work the wall time says
  // more about the neighbours than about the delta.
  std::printf(
      "delta re-screening (UN 2025-08-02 -> 2026-02-27): %.1f s (%.1f CPU-s), %zu subjects "
      "screened, %zu alerts created, %zu delisted\n",
      Seconds(t0), CpuSeconds() - cpu0, delta->screened, delta->alerts_created, delta->delisted);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: cases_bench DB N [THREADS]\n";
    return 2;
  }
  const std::string db = argv[1];
  const size_t n = std::stoul(argv[2]);
  const unsigned threads = argc > 3 ? std::stoul(argv[3]) : 2;
  const std::string_view mode = argc > 4 ? argv[4] : "";
  // "store": without the engine-only screening (step 2's reference, as long as the run itself),
  // for runs whose machine time is counted (1M subjects); the ratio comes from a smaller run.
  const bool store_only = mode == "store" || mode == "prepare";
  std::cout << "load before: " << Load() << "\n";
  if (mode == "decide") {
    auto store = cordon::CaseStore::Open(db);
    if (!store.ok()) Die("open", store.status());
    Decisions(**store);
    std::cout << "load after: " << Load() << "\n";
    return 0;
  }

  auto paths = cordon::DefaultListPaths();
  if (!paths.ok()) Die("lists", paths.status());
  auto bundled = cordon::LoadSources(*paths);
  if (!bundled.ok()) Die("lists", bundled.status());
  auto old_un = cordon::LoadSources(
      {std::string(CORDON_TESTDATA_DIR) + "/lists/un/un_consolidated_2025-08-02_by_prn.xml"});
  if (!old_un.ok()) Die("old UN", old_un.status());
  std::vector<cordon::LoadedList> old_lists;
  for (const auto& l : *bundled) old_lists.push_back(l.version.list == "un" ? (*old_un)[0] : l);
  auto old_screener = cordon::Screener::Create(old_lists);
  auto new_screener = cordon::Screener::Create(*bundled);
  if (!old_screener.ok() || !new_screener.ok()) Die("screener", absl::InternalError("create"));

  const cordon::ScreenRunOptions opts{.threads = threads, .engine_version = "bench"};
  if (mode == "delta") {
    auto store = cordon::CaseStore::Open(db);
    if (!store.ok()) Die("open", store.status());
    Delta(**store, old_lists, **new_screener, opts);
    std::cout << "load after: " << Load() << "\n";
    return 0;
  }

  auto gen = cordon::testing::SyntheticLists::Create(*bundled, CORDON_TESTDATA_DIR "/../data");
  if (!gen.ok()) Die("synthetic", gen.status());
  const std::string jsonl = SubjectsJsonl((*gen)->Generate(n, 11));

  auto store = cordon::CaseStore::Open(db);
  if (!store.ok()) Die("open", store.status());
  (void)(*store)->AddUser("", "admin", cordon::Role::kAdmin);

  auto t0 = Clock::now();
  auto imp = (*store)->ImportSubjects("bench", "subjects.jsonl", jsonl);
  if (!imp.ok()) Die("import", imp.status());
  std::printf("import %zu subjects: %.1f s (added %zu, updated %zu, unchanged %zu, errors %zu)\n",
              n, Seconds(t0), imp->added, imp->updated, imp->unchanged, imp->errors.size());

  size_t direct_hits = 0;
  const double direct =
      store_only ? 0 : DirectScreen(**old_screener, Queries(jsonl), threads, &direct_hits);
  if (!store_only) {
    std::printf("direct screening (engine only, %u threads): %.1f s, %.0f names/s, %zu hits\n",
                threads, direct, n / direct, direct_hits);
  }
  t0 = Clock::now();
  auto full = (*store)->Screen("bench", **old_screener, opts);
  if (!full.ok()) Die("screen", full.status());
  const double full_s = Seconds(t0);
  std::printf(
      "first full screening: %.1f s, %.0f subjects/s (%.0f%% of direct), %zu hits, "
      "%zu alerts\n",
      full_s, full->screened / full_s, 100 * direct / full_s, full->hits, full->alerts_created);

  if (mode == "prepare") {
    std::cout << "load after: " << Load() << "\n";
    return 0;
  }
  Delta(**store, old_lists, **new_screener, opts);

  t0 = Clock::now();
  PadAlerts(db, n);
  std::printf("alerts padded to %zu: %.1f s\n", *(*store)->CountAlerts({}), Seconds(t0));
  const cordon::AlertFilter filters[] = {
      {.status = "open", .sort = "score", .limit = 50},
      {.status = "active", .min_score = 0.9, .sort = "score", .limit = 50},
      {.status = "in_review", .assigned_to = "analyst3", .sort = "score", .limit = 50},
      {.status = "open", .sort = "score", .limit = 50, .offset = 5000},
  };
  for (const auto& f : filters) {
    std::vector<double> ms;
    for (int i = 0; i < 50; ++i) {
      t0 = Clock::now();
      auto page = (*store)->ListAlerts(f);
      if (!page.ok()) Die("page", page.status());
      ms.push_back(Seconds(t0) * 1000);
    }
    auto [p50, p99] = Percentiles(ms);
    std::printf(
        "queue page status=%s min_score=%.2f assigned=%s offset=%zu: p50 %.2f ms, "
        "p99 %.2f ms\n",
        f.status.c_str(), f.min_score, f.assigned_to.c_str(), f.offset, p50, p99);
  }

  Decisions(**store);
  std::cout << "load after: " << Load() << "\n";
  return 0;
}
