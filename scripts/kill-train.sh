#!/usr/bin/env bash
# Kills trainings with kill -9 at random moments, then lets one complete, and checks what the
# writer promises: the folder ends up holding exactly the model file, and it is valid — no torn
# model at any point, no temporary file left behind (a killed writer's is swept by the next write).
# Not part of CI (it takes about a minute): `make kill-test`.
set -euo pipefail
cd "$(dirname "$0")/.."
TEXTCLF=${TEXTCLF:-.build/release/textclf}
RUNS=${KILL_RUNS:-30}
WORK=$(mktemp -d /tmp/textclf-kill.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/out" "$WORK/reference"
# Word bigrams and char_wb 2-5 give a model of several MB, so the write itself takes long enough
# to be hit by some of the kills.
train() {
  "$TEXTCLF" train --data data/train.jsonl --label-field topic --label-field stance \
    --features word:1-2 --features char_wb:2-5 --algorithm cnb --threads 2 --output "$1"
}
start=$(date +%s%N)
train "$WORK/reference/M.textclf" > /dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
reference=$(sha256sum < "$WORK/reference/M.textclf")
echo "one complete training: ${ms} ms, $(stat -c %s "$WORK/reference/M.textclf") bytes"

killed=0; completed=0; torn=0; orphaned=0
for i in $(seq 1 "$RUNS"); do
  # Odd runs: anywhere in the run; even runs: its last 30% and a little past, where the write is.
  if (( i % 2 )); then delay=$(( RANDOM * ms / 32768 )); else delay=$(( ms * 7 / 10 + RANDOM * ms * 4 / 10 / 32768 )); fi
  train "$WORK/out/M.textclf" > /dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $(( delay / 1000 )) $(( delay % 1000 )))"
  if kill -9 "$pid" 2> /dev/null; then killed=$(( killed + 1 )); fi
  wait "$pid" 2> /dev/null && completed=$(( completed + 1 )) || true
  # Killed inside the write: its temporary file stays until the next write sweeps it.
  orphaned=$(( orphaned + $(find "$WORK/out" -name '.M.textclf.tmp-*' | wc -l) ))
  # Whatever the moment, a model file that exists is a whole one.
  if [ -e "$WORK/out/M.textclf" ] && [ "$(sha256sum < "$WORK/out/M.textclf")" != "$reference" ]; then
    torn=$(( torn + 1 ))
  fi
done
left=$(find "$WORK/out" -name '.M.textclf.tmp-*' | wc -l)
echo "$RUNS runs: $killed killed with kill -9, $completed completed first; a killed writer's temporary file was found after $orphaned runs (swept by the next write), $left at the end; $torn torn model files"
train "$WORK/out/M.textclf" > /dev/null
contents=$(ls -A "$WORK/out")
"$TEXTCLF" classify --model "$WORK/out/M.textclf" "Kyiv will not cede Donetsk." > /dev/null
if [ "$contents" != "M.textclf" ] || [ "$(sha256sum < "$WORK/out/M.textclf")" != "$reference" ] || [ "$torn" != 0 ]; then
  echo "FAIL: after the last training the folder holds: $contents" >&2
  exit 1
fi
echo "after one more complete training the folder holds exactly M.textclf, byte-identical to an uninterrupted run, and it loads"
