#!/bin/sh
# Re-runs the issue 4 screening benchmarks and prints what bench/RESULTS.md records.
# Usage: bench/run_screen_bench.sh [BUILD_DIR] [SIZES]
#   BUILD_DIR  default build-bench (configured here with -DCORDON_BENCH=ON if needed)
#   SIZES      default bundled,100k,1M (e2e_bench --sizes)
# Extra e2e_bench flags go in $E2E_FLAGS (e.g. E2E_FLAGS="--queries 500 --ref 50").
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-bench}
sizes=${2:-bundled,100k,1M}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORDON_BENCH=ON
fi
cmake --build "$build" --target screen_bench e2e_bench
echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core)'
uptime
echo "== git $(git rev-parse --short HEAD)$(git diff --quiet -- src include || echo ' (modified)')"
echo "== screen_bench (Google Benchmark, bundled lists)"
"$build/bench/screen_bench" --benchmark_min_time=0.2
echo "== e2e_bench --sizes $sizes ${E2E_FLAGS:-}"
# shellcheck disable=SC2086
"$build/bench/e2e_bench" --sizes "$sizes" ${E2E_FLAGS:-}
uptime
