#!/usr/bin/env bash
# Prints the wasm size the SIP layer (message layer, transactions, registration, calls,
# messages, digest) adds: tools/sip-size built with and without it, release + wasm-opt -Oz.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/tools/sip-size"
out=$(mktemp -d)
for variant in without with; do
  flags=(); [ "$variant" = with ] && flags=(--features sip)
  "$ROOT/scripts/wasm.sh" cargo build -q --release --target wasm32-unknown-unknown --target-dir "$ROOT/target/sip-size-$variant" "${flags[@]}"
  "$ROOT/scripts/wasm.sh" wasm-opt -Oz --strip-debug --strip-producers \
    "$ROOT/target/sip-size-$variant/wasm32-unknown-unknown/release/sip_size.wasm" -o "$out/$variant.wasm"
done
raw_with=$(stat -c %s "$out/with.wasm"); raw_without=$(stat -c %s "$out/without.wasm")
gz_with=$(gzip -9c "$out/with.wasm" | wc -c); gz_without=$(gzip -9c "$out/without.wasm" | wc -c)
echo "SIP layer in wasm: $((raw_with - raw_without)) bytes raw, $((gz_with - gz_without)) bytes gzip -9"
echo "  (module with it: $raw_with raw / $gz_with gzip; without: $raw_without / $gz_without)"
