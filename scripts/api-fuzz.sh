#!/usr/bin/env bash
# API fuzzing: schemathesis (PyPI) against a server started on a demo database, once per role
# (and once without a token), all checks, a bounded number of examples per operation. Any
# failure fails the script. Locally:   bash scripts/api-fuzz.sh [EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EXAMPLES=${1:-${API_FUZZ_EXAMPLES:-40}}
VENV=${API_FUZZ_VENV:-$ROOT/.build/schemathesis-venv}
if [ ! -x "$VENV/bin/schemathesis" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis>=4.32,<5"
fi
swift build --product credit >/dev/null 2>&1
BIN=$ROOT/.build/debug/credit
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
(cd "$WORK" && "$BIN" demo --db credit.db --data "$ROOT/SampleData" --rules "$ROOT/Rules" >demo.log 2>&1)
declare -A TOKENS
for role in officer regulator auditor; do
    TOKENS[$role]=$("$BIN" token create --db "$WORK/credit.db" --rules "$ROOT/Rules" --role "$role" --name "fuzz-$role" 2>/dev/null)
done
# The public rate limit would answer most fuzzing requests with 429 (it has its own test).
LOG_LEVEL=error "$BIN" serve --db "$WORK/credit.db" --rules "$ROOT/Rules" --port "$PORT" --public-rate-limit 0 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
status=0
for role in anonymous officer regulator auditor; do
    echo "== schemathesis as $role ($EXAMPLES examples per operation)"
    headers=()
    [ "$role" != anonymous ] && headers=(-H "Authorization: Bearer ${TOKENS[$role]}")
    if ! timeout 900 "$VENV/bin/schemathesis" --config-file "$ROOT/scripts/schemathesis.toml" run "$ROOT/docs/openapi.yaml" --url "http://127.0.0.1:$PORT" "${headers[@]}" \
        --checks all --max-examples "$EXAMPLES" --seed 1 --no-color --output-truncate false --phases examples,coverage,fuzzing \
        >"$WORK/st-$role.log" 2>&1; then
        status=1
        sed -n '/FAILURES/,$p' "$WORK/st-$role.log" | head -150
    else
        grep -E "^(Test cases|=+ .* in )" "$WORK/st-$role.log" || tail -3 "$WORK/st-$role.log"
    fi
done
if grep -q "Fatal error\|Swift runtime failure" "$WORK/server.log"; then echo "the server crashed:"; tail -20 "$WORK/server.log"; status=1; fi
exit $status
