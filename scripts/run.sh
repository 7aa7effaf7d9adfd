#!/usr/bin/env bash
# Run the phone: build the app, start the lab (Kamailio as the default SIP server with demo
# accounts, rtpengine for media), serve the app, and print the URLs of two demo phones.
# Stop with Ctrl-C. Env: PORT (web server, default 8000), LAB (state dir).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}" PATH="$HOME/.cargo/bin:$PATH"
export LAB=${LAB:-/tmp/deskphone-lab}
PORT=${PORT:-8000}

scripts/setup.sh
scripts/wasm.sh trunk build --release --locked
test -f dist/index.html

lab/lab.sh stop >/dev/null 2>&1 || true
trap 'echo; lab/lab.sh stop; kill $HTTP 2>/dev/null || true' EXIT INT TERM
lab/lab.sh start
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist > "$LAB/log/http.log" 2>&1 &
HTTP=$!

cat <<MSG

Deskphone is up. Open two phones (each in its own browser tab or window):
  alice (extension 1001): http://127.0.0.1:$PORT/?user=alice&pass=alicepw
  bob   (extension 1002): http://127.0.0.1:$PORT/?user=bob&pass=bobpw
Dial 1002 on alice's keypad and press Send; answer on bob's phone with the Answer soft key.
A phone with two lines (carol 1003 and dave 1004, a line key each):
  http://127.0.0.1:$PORT/?user=carol&pass=carolpw&label=Carol&user2=dave&pass2=davepw&label2=Dave
More demo accounts: eve, frank, grace (password = name + "pw"; extensions 1005-1007).
SIP server: Kamailio at 127.0.0.1 (WS 8080, WSS 8443, UDP/TCP 5060, TLS 5061); logs in $LAB/log.
Press Ctrl-C to stop.
MSG
wait $HTTP
