#!/usr/bin/env bash
# Notice speed: `credit notice issue` — one 信用修复告知书 per published penalty, numbered, stored
# and written as an HTML file — on a copy of DB (the original is never written, so the script
# can be re-run), into a temporary folder, release build; wall time and CPU time (user + sys:
# on a shared machine the wall time depends on the other jobs). Notices are issued as of today's
# clock, so the count depends on the day; SINCE (a decision date) narrows the batch.
#   bash Benchmarks/notices.sh DB [SINCE]
#   KEEP=DIR bash Benchmarks/notices.sh DB   keeps the copy (DIR/credit.db) and the files (DIR/notices)
# For figures, drop the page cache first (as root: sync; echo 3 > /proc/sys/vm/drop_caches) and
# keep each run's files in its own KEEP folder: on ext4 without a journal, files created within
# minutes of deleting 100,000 others are slow to allocate (docs/performance.md, 2026-12-05).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=$1
SINCE=${2:-}
swift build -c release --product credit >/dev/null
BIN=$PWD/.build/release/credit
if [ -n "${KEEP:-}" ]; then WORK=$KEEP; mkdir -p "$WORK"; rm -rf "$WORK/notices" "$WORK/credit.db"*; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
cp "$DB" "$WORK/credit.db"
sync  # the copy's gigabytes are written out now, not while the batch runs
echo "penalties: $(sqlite3 "$WORK/credit.db" "SELECT COUNT(*) FROM record WHERE category = 'penalty'${SINCE:+ AND decision_date >= '$SINCE'}"), notices already issued: $(sqlite3 "$WORK/credit.db" 'SELECT COUNT(*) FROM repair_notice')"
before=$(sqlite3 "$WORK/credit.db" 'SELECT COUNT(*) FROM repair_notice')
now() { date +%s.%N; }
start=$(now)
/usr/bin/time -f "%M %U %S" -o "$WORK/rss" "$BIN" notice issue --db "$WORK/credit.db" --rules Rules --out "$WORK/notices" ${SINCE:+--since "$SINCE"} | head -2
end=$(now); s=$(echo "$end - $start" | bc)
count=$(( $(sqlite3 "$WORK/credit.db" 'SELECT COUNT(*) FROM repair_notice') - before ))
files=$(find "$WORK/notices" -name '*.html' | wc -l)
printf "notices issued : %d (%d HTML files, %d MB)\n" "$count" "$files" "$(( $(du -sk "$WORK/notices" | cut -f1) / 1024 ))"
read -r rss user sys < "$WORK/rss"
printf "credit notice issue: %5.1f s, %d notices/s (CPU %.1f s user + sys, max RSS %d MiB)\n" "$s" "$(echo "$count / $s" | bc)" "$(echo "$user + $sys" | bc)" "$(( rss / 1024 ))"
# The disk's own floor, in the same run: the same number of files of the same sizes written by
# a minimal program (one thread, open/write/close), into a fresh folder beside the notices. On
# ext4 this varies several-fold with the file system's state (inodes freed by recent deletions
# are skipped one by one when new files are created), so the notices' time is read beside it.
mkdir "$WORK/floor"
python3 - "$WORK/notices" "$WORK/floor" <<'PY'
import os, sys, time
source, target = sys.argv[1], sys.argv[2]
sizes = [e.stat().st_size for e in os.scandir(source)]
start = time.monotonic()
for i, size in enumerate(sizes):
    fd = os.open(f"{target}/{i}.html", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, b"x" * size)
    os.close(fd)
print(f"anchor: writing {len(sizes)} files of the same sizes (python, one thread): {time.monotonic() - start:5.1f} s")
PY
