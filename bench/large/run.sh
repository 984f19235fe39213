#!/usr/bin/env bash
# The large-data benchmark (issue 22): a seeded city of ROWS observations over five years, imported with the product's
# `import` command on SQLite and on PostGIS against each database's own bulk path on the same rows in the same run
# (SQLite's prepared INSERT in one transaction, PostgreSQL's COPY), then GET /api/lagesbild over HTTP on the product
# (published with ReadyToRun) against DuckDB and PostGIS computing the same cell counts, and the server's memory.
# Usage: bench/large/run.sh [ROWS=10000000]        (as root: installs PostgreSQL 15 with PostGIS if missing)
#   BENCH_REQUESTS=400   requests per query and concurrency for the product, or as many as BENCH_PRODUCT_SECONDS=60 allow once
#                        it has 100 (peers: as many within BENCH_PEER_SECONDS=20, at least 10)
#   BENCH_WARMUP_SECONDS=15  each query's warm-up on the product before it is measured (at least 20 requests; reported too)
#   BENCH_WORK=/dir      keep the files there (the CSV is reused when it has the same rows) instead of a temporary folder
# Its last line: large: rows=N import_rows_per_s=A copy_peer_rows_per_s=B picture_p99_ms=C box_p99_ms=D rss_mb=E
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-10000000}
REQUESTS=${BENCH_REQUESTS:-400}
PEER_SECONDS=${BENCH_PEER_SECONDS:-20}
PRODUCT_SECONDS=${BENCH_PRODUCT_SECONDS:-60}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-15}
[[ $ROWS =~ ^[0-9]+$ ]] && ((ROWS > 0)) || { echo "ROWS is a positive whole number, not $ROWS" >&2; exit 2; }

PGBIN=/usr/lib/postgresql/15/bin
missing=()
[[ -x $PGBIN/postgres ]] || missing+=(postgresql-15)
[[ -f /usr/share/postgresql/15/extension/postgis.control ]] || missing+=(postgresql-15-postgis-3)
if ((${#missing[@]})); then
  ((EUID == 0)) || { echo "missing: ${missing[*]}; install them (apt-get) or run as root" >&2; exit 1; }
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ -n ${BENCH_WORK:-} ]]; then WORK=$BENCH_WORK; mkdir -p "$WORK"; KEEP=1; else WORK=$(mktemp -d); KEEP=0; fi
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if ((KEEP)); then rm -rf "$WORK/pg" "$WORK"/product-* "$WORK"/peer-* "$WORK"/*.duckdb; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
echo "rows: $ROWS; $(nproc) cores; load average at the start: $(load_average); free disk in $WORK: $(df -h --output=avail "$WORK" | tail -1 | tr -d ' ')"

dotnet publish src/Lagesbild.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/server" -v q -nologo >"$WORK/build.log" 2>&1 ||
  { cat "$WORK/build.log" >&2; exit 1; }
dotnet build bench/large -c Release -o "$WORK/bench" -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
SERVER=$WORK/server/lagesbild.dll
BENCH=(dotnet "$WORK/bench/lagesbild-bench-large.dll")
ADMIN_EMAIL=admin@bench.example
ADMIN_PASSWORD=Bänk-administratör-2026

# PostgreSQL 15 with PostGIS of its own, on loopback, with its default settings and durability.
mkdir -p "$WORK/pg/data" "$WORK/pg/sock"
AS_PG=()
if ((EUID == 0)); then chown -R postgres:postgres "$WORK/pg"; AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
PGPORT=$(free_port)
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
"${AS_PG[@]}" "$PGBIN/postgres" -D "$WORK/pg/data" -p "$PGPORT" -k "$WORK/pg/sock" -c listen_addresses=127.0.0.1 </dev/null >"$WORK/pg/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" && break; sleep 0.2; done
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" || { cat "$WORK/pg/server.log" >&2; exit 1; }
pg_connection() { echo "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$1"; }
psql_run() { "$PGBIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "$1" >/dev/null; }

# The product's configuration per provider: the embedded SQLite in a data folder, or the PostGIS above.
config() {
  case $1 in
    sqlite) echo "--data $WORK/product-sqlite" ;;
    postgres) echo "--data $WORK/product-postgres --Database:Provider=Postgres --ConnectionStrings:Lagesbild=$(pg_connection lagesbild)" ;;
  esac
}

# Starts the server on a free port with a provider's configuration and waits for /health; SERVER_PID and URL say where.
start_server() {
  local port; port=$(free_port)
  # shellcheck disable=SC2046
  ASPNETCORE_ENVIRONMENT=Production dotnet "$SERVER" $(config "$1") --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning \
    --Bootstrap:AdminEmail="$ADMIN_EMAIL" --Bootstrap:AdminPassword="$ADMIN_PASSWORD" >>"$WORK/server-$1.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  URL="http://127.0.0.1:$port"
  for _ in $(seq 1200); do
    curl -sf "$URL/health" >/dev/null 2>&1 && return
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server ($1) exited while starting:" >&2; tail -20 "$WORK/server-$1.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the server ($1) did not answer /health" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; }

# 1. The city, in the import's CSV (docs/api.md), seeded.
CSV=$WORK/observations-$ROWS.csv
if [[ ! -s $CSV ]]; then
  clock=$SECONDS
  "${BENCH[@]}" generate --rows "$ROWS" --seed 22 --out "$CSV.part" && mv "$CSV.part" "$CSV"
  echo "generated $ROWS observations in $((SECONDS - clock)) s: $(du -h "$CSV" | cut -f1)"
fi

# 2. Each provider's schema, as the server makes it at its first start; the peer's database is a copy of it, empty.
for provider in sqlite postgres; do start_server "$provider"; stop_server; done
cp "$WORK/product-sqlite/lagesbild.db" "$WORK/peer-sqlite.db"
psql_run "CREATE DATABASE peer TEMPLATE lagesbild"

# The rows as the product stores them, for the peers (the core's projection, cell, district and hours), not timed.
"${BENCH[@]}" prepare --csv "$CSV" --postgres-rows "$WORK/rows.pg" --sqlite-rows "$WORK/rows.tsv" --reported-at 2026-12-07T00:00:00Z

# 3. The product's import (the contract in docs/api.md), if this build has the command: `import` with no arguments
# must end with 2 (bad arguments). A build without it starts the server instead, which answers /health.
import_present() {
  local port; port=$(free_port)
  dotnet "$SERVER" import --data "$WORK/probe" --urls "http://127.0.0.1:$port" >"$WORK/probe.log" 2>&1 &
  local pid=$!
  for _ in $(seq 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      local rc=0; wait "$pid" || rc=$?
      [[ $rc == 2 ]] && return 0
      echo "'import' without arguments ended with $rc, not 2 (the contract's bad arguments):" >&2; tail -5 "$WORK/probe.log" >&2; return 1
    fi
    if curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; then kill "$pid"; wait "$pid" 2>/dev/null || true; return 1; fi
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true; return 1
}
IMPORT=0
if import_present; then IMPORT=1; else echo "SKIPPED: the product's import: this build has no 'import' command (the server started instead); the query half uses the peer's load of the product's own table"; fi

declare -A IMPORT_RATE=([sqlite]=na [postgres]=na)
import_into() { # provider
  echo "$1: load average before the import $(load_average)"
  local start; start=$(date +%s.%N)
  local rc=0
  # shellcheck disable=SC2046
  dotnet "$SERVER" import --input "$CSV" --source bench-large $(config "$1") >"$WORK/import-$1.out" 2>"$WORK/import-$1.err" || rc=$?
  local seconds; seconds=$(python3 -c "print($(date +%s.%N) - $start)")
  ((rc == 0)) || { echo "the product's import ($1) ended with $rc:" >&2; tail -20 "$WORK/import-$1.err" >&2; exit 1; }
  echo "$1: $(tail -1 "$WORK/import-$1.out")"
  IMPORT_RATE[$1]=$(python3 -c "print(round($ROWS / $seconds))")
  echo "$1: the product's import: $ROWS rows in $(python3 -c "print(f'{$seconds:.1f}')") s of wall clock (the whole command), ${IMPORT_RATE[$1]} rows/s"
}

# 4. The physical peers on the same rows: into the copy of the schema, or (without the import) into the product's own table.
if ((IMPORT)); then
  import_into sqlite
  SQLITE_PEER_DB=$WORK/peer-sqlite.db
  import_into postgres
  PEER_PG=peer
else
  SQLITE_PEER_DB=$WORK/product-sqlite/lagesbild.db
  PEER_PG=lagesbild
fi
echo "sqlite: load average before the peer $(load_average)"
"${BENCH[@]}" load-sqlite --db "$SQLITE_PEER_DB" --rows "$WORK/rows.tsv" --out "$WORK/peer-sqlite.json"
echo "postgres: load average before the peer $(load_average)"
"${BENCH[@]}" load-postgres --connection "$(pg_connection $PEER_PG)" --rows "$WORK/rows.pg" --out "$WORK/peer-postgres.json"
((IMPORT)) || psql_run "DROP DATABASE peer"
if ((IMPORT == 0)); then echo "the query half runs on the product's tables as the peers loaded them (no import command)"; fi

# 5. The picture over HTTP on each provider, against DuckDB and PostGIS on the same rows; the server's memory after.
declare -A RSS HWM
for provider in sqlite postgres; do
  clock=$SECONDS
  start_server "$provider"
  echo "$provider: the server answered /health $((SECONDS - clock)) s after its start; load average $(load_average)"
  "${BENCH[@]}" queries --url "$URL" --provider "$provider" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" \
    --duckdb "$WORK/peers.duckdb" --rows-sqlite "$WORK/rows.tsv" --postgis "$(pg_connection $PEER_PG)" \
    --requests "$REQUESTS" --peer-seconds "$PEER_SECONDS" --product-seconds "$PRODUCT_SECONDS" --warmup-seconds "$WARMUP_SECONDS" --out "$WORK/queries-$provider.json"
  RSS[$provider]=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$SERVER_PID/status")
  HWM[$provider]=$(awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$SERVER_PID/status")
  echo "$provider: the server's memory after the queries: RSS ${RSS[$provider]} MB (peak ${HWM[$provider]} MB)"
  stop_server
done
echo "load average at the end: $(load_average)"

python3 - "$WORK" "$ROWS" "${IMPORT_RATE[sqlite]}" "${IMPORT_RATE[postgres]}" "${RSS[sqlite]}" "${RSS[postgres]}" <<'PY'
import json, sys
work, rows, imp_sqlite, imp_pg, rss_sqlite, rss_pg = sys.argv[1:]
peer = {p: json.load(open(f"{work}/peer-{p}.json")) for p in ("sqlite", "postgres")}
imports = {"sqlite": imp_sqlite, "postgres": imp_pg}
print(f"\nImport of {rows} observations (rows/s)")
print("| provider | the product's import | the peer | peer | product / peer |")
print("|---|---|---|---|---|")
for p in ("sqlite", "postgres"):
    ratio = "na" if imports[p] == "na" else f"{int(imports[p]) / peer[p]['rowsPerSecond']:.2f}"
    print(f"| {p} | {imports[p]} | {peer[p]['target']} | {peer[p]['rowsPerSecond']:.0f} | {ratio} |")
print("\nGET /api/lagesbild over HTTP against the peers computing the same cells (ms)")
print("| provider | query | cells | observations | target | concurrency | n | p50 | p99 | max |")
print("|---|---|---|---|---|---|---|---|---|---|")
q = {p: json.load(open(f"{work}/queries-{p}.json")) for p in ("sqlite", "postgres")}
for p in ("sqlite", "postgres"):
    answers = {a["query"]: a for a in q[p]["answers"]}
    for r in q[p]["results"]:
        a = answers[r["Query"]]
        print(f"| {p} | {r['Query']} | {a['cells']} | {a['observations']} | {r['Target']} | {r['Concurrency']} | {r['Requests']} | {r['P50']:.1f} | {r['P99']:.1f} | {r['Max']:.1f} |")
print("\nproduct p99 / peer p99 at concurrency 1 (lower is better for the product)")
print("| provider | query | / DuckDB | / PostGIS |")
print("|---|---|---|---|")
for p in ("sqlite", "postgres"):
    res = q[p]["results"]
    for a in q[p]["answers"]:
        one = {r["Target"].split(" (")[0]: r for r in res if r["Query"] == a["query"] and r["Concurrency"] == 1}
        print(f"| {p} | {a['query']} | {one['product']['P99'] / one['DuckDB']['P99']:.2f} | {one['product']['P99'] / one['PostGIS']['P99']:.2f} |")
pg = [r for r in q["postgres"]["results"] if r["Target"].startswith("product") and r["Concurrency"] == 1]
picture = max(r["P99"] for r in pg if r["Query"].startswith("city"))
box = max(r["P99"] for r in pg if r["Query"].startswith("2 x 2 km"))
rss = max(int(rss_sqlite), int(rss_pg))
print(f"\nlarge: rows={rows} import_rows_per_s={imp_pg} copy_peer_rows_per_s={peer['postgres']['rowsPerSecond']:.0f} "
      f"picture_p99_ms={picture:.1f} box_p99_ms={box:.1f} rss_mb={rss}")
PY
