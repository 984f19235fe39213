#!/usr/bin/env bash
# The alarm benchmark: end-to-end latency from a sensor's HTTP POST to a guard's SignalR console, for the
# product (--demo data, SQLite) and for the plain peer (a hub plus one SQLite insert per event), on the same
# machine in the same run, the server pinned to one core and the load generator with its 150 consoles to another.
# Usage: bench/alarms/run.sh [seconds=60] [rates=20,200,2000] [warm|cold]
#   warm (the default): after the set-up and a 10 s warm-up; cold: each rate on a server that has just started
#   BENCH_DUMP=/tmp/x  also writes each event's send time and latencies to /tmp/x-<target>-r<rate>.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RATE=${1:-60}
RATES=${2:-20,200,2000}
MODE=${3:-warm}
[[ $MODE == warm || $MODE == cold ]] || { echo "the mode is warm or cold, not $MODE" >&2; exit 2; }
(($(nproc) >= 2)) || { echo "needs two cores (server and load generator on different ones)" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_health() { for _ in $(seq 600); do curl -sf "$1/health" >/dev/null 2>&1 && return; curl -sf "$1/setup" -o /dev/null -X POST -H 'Content-Type: application/json' -d '[]' 2>/dev/null && return; sleep 0.5; done; echo "server at $1 did not start" >&2; exit 1; }

# Both servers run as docs/deployment.md installs the product: published with ReadyToRun (compiled ahead of time, so
# that the first minute after a start does not run unoptimised code). BENCH_R2R=0 runs `dotnet build` output instead.
build() {
  if [[ ${BENCH_R2R:-1} == 1 ]]; then
    dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/bin/$2" -v q -nologo >"$WORK/build.log" 2>&1
  else
    dotnet build "$1" -c Release -o "$WORK/bin/$2" -v q -nologo >"$WORK/build.log" 2>&1
  fi || { cat "$WORK/build.log" >&2; exit 1; }
}
build src/Lagesbild.Server server
build bench/alarms bench
SERVER=$WORK/bin/server/lagesbild.dll
BENCH=$WORK/bin/bench/lagesbild-bench-alarms.dll
echo "servers: $([[ ${BENCH_R2R:-1} == 1 ]] && echo "published with ReadyToRun" || echo "dotnet build output (BENCH_R2R=0)")"
LOAD=(taskset -c 1 dotnet "$BENCH" load --seconds "$SECONDS_PER_RATE" --rates "$RATES")

stop_last() { kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; }

# Each target's events, counted in its database after its runs (run.sh never trusts the generator's own count).
stored() { python3 -c "import sqlite3; c=sqlite3.connect('file:$1?mode=ro',uri=True); print(c.execute(\"$2\").fetchone()[0])"; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
# The server's CPU time so far (user + system, seconds): on a shared machine a steadier measure of its work than latency.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }

# The DC-09 receiver on a port of its own; the bench's 300 panels all come from loopback, so one address may hold them all.
DC09_PORT=$(free_port)
start_product() {
  ASPNETCORE_ENVIRONMENT=Production taskset -c 0 dotnet "$SERVER" --demo --data "$WORK/product" --urls "http://127.0.0.1:$PORT" \
    --Alarms:Dc09:Port="$DC09_PORT" --Alarms:Dc09:MaxConnectionsPerAddress=1000 --Logging:LogLevel:Default=Warning >>"$WORK/product.log" 2>&1 &
  PIDS+=($!)
}
start_baseline() {
  taskset -c 0 dotnet "$BENCH" baseline --urls "http://127.0.0.1:$PORT" --data "$WORK/baseline" >>"$WORK/baseline.log" 2>&1 &
  PIDS+=($!)
}

# Warm: set up, 10 s at 100 events/s not counted, then each rate. Cold: set up and restart the server, then for
# each rate a fresh start: the load begins as soon as /health answers and the guards' consoles are connected,
# with no warm-up, and the first 60 s are reported apart.
run_target() {
  local name=$1
  PORT=$(free_port)
  "start_$name"
  wait_health "http://127.0.0.1:$PORT"
  if [[ $MODE == warm ]]; then
    echo "$name: load average before $(load_average)"
    local cpu_before; cpu_before=$(cpu_seconds "${PIDS[-1]}")
    "${LOAD[@]}" --target "$name" --url "http://127.0.0.1:$PORT" --dc09 "127.0.0.1:$DC09_PORT" --out "$WORK/$name.json" || true
    echo "$name: the server used $(python3 -c "print(f'{$(cpu_seconds "${PIDS[-1]}") - $cpu_before:.1f}')") s of CPU for the set-up and every rate"
    stop_last
  else
    "${LOAD[@]}" --target "$name" --url "http://127.0.0.1:$PORT" --setup-only true --city "$WORK/$name-city.json"
    stop_last
    local outputs=()
    for rate in ${RATES//,/ }; do
      PORT=$(free_port)
      "start_$name"
      wait_health "http://127.0.0.1:$PORT"
      echo "$name at $rate events/s from a cold start: load average before $(load_average)"
      local cpu_before; cpu_before=$(cpu_seconds "${PIDS[-1]}")
      "${LOAD[@]}" --target "$name" --url "http://127.0.0.1:$PORT" --cold true --city "$WORK/$name-city.json" --rates "$rate" --out "$WORK/$name-$rate.json" || true
      echo "$name at $rate events/s: the server used $(python3 -c "print(f'{$(cpu_seconds "${PIDS[-1]}") - $cpu_before:.1f}')") s of CPU during the run ($cpu_before s starting up before it)"
      stop_last
      outputs+=("$WORK/$name-$rate.json")
    done
    python3 -c 'import json,sys; print(json.dumps([r for f in sys.argv[1:] for r in json.load(open(f))]))' "${outputs[@]}" >"$WORK/$name.json"
  fi
}

run_target product
STORED_PRODUCT=$(stored "$WORK/product/lagesbild.db" "SELECT COUNT(*) FROM SensorEvents WHERE EventId LIKE 'r%'")
# The bench's panels are accounts B000 ...; the warm-up's frames are counted too, since the generator counts them as sent.
STORED_DC09=$(stored "$WORK/product/lagesbild.db" "SELECT COUNT(*) FROM SensorEvents WHERE EventId LIKE 'dc09:B%'")
run_target baseline
STORED_BASELINE=$(stored "$WORK/baseline/baseline.db" "SELECT COUNT(*) FROM events WHERE event_id LIKE 'r%'")
grep -h "synchronous" "$WORK/baseline.log" | sort -u || true
echo "load average after both: $(load_average)"

python3 - "$WORK/product.json" "$WORK/baseline.json" "$STORED_PRODUCT" "$STORED_BASELINE" "$STORED_DC09" <<'PY'
import json, sys
product, baseline = (json.load(open(p)) for p in sys.argv[1:3])
panels = [r for r in product if r["target"] == "product DC-09"]
product = [r for r in product if r["target"] == "product"]
stored = {"product": int(sys.argv[3]), "baseline": int(sys.argv[4]), "dc09": int(sys.argv[5])}
print("\nEnd-to-end latency, POST sent -> push heard by the guard's console (ms)")
print("| target | events/s | stretch | sent | achieved/s | p50 | p99 | p99.9 | max | lost | failed | answer p50 | answer p99 |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in product + baseline:
    print(f"| {r['target']} | {r['rate']} | {r['phase']} | {r['sent']} | {r['achievedPerSecond']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['p999']:.2f} | {r['max']:.1f} | {r['lost']} | {r['failed']} | {r['answerP50']:.2f} | {r['answerP99']:.2f} |")
for r in panels:
    print(f"| product DC-09 | {r['rate']} | {r['phase']} | {r['sent']} | {r['achievedPerSecond']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['p999']:.2f} | {r['max']:.1f} | {r['lost']} | {r['failed']} | {r['answerP50']:.2f} | {r['answerP99']:.2f} |")
for name, runs in (("product", product), ("baseline", baseline)):
    answered = sum(r["answered"] for r in runs)
    print(f"{name}: {answered} events answered with success, {stored[name]} stored" + ("" if answered <= stored[name] else "  <-- LOSS"))
print("\nproduct / baseline (lower is better for the product)")
print("| events/s | stretch | p50 | p99 | p99.9 | max |")
print("|---|---|---|---|---|---|")
peer = {(b["rate"], b["phase"]): b for b in baseline}
for p in product:
    if (b := peer.get((p["rate"], p["phase"]))) is not None:
        print(f"| {p['rate']} | {p['phase']} | {p['p50']/b['p50']:.2f} | {p['p99']/b['p99']:.2f} | {p['p999']/b['p999']:.2f} | {p['max']/b['max']:.2f} |")
if panels:
    # The DC-09 warm-up's 500 frames are stored too: sent counts them.
    sent = sum(r["sent"] for r in panels) + 500
    print(f"\nDC-09 over {300} panel connections: ACK = frame due -> ACK read; end to end = frame due -> push heard (ms)")
    print("| events/s | ACK p50 | ACK p99 | ACK p99.9 | end-to-end p99 | not ACKed | ACKed, not heard |")
    print("|---|---|---|---|---|---|---|")
    for r in panels:
        print(f"| {r['rate']} | {r['answerP50']:.2f} | {r['answerP99']:.2f} | {r['answerP999']:.2f} | {r['p99']:.2f} | {r['failed']} | {r['lost']} |")
    print(f"DC-09: {sent} frames sent, {stored['dc09']} events stored, lost = {sent - stored['dc09']}")
    print("\nDC-09 / the peer's HTTP in the same run (lower is better for the product)")
    print("| events/s | ACK p99 / peer answer p99 | end-to-end p99 / peer p99 | end-to-end p99 / product HTTP p99 |")
    print("|---|---|---|---|")
    for r in panels:
        b = peer.get((r["rate"], r["phase"]))
        h = next((p for p in product if p["rate"] == r["rate"]), None)
        if b is not None and h is not None:
            print(f"| {r['rate']} | {r['answerP99']/b['answerP99']:.2f} | {r['p99']/b['p99']:.2f} | {r['p99']/h['p99']:.2f} |")
PY
