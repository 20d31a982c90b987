// The thread pool loop `cordon validate` screens with: fn(i) for every i in [0, n) on `threads`
// threads (the calling thread is one of them), indexes handed out one at a time so that slow
// queries do not leave a thread idle.
//
// Example:
//   std::atomic<size_t> done{0};
//   ParallelFor(names.size(), 2, [&](size_t i) { found[i] = Screen(names[i]); }, nullptr, done,
//               names.size());
//
// Thread safety: fn is called from several threads at once; it must only write to its own i.
#ifndef CORDON_VALIDATE_PARALLEL_H_
#define CORDON_VALIDATE_PARALLEL_H_

#include <atomic>
#include <cstddef>
#include <functional>

namespace cordon::validate {

// Called with (queries done, queries in all) every 256 queries.
using ProgressFn = std::function<void(size_t done, size_t total)>;

// `done` counts across several calls that share one progress total.
void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn,
                 const ProgressFn& progress, std::atomic<size_t>& done, size_t total);

}  // namespace cordon::validate

#endif  // CORDON_VALIDATE_PARALLEL_H_
