#!/usr/bin/env bash
# Record the voice menu's words (core/src/phone/ivr.rs, `Word::name` and `Word::text`) into
# public/prompts/<name>.wav with espeak-ng, 8 kHz mono (a phone's voice band). The recordings are committed: run this
# only when the word list changes (core/tests/ivr.rs checks that every word has one).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v espeak-ng >/dev/null || sudo apt-get install -y espeak-ng
command -v sox >/dev/null || sudo apt-get install -y sox
out=public/prompts
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS='|' read -r name text; do
  espeak-ng -v en-us -s 140 -w "$tmp/$name.wav" "$text"
  # Trim the silence espeak leaves around a word, and make it 8 kHz.
  sox "$tmp/$name.wav" -r 8000 -b 16 "$out/$name.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
done <<'WORDS'
0|zero
1|one
2|two
3|three
4|four
5|five
6|six
7|seven
8|eight
9|nine
dot|dot
ip-address|I P address
room-number|room number
saved|is saved
not-set|not set
unknown|unknown
already-set|is already set
factory-reset|factory reset
password-error|password error
not-available|not available
WORDS
ls -l "$out"
