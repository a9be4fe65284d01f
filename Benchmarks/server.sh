#!/usr/bin/env bash
# Load: wrk against the enterprise-by-code route (random enterprises, officer token; every
# lookup also appends to the audit log) beside the trivial health route, same server, same
# run: a first pass while explanations are computed, then a second with them cached, then a
# cold pass where every lookup is a different enterprise (nothing cached). Release build.   bash Benchmarks/server.sh DB [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
DB=$1; SECONDS_=${2:-20}; CONNECTIONS=${3:-32}
swift build -c release --product credit >/dev/null 2>&1
BIN=$PWD/.build/release/credit
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
TOKEN=$("$BIN" token create --db "$DB" --rules Rules --role officer --name load-test 2>/dev/null)
source Benchmarks/lookup-scripts.sh
write_lookup_scripts "$WORK" "$TOKEN" "$DB" -1
LOG_LEVEL=error "$BIN" serve --db "$DB" --rules Rules --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
echo "== health route"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency "http://127.0.0.1:$PORT/api/v1/health" | grep -E "Requests/sec|99%|50%|Non-2xx"
echo "== enterprise by code (random of 20,000, officer token, logged lookup), first pass: every code computed once"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency -s "$WORK/pick.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|99%|50%|Non-2xx"
echo "== the same again: explanations of the latest run cached (still one audit event per lookup)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency -s "$WORK/pick.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|99%|50%|Non-2xx"
echo "== cold: every lookup a different enterprise of the whole register (nothing cached; still one audit event per lookup)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency -s "$WORK/cold.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|99%|50%|Non-2xx"
