// Message screening speed against the issue 6 targets: pacs.008 parse + screen p99 <= 1 ms;
// a 500-passenger PAXLST manifest <= 100 ms; >= 5,000 payment messages per second. Runs on one
// thread against the bundled lists. Usage: messages_bench [rounds] (default 2000).
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

std::string ReadSample(const std::string& relative) {
  std::ifstream in(std::string(CORDON_TESTDATA_DIR) + "/messages/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Parses and screens every message of `bytes`; returns the number of messages and the holds.
size_t ParseAndScreen(const cordon::MessageInspector& inspector, const std::string& bytes,
                      size_t* holds) {
  auto parsed = cordon::ParseMessages("bench", bytes);
  if (!parsed.ok()) return 0;
  size_t n = 0;
  for (const auto& m : parsed->messages) {
    if (!m.ok()) continue;
    ++n;
    if (inspector.Inspect(*m).decision == cordon::Decision::kHold) ++*holds;
  }
  return n;
}

// Latency distribution of one file parsed and screened `rounds` times.
void Latency(const char* label, const cordon::MessageInspector& inspector, const std::string& bytes,
             int rounds) {
  std::vector<double> ms;
  size_t holds = 0, messages = 0;
  for (int i = 0; i < rounds; ++i) {
    const auto t0 = Clock::now();
    messages += ParseAndScreen(inspector, bytes, &holds);
    ms.push_back(Ms(Clock::now() - t0));
  }
  std::sort(ms.begin(), ms.end());
  double total = 0;
  for (double v : ms) total += v;
  std::printf(
      "%-34s rounds %d  p50 %.3f ms  p99 %.3f ms  max %.3f ms  %.0f messages/s  holds %zu\n", label,
      rounds, ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back(),
      static_cast<double>(messages) / (total / 1000.0), holds);
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

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 2000;
  const auto t0 = Clock::now();
  auto lists = cordon::LoadLists(cordon::DefaultListPaths());
  if (!lists.ok()) return std::fprintf(stderr, "%s\n", lists.status().ToString().c_str()), 1;
  auto screener = cordon::Screener::Create(std::move(*lists));
  if (!screener.ok()) return 1;
  const cordon::MessageInspector inspector(screener->get(), {});
  std::printf("lists loaded and compiled in %.0f ms\n", Ms(Clock::now() - t0));
  // Parties only (no free-text windows): what the free-text search costs.
  const cordon::MessageInspector parties_only(screener->get(), {.max_window_tokens = 0});
  Latency("pacs.008, parties only", parties_only,
          ReadSample("iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml"), rounds);
  Latency("PAXLST 500 passengers, parties only", parties_only, Manifest(500),
          std::max(rounds / 100, 5));
  Latency("pacs.008 (Ballerina custom fin2)", inspector,
          ReadSample("iso20022/ballerina_swiftmt_to_iso20022/custom__mt103_fin2.xml"), rounds);
  Latency("MT103 (Ballerina custom fin2)", inspector,
          ReadSample("swift_mt/ballerina_swiftmt_to_iso20022/test_custom_mt_mx__fin2.fin"), rounds);
  Latency("MT103 RJE file (13 messages)", inspector,
          ReadSample("swift_mt/prowide-core/MT103-out-ack.rje"), rounds / 10);
  Latency("PAXLST 500 passengers", inspector, Manifest(500), std::max(rounds / 100, 5));
  return 0;
}
