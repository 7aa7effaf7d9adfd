#!/usr/bin/env bash
# The media engine's benchmark: cost per render quantum of one call, a recorded call and a
# five-party conference (tones, meters, Ogg Opus recording), natively and as wasm in Node side
# by side, and the cost of one Opus encode. Figures, not pass/fail: see docs/decisions.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
# Its own target directory: the bench exports must not end up in the app's engine.
scripts/wasm.sh cargo build -q -p deskphone-worklet --release --features bench \
  --target wasm32-unknown-unknown --target-dir target/bench
export BENCH_WASM="$ROOT/target/bench/wasm32-unknown-unknown/release/deskphone_worklet.wasm"
cargo bench -q -p deskphone-worklet --features bench --bench quantum
