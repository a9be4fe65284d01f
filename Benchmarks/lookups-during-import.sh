#!/usr/bin/env bash
# Officers keep working while the monthly data loads: wrk sends enterprise lookups (officer
# token, each one logged to the lookup journal before it is answered) to a server on a
# classified city while `credit import` loads a city of N enterprises into the same database.
# Reports the lookups' latency percentiles and errors during the import, the import's time,
# and checks that every answered lookup is in the journal. Release build.
#   bash Benchmarks/lookups-during-import.sh [N=1000000] [CONNECTIONS=16] [WORKDIR]
# The import runs as a batch job should on the server machine, at a lower CPU priority
# (IMPORT_NICE=19, the default; IMPORT_NICE=0 for the same priority as the server).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}; CONNECTIONS=${2:-16}
WORK=${3:-/tmp/credit-lookups-$N}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
mkdir -p "$WORK"
swift build -c release --product credit >/dev/null
BIN=$PWD/.build/release/credit
[ -f "$WORK/big/enterprises.csv" ] || "$BIN" generate --enterprises "$N" --seed 11 --out "$WORK/big" >/dev/null
[ -f "$WORK/base/enterprises.csv" ] || "$BIN" generate --enterprises 20000 --seed 3 --out "$WORK/base" >/dev/null
DB=$WORK/served.db
rm -f "$DB"* "${DB%.db}".lookups.db*
"$BIN" import "$WORK/base" --db "$DB" --rules Rules >/dev/null
"$BIN" classify --db "$DB" --rules Rules >/dev/null
TOKEN=$("$BIN" token create --db "$DB" --rules Rules --role officer --name load-test 2>/dev/null)
sqlite3 "$DB" "SELECT uscc FROM enterprise ORDER BY random() LIMIT 5000" > "$WORK/codes.txt"
cat > "$WORK/pick.lua" <<LUA
local codes = {}
for line in io.lines("$WORK/codes.txt") do codes[#codes + 1] = line end
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/v1/enterprises/" .. codes[math.random(#codes)], { ["Authorization"] = "Bearer $TOKEN" })
end
done = function(summary, latency, requests)
  io.write(string.format("answered %d, errors: connect %d read %d write %d status %d timeout %d\n", summary.requests,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
LUA
PORT=$((20000 + RANDOM % 20000))
LOG_LEVEL=error "$BIN" serve --db "$DB" --rules Rules --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
before=$(sqlite3 "${DB%.db}.lookups.db" "SELECT COUNT(*) FROM audit_event" 2>/dev/null || echo 0)
start=$(date +%s.%N)
nice -n "${IMPORT_NICE:-19}" "$BIN" import "$WORK/big" --db "$DB" --rules Rules >"$WORK/import.log" 2>&1 &
IMPORT=$!
# Lookups for as long as the import runs (wrk needs a duration: long enough, stopped at the end).
wrk -t2 -c"$CONNECTIONS" -d3600s --timeout 10s --latency -s "$WORK/pick.lua" "http://127.0.0.1:$PORT" >"$WORK/wrk.log" 2>&1 &
WRK=$!
wait $IMPORT || true
end=$(date +%s.%N)
kill -INT $WRK; wait $WRK || true
after=$(sqlite3 "${DB%.db}.lookups.db" "SELECT COUNT(*) FROM audit_event")
echo "import of $N enterprises into the served database: $(echo "$end - $start" | bc) s ($(tail -1 "$WORK/import.log"))"
grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|answered" "$WORK/wrk.log"
echo "lookup events journaled during the run: $((after - before))"
