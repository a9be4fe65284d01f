#!/usr/bin/env bash
# Browser check: headless Chromium (Debian) loads the officer search page against a running
# server, enters a name in the search box (the page takes ?q= and fires the same input event
# as typing), and the result list must appear. Leaves a screenshot for a look by eye.
#   bash scripts/browser-check.sh [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
SHOT=${1:-/tmp/credit-browser-check.png}
BROWSER=$(command -v chromium || command -v chromium-browser || true)
[ -n "$BROWSER" ] || { echo "chromium is not installed (apt-get install -y chromium fonts-noto-cjk)" >&2; exit 1; }
swift build --product credit >/dev/null 2>&1
BIN=$PWD/.build/debug/credit
WORK=$(mktemp -d)
DB=$WORK/credit.db
PORT=$((20000 + RANDOM % 20000))
"$BIN" import SampleData --db "$DB" >/dev/null
"$BIN" classify --db "$DB" >/dev/null
TOKEN=$("$BIN" token create --db "$DB" --role officer --name browser-check 2>/dev/null)
"$BIN" serve --db "$DB" --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/?q=%E4%BF%9D%E5%AE%9A%E5%8D%8E#token=$TOKEN"   # q = 保定华
FLAGS=(--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=10000)
"$BROWSER" "${FLAGS[@]}" --dump-dom "$URL" 2>/dev/null >"$WORK/dom.html"
"$BROWSER" "${FLAGS[@]}" --window-size=1000,900 --screenshot="$SHOT" "$URL" >/dev/null 2>&1 || true
hits=$(grep -o 'href="/enterprises/[0-9A-Z]\{18\}"' "$WORK/dom.html" | wc -l)
if [ "$hits" -lt 1 ]; then
    echo "browser check FAILED: no search results in the page" >&2
    grep -o '<p id="status"[^<]*</p>' "$WORK/dom.html" >&2 || true
    exit 1
fi
echo "browser check passed: $hits results for 保定华 ($(grep -o '共 [0-9]* 条结果' "$WORK/dom.html")); screenshot $SHOT"
