#!/usr/bin/env bash
# Latency of the case API of `cordon serve --db` (docs/service.md, Cases; bench/RESULTS.md):
# decisions (POST /v1/alerts/{id}/decision, a false positive: the alert closed, a good-guy entry,
# audit records, one transaction) and queue pages (GET /v1/alerts, 50 open alerts by score, keyset
# pages), one client on a keep-alive connection, wall time per request as the client sees it.
#
# Subjects: the primary name of every entity of the bundled UN list (1,003), screened against the
# UN list, which raises about as many alerts. The database is a new SQLite file, or the
# PostgreSQL database given as $2 (it must be empty).
#
#   bench/case_api_bench.sh build/src/cli/cordon [postgresql://...]
set -euo pipefail
cordon=$(realpath "$1")
db_url=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
serve_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
db=${db_url:-$work/cases.db}
un="$root/data/lists/un"

"$cordon" users add --db "$db" alice --role admin >/dev/null
"$cordon" users add --db "$db" bob --role analyst --user alice >/dev/null
"$cordon" lists export --lists "$un" -o "$work/un.ftm.jsonl"
python3 - "$work/un.ftm.jsonl" "$work/subjects.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for i, line in enumerate(f):
        e = json.loads(line)
        name = e.get("caption") or e["properties"]["name"][0]
        out.write(json.dumps({"id": "s%05d" % i, "name": name}) + "\n")
EOF
"$cordon" subjects import --db "$db" --user alice "$work/subjects.jsonl" >/dev/null
"$cordon" subjects screen --db "$db" --lists "$un" --user alice
key=bench-key-0123456789abcdef
echo "$key" | "$cordon" serve --hash-key bob analyst >"$work/keys.txt"
"$cordon" serve --db "$db" --lists "$un" --keys "$work/keys.txt" --listen 127.0.0.1:0 \
  --log-level warn >"$work/serve.out" 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 600); do
  grep -q "listening on" "$work/serve.out" 2>/dev/null && break
  sleep 0.2
done
port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$work/serve.out" | head -1 | cut -d: -f2)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$port" "$key" <<'EOF'
import http.client, json, sys, time
port, key = int(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

def call(method, path, body=None):
    t = time.perf_counter()
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    data = r.read()
    return (time.perf_counter() - t) * 1000, r.status, json.loads(data)

def report(what, ms):
    ms.sort()
    q = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
    print(f"{what}: n={len(ms)} p50 {q(0.5):.2f} ms, p90 {q(0.9):.2f} ms, "
          f"p99 {q(0.99):.2f} ms, max {ms[-1]:.2f} ms")

pages, ids, after = [], [], ""
while True:
    ms, status, body = call("GET", "/v1/alerts?status=open&limit=50" + (f"&after={after}" if after else ""))
    assert status == 200, body
    pages.append(ms)
    ids += [a["alert_id"] for a in body["alerts"]]
    if body["next"] is None:
        break
    after = body["next"]
report(f"queue pages (50 open alerts by score, {len(ids)} open)", pages)
decisions = []
for i in ids:
    ms, status, body = call("POST", f"/v1/alerts/{i}/decision",
                            {"decision": "false_positive", "reason": "benchmark: not the listed person"})
    assert status == 200, body
    decisions.append(ms)
report("decisions (false positive, good-guy entry, audit)", decisions)
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
