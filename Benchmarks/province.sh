#!/usr/bin/env bash
# Province scale: one machine, one SQLite file, N enterprises (10,000,000 by default) in
# realistic mode. Generates the city (unless WORKDIR/data holds one), then on that database:
# import, classify, a draw (prepare + run + verify), a notice batch (`credit notice issue
# --out`) and wrk lookups against the server (health route, 20,000 random codes twice, then
# a cold pass over 1,000,000 codes). Reports the wall time and max RSS of each step, the
# database size, the free disk, and whether the machine swapped (pswpout of /proc/vmstat
# before and after each step, `free`; MemAvailable and pswpout every 5 s in WORKDIR/memory.log —
# not vmstat, whose memory columns stood still on the VM this was written on). Release build.
#   nice -n 5 bash Benchmarks/province.sh [N=10000000] [WORKDIR=/tmp/credit-province-N]
# Disk: 1.2 GB of CSV and over 2 GB of database per 1,000,000 enterprises, and during the
# import the WAL, which grows to the largest file's transaction (21.6 GB at 10,000,000,
# while 行政处罚 loaded): plan on 60 GB free at 10,000,000. Then the notices (KEEP_NOTICES=1
# keeps them; by default they are counted, measured and deleted).
# The CSVs are deleted after the import when the free disk is below 1.5 × the database + 5 GB
# (KEEP_CSV=1 keeps them regardless). WRK_SECONDS (20) and CONNECTIONS (32) shape the lookups.
# Everything is also written to WORKDIR/report.txt; each step's output to WORKDIR/STEP.log.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
WORK=${2:-/tmp/credit-province-$N}
WRK_SECONDS=${WRK_SECONDS:-20}; CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install -y time)" >&2; exit 1; }
mkdir -p "$WORK"
swift build -c release --product credit >/dev/null
BIN=$PWD/.build/release/credit
DB=$WORK/credit.db
# Classes and the draw as of one day (China time); a draw's as-of may not lie in the future.
ASOF=${AS_OF:-$(TZ=Asia/Shanghai date +%F)}
REPORT=$WORK/report.txt
: >"$REPORT"

say() { echo "$*" | tee -a "$REPORT"; }
swapped_out() { awk '$1 == "pswpout" { print $2 }' /proc/vmstat; }
free_gb() { df -BG --output=avail "$WORK" | tail -1 | tr -dc 0-9; }
db_bytes() { du -cb "$DB"* 2>/dev/null | tail -1 | cut -f1; }
human() { numfmt --to=iec --suffix=B "$1"; }
memory() { free -m | awk '/^Mem:/ { m = $2 " MB total, " $7 " MB available" } /^Swap:/ { s = "swap " $2 " MB total, " $3 " MB used" } END { print m ", " s }'; }

# step NAME COMMAND...: runs COMMAND under GNU time (output in WORK/NAME.log), prints its wall
# time, max RSS, the pages swapped out meanwhile, the database size and the free disk.
# Returns the command's exit status (the caller decides whether later steps can run).
step() {
    local name=$1; shift
    local before after rc=0 secs kb
    before=$(swapped_out)
    /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" >"$WORK/$name.log" 2>&1 || rc=$?
    after=$(swapped_out)
    read -r secs kb < <(tail -1 "$WORK/$name.time") || true
    case "$secs $kb" in *[!0-9.\ ]* | " ") secs=0; kb=0; say "$name: no figures (GNU time itself was stopped)" ;; esac
    printf "%-14s %8.1f s  max RSS %7.0f MB  swapped out %d pages  DB %s  disk free %s GB%s\n" \
        "$name" "$secs" "$(echo "$kb / 1024" | bc -l)" $((after - before)) "$(human "$(db_bytes)")" \
        "$(free_gb)" "$([ $rc -eq 0 ] || echo "  FAILED (exit $rc; $(head -1 "$WORK/$name.time"))")" | tee -a "$REPORT"
    if [ $rc -ne 0 ]; then
        say "--- last lines of $WORK/$name.log:"
        tail -5 "$WORK/$name.log" | tee -a "$REPORT"
    fi
    return $rc
}

while :; do echo "$(date +%s) $(awk '/^MemAvailable/ { print $2 }' /proc/meminfo) $(swapped_out)"; sleep 5; done >"$WORK/memory.log" &
SAMPLER=$!
SERVER=
trap 'kill $SAMPLER 2>/dev/null || true; [ -z "$SERVER" ] || kill $SERVER 2>/dev/null || true' EXIT

say "province benchmark: $N enterprises, realistic mode, as of $ASOF, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, nice $(nice)"
say "memory before: $(memory)"
say "pswpout before: $(swapped_out) pages; disk free: $(free_gb) GB"
SWAP_START=$(swapped_out)

if [ ! -f "$WORK/data/enterprises.csv" ]; then
    # Generated beside the data folder and renamed when complete: an interrupted generation
    # never passes for a city.
    rm -rf "$WORK/data.partial"
    step generate "$BIN" generate --enterprises "$N" --seed 1 --mode realistic --out "$WORK/data.partial" || exit 1
    mv "$WORK/data.partial" "$WORK/data"
    say "  $(tail -1 "$WORK/generate.log")"
fi
say "data: $(du -shL "$WORK/data" | cut -f1) in $(ls "$WORK"/data/*.csv | wc -l) files"

rm -f "$DB"*
step import "$BIN" import "$WORK/data" --db "$DB" --rules Rules || exit 1
say "  $(awk 'NR > 2 { rows += $(NF - 7); imported += $(NF - 6); rejected += $(NF - 2); skipped += $(NF - 1) } END { printf "%d rows read, %d imported, %d rejected, %d skipped", rows, imported, rejected, skipped }' "$WORK/import.log")"
if [ "${KEEP_CSV:-0}" != 1 ] && [ $(( $(free_gb) * 1024 * 1024 * 1024 )) -lt $(( $(db_bytes) * 3 / 2 + 5 * 1024 * 1024 * 1024 )) ]; then
    rm -rf "$WORK/data"
    say "  CSVs deleted (free disk below 1.5 × the database + 5 GB): disk free $(free_gb) GB"
fi

classified=0
step classify "$BIN" classify --db "$DB" --rules Rules --as-of "$ASOF" && classified=1
[ $classified = 0 ] || say "  $(grep -m1 -E '[0-9]+ enterprises' "$WORK/classify.log" || head -1 "$WORK/classify.log")"

if [ $classified = 1 ]; then
    ID="province-$(date +%s)"
    rm -rf "$WORK/draw"
    say "draw frame: $(sqlite3 "$DB" "SELECT COUNT(*) FROM enterprise WHERE status IN ('存续','在业')") active enterprises, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM inspector WHERE on_duty = 1') inspectors on duty"
    step draw-prepare "$BIN" draw prepare --db "$DB" --rules Rules --id "$ID" --as-of "$ASOF" \
            --randomness-source "province benchmark $ID" --out "$WORK/draw" &&
        step draw-run "$BIN" draw run --db "$DB" --rules Rules --id "$ID" --randomness "beacon-$ID" --out "$WORK/draw" &&
        step draw-verify "$BIN" draw verify "$WORK/draw" &&
        say "  $(tail -1 "$WORK/draw-verify.log")" || true
fi

rm -rf "$WORK/notices"
if step notices "$BIN" notice issue --db "$DB" --rules Rules --out "$WORK/notices"; then
    say "  $(head -1 "$WORK/notices.log")"
    say "  $(find "$WORK/notices" -type f | wc -l) files, $(du -sh "$WORK/notices" | cut -f1)"
fi
[ "${KEEP_NOTICES:-0}" = 1 ] || rm -rf "$WORK/notices"

if [ $classified = 1 ]; then
    TOKEN=$("$BIN" token create --db "$DB" --rules Rules --role officer --name province-load 2>/dev/null)
    source Benchmarks/lookup-scripts.sh
    write_lookup_scripts "$WORK" "$TOKEN" "$DB" 1000000
    PORT=$((20000 + RANDOM % 20000))
    started=$(date +%s.%N)
    LOG_LEVEL=error "$BIN" serve --db "$DB" --rules Rules --port "$PORT" >"$WORK/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 3000); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
    say "server up in $(printf '%.1f' "$(echo "$(date +%s.%N) - $started" | bc)") s, RSS $(awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status)"
    swap_before=$(swapped_out)
    lookups() { # NAME SCRIPT...: one wrk pass, its throughput, median and p99
        local name=$1; shift
        wrk -t2 -c"$CONNECTIONS" -d"${WRK_SECONDS}s" --latency "$@" >"$WORK/wrk-$name.log" 2>&1
        say "$(printf '%-22s' "$name") $(awk '/Requests\/sec/ { r = $2 } $1 == "50%" { m = $2 } $1 == "99%" { p = $2 } /Non-2xx/ { e = $NF } /Socket errors/ { t = $NF }
            END { printf "%8.0f req/s  p50 %s  p99 %s  non-2xx %d  timeouts (2 s) %d", r, m, p, e, t }' "$WORK/wrk-$name.log")"
    }
    lookups health "http://127.0.0.1:$PORT/api/v1/health"
    lookups "20k codes, first pass" -s "$WORK/pick.lua" "http://127.0.0.1:$PORT"
    lookups "20k codes, cached" -s "$WORK/pick.lua" "http://127.0.0.1:$PORT"
    lookups "cold (1M codes)" -s "$WORK/cold.lua" "http://127.0.0.1:$PORT"
    say "server max RSS $(awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status), swapped out $(( $(swapped_out) - swap_before )) pages during the lookups"
    kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=
fi

say "database: $(human "$(db_bytes)") ($(ls "$DB"* | xargs -n1 basename | paste -sd ' '))"
say "memory after: $(memory)"
swap_pages=$(( $(swapped_out) - SWAP_START ))
say "swapped: $([ $swap_pages -gt 0 ] && echo yes || echo no) (pswpout +$swap_pages pages over the run; $(awk '/^SwapTotal/ { print $2 / 1024 " MB" }' /proc/meminfo) of swap configured); lowest MemAvailable: $(awk '$2 != "" && (min == "" || $2 < min) { min = $2 } END { printf "%.0f MB", min / 1024 }' "$WORK/memory.log")"
say "disk free at the end: $(free_gb) GB"
