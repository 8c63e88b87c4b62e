#!/usr/bin/env bash
# Fails when a build log holds a compiler warning from our own sources (Sources/, Tests/,
# Benchmarks/). Warnings from dependencies under .build/checkouts are theirs, not counted.
# A warning appears only when its file is compiled, so CI's clean build is the one that counts.
set -euo pipefail
log="${1:?usage: check-warnings.sh BUILD_LOG}"
root="$(cd "$(dirname "$0")/.." && pwd)"
ours=$(grep -E ": warning: " "$log" | grep -E "^$root/(Sources|Tests|Benchmarks)/" | grep -v "/\.build/" | sort -u || true)
if [ -n "$ours" ]; then
  echo "$ours" >&2
  echo "error: $(echo "$ours" | wc -l) compiler warning(s) in our sources (above); fix them" >&2
  exit 1
fi
echo "no compiler warnings in our sources"
