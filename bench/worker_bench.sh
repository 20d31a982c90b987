#!/usr/bin/env bash
# Throughput and latency of the NATS JetStream workers (docs/scale-out.md, issue 14 targets):
#   1. in-process batch screening: `cordon screen --input --threads 1` (one core), names/s
#   2. one worker (one lane) fed by `cordon submit`, results/s
#   3. two workers (two processes, one lane each), results/s
#   4. one worker at half the rate of 2: publish-to-result p50/p99 latency
# 2 to 4 run twice: one name a request, and BATCH names a request (`cordon submit --batch`,
# default 32). After each submit, the CPU seconds the broker, each worker and submit used.
# Usage: bench/worker_bench.sh [BUILD_DIR] [N]   (default build, 50000 names)
# RATE and RATE_BATCHED fix the rates of case 4 (else half of what 2 measured), to compare two
# builds at the same rate.
# SNAPSHOT=path reuses a snapshot of the bundled lists (else one is built: about a minute).
# Names: the first N of data/names/negatives/names.tsv (people and companies on no list, as most
# of a payment flow), as JSON lines. The nats-server, the workers and submit share this machine's
# cores, so the figures include the broker's and the producer's CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-50000}
batch=${BATCH:-32}
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
# t CMD...: prints CMD's wall seconds; its CPU seconds go to $work/cpu.
t() {
  local s
  s=$(date +%s.%N)
  /usr/bin/time -o "$work/time" -f '%U %S' "$@" >/dev/null
  awk '{ print $1 + $2 }' "$work/time" >"$work/cpu"
  echo "$(date +%s.%N) - $s" | bc
}
head -n 1 "$work/names.jsonl" >"$work/one.jsonl"
t1=$(t "$cordon" screen --lists "$snapshot" --threads 1 --input "$work/one.jsonl")
c1=$(cat "$work/cpu")
tn=$(t "$cordon" screen --lists "$snapshot" --threads 1 --input "$work/names.jsonl")
inproc=$(echo "$n / ($tn - $t1)" | bc)
echo "in-process batch, 1 thread: ${inproc} names/s (${tn} s, of which ${t1} s loading;" \
  "CPU-s screening $(echo "$(cat "$work/cpu") - $c1" | bc))"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="nats://127.0.0.1:$port"
nats-server -js -a 127.0.0.1 -p "$port" -sd "$work/store" >"$work/nats.log" 2>&1 &
nats_pid=$!
pids+=($!)

start_worker() {  # name
  "$cordon" worker --nats "$url" --lists "$snapshot" --name "$1" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1200); do grep -q consuming "$work/$1.log" && return; sleep 0.1; done
  echo "worker $1 did not start"; cat "$work/$1.log"; exit 1
}
# CPU seconds (user + system) a running process has used so far.
tck=$(getconf CLK_TCK)
cpu_s() { awk -v t="$tck" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
# Where one submit's CPU went: the broker's, each worker's (given as name=pid) and submit's own
# (from /usr/bin/time), over the results it got back: printed after the result line.
submit() {  # [name=pid]... -- extra flags...
  local procs=() p before=() after=() i=0
  while [ "$1" != -- ]; do procs+=("$1"); shift; done
  shift
  for p in "nats=$nats_pid" "${procs[@]}"; do before+=("$(cpu_s "${p#*=}")"); done
  /usr/bin/time -o "$work/submit.time" -f '%U %S' \
    "$cordon" submit --nats "$url" --max-in-flight 2000 "$@" "$work/names.jsonl" 2>&1 >/dev/null |
    tail -n 1
  for p in "nats=$nats_pid" "${procs[@]}"; do after+=("$(cpu_s "${p#*=}")"); done
  local split="CPU-s:"
  for p in "nats=$nats_pid" "${procs[@]}"; do
    split+=" ${p%%=*} $(echo "${after[$i]} - ${before[$i]}" | bc)"
    i=$((i + 1))
  done
  echo "  $split submit $(awk '{ print $1 + $2 }' "$work/submit.time")"
}

rate_of() { sed -E 's/.* s, ([0-9.]+) results\/s.*/\1/' <<<"$1" | head -n 1; }
# Each case twice: a request a name, and BATCH names a request (submit --batch).
start_worker w1
w1=${pids[-1]}
# What an idle worker costs: five seconds with nothing to do.
idle_n=$(cpu_s "$nats_pid")
idle_w=$(cpu_s "$w1")
sleep 5
echo "idle 5 s: CPU-s nats $(echo "$(cpu_s "$nats_pid") - $idle_n" | bc)" \
  "w1 $(echo "$(cpu_s "$w1") - $idle_w" | bc)"
out=$(submit "w1=$w1" --)
echo "one worker:  $out"
one=$(rate_of "$out")
out=$(submit "w1=$w1" -- --batch "$batch")
echo "one worker, batches of $batch:  $out"
one_b=$(rate_of "$out")
start_worker w2
w2=${pids[-1]}
out=$(submit "w1=$w1" "w2=$w2" --)
echo "two workers: $out"
two=$(rate_of "$out")
out=$(submit "w1=$w1" "w2=$w2" -- --batch "$batch")
echo "two workers, batches of $batch: $out"
two_b=$(rate_of "$out")
kill "$w2"
wait "$w2" 2>/dev/null || true
half=${RATE:-$(echo "$one / 2" | bc)}
out=$(submit "w1=$w1" -- --rate "$half")
echo "one worker at ${half}/s: $out"
half_b=${RATE_BATCHED:-$(echo "$one_b / 2" | bc)}
out=$(submit "w1=$w1" -- --rate "$half_b" --batch "$batch")
echo "one worker at ${half_b}/s, batches of $batch: $out"
x() { echo "scale=2; $1 / $2" | bc; }
echo "summary: in-process ${inproc}/s; one worker ${one}/s ($(x "$one" "$inproc")x), batched" \
  "${one_b}/s ($(x "$one_b" "$inproc")x); two workers ${two}/s ($(x "$two" "$one")x one)," \
  "batched ${two_b}/s ($(x "$two_b" "$one_b")x one batched); load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
