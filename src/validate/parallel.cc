#include "validate/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace cordon::validate {

void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn,
                 const ProgressFn& progress, std::atomic<size_t>& done, size_t total) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) {
      fn(i);
      const size_t d = ++done;
      // Progress every 256 queries: often enough for a terminal, rare enough to cost nothing.
      if (progress && d % 256 == 0) progress(d, total);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::max(1, threads); ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

}  // namespace cordon::validate
