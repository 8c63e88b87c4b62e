#!/usr/bin/env bash
# Runs each libFuzzer harness of Fuzz/ for FUZZ_SECONDS (default 60) from its seed corpus in
# Fuzz/Corpus/NAME, growing a working corpus in Fuzz/.corpus/NAME (not committed), and prints each
# one's executions and crashes. A crash leaves its input in Fuzz/.artifacts/ and fails the run.
# Build first: `make fuzz` does both.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
HARNESSES=${FUZZ_HARNESSES:-"DatasetReader ModelLoader Tokenizer"}
mkdir -p Fuzz/.artifacts
failed=0
for name in $HARNESSES; do
  binary=Fuzz/.build/release/Fuzz$name
  mkdir -p "Fuzz/.corpus/$name"
  log=Fuzz/.artifacts/$name.log
  before=$(find Fuzz/.artifacts -name "$name-*" | wc -l)
  # -rss_limit_mb: the readers' record limit and the loader's checks should keep every input small.
  "$binary" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="Fuzz/.artifacts/$name-" "Fuzz/.corpus/$name" "Fuzz/Corpus/$name" > "$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  crashes=$(( $(find Fuzz/.artifacts -name "$name-*" | wc -l) - before ))
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  echo "Fuzz$name: ${runs:-?} inputs in ${SECONDS_EACH} s, $coverage, exit $status, $crashes crash inputs (log: $log)"
  if [ "$status" != 0 ]; then failed=1; grep -m 5 -E 'ERROR|Fatal error|SUMMARY' "$log"; fi
done
exit $failed
