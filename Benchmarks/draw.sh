#!/usr/bin/env bash
# Draw speed: prepare (freeze the inputs, commit), run (check the inputs again, draw, record)
# and verify a double-random draw over the whole register (frame of ~1,000,000 active
# enterprises, ~3,000 inspectors), release build; the draw is voided afterwards.
#   bash Benchmarks/draw.sh DB [AS_OF]   (DB must hold a classification run as of AS_OF or earlier)
set -euo pipefail
cd "$(dirname "$0")/.."
DB=$1
ASOF=${2:-2026-11-01}
swift build -c release --product credit >/dev/null
BIN=$PWD/.build/release/credit
ID="bench-$(date +%s)"
OUT=$(mktemp -d)
echo "active enterprises: $(sqlite3 "$DB" "SELECT COUNT(*) FROM enterprise WHERE status IN ('存续','在业')"), inspectors on duty: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM inspector WHERE on_duty = 1')"
now() { date +%s.%N; }
start=$(now)
"$BIN" draw prepare --db "$DB" --rules Rules --id "$ID" --as-of "$ASOF" --randomness-source "benchmark $ID" --out "$OUT" | head -2
end=$(now); prepare_s=$(echo "$end - $start" | bc)
start=$(now)
"$BIN" draw run --db "$DB" --rules Rules --id "$ID" --randomness "beacon-$ID" --out "$OUT" | tail -3
end=$(now); run_s=$(echo "$end - $start" | bc)
start=$(now)
"$BIN" draw verify "$OUT"
end=$(now); verify_s=$(echo "$end - $start" | bc)
printf "draw prepare: %5.1f s\ndraw run    : %5.1f s\ndraw verify : %5.1f s\n" "$prepare_s" "$run_s" "$verify_s"
"$BIN" draw void --db "$DB" "$ID" --reason "benchmark run" >/dev/null
rm -rf "$OUT"
