// Message screening speed: pacs.008 messages per second per core (issue 16 target 5,000), the
// real GTAS PNRGOV booking files (linear in passengers, at most 50 ms per 100 passengers), a
// 500-passenger PAXLST manifest, MT103 and an RJE file. Runs on one thread against the bundled
// lists. Each case is timed in CPU time of the thread (CLOCK_THREAD_CPUTIME_ID), which other
// processes on a shared machine do not inflate, next to the wall time. Free texts are screened
// twice, with the pre-check (engine/strict_precheck.h) and with every window screened, so the
// baseline is measured in the same run.
// Usage: messages_bench [rounds] [case] (default 2000 rounds, every case; a case is chosen by a
// part of its label, e.g. "fin2, pre-check", for a profiler).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cordon/inspect.h"
#include "cordon/lists.h"
#include "cordon/messages.h"
#include "cordon/screen.h"

namespace {

using Clock = std::chrono::steady_clock;

// A file of testdata/messages, or with "../bench/" of testdata/bench (files too large for the
// tests that screen every sample).
std::string ReadSample(const std::string& relative) {
  std::ifstream in(std::string(CORDON_TESTDATA_DIR) + "/messages/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Counts {
  size_t messages = 0, holds = 0, passengers = 0;
};

// Parses and screens every message of `bytes`.
Counts ParseAndScreen(const cordon::MessageInspector& inspector, const std::string& bytes) {
  Counts c;
  auto parsed = cordon::ParseMessages("bench", bytes);
  if (!parsed.ok()) return c;
  for (const auto& m : parsed->messages) {
    if (!m.ok()) continue;
    ++c.messages;
    const cordon::MessageResult r = inspector.Inspect(*m);
    c.holds += r.decision == cordon::Decision::kHold;
    c.passengers += r.passengers.size();
  }
  return c;
}

std::string only_case;  // run only the cases whose label holds this (empty: all)

// Wall and CPU latency of one file parsed and screened `rounds` times.
void Latency(const char* label, const cordon::MessageInspector& inspector, const std::string& bytes,
             int rounds) {
  if (std::string(label).find(only_case) == std::string::npos) return;
  std::vector<double> wall, cpu;
  Counts last;
  for (int i = 0; i < rounds; ++i) {
    const auto t0 = Clock::now();
    const double c0 = ThreadCpuMs();
    last = ParseAndScreen(inspector, bytes);
    cpu.push_back(ThreadCpuMs() - c0);
    wall.push_back(Ms(Clock::now() - t0));
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  double cpu_total = 0;
  for (double v : cpu) cpu_total += v;
  const double per_file = cpu_total / rounds;
  std::printf(
      "%-40s rounds %5d  cpu p50 %8.3f ms  p99 %8.3f ms  wall p50 %8.3f ms  %7.0f messages/cpu-s",
      label, rounds, cpu[cpu.size() / 2], cpu[cpu.size() * 99 / 100], wall[wall.size() / 2],
      static_cast<double>(last.messages) / (per_file / 1000.0));
  if (last.passengers > 0) {
    std::printf("  %zu passengers, %.2f ms cpu per 100", last.passengers,
                per_file * 100.0 / static_cast<double>(last.passengers));
  }
  std::printf("  holds %zu\n", last.holds);
}

// A PAXLST manifest of `n` passengers built from the real GTAS sample Test1.txt: its header up
// to the first NAD+FM, then its eight crew groups repeated as passengers (NAD+FL) with the
// surname suffixed by a two-letter counter so that names differ, then its trailer.
std::string Manifest(size_t n) {
  const std::string real = ReadSample("paxlst/US-CBP_GTAS/gtas-loader/apis-messages/Test1.txt");
  const size_t first = real.find("NAD+FM");
  const size_t tail = real.find("CNT+");
  std::vector<std::string> groups;
  for (size_t at = first; at < tail;) {
    size_t next = real.find("NAD+FM", at + 1);
    if (next == std::string::npos || next > tail) next = tail;
    groups.push_back(real.substr(at, next - at));
    at = next;
  }
  std::string out = real.substr(0, first);
  for (size_t i = 0; i < n; ++i) {
    std::string g = groups[i % groups.size()];
    g.replace(0, 6, "NAD+FL");
    const size_t colon = g.find(':');
    g.insert(colon, {static_cast<char>('A' + i / 26 % 26), static_cast<char>('A' + i % 26)});
    out += g;
  }
  return out + real.substr(tail);
}

// CPU time of reading `bytes` into messages, without screening.
void ParseOnly(const char* label, const std::string& bytes, int rounds) {
  if (std::string(label).find(only_case) == std::string::npos) return;
  const double c0 = ThreadCpuMs();
  size_t parties = 0;
  for (int i = 0; i < rounds; ++i) {
    auto parsed = cordon::ParseMessages("bench", bytes);
    if (parsed.ok() && !parsed->messages.empty() && parsed->messages[0].ok()) {
      parties += parsed->messages[0]->parties.size();
    }
  }
  std::printf("%-40s rounds %5d  cpu mean %8.3f ms  (%zu parties)\n", label, rounds,
              (ThreadCpuMs() - c0) / rounds, parties / static_cast<size_t>(rounds));
}

void Payments(const cordon::MessageInspector& pre, const cordon::MessageInspector& every,
              const cordon::MessageInspector& parties, int rounds) {
  const std::string pacs008 =
      ReadSample("iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml");
  const std::string cbpr =
      ReadSample("iso20022/ballerina_iso20022_to_swiftmt/p_2_1_1__CBPR_p.2.1.1_pacs.008-AtoB.xml");
  const std::string mt103 =
      ReadSample("swift_mt/ballerina_swiftmt_to_iso20022/test_custom_mt_mx__fin2.fin");
  const std::string rje = ReadSample("swift_mt/prowide-core/MT103-out-ack.rje");
  ParseOnly("pacs.008 fin2, parse only", pacs008, rounds);
  Latency("pacs.008 fin2, parties only", parties, pacs008, rounds);
  Latency("pacs.008 fin2, every window screened", every, pacs008, rounds);
  Latency("pacs.008 fin2, pre-check", pre, pacs008, rounds);
  Latency("pacs.008.001.12 CBPR+, every window", every, cbpr, rounds);
  Latency("pacs.008.001.12 CBPR+, pre-check", pre, cbpr, rounds);
  Latency("MT103 fin2, every window", every, mt103, rounds);
  Latency("MT103 fin2, pre-check", pre, mt103, rounds);
  Latency("MT103 RJE (13 messages), every window", every, rje, std::max(rounds / 10, 5));
  Latency("MT103 RJE (13 messages), pre-check", pre, rje, std::max(rounds / 10, 5));
}

void Travel(const cordon::MessageInspector& pre, const cordon::MessageInspector& every,
            int rounds) {
  const std::string dir = "../bench/pnrgov/";
  const std::string big = ReadSample(dir + "bigbigPnr.txt");
  const std::string bags = ReadSample(dir + "pnrWithBags.txt");
  const int few = std::max(rounds / 200, 3);
  Latency("PNRGOV bigbigPnr (239 TIF), every window", every, big, few);
  Latency("PNRGOV bigbigPnr (239 TIF), pre-check", pre, big, few);
  Latency("PNRGOV pnrWithBags (927 TIF), pre-check", pre, bags, few);
  Latency("PAXLST 500 passengers, pre-check", pre, Manifest(500), few);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(std::atoi(argv[1]), 1) : 2000;
  if (argc > 2) only_case = argv[2];
  const auto t0 = Clock::now();
  auto lists = cordon::LoadLists(cordon::DefaultListPaths().value());
  if (!lists.ok()) return std::fprintf(stderr, "%s\n", lists.status().ToString().c_str()), 1;
  auto screener = cordon::Screener::Create(std::move(*lists));
  if (!screener.ok()) return 1;
  std::printf("lists loaded and compiled in %.0f ms\n", Ms(Clock::now() - t0));
  const cordon::MessageInspector pre(screener->get(), {});
  const cordon::MessageInspector every(screener->get(), {.skip_unmatchable_windows = false});
  // Parties only (no free-text windows): what the free-text search costs.
  const cordon::MessageInspector parties(screener->get(), {.max_window_tokens = 0});
  Payments(pre, every, parties, rounds);
  Travel(pre, every, rounds);
  return 0;
}
