#!/usr/bin/env bash
# Classification speed: `credit classify` (1M enterprises: classify, trace and store the run)
# against the same scoring as one SQL query in the sqlite3 command line (Benchmarks/classify.sql,
# also storing its result table), side by side on the same database, release build.
#   bash Benchmarks/classify.sh DB [AS_OF]
set -euo pipefail
cd "$(dirname "$0")/.."
DB=$1
ASOF=${2:-2026-11-01}
swift build -c release --product credit >/dev/null
BIN=$PWD/.build/release/credit
now() { date +%s.%N; }
echo "enterprises: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM enterprise'), records: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM record')"
start=$(now)
sed "s/:asof/'$ASOF'/" Benchmarks/classify.sql | sqlite3 "$DB"
end=$(now); sql_s=$(echo "$end - $start" | bc)
start=$(now)
/usr/bin/time -f "%M" -o /tmp/classify-rss "$BIN" classify --db "$DB" --as-of "$ASOF" --rules Rules --format json > /tmp/classify-summary.json
end=$(now); credit_s=$(echo "$end - $start" | bc)
start=$(now)
/usr/bin/time -f "%M" -o /tmp/classify-rss-mmap "$BIN" classify --db "$DB" --as-of "$ASOF" --rules Rules --format json --memory-map > /dev/null
end=$(now); mmap_s=$(echo "$end - $start" | bc)
run=$(sqlite3 "$DB" 'SELECT MAX(id) FROM classification_run')  # the --memory-map run; both are compared below
first=$((run - 1))
same=$(sqlite3 "$DB" "SELECT COUNT(*) FROM classification a JOIN classification b ON b.uscc = a.uscc AND b.run_id = $run WHERE a.run_id = $first AND (a.class <> b.class OR a.score <> b.score OR a.trace <> b.trace)")
echo "runs $first and $run differ on $same enterprises"
differ=$(sqlite3 "$DB" "SELECT COUNT(*) FROM classification c JOIN sql_classification s USING (uscc) WHERE c.run_id = $run AND (c.class <> s.class OR c.score <> s.score)")
printf "sqlite3 one query : %6.1f s\n" "$sql_s"
printf "credit classify   : %6.1f s  (max RSS %d MiB)\n" "$credit_s" "$(( $(cat /tmp/classify-rss) / 1024 ))"
printf "credit --memory-map: %5.1f s  (max RSS %d MiB, mapped file pages included)\n" "$mmap_s" "$(( $(cat /tmp/classify-rss-mmap) / 1024 ))"
printf "speed-up          : %6.2f× (default), %4.2f× (--memory-map)\n" "$(echo "$sql_s / $credit_s" | bc -l)" "$(echo "$sql_s / $mmap_s" | bc -l)"
echo "enterprises whose class or score differ between the two: $differ"
sqlite3 "$DB" "SELECT class, COUNT(*) FROM classification WHERE run_id = $run GROUP BY class"
