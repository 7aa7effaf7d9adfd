#!/usr/bin/env bash
# Every test: native unit and harness tests, wasm-bindgen tests in headless Chromium, and the
# end-to-end tests against the real lab. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}" PATH="$HOME/.cargo/bin:$PATH" CARGO_TERM_COLOR=never
step() { printf '\n==> %s (%s)\n' "$1" "$(date +%T)"; }

step "setup"
scripts/setup.sh
cargo fetch --locked -q          # everything the tests build; afterwards nothing needs the network

step "native tests (core, worklet, native)"
cargo test --locked -q
cargo test --locked -q -p deskphone-worklet --features bench --lib bench   # the benchmark's scenarios still run

step "wasm tests in headless Chromium"
scripts/in-netns.sh scripts/wasm.sh cargo test --locked -p deskphone-worklet -p deskphone-app --target wasm32-unknown-unknown

step "release build of the app"
scripts/wasm.sh trunk build --release --locked
test -f dist/index.html

cargo build --locked -q -p deskphone-native   # the native phone the e2e tests drive

step "end-to-end tests against the lab (network namespace with only lo)"
scripts/in-netns.sh tests/e2e/run.sh
step "all tests passed"
