#!/usr/bin/env bash
# End-to-end tests: start the lab, serve dist/, capture SIP, run tests/e2e/*.test.mjs, stop it all.
# Run inside a network namespace with only lo (scripts/in-netns.sh does that).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# A state directory of this run's own: two runs at once must not share pid files or logs.
export LAB=${LAB:-$(mktemp -d /tmp/deskphone-e2e.XXXXXX)}
export ARTIFACTS=${ARTIFACTS:-$ROOT/artifacts}
export PHONE_BASE=http://127.0.0.1:8000/
mkdir -p "$LAB/run" "$ARTIFACTS"
[ -f "$ROOT/dist/index.html" ] || { echo "e2e: build the app first (dist/ missing)" >&2; exit 1; }

cleanup() {
  [ -f "$LAB/run/tshark.pid" ] && kill "$(cat "$LAB/run/tshark.pid")" 2>/dev/null
  [ -f "$LAB/run/http.pid" ] && kill "$(cat "$LAB/run/http.pid")" 2>/dev/null
  [ -f "$LAB/run/xml.pid" ] && kill "$(cat "$LAB/run/xml.pid")" 2>/dev/null
  rm -f "$LAB/run/tshark.pid" "$LAB/run/http.pid" "$LAB/run/xml.pid"
  "$ROOT/lab/lab.sh" stop
  cp "$LAB"/log/*.log "$ARTIFACTS/" 2>/dev/null
  case "$LAB" in /tmp/deskphone-e2e.*) rm -rf "$LAB" ;; esac
}
trap cleanup EXIT

ip link set lo up 2>/dev/null
"$ROOT/lab/lab.sh" start || exit 1
rm -f "$LAB/sip.pcapng"
tshark -i lo -n -q -w "$LAB/sip.pcapng" -f "port 5060 or port 8080" > "$LAB/log/tshark.log" 2>&1 &
echo $! > "$LAB/run/tshark.pid"
python3 -m http.server 8000 --bind 127.0.0.1 --directory "$ROOT/dist" > "$LAB/log/http.log" 2>&1 &
echo $! > "$LAB/run/http.pid"
# XML browser pages and remote phonebooks, on another origin (CORS) as a real server would be.
python3 "$ROOT/lab/xml/serve.py" 8001 "$LAB/spool" > "$LAB/log/xml.log" 2>&1 &
echo $! > "$LAB/run/xml.pid"
for i in $(seq 1 50); do grep -q "Capturing on" "$LAB/log/tshark.log" && break; sleep 0.1; done

cd "$ROOT/tests/e2e"
node --test --test-concurrency=1 --test-reporter=spec ${E2E_ONLY:-*.test.mjs}
