#!/usr/bin/env bash
# Load-tests GET /api/lagesbild for the whole city over the two demo years, over HTTP with ApacheBench,
# on SQLite and on PostgreSQL+PostGIS, each with a fresh --demo database. Prints p50 and p95 per provider.
# Usage: bench/load/lagesbild.sh [requests=300] [concurrency=4]     (as root: installs apache2-utils if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${1:-300}
CONCURRENCY=${2:-4}
PGBIN=/usr/lib/postgresql/15/bin
command -v ab >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends apache2-utils >/dev/null; }

WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dotnet build src/Lagesbild.Server -c Release -v q -nologo >/dev/null
SERVER=src/Lagesbild.Server/bin/Release/net10.0/lagesbild

start_postgres() {
  mkdir -p "$WORK/pg" "$WORK/sock" && chown -R postgres:postgres "$WORK/pg" "$WORK/sock"
  PGPORT=$(free_port)
  setpriv --reuid=postgres --regid=postgres --init-groups -- "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  setpriv --reuid=postgres --regid=postgres --init-groups -- "$PGBIN/postgres" -D "$WORK/pg/data" -p "$PGPORT" -k "$WORK/sock" \
    -c listen_addresses=127.0.0.1 >"$WORK/pg.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 60); do "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" && return; sleep 0.5; done
  echo "PostgreSQL did not start" >&2; exit 1
}

run() { # provider, extra server args...
  local provider=$1; shift
  local port; port=$(free_port)
  local data="$WORK/data-$provider"
  ASPNETCORE_ENVIRONMENT=Production "$SERVER" --demo --data "$data" --urls "http://127.0.0.1:$port" "$@" >"$WORK/server-$provider.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
  local token
  token=$(curl -sf -X POST "http://127.0.0.1:$port/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"samordnare@lagesbild.example","password":"Lagesbild-demo-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])')
  local to from url
  to=$(date -u +%Y-%m-%d -d tomorrow); from=$(date -u +%Y-%m-%d -d '2 years ago')
  url="http://127.0.0.1:$port/api/lagesbild?from=$from&to=$to"
  local total
  total=$(curl -sf -H "Authorization: Bearer $token" "$url" | python3 -c 'import sys,json; d=json.load(sys.stdin); print("%.0f observations, %d cells" % (d["total"], len(d["grid"])))')
  ab -q -n 30 -c 1 -H "Authorization: Bearer $token" "$url" >/dev/null # warm-up
  ab -q -n "$REQUESTS" -c "$CONCURRENCY" -H "Authorization: Bearer $token" "$url" >"$WORK/ab-$provider.txt"
  local p50 p95 rps
  p50=$(awk '$1=="50%"{print $2}' "$WORK/ab-$provider.txt")
  p95=$(awk '$1=="95%"{print $2}' "$WORK/ab-$provider.txt")
  rps=$(awk '/Requests per second/{print $4}' "$WORK/ab-$provider.txt")
  grep -q "Non-2xx" "$WORK/ab-$provider.txt" && { echo "$provider: non-2xx answers" >&2; cat "$WORK/ab-$provider.txt" >&2; exit 1; }
  printf '| %-8s | %s | %5s ms | %5s ms | %7s |\n' "$provider" "$total" "$p50" "$p95" "$rps"
}

echo "GET /api/lagesbild, whole city, two demo years; $REQUESTS requests, concurrency $CONCURRENCY, $(nproc) cores"
echo "| provider | picture | p50 | p95 | req/s |"
echo "|---|---|---|---|---|"
run sqlite
start_postgres
run postgres --Database:Provider=Postgres "--ConnectionStrings:Lagesbild=Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=lagesbild"
