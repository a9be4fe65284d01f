#!/usr/bin/env bash
# Excel import: a synthetic city written as .xlsx workbooks (one per file, shared strings,
# numbers and date cells, as Excel stores them), imported with `credit import`. Target: a city
# of 100,000 enterprises in under 60 s. Release build.
#   bash Benchmarks/import-xlsx.sh [ENTERPRISES] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
WORK=${2:-/tmp/credit-bench-xlsx-$N}
mkdir -p "$WORK"
swift build -c release --product credit >/dev/null
BIN=$PWD/.build/release/credit
if [ ! -f "$WORK/data/enterprises.xlsx" ]; then
    "$BIN" generate --enterprises "$N" --seed 1 --out "$WORK/data" --format xlsx --rules Rules
fi
echo "workbooks: $(ls "$WORK"/data/*.xlsx | wc -l) ($(du -sh "$WORK/data" | cut -f1))"
rm -f "$WORK"/credit.db*
start=$(date +%s.%N)
"$BIN" import "$WORK/data" --db "$WORK/credit.db" --rules Rules >"$WORK/import.txt"
end=$(date +%s.%N)
rows=$(awk 'NR > 2 { s += $(NF - 7) } END { print s }' "$WORK/import.txt")
printf "credit import (xlsx): %6.1f s for %s rows\n" "$(echo "$end - $start" | bc)" "$rows"
