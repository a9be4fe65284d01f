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
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
source Benchmarks/timed-draw.sh
timed_draw "$BIN" "$DB" "$ASOF" "bench-$(date +%s)" "$OUT"
printf "draw prepare: %5.1f s\ndraw run    : %5.1f s\ndraw verify : %5.1f s\n" "$prepare_s" "$run_s" "$verify_s"
