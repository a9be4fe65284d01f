#!/usr/bin/env bash
# Browser check: headless Chromium (Debian) loads the officer search page against a running
# server; scripts/browser_check.py types a name into the search box key by key over the
# DevTools protocol, and the result list must appear. Leaves a screenshot for a look by eye.
#   bash scripts/browser-check.sh [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
SHOT=${1:-/tmp/credit-browser-check.png}
command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
    || { echo "chromium is not installed (apt-get install -y chromium fonts-noto-cjk)" >&2; exit 1; }
/usr/bin/python3 -c "import websocket" 2>/dev/null \
    || { echo "python3-websocket is not installed (apt-get install -y python3-websocket)" >&2; exit 1; }
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
# The Debian Python, which has python3-websocket (not a pyenv or venv one that lacks it).
/usr/bin/python3 scripts/browser_check.py "http://127.0.0.1:$PORT/#token=$TOKEN" "保定华" "$SHOT"
