#!/usr/bin/env bash
# The cluster benchmark (issue 21): end-to-end alarm latency (a sensor's POST to a guard's SignalR console) through
# HAProxy in front of product nodes on one PostgreSQL with PostGIS and one Redis, at each rate with every node up and
# again with node 1 killed (SIGKILL) halfway and started again; then the picture's p99 on each node. The nodes are
# published with ReadyToRun, as docs/deployment.md installs them; PostgreSQL runs with its default durability.
# Before the measured stretches, 30 s of events at the first rate warm the nodes up (not counted); 24 morning rounds
# come due undone during the events, and their missed-round notices go through the outbox to a webhook the driver
# counts (each round marked once, each message received, by its Idempotency-Key).
# Usage: bench/cluster/run.sh [seconds=30] [rates=200,2000] [nodes=2]
# Its last line: cluster: nodes=N events=N answered=N stored=N delivered=N lost=N duplicates=N p99_ms=X p999_ms=Y
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RATE=${1:-30}
RATES=${2:-200,2000}
NODES=${3:-2}

PGBIN=/usr/lib/postgresql/15/bin
missing=()
[[ -x $PGBIN/postgres ]] || missing+=(postgresql-15)
[[ -f /usr/share/postgresql/15/extension/postgis.control ]] || missing+=(postgresql-15-postgis-3)
[[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
[[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
if ((${#missing[@]})); then
  ((EUID == 0)) || { echo "missing: ${missing[*]}; install them (apt-get) or run as root" >&2; exit 1; }
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  # The driver starts the nodes and HAProxy; stopped from outside, it may leave them behind.
  pkill -f "$WORK/server/lagesbild.dll" 2>/dev/null || true
  pkill -f "haproxy -f $WORK/" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mkdir -p "$WORK/pg/data" "$WORK/pg/sock"
AS_PG=()
if ((EUID == 0)); then chown -R postgres:postgres "$WORK/pg"; chmod 755 "$WORK"; AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
PGPORT=$(free_port)
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
"${AS_PG[@]}" "$PGBIN/postgres" -D "$WORK/pg/data" -p "$PGPORT" -k "$WORK/pg/sock" -c listen_addresses=127.0.0.1 -c max_connections=300 \
  </dev/null >"$WORK/pg/server.log" 2>&1 &
PIDS+=($!)
REDISPORT=$(free_port)
/usr/bin/redis-server --port "$REDISPORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" && break; sleep 0.2; done
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" || { cat "$WORK/pg/server.log" >&2; exit 1; }

dotnet publish src/Lagesbild.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/server" -v q -nologo >"$WORK/build.log" 2>&1 ||
  { cat "$WORK/build.log" >&2; exit 1; }
dotnet build bench/cluster -c Release -o "$WORK/bench" -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$WORK/bench/lagesbild-bench-cluster.dll" --server "$WORK/server/lagesbild.dll" \
  --postgres "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=postgres;Database=postgres" --redis "127.0.0.1:$REDISPORT" \
  --work "$WORK/run" --nodes "$NODES" --haproxy /usr/sbin/haproxy --rates "$RATES" --seconds "$SECONDS_PER_RATE" --kill both
