// Message screening speed over given message files and given list files, for a same-hour
// comparison of two builds (the list paths are explicit, so two binaries built from different
// commits screen the same input against the same lists; only the public API of
// cordon/inspect.h, lists.h, messages.h and screen.h is used, which older commits share).
// Each round parses and screens every file once, in the order given; the CPU time of the thread
// (CLOCK_THREAD_CPUTIME_ID) per file is divided by the file's messages.
// Usage: message_files_bench ROUNDS LIST... -- MESSAGE_FILE...
// Prints CPU per message p50 / p99, messages per CPU-second, and per file its messages, holds
// and hits (so that two builds' outcomes can be set side by side).
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

double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct FileStats {
  std::string path, bytes;
  size_t messages = 0, holds = 0, hits = 0;
  double cpu_ms = 0;
};

// Parses and screens one file; fills the counts of `f` and returns its CPU time in ms.
double ScreenFile(const cordon::MessageInspector& inspector, FileStats* f) {
  const double c0 = ThreadCpuMs();
  size_t messages = 0, holds = 0, hits = 0;
  auto parsed = cordon::ParseMessages(f->path, f->bytes);
  if (parsed.ok()) {
    for (const auto& m : parsed->messages) {
      if (!m.ok()) continue;
      const cordon::MessageResult r = inspector.Inspect(*m);
      ++messages;
      holds += r.decision == cordon::Decision::kHold;
      hits += r.hits.size();
    }
  }
  const double ms = ThreadCpuMs() - c0;
  f->messages = messages;
  f->holds = holds;
  f->hits = hits;
  f->cpu_ms += ms;
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: message_files_bench ROUNDS LIST... -- MESSAGE_FILE...\n");
    return 2;
  }
  const int rounds = std::max(std::atoi(argv[1]), 1);
  std::vector<std::string> lists;
  std::vector<FileStats> files;
  bool after_dash = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") {
      after_dash = true;
    } else if (after_dash) {
      files.push_back({.path = a, .bytes = ReadFile(a)});
    } else {
      lists.push_back(a);
    }
  }
  auto loaded = cordon::LoadLists(lists);
  if (!loaded.ok()) return std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str()), 1;
  auto screener = cordon::Screener::Create(std::move(*loaded));
  if (!screener.ok()) return std::fprintf(stderr, "screener: cannot build\n"), 1;
  const cordon::MessageInspector inspector(screener->get(), {});
  for (auto& f : files) ScreenFile(inspector, &f);  // warm-up
  for (auto& f : files) f.cpu_ms = 0;
  std::vector<double> per_message;
  double total_ms = 0;
  size_t total_messages = 0;
  for (int r = 0; r < rounds; ++r) {
    for (auto& f : files) {
      const double ms = ScreenFile(inspector, &f);
      if (f.messages == 0) continue;
      per_message.push_back(ms / static_cast<double>(f.messages));
      total_ms += ms;
      total_messages += f.messages;
    }
  }
  if (per_message.empty()) return std::fprintf(stderr, "no message could be read\n"), 1;
  std::sort(per_message.begin(), per_message.end());
  std::printf(
      "files %zu  rounds %d  messages %zu  cpu per message p50 %.3f ms  p99 %.3f ms  %.0f "
      "messages/cpu-s\n",
      files.size(), rounds, total_messages, per_message[per_message.size() / 2],
      per_message[per_message.size() * 99 / 100],
      static_cast<double>(total_messages) / (total_ms / 1000.0));
  for (const auto& f : files) {
    std::printf("  %8.3f ms/round  messages %zu  holds %zu  hits %zu  %s\n", f.cpu_ms / rounds,
                f.messages, f.holds, f.hits, f.path.c_str());
  }
  return 0;
}
