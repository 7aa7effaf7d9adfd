#!/usr/bin/env bash
# Run a command with the wasm32 build environment chosen by scripts/setup.sh:
#   scripts/wasm.sh trunk build --release
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[ -f "$ROOT/.wasm-env" ] || { echo "run scripts/setup.sh first" >&2; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.wasm-env"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # wasm-opt from npm binaryen 132
export TRUNK_SKIP_VERSION_CHECK=true                                # no update check against the internet
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
exec "$@"
