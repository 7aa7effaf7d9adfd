#!/bin/sh
# Trunk pre_build hook: build the media engine (worklet/) as a plain wasm module and stage it
# beside the app as deskphone_worklet.wasm. Runs in trunk's environment (scripts/wasm.sh).
set -eu
cargo build -p deskphone-worklet --release --target wasm32-unknown-unknown
src="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/deskphone_worklet.wasm"
out="${TRUNK_STAGING_DIR:-dist}/deskphone_worklet.wasm"
mkdir -p "$(dirname "$out")"
if command -v wasm-opt >/dev/null 2>&1 && wasm-opt --version | grep -q 'version 132'; then
  wasm-opt -O3 --strip-debug --strip-producers "$src" -o "$out"
else
  cp "$src" "$out"
fi
