// End-to-end screening benchmark (issue 4). For each corpus (the bundled lists, synthetic lists of
// 100k and 1M entities from src/testing/synthetic.h) in one run:
//   build the Screener (index build time), Save a snapshot (size), Open it again (load time),
//   screen a fixed seeded query set (variants of listed names and names of no one) on one thread
//   (p50/p99/max latency, throughput) and on all cores (throughput), screen a subset with the
//   brute-force reference (speed ratio, identical hits), and report resident memory.
// Prints a table per corpus and one JSON summary line ("E2E_JSON {...}"). No timing is asserted:
// the figures go to bench/RESULTS.md (see bench/run_screen_bench.sh).
//
// Usage: e2e_bench [--sizes bundled,100k,1M] [--queries 2000] [--seed 1] [--threads N]
//                  [--ref N] [--ref-bundled N] [--threshold 0.8] [--limit 10] [--tmpdir DIR]
//   --sizes        corpora: "bundled" or a number of synthetic entities ("100k", "1M", "25000")
//   --queries      queries per corpus, half variants of listed names, half names of no one
//   --ref          queries checked against the brute-force reference on synthetic corpora
//                  (default 100); --ref-bundled the same for the bundled lists (default: all)
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cordon/lists.h"
#include "cordon/screen.h"
#include "cordon/sources.h"
#include "core/text.h"
#include "testing/fixtures.h"
#include "testing/reference.h"
#include "testing/synthetic.h"
#include "testing/variants.h"

namespace cordon {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of this thread or process, in seconds. On a machine shared with other work a query can
// be preempted for a scheduler slice (~4 ms here); CPU time leaves that out.
double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// ---- memory -------------------------------------------------------------------------------

// A field of /proc/self/status in MiB ("VmRSS", "VmHWM"); -1 when unavailable.
double StatusMiB(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024.0;
    }
  }
  return -1;
}

// Resets VmHWM to the current RSS (Linux clear_refs "5"), so a phase's peak can be measured.
bool ResetPeak() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  return static_cast<bool>(out);
}

double MaxRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

// ---- queries ------------------------------------------------------------------------------

struct Query {
  std::string category;  // "variant:<kind>", "original_script", "no_one:<locale>"
  std::string name;
};

// Half variants of listed names (typos, reorders, missing parts, initials... of a random name of
// a random entity; original-script names as they are), half names of no one from the negatives
// corpus, shuffled, all from `seed`.
std::vector<Query> MakeQueries(const std::vector<LoadedList>& lists,
                               const std::vector<testing::NegativeName>& negatives, size_t n,
                               uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<const Entity*> entities;
  for (const LoadedList& l : lists) {
    for (const Entity& e : l.entities) entities.push_back(&e);
  }
  std::vector<Query> out;
  while (out.size() < n / 2 && !entities.empty()) {
    const Entity& e = *entities[rng() % entities.size()];
    if (e.names.empty()) continue;
    const Name& name = e.names[rng() % 3 == 0 ? rng() % e.names.size() : 0];
    if (!name.script.empty() && name.script != "Latn") {
      out.push_back({"original_script", name.full});
      continue;
    }
    std::vector<testing::Variant> v = testing::MakeVariants(name.full, rng);
    if (v.empty()) continue;
    const testing::Variant& pick = v[rng() % v.size()];
    out.push_back({"variant:" + pick.category, pick.name});
  }
  while (out.size() < n && !negatives.empty()) {
    const testing::NegativeName& neg = negatives[rng() % negatives.size()];
    out.push_back({"no_one:" + neg.culture, neg.name});
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

// ---- figures ------------------------------------------------------------------------------

struct Latency {
  double p50_us = 0, p99_us = 0, max_us = 0, mean_us = 0;
};

Latency Percentiles(std::vector<double> us) {
  Latency l;
  if (us.empty()) return l;
  std::sort(us.begin(), us.end());
  const auto at = [&](double q) {
    return us[std::min(us.size() - 1, static_cast<size_t>(std::ceil(q * us.size())) - 1)];
  };
  l.p50_us = at(0.5);
  l.p99_us = at(0.99);
  l.max_us = us.back();
  double sum = 0;
  for (double v : us) sum += v;
  l.mean_us = sum / us.size();
  return l;
}

json ToJson(const Latency& l) {
  return {{"p50_us", l.p50_us}, {"p99_us", l.p99_us}, {"max_us", l.max_us}, {"mean_us", l.mean_us}};
}

struct Options {
  std::vector<std::string> sizes = {"bundled", "100k", "1M"};
  size_t queries = 2000;
  uint64_t seed = 1;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  size_t ref = 100;
  size_t ref_bundled = 0;  // 0: all queries
  ScreenOptions screen;
  std::string tmpdir = std::filesystem::temp_directory_path().string();
};

// ---- phases -------------------------------------------------------------------------------

// Screens every query on one thread; per-query wall-clock latencies in microseconds (and the
// thread's CPU time per query in *cpu_us).
std::vector<double> ScreenSingle(const Screener& s, const std::vector<Query>& queries,
                                 const ScreenOptions& o, std::vector<size_t>* hits,
                                 std::vector<double>* cpu_us) {
  std::vector<double> us;
  us.reserve(queries.size());
  hits->assign(queries.size(), 0);
  cpu_us->clear();
  ScreenQuery q;
  for (size_t i = 0; i < queries.size(); ++i) {
    q.name = queries[i].name;
    const double c0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    const auto t0 = Clock::now();
    const std::vector<Hit> h = s.Screen(q, o);
    us.push_back(Seconds(Clock::now() - t0) * 1e6);
    cpu_us->push_back((CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e6);
    (*hits)[i] = h.size();
  }
  return us;
}

// Screens every query `rounds` times on `threads` threads; wall-clock seconds (and the process's
// CPU seconds in *cpu_s).
double ScreenParallel(const Screener& s, const std::vector<Query>& queries, const ScreenOptions& o,
                      unsigned threads, size_t rounds, double* cpu_s) {
  const double c0 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  std::atomic<size_t> next{0}, sink{0};
  const size_t total = queries.size() * rounds;
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      ScreenQuery q;
      for (size_t i; (i = next.fetch_add(1)) < total;) {
        q.name = queries[i % queries.size()].name;
        sink.fetch_add(s.Screen(q, o).size(), std::memory_order_relaxed);
      }
    });
  }
  for (std::thread& t : pool) t.join();
  *cpu_s = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
  return Seconds(Clock::now() - t0);
}

struct RefResult {
  size_t queries = 0, mismatches = 0, with_hits = 0;
  double ref_mean_us = 0, indexed_mean_us = 0, ref_max_us = 0;  // wall clock
  double ref_cpu_mean_us = 0, indexed_cpu_mean_us = 0;          // thread CPU time
};

bool SameHits(const std::vector<Hit>& a, const std::vector<Hit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].entity_id != b[i].entity_id || a[i].score != b[i].score ||
        a[i].matched_name != b[i].matched_name) {
      return false;
    }
  }
  return true;
}

std::string Describe(const std::vector<Hit>& hits) {
  std::string s;
  for (const Hit& h : hits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.6f", h.score);
    s += " " + h.entity_id + buf + " [" + h.matched_name + "]";
  }
  return s.empty() ? " (none)" : s;
}

// The first `n` queries screened by the index and by the brute-force reference, each timed on its
// own; queries are spread over `threads` threads to save wall time (the times are per query).
RefResult CheckReference(const Screener& s, const std::vector<Query>& queries, size_t n,
                         const ScreenOptions& o, unsigned threads) {
  const engine::ScreenerImpl& impl = testing::Impl(s);
  n = std::min(n, queries.size());
  std::vector<double> ref_us(n), idx_us(n), ref_cpu(n), idx_cpu(n);
  std::vector<std::string> mismatch(n);
  std::vector<char> with_hits(n, 0);
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < std::max(1u, threads); ++t) {
    pool.emplace_back([&] {
      ScreenQuery q;
      for (size_t i; (i = next.fetch_add(1)) < n;) {
        q.name = queries[i].name;
        double c0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        auto t0 = Clock::now();
        const std::vector<Hit> want = testing::ReferenceScreen(impl, q, o);
        ref_us[i] = Seconds(Clock::now() - t0) * 1e6;
        ref_cpu[i] = (CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e6;
        c0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        t0 = Clock::now();
        const std::vector<Hit> got = s.Screen(q, o);
        idx_us[i] = Seconds(Clock::now() - t0) * 1e6;
        idx_cpu[i] = (CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e6;
        with_hits[i] = !want.empty();
        if (!SameHits(got, want)) {
          mismatch[i] = "  MISMATCH \"" + queries[i].name + "\" (" + queries[i].category +
                        ")\n    index:    " + Describe(got) + "\n    reference:" + Describe(want);
        }
      }
    });
  }
  for (std::thread& t : pool) t.join();
  RefResult r;
  r.queries = n;
  for (size_t i = 0; i < n; ++i) {
    r.ref_mean_us += ref_us[i] / n;
    r.indexed_mean_us += idx_us[i] / n;
    r.ref_cpu_mean_us += ref_cpu[i] / n;
    r.indexed_cpu_mean_us += idx_cpu[i] / n;
    r.ref_max_us = std::max(r.ref_max_us, ref_us[i]);
    r.with_hits += with_hits[i];
    if (!mismatch[i].empty()) {
      ++r.mismatches;
      std::printf("%s\n", mismatch[i].c_str());
    }
  }
  return r;
}

size_t CountNames(const std::vector<LoadedList>& lists, size_t* entities) {
  size_t names = 0;
  *entities = 0;
  for (const LoadedList& l : lists) {
    *entities += l.entities.size();
    for (const Entity& e : l.entities) names += e.names.size();
  }
  return names;
}

// Parses "bundled", "100k", "1M", "25000" into a number of synthetic entities (0 for bundled).
bool ParseSize(const std::string& s, size_t* n) {
  if (s == "bundled") {
    *n = 0;
    return true;
  }
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  const std::string unit(end);
  const double mult = unit.empty() ? 1 : unit == "k" || unit == "K" ? 1e3 : unit == "M" ? 1e6 : 0;
  if (end == s.c_str() || mult == 0 || v <= 0 || v * mult > 5e6) return false;
  *n = static_cast<size_t>(v * mult);
  return true;
}

struct Corpora {
  const std::vector<testing::NegativeName>* negatives;
  const testing::SyntheticLists* synthetic;
};

// Runs every phase on one corpus and prints its table; returns its JSON record.
json RunCorpus(const std::string& label, size_t n, const Corpora& c, const Options& opt) {
  json j = {{"corpus", label}};
  std::printf("\n=== %s ===\n", label.c_str());
  std::fflush(stdout);
  ResetPeak();
  // 1. The lists.
  auto t0 = Clock::now();
  std::vector<LoadedList> lists;
  if (n == 0) {
    auto loaded = LoadLists(DefaultListPaths().value());
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load the bundled lists: %s\n",
                   std::string(loaded.status().message()).c_str());
      std::exit(1);
    }
    lists = std::move(*loaded);
  } else {
    lists.push_back(c.synthetic->Generate(n, opt.seed));
  }
  const double lists_s = Seconds(Clock::now() - t0);
  size_t entities = 0;
  const size_t names = CountNames(lists, &entities);
  const std::vector<Query> queries = MakeQueries(lists, *c.negatives, opt.queries, opt.seed);
  std::printf("%-34s %zu entities, %zu names (%s %.2f s; not a target)\n", "lists", entities, names,
              n == 0 ? "parsed in" : "generated in", lists_s);
  j["entities"] = entities;
  j["names"] = names;
  j[n == 0 ? "lists_parse_s" : "generate_s"] = lists_s;
  // 2. Build.
  const double rss_lists = StatusMiB("VmRSS");
  t0 = Clock::now();
  auto built = Screener::Create(std::move(lists));
  const double build_s = Seconds(Clock::now() - t0);
  if (!built.ok()) {
    std::fprintf(stderr, "Create: %s\n", std::string(built.status().message()).c_str());
    std::exit(1);
  }
  const double rss_built = StatusMiB("VmRSS");
  std::printf("%-34s %.2f s  (RSS %.0f MiB with the lists -> %.0f MiB built; peak %.0f MiB)\n",
              "index build (Screener::Create)", build_s, rss_lists, rss_built, StatusMiB("VmHWM"));
  j["build_s"] = build_s;
  j["rss_built_mib"] = rss_built;
  j["hwm_build_mib"] = StatusMiB("VmHWM");
  // 3. Snapshot.
  const std::string path = (std::filesystem::path(opt.tmpdir) /
                            ("cordon-e2e-" + std::to_string(getpid()) + "-" + label + ".cordsnap"))
                               .string();
  t0 = Clock::now();
  if (absl::Status s = SaveScreener(**built, path); !s.ok()) {
    std::fprintf(stderr, "Save %s: %s\n", path.c_str(), std::string(s.message()).c_str());
    std::exit(1);
  }
  const double save_s = Seconds(Clock::now() - t0);
  const double snap_mib = std::filesystem::file_size(path) / 1048576.0;
  std::printf("%-34s %.1f MiB, written in %.2f s\n", "snapshot (Save)", snap_mib, save_s);
  j["snapshot_mib"] = snap_mib;
  j["save_s"] = save_s;
  built->reset();
  malloc_trim(0);
  // 4. Load.
  const double rss_before_open = StatusMiB("VmRSS");
  const bool peak_reset = ResetPeak();
  t0 = Clock::now();
  auto opened = OpenScreener({path});
  const double load_s = Seconds(Clock::now() - t0);
  std::filesystem::remove(path);
  if (!opened.ok()) {
    std::fprintf(stderr, "Open %s: %s\n", path.c_str(),
                 std::string(opened.status().message()).c_str());
    std::exit(1);
  }
  const Screener& s = **opened;
  const double rss_open = StatusMiB("VmRSS");
  const double hwm_open = StatusMiB("VmHWM");
  std::printf("%-34s %.2f s  (RSS %.0f MiB before -> %.0f MiB; peak during load %.0f MiB%s)\n",
              "snapshot load (OpenScreener)", load_s, rss_before_open, rss_open, hwm_open,
              peak_reset ? "" : ", peak not resettable: whole run");
  j["load_s"] = load_s;
  j["rss_before_open_mib"] = rss_before_open;
  j["rss_open_mib"] = rss_open;
  j["hwm_open_mib"] = hwm_open;
  // 5. One thread. A warm-up pass over the first 200 queries (caches, lazy tables) is not counted.
  std::vector<size_t> hits;
  std::vector<double> cpu_us;
  ScreenSingle(s, {queries.begin(), queries.begin() + std::min<size_t>(200, queries.size())},
               opt.screen, &hits, &cpu_us);
  const std::vector<double> us = ScreenSingle(s, queries, opt.screen, &hits, &cpu_us);
  double total_s = 0;
  for (double v : us) total_s += v / 1e6;
  const Latency all = Percentiles(us);
  std::vector<double> us_var, us_neg;
  size_t with_hits = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    (queries[i].category.rfind("no_one", 0) == 0 ? us_neg : us_var).push_back(us[i]);
    with_hits += hits[i] > 0;
  }
  const Latency var = Percentiles(us_var), neg = Percentiles(us_neg);
  const double qps1 = queries.size() / total_s;
  std::printf(
      "%-34s %zu queries, %zu with hits: p50 %.0f us  p99 %.0f us  max %.0f us  mean %.0f us"
      "  -> %.0f names/s\n",
      "screen, 1 thread", queries.size(), with_hits, all.p50_us, all.p99_us, all.max_us,
      all.mean_us, qps1);
  std::printf("%-34s variants p50 %.0f / p99 %.0f us; names of no one p50 %.0f / p99 %.0f us\n", "",
              var.p50_us, var.p99_us, neg.p50_us, neg.p99_us);
  const Latency cpu = Percentiles(cpu_us);
  double cpu_total_s = 0;
  for (double v : cpu_us) cpu_total_s += v / 1e6;
  std::printf(
      "%-34s CPU time per query: p50 %.0f us  p99 %.0f us  max %.0f us -> %.0f names per "
      "CPU-second\n",
      "", cpu.p50_us, cpu.p99_us, cpu.max_us, queries.size() / cpu_total_s);
  j["cpu_latency"] = ToJson(cpu);
  j["names_per_cpu_s_1thread"] = queries.size() / cpu_total_s;
  j["queries"] = queries.size();
  j["queries_with_hits"] = with_hits;
  j["latency"] = ToJson(all);
  j["latency_variants"] = ToJson(var);
  j["latency_no_one"] = ToJson(neg);
  j["names_per_s_1thread"] = qps1;
  // The slowest queries, to see what costs.
  std::vector<size_t> order(queries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return cpu_us[a] > cpu_us[b]; });
  for (size_t k = 0; k < std::min<size_t>(8, order.size()); ++k) {
    const size_t i = order[k];
    std::printf("%-34s %6.0f us CPU %6.0f us wall %2zu hits  %-26s \"%s\"\n",
                k == 0 ? "  slowest queries (CPU time)" : "", cpu_us[i], us[i], hits[i],
                queries[i].category.c_str(), queries[i].name.c_str());
  }
  // 6. All cores.
  const size_t rounds = std::max<size_t>(1, static_cast<size_t>(2.0 / std::max(total_s, 1e-3)));
  double batch_cpu_s = 0;
  const double wall = ScreenParallel(s, queries, opt.screen, opt.threads, rounds, &batch_cpu_s);
  const double qpsn = queries.size() * rounds / wall;
  const double per_cpu = queries.size() * rounds / batch_cpu_s;
  std::printf(
      "%-34s %u threads, %zu names: %.0f names/s (%.0f per thread); %.0f names per "
      "CPU-second\n",
      "screen, batch", opt.threads, queries.size() * rounds, qpsn, qpsn / opt.threads, per_cpu);
  j["names_per_cpu_s_batch"] = per_cpu;
  j["threads"] = opt.threads;
  j["names_per_s_batch"] = qpsn;
  j["names_per_s_per_thread_batch"] = qpsn / opt.threads;
  j["hwm_serving_mib"] = StatusMiB("VmHWM");
  // 7. Brute force.
  const size_t ref_n = n == 0 ? (opt.ref_bundled ? opt.ref_bundled : queries.size()) : opt.ref;
  if (ref_n > 0) {
    const RefResult r = CheckReference(s, queries, ref_n, opt.screen, opt.threads);
    const double ratio = r.indexed_mean_us > 0 ? r.ref_mean_us / r.indexed_mean_us : 0;
    const double cpu_ratio =
        r.indexed_cpu_mean_us > 0 ? r.ref_cpu_mean_us / r.indexed_cpu_mean_us : 0;
    std::printf(
        "%-34s %zu queries (%zu with hits), CPU time per query: reference mean %.0f us, "
        "index mean %.0f us -> %.0fx (wall clock: %.0f / %.0f us -> %.0fx; reference max "
        "%.0f us)\n",
        "brute-force reference", r.queries, r.with_hits, r.ref_cpu_mean_us, r.indexed_cpu_mean_us,
        cpu_ratio, r.ref_mean_us, r.indexed_mean_us, ratio, r.ref_max_us);
    std::printf("%-34s hits identical (ids, scores, matched names): %s (%zu mismatches)\n", "",
                r.mismatches == 0 ? "yes" : "NO", r.mismatches);
    j["reference"] = {{"queries", r.queries},
                      {"with_hits", r.with_hits},
                      {"ref_cpu_mean_us", r.ref_cpu_mean_us},
                      {"indexed_cpu_mean_us", r.indexed_cpu_mean_us},
                      {"speedup_cpu", cpu_ratio},
                      {"ref_mean_us", r.ref_mean_us},
                      {"indexed_mean_us", r.indexed_mean_us},
                      {"speedup", ratio},
                      {"mismatches", r.mismatches}};
  }
  j["hwm_after_mib"] = StatusMiB("VmHWM");
  std::printf("%-34s %.0f MiB now, %.0f MiB peak since the load\n", "RSS", StatusMiB("VmRSS"),
              StatusMiB("VmHWM"));
  std::fflush(stdout);
  return j;
}

[[noreturn]] void Usage(const std::string& why) {
  std::fprintf(stderr,
               "e2e_bench: %s\nusage: e2e_bench [--sizes bundled,100k,1M] [--queries N] [--seed S]"
               " [--threads T] [--ref N] [--ref-bundled N] [--threshold T] [--limit N]"
               " [--tmpdir DIR]\n",
               why.c_str());
  std::exit(2);
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") Usage("end-to-end screening benchmark");
    if (i + 1 >= argc) Usage("missing value after " + a);
    const std::string v = argv[++i];
    char* end = nullptr;
    const unsigned long long num = std::strtoull(v.c_str(), &end, 10);
    const bool is_num = end != v.c_str() && *end == '\0';
    if (a == "--sizes") {
      o.sizes.clear();
      std::stringstream ss(v);
      for (std::string x; std::getline(ss, x, ',');) {
        size_t n;
        if (!ParseSize(x, &n)) Usage("bad size \"" + x + "\" (bundled, 100k, 1M or a number)");
        o.sizes.push_back(x);
      }
    } else if (a == "--threshold") {
      o.screen.threshold = std::strtod(v.c_str(), &end);
      if (*end || o.screen.threshold <= 0 || o.screen.threshold > 1) Usage("bad --threshold");
    } else if (a == "--tmpdir") {
      o.tmpdir = v;
    } else if (!is_num) {
      Usage("bad value \"" + v + "\" for " + a);
    } else if (a == "--queries" && num > 0) {
      o.queries = num;
    } else if (a == "--seed") {
      o.seed = num;
    } else if (a == "--threads" && num > 0 && num <= 256) {
      o.threads = static_cast<unsigned>(num);
    } else if (a == "--ref") {
      o.ref = num;
    } else if (a == "--ref-bundled") {
      o.ref_bundled = num;
    } else if (a == "--limit" && num > 0) {
      o.screen.limit = num;
    } else {
      Usage("unknown option or bad value: " + a + " " + v);
    }
  }
  return o;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

double LoadAverage() {
  double l[1] = {0};
  return getloadavg(l, 1) == 1 ? l[0] : -1;
}

}  // namespace
}  // namespace cordon

int main(int argc, char** argv) {
  using namespace cordon;
  const Options opt = ParseArgs(argc, argv);
  json summary = {{"bench", "e2e_bench"},
                  {"cpu", CpuModel()},
                  {"cores", std::thread::hardware_concurrency()},
                  {"load_average_start", LoadAverage()},
                  {"seed", opt.seed},
                  {"queries", opt.queries},
                  {"threshold", opt.screen.threshold},
                  {"limit", opt.screen.limit}};
  std::printf(
      "e2e_bench: %s, %u cores, load average %.2f; %zu queries per corpus, seed %llu, "
      "threshold %.2f, limit %zu\n",
      CpuModel().c_str(), std::thread::hardware_concurrency(), LoadAverage(), opt.queries,
      static_cast<unsigned long long>(opt.seed), opt.screen.threshold, opt.screen.limit);
  const std::vector<testing::NegativeName> negatives =
      testing::NegativeNames(DefaultDataDir().value());
  if (negatives.empty()) {
    std::fprintf(stderr, "no names in %s/names/negatives/names.tsv\n",
                 DefaultDataDir().value().c_str());
    return 1;
  }
  std::unique_ptr<testing::SyntheticLists> synthetic;
  bool any_synthetic = false;
  for (const std::string& s : opt.sizes) any_synthetic |= s != "bundled";
  if (any_synthetic) {
    const auto t0 = Clock::now();
    auto bundled = LoadLists(DefaultListPaths().value());
    if (!bundled.ok()) {
      std::fprintf(stderr, "%s\n", std::string(bundled.status().message()).c_str());
      return 1;
    }
    auto made = testing::SyntheticLists::Create(*bundled, DefaultDataDir().value());
    if (!made.ok()) {
      std::fprintf(stderr, "%s\n", std::string(made.status().message()).c_str());
      return 1;
    }
    synthetic = std::move(*made);
    malloc_trim(0);
    const testing::SyntheticProfile& p = synthetic->profile();
    std::printf(
        "synthetic generator: %zu person and %zu organisation name samples, %zu pool "
        "tokens; persons %.0f%%, organisations %.0f%% (+%.0f%% legal entities), vessels "
        "%.1f%%, aircraft %.1f%% (ready in %.1f s)\n",
        p.person_samples, p.org_samples, p.distinct_tokens, 100 * p.schema_share[1],
        100 * p.schema_share[2], 100 * p.schema_share[0], 100 * p.schema_share[3],
        100 * p.schema_share[4], Seconds(Clock::now() - t0));
  }
  const Corpora corpora{&negatives, synthetic.get()};
  for (const std::string& label : opt.sizes) {
    size_t n = 0;
    ParseSize(label, &n);
    summary["corpora"].push_back(RunCorpus(label, n, corpora, opt));
  }
  summary["load_average_end"] = LoadAverage();
  summary["max_rss_mib_whole_run"] = MaxRssMiB();
  std::printf("\nwhole run: peak RSS (ru_maxrss) %.0f MiB, load average %.2f\n", MaxRssMiB(),
              LoadAverage());
  std::printf("E2E_JSON %s\n", summary.dump().c_str());
  return 0;
}
