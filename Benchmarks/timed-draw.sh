# Sourced by draw.sh and draw-anchor.sh: one timed double-random draw over the whole register.
#   timed_draw BIN DB AS_OF ID OUT
# prepares, runs and verifies draw ID (bundle in OUT, which the caller owns), voids it, and sets
# prepare_s, run_s and verify_s (seconds, wall time). DB must hold a classification run as of
# AS_OF or earlier; it keeps the voided draw.
now() { date +%s.%N; }

timed_draw() {
    local bin=$1 db=$2 asof=$3 id=$4 out=$5 start end
    echo "active enterprises: $(sqlite3 "$db" "SELECT COUNT(*) FROM enterprise WHERE status IN ('存续','在业')"), inspectors on duty: $(sqlite3 "$db" 'SELECT COUNT(*) FROM inspector WHERE on_duty = 1')"
    start=$(now)
    "$bin" draw prepare --db "$db" --rules Rules --id "$id" --as-of "$asof" --randomness-source "benchmark $id" --out "$out" | head -2
    end=$(now); prepare_s=$(echo "$end - $start" | bc)
    start=$(now)
    "$bin" draw run --db "$db" --rules Rules --id "$id" --randomness "beacon-$id" --out "$out" | tail -3
    end=$(now); run_s=$(echo "$end - $start" | bc)
    start=$(now)
    "$bin" draw verify "$out"
    end=$(now); verify_s=$(echo "$end - $start" | bc)
    "$bin" draw void --db "$db" "$id" --reason "benchmark run" >/dev/null
}
