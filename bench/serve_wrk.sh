#!/usr/bin/env bash
# Load benchmark of `cordon serve` with wrk on loopback (issue 5). Builds nothing: give it a built
# cordon binary. Starts the server with the bundled lists, once with --no-auth and once with an
# API key, runs wrk with bench/serve_wrk.lua (POST /v1/screen, one name per request, a mix of
# listed and unlisted names) and prints req/s, p50/p99 latency, errors (socket errors and non-2xx
# responses) and the server's RSS before and after. --soak SECONDS runs one long wrk instead and
# samples the server's RSS every 10 s. The --no-auth run also measures GET /healthz, the transport
# without screening, to show what the per-request engine work costs.
#
#   bench/serve_wrk.sh [--bin build/src/cli/cordon] [--duration 30] [--connections 64]
#                      [--wrk-threads 2] [--server-threads 0] [--log-level warn]
#                      [--lists PATH]... [--soak SECONDS] [--auth both|off|key]
# Results go to bench/RESULTS.md by hand, with `lscpu`, the command and `uptime`.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/src/cli/cordon
duration=30
connections=64
wrk_threads=2
server_threads=0
log_level=warn
soak=0
auth=both
lists=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --wrk-threads) wrk_threads=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --log-level) log_level=$2; shift 2 ;;
    --lists) lists+=(--lists "$2"); shift 2 ;;
    --soak) soak=$2; shift 2 ;;
    --auth) auth=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "serve_wrk.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || { echo "serve_wrk.sh: no cordon binary at $bin (give --bin)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "serve_wrk.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
# CPU time of a process (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Server CPU milliseconds per request: cpu_ms_per_request TICKS_BEFORE TICKS_AFTER REQUESTS
cpu_ms_per_request() {
  awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.3f", (b - a) * 1000 / hz / n; else print "n/a" }'
}

# Starts the server with the given extra flags; sets server_pid and port.
start_server() {
  : >"$work/out"
  "$bin" serve --listen 127.0.0.1:0 --log-level "$log_level" --threads "$server_threads" \
    ${lists[@]+"${lists[@]}"} "$@" >"$work/out" 2>"$work/err" &
  server_pid=$!
  for _ in $(seq 1 600); do
    if grep -q 'listening on' "$work/out"; then break; fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    sleep 0.1
  done
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/out")
  [ -n "$port" ] || { echo "server did not start" >&2; cat "$work/err" >&2; exit 1; }
  echo "  $(head -1 "$work/out")"
}

stop_server() {
  kill -TERM "$server_pid"
  local rc=0
  wait "$server_pid" || rc=$?
  server_pid=
  echo "  server exit code after SIGTERM: $rc"
}

# One wrk run against the running server; prints the figures.
run_wrk() {
  local seconds=$1
  # Warm-up: first requests fault in the index pages.
  CORDON_BENCH_KEY=${key:-} wrk -t1 -c4 -d2s -s bench/serve_wrk.lua "http://127.0.0.1:$port" >/dev/null
  local before cpu0 cpu1
  before=$(rss_kb "$server_pid")
  cpu0=$(cpu_ticks "$server_pid")
  CORDON_BENCH_KEY=${key:-} wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
    -s bench/serve_wrk.lua "http://127.0.0.1:$port" >"$work/wrk" 2>&1
  local after
  after=$(rss_kb "$server_pid")
  cpu1=$(cpu_ticks "$server_pid")
  local rps p50 p99 non2xx sockerr total
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk")
  total=$(awk '/requests in/ {print $1}' "$work/wrk")
  p50=$(awk '/^latency_p50_ms/ {print $2}' "$work/wrk")
  p99=$(awk '/^latency_p99_ms/ {print $2}' "$work/wrk")
  non2xx=$(awk '/^non2xx_responses/ {print $2}' "$work/wrk")
  sockerr=$(awk '/^socket_errors/ {print $2}' "$work/wrk")
  echo "  requests: $total in ${seconds}s; req/s: $rps; p50: ${p50} ms; p99: ${p99} ms"
  echo "  errors: socket $sockerr, non-2xx $non2xx"
  echo "  server RSS: before $((before / 1024)) MiB, after $((after / 1024)) MiB"
  echo "  server CPU per request: $(cpu_ms_per_request "$cpu0" "$cpu1" "$total") ms"
}

# The transport alone: GET /healthz (no screening), wrk's own latency distribution.
run_wrk_health() {
  local seconds=$1
  local rps p50 p99 non2xx total cpu0 cpu1
  cpu0=$(cpu_ticks "$server_pid")
  wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
    "http://127.0.0.1:$port/healthz" >"$work/wrk" 2>&1
  cpu1=$(cpu_ticks "$server_pid")
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk")
  total=$(awk '/requests in/ {print $1}' "$work/wrk")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk")
  echo "  GET /healthz (transport only): req/s: $rps; p50: $p50; p99: $p99; non-2xx: ${non2xx:-0}"
  echo "  server CPU per /healthz request: $(cpu_ms_per_request "$cpu0" "$cpu1" "$total") ms"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load: $(uptime | sed 's/.*load average/load average/')"
echo "wrk -t$wrk_threads -c$connections --latency, server threads ${server_threads} (0 = all cores), log level $log_level"

if [ "$soak" -gt 0 ]; then
  echo "soak: ${soak}s, --no-auth"
  start_server --no-auth
  CORDON_BENCH_KEY= wrk -t"$wrk_threads" -c"$connections" -d"${soak}s" --latency \
    -s bench/serve_wrk.lua "http://127.0.0.1:$port" >"$work/wrk" 2>&1 &
  wrk_pid=$!
  echo "  t_s  rss_mib"
  t=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    printf '  %4d  %s\n' "$t" "$(( $(rss_kb "$server_pid") / 1024 ))"
    sleep 10
    t=$((t + 10))
  done
  wait "$wrk_pid" || true
  printf '  %4d  %s  (end)\n' "$t" "$(( $(rss_kb "$server_pid") / 1024 ))"
  awk '/^Requests\/sec|requests in|^latency_p|^non2xx|^socket_errors/' "$work/wrk" | sed 's/^/  /'
  stop_server
  exit 0
fi

if [ "$auth" = both ] || [ "$auth" = off ]; then
  echo "--no-auth:"
  key=
  start_server --no-auth
  run_wrk "$duration"
  run_wrk_health "$duration"
  stop_server
fi
if [ "$auth" = both ] || [ "$auth" = key ]; then
  echo "with an API key (Authorization: Bearer, SHA-256 checked per request):"
  "$bin" serve --hash-key bench screen </dev/null >"$work/keys.txt" 2>"$work/key"
  key=$(grep -E '^[0-9a-f]{64}$' "$work/key")
  start_server --keys "$work/keys.txt"
  run_wrk "$duration"
  stop_server
fi
