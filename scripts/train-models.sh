#!/usr/bin/env bash
# Rebuilds the shipped model from data/: chooses options by cross-validation on the training
# split (scripts/select_models.py → models/selection.json), trains on data/train.jsonl, and
# prints the test-split figures that models/README.md states. Deterministic: running it again
# gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
TEXTCLF=.build/release/textclf
python3 scripts/select_models.py > /dev/null
mapfile -t FLAGS < <(python3 -c 'import json; print("\n".join(json.load(open("models/selection.json"))["train_flags"]))')
$TEXTCLF train --data data/train.jsonl --label-field topic --label-field stance "${FLAGS[@]}" \
  --threads 1 --output models/ukraine.textclf
# For comparison only (not shipped): the same options trained on the seed article's paragraphs alone.
python3 -c 'import json,sys; [sys.stdout.write(l) for l in open("data/train.jsonl") if json.loads(l)["source"]=="seed"]' > /tmp/textclf-seed-train.jsonl
$TEXTCLF train --data /tmp/textclf-seed-train.jsonl --label-field topic --label-field stance "${FLAGS[@]}" \
  --threads 1 --output /tmp/textclf-seed-only.textclf > /dev/null
echo "== shipped model on data/test.jsonl"
$TEXTCLF evaluate --model models/ukraine.textclf --data data/test.jsonl
echo "== seed-only model on data/test.jsonl"
$TEXTCLF evaluate --model /tmp/textclf-seed-only.textclf --data data/test.jsonl | grep -E '^(topic|stance):'
sha256sum models/ukraine.textclf
