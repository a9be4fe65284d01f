#!/usr/bin/env bash
# Browser check: headless Chromium (Debian) against a running server on the demo database
# (`credit demo`: import, classification, the month's draw, repair notices). The steps are
# driven by scripts/browser_check.py over the DevTools protocol: the officer logs in through
# the form, searches key by key and pages, opens an enterprise and downloads its notice; the
# regulator voids the demo draw, prepares and runs a new one through the draw page's buttons
# and dialogs; then the public pages. Every page is shot at 1400 and 400 px wide and must show
# no English word outside a small allow-list.
#   bash scripts/browser-check.sh [SCREENSHOT.png | DIRECTORY/]
# Screenshots go next to SCREENSHOT.png as SCREENSHOT-NN-page-WIDTH.png (the search results at
# 1400 px also as SCREENSHOT.png), or into DIRECTORY/ as shot-NN-page-WIDTH.png.
# CREDIT_BIN=path skips `swift build` and uses that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHOT=${1:-/tmp/credit-browser-check.png}
if [[ -d $SHOT || $SHOT == */ ]]; then
    mkdir -p "$SHOT"; PREFIX=${SHOT%/}/shot; FIRST=()
else
    mkdir -p "$(dirname "$SHOT")"; PREFIX=${SHOT%.png}; FIRST=(--first-shot "$SHOT")
fi
command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
    || { echo "chromium is not installed (apt-get install -y chromium fonts-noto-cjk)" >&2; exit 1; }
/usr/bin/python3 -c "import websocket" 2>/dev/null \
    || { echo "python3-websocket is not installed (apt-get install -y python3-websocket)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed (apt-get install -y sqlite3)" >&2; exit 1; }
if [[ -n ${CREDIT_BIN:-} ]]; then
    BIN=$CREDIT_BIN
else
    swift build --product credit >/dev/null 2>&1 || { echo "swift build --product credit failed" >&2; exit 1; }
    BIN=$ROOT/.build/debug/credit
fi
WORK=$(mktemp -d)
DB=$WORK/credit.db
PORT=$((20000 + RANDOM % 20000))
SERVER=
trap 'if [[ -n $SERVER ]]; then kill $SERVER 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
# The demo writes its draw bundle and notices into the current directory: the scratch one.
(cd "$WORK" && "$BIN" demo --db "$DB" --data "$ROOT/SampleData" --rules "$ROOT/Rules") >"$WORK/demo.log" 2>&1 \
    || { echo "credit demo failed:" >&2; tail -20 "$WORK/demo.log" >&2; exit 1; }
# Token names show in the page header, so they are Chinese like the rest of the page.
OFFICER=$("$BIN" token create --db "$DB" --role officer --name 浏览器检查科员 2>/dev/null)
REGULATOR=$("$BIN" token create --db "$DB" --role regulator --name 浏览器检查监管员 2>/dev/null)
NOTICE_USCC=$(sqlite3 "$DB" "SELECT uscc FROM repair_notice ORDER BY uscc LIMIT 1")
read -r DEMO_DRAW DRAW_MONTH < <(sqlite3 -separator ' ' "$DB" \
    "SELECT id, month FROM draw WHERE voided_at IS NULL ORDER BY as_of DESC LIMIT 1")
[[ -n $NOTICE_USCC && -n $DEMO_DRAW ]] || { echo "the demo database has no notice or no draw" >&2; exit 1; }
"$BIN" serve --db "$DB" --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
# The Debian Python, which has python3-websocket (not a pyenv or venv one that lacks it).
/usr/bin/python3 scripts/browser_check.py "http://127.0.0.1:$PORT" "$PREFIX" "${FIRST[@]}" \
    --officer-token "$OFFICER" --regulator-token "$REGULATOR" --query "保定华" --public-query "保定" \
    --notice-uscc "$NOTICE_USCC" --demo-draw "$DEMO_DRAW" --draw-month "$DRAW_MONTH" \
    || { status=$?; if grep -qv "\[Hummingbird\] Request$" "$WORK/server.log"; then
             echo "server log (besides requests, last lines):" >&2; grep -v "\[Hummingbird\] Request$" "$WORK/server.log" | tail -15 >&2; fi
         exit $status; }
