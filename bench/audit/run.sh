#!/usr/bin/env bash
# What writing the audit log costs on the read routes it records: the server is started twice on copies of the same
# seeded --demo database (SQLite), once as shipped and once with Audit:Enabled=false (which exists only for this),
# and each route gets the same fixed number of requests as the police's demo user, with ApacheBench.
# Prints p50/p95 per route and mode and the ratio audit on / audit off (1.00 = no cost).
# Usage: bench/audit/run.sh [requests=2000] [concurrency=4]     (as root: installs apache2-utils if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${1:-2000}
CONCURRENCY=${2:-4}
command -v ab >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends apache2-utils >/dev/null; }
(($(nproc) >= 2)) || { echo "needs two cores (server and load generator on different ones)" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dotnet build src/Lagesbild.Server -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
SERVER=src/Lagesbild.Server/bin/Release/net10.0/lagesbild

start() { # data folder, extra server args...; sets PORT
  local data=$1; shift
  PORT=$(free_port)
  ASPNETCORE_ENVIRONMENT=Production taskset -c 0 "$SERVER" --data "$data" --urls "http://127.0.0.1:$PORT" \
    --Logging:LogLevel:Default=Warning --Rounds:Worker=false --Alarms:Worker=false --Notifications:Worker=false "$@" >"$data.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "the server did not start" >&2; cat "$data.log" >&2; exit 1
}
stop_last() { kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; }

# Seed once; both runs start from a copy of the same file.
start "$WORK/seed" --demo
stop_last
cp -a "$WORK/seed" "$WORK/on"
cp -a "$WORK/seed" "$WORK/off"

run() { # mode, data folder, extra server args...
  local mode=$1 data=$2; shift 2
  start "$data" "$@"
  local base="http://127.0.0.1:$PORT" token restricted
  token=$(curl -sf -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"polis@lagesbild.example","password":"Lagesbild-demo-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
  # The newest Restricted observation: one audited record read per request.
  restricted=$(curl -sf -H "Authorization: Bearer $token" "$base/api/observations?pageSize=5000" \
    | python3 -c 'import sys,json; print(next(f["id"] for f in json.load(sys.stdin)["features"] if f["properties"]["classification"]=="Restricted"))')
  local routes=("/api/observations/$restricted" "/api/observations?pageSize=100" "/api/lagesbild")
  for route in "${routes[@]}"; do
    local url="$base$route" name
    name=$(echo "$route" | sed 's|/observations/[0-9]*|/observations/{id}|')
    taskset -c 1 ab -q -n 50 -c 1 -H "Authorization: Bearer $token" "$url" >/dev/null # warm-up
    taskset -c 1 ab -q -n "$REQUESTS" -c "$CONCURRENCY" -H "Authorization: Bearer $token" "$url" >"$WORK/ab.txt"
    grep -q "Non-2xx" "$WORK/ab.txt" && { echo "$mode $route: non-2xx answers" >&2; cat "$WORK/ab.txt" >&2; exit 1; }
    echo "$mode|$name|$(awk '$1=="50%"{print $2}' "$WORK/ab.txt")|$(awk '$1=="95%"{print $2}' "$WORK/ab.txt")|$(awk '/Requests per second/{print $4}' "$WORK/ab.txt")" >>"$WORK/results.txt"
  done
  stop_last
  python3 -c "import sqlite3; c=sqlite3.connect('file:$data/lagesbild.db?mode=ro',uri=True); print('$mode: %d audit entries in the log' % c.execute('SELECT COUNT(*) FROM AuditEntries').fetchone()[0])"
}

run on "$WORK/on"
run off "$WORK/off" --Audit:Enabled=false
grep -q "AUDIT IS OFF" "$WORK/off.log" || { echo "the server with audit off did not warn" >&2; exit 1; }

python3 - "$WORK/results.txt" "$REQUESTS" "$CONCURRENCY" <<'PY'
import sys
rows = [line.strip().split("|") for line in open(sys.argv[1])]
by = {(r[0], r[1]): r for r in rows}
print(f"\nAudit on vs off, SQLite, {sys.argv[2]} requests per route at concurrency {sys.argv[3]}, server on core 0, ab on core 1 (ms)")
print("| route | on p50 | on p95 | off p50 | off p95 | on req/s | off req/s | p50 on/off | p95 on/off | throughput off/on |")
print("|---|---|---|---|---|---|---|---|---|---|")
for route in dict.fromkeys(r[1] for r in rows):
    on, off = by[("on", route)], by[("off", route)]
    p50on, p95on, rps_on = float(on[2]), float(on[3]), float(on[4])
    p50off, p95off, rps_off = float(off[2]), float(off[3]), float(off[4])
    ratio = lambda a, b: f"{a / b:.2f}" if b > 0 else "n/a"
    print(f"| GET {route} | {on[2]} | {on[3]} | {off[2]} | {off[3]} | {rps_on:.0f} | {rps_off:.0f} | {ratio(p50on, p50off)} | {ratio(p95on, p95off)} | {ratio(rps_off, rps_on)} |")
PY
