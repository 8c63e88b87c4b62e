#!/usr/bin/env bash
# `make bench-stream`: the measurement of docs/scale.md. Builds a large JSON Lines file from the
# 20 Newsgroups train split (scripts/make_large_corpus.py: repeated with word dropout, said so
# there), trains on it with `textclf train --stream` under /usr/bin/time -v, and compares test
# accuracy with in-memory training on the original train split with the same hashed features.
#
#   SIZE=10G ALGORITHM=cnb HASH_BITS=20 PASSES=2 DIR=/tmp/textclf-stream make bench-stream
#
# The big file is deleted at the end unless KEEP=1. Not in CI: 10 GB takes about a quarter of an
# hour per pass on the shared 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-10G}
ALGORITHM=${ALGORITHM:-cnb}
HASH_BITS=${HASH_BITS:-20}
PASSES=${PASSES:-2}
DIR=${DIR:-/tmp/textclf-stream}
BIN=.build/release/textclf
mkdir -p "$DIR"
DATA="$DIR/20ng-$SIZE.jsonl"
CORPUS=Benchmarks/.cache/corpora/20ng
if [ ! -f "$DATA" ]; then
  python3 scripts/make_large_corpus.py --corpus 20ng --size "$SIZE" --output "$DATA"
fi
[ "${KEEP:-0}" = 1 ] || trap 'rm -f "$DATA"' EXIT
options=(--label-field label --hash-bits "$HASH_BITS" --algorithm "$ALGORITHM")
stream_options=()
[ "$ALGORITHM" = lr ] && stream_options=(--passes "$PASSES")

accuracy() { "$BIN" evaluate --model "$1" --data "$CORPUS/test.jsonl" | head -1; }

echo "== in memory, original 20 Newsgroups train split ($(wc -c < "$CORPUS/train.jsonl") bytes)"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$BIN" train --data "$CORPUS/train.jsonl" "${options[@]}" \
  --output "$DIR/in-memory.textclf" | tail -1
echo "test split: $(accuracy "$DIR/in-memory.textclf")"

echo "== --stream, $DATA ($(wc -c < "$DATA") bytes)"
/usr/bin/time -v "$BIN" train --stream --data "$DATA" "${options[@]}" "${stream_options[@]}" \
  --output "$DIR/streamed.textclf" 2> "$DIR/time.txt" | tail -1
grep -E "Elapsed|Maximum resident|Percent of CPU" "$DIR/time.txt"
seconds=$(awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$DIR/time.txt")
bytes=$(wc -c < "$DATA")
awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "file throughput over the whole run: %.1f MB/s\n", b / 1e6 / s }'
echo "test split: $(accuracy "$DIR/streamed.textclf")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
