#!/usr/bin/env bash
# The alarm benchmark: end-to-end latency from a sensor's HTTP POST to a guard's SignalR console, for the
# product (--demo data, SQLite) and for the plain peer (a hub plus one SQLite insert per event), on the same
# machine in the same run, the server pinned to one core and the load generator with its 150 consoles to another.
# Usage: bench/alarms/run.sh [seconds=60] [rates=20,200,2000]
#   BENCH_DUMP=/tmp/x  also writes each event's send time and latencies to /tmp/x-<target>-r<rate>.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RATE=${1:-60}
RATES=${2:-20,200,2000}
(($(nproc) >= 2)) || { echo "needs two cores (server and load generator on different ones)" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_health() { for _ in $(seq 600); do curl -sf "$1/health" >/dev/null 2>&1 && return; curl -sf "$1/setup" -o /dev/null -X POST -H 'Content-Type: application/json' -d '[]' 2>/dev/null && return; sleep 0.5; done; echo "server at $1 did not start" >&2; exit 1; }

build() { dotnet build "$1" -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }; }
build src/Lagesbild.Server
build bench/alarms
SERVER=src/Lagesbild.Server/bin/Release/net10.0/lagesbild.dll
BENCH=bench/alarms/bin/Release/net10.0/lagesbild-bench-alarms.dll
LOAD=(taskset -c 1 dotnet "$BENCH" load --seconds "$SECONDS_PER_RATE" --rates "$RATES")

stop_last() { kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; }

# --- the product, with the demo's city (scenes, sites) beside the bench's 300 schools ---
PORT=$(free_port)
ASPNETCORE_ENVIRONMENT=Production taskset -c 0 dotnet "$SERVER" --demo --data "$WORK/product" --urls "http://127.0.0.1:$PORT" \
  --Logging:LogLevel:Default=Warning >"$WORK/product.log" 2>&1 &
PIDS+=($!)
wait_health "http://127.0.0.1:$PORT"
"${LOAD[@]}" --target product --url "http://127.0.0.1:$PORT" --out "$WORK/product.json" || true
stop_last
STORED_PRODUCT=$(python3 -c "import sqlite3,sys; c=sqlite3.connect('file:$WORK/product/lagesbild.db?mode=ro',uri=True); print(c.execute(\"SELECT COUNT(*) FROM SensorEvents WHERE EventId LIKE 'r%'\").fetchone()[0])")

# --- the peer ---
PORT=$(free_port)
taskset -c 0 dotnet "$BENCH" baseline --urls "http://127.0.0.1:$PORT" --data "$WORK/baseline" >"$WORK/baseline.log" 2>&1 &
PIDS+=($!)
wait_health "http://127.0.0.1:$PORT"
"${LOAD[@]}" --target baseline --url "http://127.0.0.1:$PORT" --out "$WORK/baseline.json" || true
stop_last
STORED_BASELINE=$(python3 -c "import sqlite3; c=sqlite3.connect('file:$WORK/baseline/baseline.db?mode=ro',uri=True); print(c.execute(\"SELECT COUNT(*) FROM events WHERE event_id LIKE 'r%'\").fetchone()[0])")
grep -h "synchronous" "$WORK/baseline.log" || true

python3 - "$WORK/product.json" "$WORK/baseline.json" "$STORED_PRODUCT" "$STORED_BASELINE" <<'PY'
import json, sys
product, baseline = (json.load(open(p)) for p in sys.argv[1:3])
stored = {"product": int(sys.argv[3]), "baseline": int(sys.argv[4])}
print(f"\nEnd-to-end latency, POST sent -> push heard by the guard's console (ms); {product[0]['seconds']} s per rate")
print("| target | events/s | sent | achieved/s | p50 | p99 | p99.9 | max | lost | failed | answer p50 | answer p99 |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in product + baseline:
    print(f"| {r['target']} | {r['rate']} | {r['sent']} | {r['achievedPerSecond']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['p999']:.2f} | {r['max']:.1f} | {r['lost']} | {r['failed']} | {r['answerP50']:.2f} | {r['answerP99']:.2f} |")
for name, runs in (("product", product), ("baseline", baseline)):
    answered = sum(r["answered"] for r in runs)
    print(f"{name}: {answered} events answered with success, {stored[name]} stored" + ("" if answered <= stored[name] else "  <-- LOSS"))
print("\nproduct / baseline (lower is better for the product)")
print("| events/s | p50 | p99 | p99.9 | max |")
print("|---|---|---|---|---|")
for p, b in zip(product, baseline):
    print(f"| {p['rate']} | {p['p50']/b['p50']:.2f} | {p['p99']/b['p99']:.2f} | {p['p999']/b['p999']:.2f} | {p['max']/b['max']:.2f} |")
PY
