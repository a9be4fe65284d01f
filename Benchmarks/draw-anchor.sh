#!/usr/bin/env bash
# Draw speed against its anchor: `credit draw prepare` + `run` and `verify` over the whole
# register, then a hash-ordered stratified sample of the same frame in DuckDB
# (Benchmarks/draw_anchor.py on the draw's bundle: same seed, same tickets' order, same
# k = ceil(rate × eligible) per stratum, without the inspectors, the checks and the files),
# side by side in one run, with the ratios; the anchor also checks that it selects the same
# enterprises. Release build; DuckDB from PyPI in a venv (VENV, default
# /tmp/credit-duckdb-venv), never in the tests. The draw is voided afterwards.
#   bash Benchmarks/draw-anchor.sh DB [AS_OF]   (DB must hold a classification run as of AS_OF
#   or earlier; it gets a voided draw per run — run it on a copy of a database others use)
# RUNS=N (default 1) repeats the whole comparison N times and ends with the range and median of
# each ratio (the VM moves by ±10 % and more between runs; the anchor moves too).
# Every comparison is warm on both sides: the anchor reads the frame file the draw has just
# written, so one untimed draw first brings the database pages the draw reads into the page
# cache (this VM's DAMON reclaim pages out file pages idle for a minute: a first draw read
# the register from disk). Its times are printed as the cold figures; WARMUP=0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=$1
ASOF=${2:-2026-11-01}
VENV=${VENV:-/tmp/credit-duckdb-venv}
swift build -c release --product credit >/dev/null
BIN=$PWD/.build/release/credit
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import duckdb" 2>/dev/null || "$VENV/bin/pip" install -q duckdb
RUNS=${RUNS:-1}
RATIOS=$(mktemp)
trap 'rm -f "$RATIOS"; rm -rf "${OUT:-}"' EXIT
source Benchmarks/timed-draw.sh
if [ "${WARMUP:-1}" = 1 ]; then
  OUT=$(mktemp -d)
  timed_draw "$BIN" "$DB" "$ASOF" "warmup-$(date +%s)" "$OUT" >/dev/null
  rm -rf "$OUT"
  printf "untimed warm-up draw (cold page cache): prepare %.1f s + run %.1f s, verify %.1f s\n" "$prepare_s" "$run_s" "$verify_s"
fi
for run in $(seq 1 "$RUNS"); do
  [ "$RUNS" = 1 ] || echo "== run $run of $RUNS"
  OUT=$(mktemp -d)
  timed_draw "$BIN" "$DB" "$ASOF" "anchor-$(date +%s)-$run" "$OUT"
  start=$(now)
  "$VENV/bin/python" Benchmarks/draw_anchor.py "$OUT" | tee "$OUT/anchor.log"
  end=$(now); process_s=$(echo "$end - $start" | bc)
  # The anchor's own time (read the frame, sample), not its start-up or its comparison.
  anchor_s=$(sed -n 's/.*(total \([0-9.]*\) s).*/\1/p' "$OUT/anchor.log")
  rm -rf "$OUT"
  printf "draw prepare + run : %6.1f s (%.1f + %.1f)  ratio to the anchor %5.2f\n" "$(echo "$prepare_s + $run_s" | bc)" "$prepare_s" "$run_s" "$(echo "($prepare_s + $run_s) / $anchor_s" | bc -l)"
  printf "draw verify        : %6.1f s                ratio to the anchor %5.2f\n" "$verify_s" "$(echo "$verify_s / $anchor_s" | bc -l)"
  printf "DuckDB anchor      : %6.1f s (read the frame, sample; the whole process with start-up and comparison %.1f s)\n" "$anchor_s" "$process_s"
  printf "%s %s\n" "$(echo "($prepare_s + $run_s) / $anchor_s" | bc -l)" "$(echo "$verify_s / $anchor_s" | bc -l)" >> "$RATIOS"
done
if [ "$RUNS" -gt 1 ]; then
  summary() { sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f–%.2f, median %.2f", v[1], v[NR], m }'; }
  echo "== $RUNS runs: prepare + run ratio $(cut -d' ' -f1 "$RATIOS" | summary) ($(awk '$1 <= 3' "$RATIOS" | wc -l) within 3×); verify ratio $(cut -d' ' -f2 "$RATIOS" | summary)"
fi
