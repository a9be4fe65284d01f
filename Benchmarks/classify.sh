#!/usr/bin/env bash
# Classification speed and memory: `credit classify` (1M enterprises: classify, trace and store
# the run) against the same scoring as one SQL query in the sqlite3 command line
# (Benchmarks/classify.sql, also storing its result table), side by side on the same database,
# release build. When the database already holds a run with the same as-of date and rules, the
# new run's rows (class, score, score class, overrides, trace) are compared with it.
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
run=$(sqlite3 "$DB" 'SELECT MAX(id) FROM classification_run')
previous=$(sqlite3 "$DB" "SELECT IFNULL(MAX(p.id), 0) FROM classification_run p, classification_run r WHERE r.id = $run AND p.id < r.id AND p.as_of = r.as_of AND p.ruleset_sha256 = r.ruleset_sha256")
if [ "$previous" != 0 ]; then
  same=$(sqlite3 "$DB" "SELECT COUNT(*) FROM classification a JOIN classification b ON b.uscc = a.uscc AND b.run_id = $run WHERE a.run_id = $previous AND a.class = b.class AND a.score = b.score AND a.score_class = b.score_class AND a.overrides IS b.overrides AND a.trace = b.trace")
  echo "runs $previous and $run: $same enterprises with identical rows (of $(sqlite3 "$DB" "SELECT enterprises FROM classification_run WHERE id = $run"))"
fi
differ=$(sqlite3 "$DB" "SELECT COUNT(*) FROM classification c JOIN sql_classification s USING (uscc) WHERE c.run_id = $run AND (c.class <> s.class OR c.score <> s.score)")
printf "sqlite3 one query : %6.1f s\n" "$sql_s"
printf "credit classify   : %6.1f s  (max RSS %d MiB)\n" "$credit_s" "$(( $(cat /tmp/classify-rss) / 1024 ))"
printf "speed-up          : %6.2f×\n" "$(echo "$sql_s / $credit_s" | bc -l)"
echo "enterprises whose class or score differ between the two: $differ"
sqlite3 "$DB" "SELECT class, COUNT(*) FROM classification WHERE run_id = $run GROUP BY class"
