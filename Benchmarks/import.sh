#!/usr/bin/env bash
# Import speed: `credit import` (validating every field, versioned tables, indexes, audit)
# against the sqlite3 command line's `.import` of the same CSV files into plain tables,
# side by side in one run, release build.
#   bash Benchmarks/import.sh [ENTERPRISES] [WORKDIR] [MODE]
# MODE is realistic (default: what real exports look like — codes in no particular order,
# every optional column, natural persons, hundreds of agencies, long 违法事实) or classic.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
MODE=${3:-realistic}
WORK=${2:-/tmp/credit-bench-$N-$MODE}
mkdir -p "$WORK"
swift build -c release --product credit >/dev/null
BIN=$PWD/.build/release/credit
if [ ! -f "$WORK/data/enterprises.csv" ]; then
    "$BIN" generate --enterprises "$N" --seed 1 --mode "$MODE" --out "$WORK/data"
fi
echo "mode: $MODE"
rows=0
for f in "$WORK"/data/*.csv; do rows=$((rows + $(sqlite3 :memory: ".mode csv" ".import '$f' t" "SELECT COUNT(*) FROM t"))); done
echo "data rows: $rows in $(ls "$WORK"/data/*.csv | wc -l) files ($(du -sh "$WORK/data" | cut -f1))"

now() { date +%s.%N; }
rm -f "$WORK"/sqlite3.db "$WORK"/credit.db*
script="PRAGMA journal_mode=WAL;\n.mode csv\n"
i=0
for f in "$WORK"/data/*.csv; do script+=".import '$f' t$i\n"; i=$((i + 1)); done
# Each import starts with nothing of the other one left to write out: without the sync, the
# sqlite3 database's dirty pages were flushed during `credit import` and counted in its time.
sync
start=$(now); printf "$script" | sqlite3 "$WORK/sqlite3.db" >/dev/null; end=$(now)
sqlite_s=$(echo "$end - $start" | bc)

sync
start=$(now); "$BIN" import "$WORK/data" --db "$WORK/credit.db" --rules Rules >/dev/null; end=$(now)
credit_s=$(echo "$end - $start" | bc)

printf "sqlite3 .import : %6.1f s  %8.0f rows/s\n" "$sqlite_s" "$(echo "$rows / $sqlite_s" | bc -l)"
printf "credit import   : %6.1f s  %8.0f rows/s\n" "$credit_s" "$(echo "$rows / $credit_s" | bc -l)"
printf "ratio           : %6.2f (credit rows/s ÷ sqlite3 rows/s)\n" "$(echo "$sqlite_s / $credit_s" | bc -l)"
