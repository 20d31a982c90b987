#!/usr/bin/env bash
# List updates in the service (issue 12): from a new version accepted into the store to the
# swapped snapshot serving, and wrk against /v1/screen while new UN versions arrive.
# The bundled lists are the sources (file:// URLs); every 12 s the UN file gets a newer
# dateGenerated and one entry fewer, so each fetch round (every 10 s) finds a new version.
# Usage: bench/list_update.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${1:-build}/src/cli/cordon
seconds=${2:-75}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/www"
D=$root/data/lists
cp "$D"/un/*.xml "$work/www/un.xml"
cat > "$work/sources.toml" <<TOML
[fetch]
retries = 0
[[source]]
name = "un"
url = "file://$work/www/un.xml"
format = "un-xml"
[[source]]
name = "ofac-sdn"
urls = ["file://$D/ofac-sdn/sdn.csv", "file://$D/ofac-sdn/alt.csv", "file://$D/ofac-sdn/add.csv"]
format = "ofac-csv"
[[source]]
name = "ofac-cons"
urls = ["file://$D/ofac-cons/cons_prim.csv", "file://$D/ofac-cons/cons_alt.csv",
        "file://$D/ofac-cons/cons_add.csv", "file://$D/ofac-cons/cons_comments.csv"]
format = "ofac-csv"
[[source]]
name = "uk"
url = "file://$D/uk/ofsi_conlist_2025-04-10.csv"
format = "uk-conlist-csv"
[[source]]
name = "canada"
url = "file://$D/canada/sema_2025-03-20.xml"
format = "canada-sema-xml"
[[source]]
name = "uae"
url = "file://$D/uae/uae_local_terrorist_list_2025.csv"
format = "uae-csv"
TOML
"$bin" lists fetch --sources "$work/sources.toml" --store "$work/store"
"$bin" serve --no-auth --lists "$work/store" --fetch-sources "$work/sources.toml" \
  --fetch-interval 10 --listen 127.0.0.1:18790 > "$work/serve.log" 2>&1 &
until curl -sf 127.0.0.1:18790/readyz > /dev/null; do sleep 0.5; done
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name": "Mohammed Omar", "schema": "Person"}'
wrk.headers["Content-Type"] = "application/json"
LUA
echo "load before: $(uptime)"
wrk -t2 -c16 -d"${seconds}s" -s "$work/post.lua" http://127.0.0.1:18790/v1/screen > "$work/wrk.txt" &
wrk_pid=$!
n=0
while kill -0 $wrk_pid 2> /dev/null; do
  n=$((n + 1))
  python3 - "$n" "$D/un/un_consolidated_2026-02-27.xml" "$work/www/un.xml" <<'PY'
import os, sys
n, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t = open(src).read()
i = t.index('dateGenerated="') + 15
t = t[:i] + "2026-03-%02dT10:00:00.000Z" % n + t[t.index('"', i):]
a = 0
for _ in range(n):
    a = t.index("<INDIVIDUAL>", a + 1)
open(dst + ".tmp", "w").write(t[:a] + t[t.index("</INDIVIDUAL>", a) + 13:])
os.replace(dst + ".tmp", dst)
PY
  sleep 12
done
echo "load after: $(uptime)"
cat "$work/wrk.txt"
echo "--- swaps (fetch accepted -> snapshot serving):"
grep -E '"list fetch: new"|lists reloaded' "$work/serve.log" || true
curl -s 127.0.0.1:18790/v1/lists | python3 -c 'import json,sys; print("generation", json.load(sys.stdin)["generation"])'
