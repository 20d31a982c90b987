#!/usr/bin/env bash
# Throughput and latency of the NATS JetStream workers (docs/scale-out.md, issue 14 targets):
#   1. in-process batch screening: `cordon screen --input --threads 1` (one core), names/s
#   2. one worker (one lane) fed by `cordon submit`, results/s
#   3. two workers (two processes, one lane each), results/s
#   4. one worker at half the rate of 2: publish-to-result p50/p99 latency
# Usage: bench/worker_bench.sh [BUILD_DIR] [N]   (default build, 50000 names)
# SNAPSHOT=path reuses a snapshot of the bundled lists (else one is built: about a minute).
# Names: the first N of data/names/negatives/names.tsv (people and companies on no list, as most
# of a payment flow), as JSON lines. The nats-server, the workers and submit share this machine's
# cores, so the figures include the broker's and the producer's CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-50000}
cordon="$build/src/cli/cordon"
work=$(mktemp -d /tmp/cordon-worker-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

snapshot=${SNAPSHOT:-$work/lists.cordsnap}
if [ ! -f "$snapshot" ]; then
  "$cordon" index build -o "$snapshot" >/dev/null
fi
python3 -c 'import json,sys
n = int(sys.argv[1]); i = 0
for l in open("data/names/negatives/names.tsv", encoding="utf-8"):
    if l.startswith("#"): continue
    i += 1
    if i > n: break
    print(json.dumps({"id": str(i), "name": l.rstrip("\n").split("\t")[-1]}, ensure_ascii=False))' "$n" \
  >"$work/names.jsonl"
echo "$(wc -l <"$work/names.jsonl") names; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"

# 1. In-process: the time of N names minus the time of one (the snapshot's load).
t() { local s; s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc; }
head -n 1 "$work/names.jsonl" >"$work/one.jsonl"
t1=$(t "$cordon" screen --lists "$snapshot" --threads 1 --input "$work/one.jsonl")
tn=$(t "$cordon" screen --lists "$snapshot" --threads 1 --input "$work/names.jsonl")
inproc=$(echo "$n / ($tn - $t1)" | bc)
echo "in-process batch, 1 thread: ${inproc} names/s (${tn} s, of which ${t1} s loading)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="nats://127.0.0.1:$port"
nats-server -js -a 127.0.0.1 -p "$port" -sd "$work/store" >"$work/nats.log" 2>&1 &
pids+=($!)

start_worker() {  # name
  "$cordon" worker --nats "$url" --lists "$snapshot" --name "$1" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1200); do grep -q consuming "$work/$1.log" && return; sleep 0.1; done
  echo "worker $1 did not start"; cat "$work/$1.log"; exit 1
}
submit() {  # extra flags...
  "$cordon" submit --nats "$url" --max-in-flight 2000 "$@" "$work/names.jsonl" 2>&1 >/dev/null |
    tail -n 1
}

start_worker w1
line=$(submit)
echo "one worker:  $line"
one=$(echo "$line" | sed -E 's/.* s, ([0-9.]+) results\/s.*/\1/')
start_worker w2
line=$(submit)
echo "two workers: $line"
two=$(echo "$line" | sed -E 's/.* s, ([0-9.]+) results\/s.*/\1/')
kill "${pids[-1]}"
wait "${pids[-1]}" 2>/dev/null || true
half=$(echo "$one / 2" | bc)
line=$(submit --rate "$half")
echo "one worker at ${half}/s: $line"
echo "summary: in-process ${inproc}/s; one worker ${one}/s ($(echo "scale=2; $one / $inproc" | bc)x);" \
  "two workers ${two}/s ($(echo "scale=2; $two / $one" | bc)x one); load average $(cut -d' ' -f1-3 /proc/loadavg)"
