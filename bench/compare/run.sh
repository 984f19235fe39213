#!/usr/bin/env bash
# The analysis benchmark: our DBSCAN, ST-DBSCAN and full picture against scikit-learn, PostGIS, DuckDB and a
# SQLite GROUP BY, every peer on the same seeded data in the same run (and on San Francisco's real incidents
# when ../shared/data/sf-crime is there). Writes the tables to bench/compare/results.md and prints them.
# Usage: bench/compare/run.sh [--only clustering|picture] [--sizes 10000,100000,1000000] [--picture-sizes 1000000,10000000]
# As root it installs what is missing: python3-sklearn, PostgreSQL 15 with PostGIS. Takes about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
PGBIN=/usr/lib/postgresql/15/bin
missing=()
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || missing+=(python3-sklearn)
[[ -x $PGBIN/postgres ]] || missing+=(postgresql-15)
[[ -f /usr/share/postgresql/15/extension/postgis.control ]] || missing+=(postgresql-15-postgis-3)
if ((${#missing[@]})); then
  ((EUID == 0)) || { echo "missing: ${missing[*]} (run as root to install them)" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

WORK=$(mktemp -d)
chmod 755 "$WORK"
PGPID=
cleanup() { [[ -n $PGPID ]] && { kill -QUIT "$PGPID" 2>/dev/null; wait "$PGPID" 2>/dev/null; }; rm -rf "$WORK"; }
trap cleanup EXIT
PGPORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/pg" "$WORK/sock"
AS_PG=()
if ((EUID == 0)); then chown -R postgres:postgres "$WORK/pg" "$WORK/sock"; AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# A benchmark database: durable commits do not matter here, memory for sorting and hashing does.
"${AS_PG[@]}" "$PGBIN/postgres" -D "$WORK/pg/data" -p "$PGPORT" -k "$WORK/sock" -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off -c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers_per_gather=2 \
  </dev/null >"$WORK/pg.log" 2>&1 &
PGPID=$!
for _ in $(seq 120); do "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" && break; sleep 0.5; done
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" || { cat "$WORK/pg.log" >&2; exit 1; }

dotnet build bench/compare -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
SF=()
[[ -d ../shared/data/sf-crime ]] && SF=(--sf ../shared/data/sf-crime)
dotnet bench/compare/bin/Release/net10.0/lagesbild-bench-compare.dll all \
  --postgres "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Command Timeout=0" \
  "${SF[@]}" --report bench/compare/results.md "$@"
