#!/usr/bin/env bash
# Looks at `textclf evaluate --report` as a person would: builds the report of the shipped model
# on data/test.jsonl, renders it in headless Chromium (Debian's `chromium`, installed when missing)
# at a desktop and a phone width, and fails unless
#   - each screenshot is not blank: scripts/png_check.py decodes the PNG with zlib (no Pillow
#     here) and wants at least 64 distinct colours and 2% of pixels not white;
#   - the page logs nothing on the console. With --enable-logging=stderr --v=0, Chromium writes
#     every console message (console.* calls, uncaught errors, Content-Security-Policy refusals)
#     to standard error as `INFO:CONSOLE…` lines, at INFO whatever the message's level. The report
#     runs no script and sets a policy that refuses every load and script, so any console line
#     at all means it tried to reach outside itself or run code: the check is "no CONSOLE line".
#     Network is cut off as well (--host-resolver-rules), so nothing could be fetched anyway;
#   - the DOM Chromium built (--dump-dom) has one section and one heat map per field: text that
#     escaped its escaping would break that structure.
# Two control pages first prove the checks can fail: one that breaks the policy must log console
# lines, and an empty page must be judged blank.
#
#   scripts/check-report.sh            # the check (make check-report); files in a temporary folder
#   scripts/check-report.sh --example  # also renders docs/report-example.png from a model trained on
#                                      # data/train.jsonl alone (the shipped model was refitted on
#                                      # the test paragraphs too, so its report shows no mistakes)
# TEXTCLF=path/to/textclf overrides the binary (default .build/release/textclf).
set -euo pipefail
cd "$(dirname "$0")/.."
TEXTCLF=${TEXTCLF:-.build/release/textclf}
MODEL=models/ukraine.textclf
DATA=data/test.jsonl
EXAMPLE=0
[ "${1:-}" = "--example" ] && EXAMPLE=1

if ! command -v chromium >/dev/null; then
  echo "Installing chromium (apt-get)..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
[ -x "$TEXTCLF" ] || { echo "check-report: $TEXTCLF is not built (make release)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/textclf-check-report.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# Runs headless Chromium on a file; the flags are the ones platform.md measured for this machine
# (root, no GPU, no D-Bus), plus logging and no network. Its stderr goes to $WORK/$2.log.
browse() {
  local page=$1 name=$2; shift 2
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --enable-logging=stderr --v=0 --host-resolver-rules="MAP * ~NOTFOUND" \
    "$@" "file://$(realpath "$page")" 2>"$WORK/$name.log"
}

console_lines() { grep -c 'CONSOLE' "$WORK/$1.log" || true; }

# Controls: the console check sees a policy refusal; the blank check refuses an empty page.
cat >"$WORK/control.html" <<'HTML'
<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<link rel="stylesheet" href="https://example.com/outside.css"></head><body><p>control</p><script>console.error("control")</script></body></html>
HTML
printf '<!DOCTYPE html><html><body></body></html>\n' >"$WORK/blank.html"
browse "$WORK/control.html" control --screenshot="$WORK/control.png" --window-size=400,300 >/dev/null
[ "$(console_lines control)" -ge 2 ] || { echo "check-report: the console check saw nothing on a page that breaks its policy" >&2; exit 1; }
browse "$WORK/blank.html" blank --screenshot="$WORK/blank.png" --window-size=400,300 >/dev/null
if python3 scripts/png_check.py "$WORK/blank.png" >/dev/null 2>&1; then
  echo "check-report: the blank check passed an empty page" >&2; exit 1
fi
echo "controls: a policy-breaking page logs $(console_lines control) console lines; an empty page is judged blank"

check() {
  local report=$1 label=$2 fields=$3 status=0
  for size in 1280,1600 390,2400; do
    local name="$label-${size%,*}"
    browse "$report" "$name" --screenshot="$WORK/$name.png" --window-size="$size" >/dev/null
    printf '%s: %s bytes; ' "$name.png" "$(stat -c %s "$WORK/$name.png")"
    python3 scripts/png_check.py "$WORK/$name.png" | sed 's|^.*/||' || status=1
    local console
    console=$(console_lines "$name")
    echo "$name: $console console messages"
    if [ "$console" -ne 0 ]; then grep 'CONSOLE' "$WORK/$name.log" >&2; status=1; fi
  done
  browse "$report" "$label-dom" --dump-dom >"$WORK/$label-dom.html"
  local sections maps
  sections=$(grep -o '<section id="field-' "$WORK/$label-dom.html" | wc -l)
  maps=$(grep -o '<svg class="heatmap"' "$WORK/$label-dom.html" | wc -l)
  echo "$label DOM: $sections field sections, $maps heat maps (fields: $fields)"
  if [ "$sections" -ne "$fields" ] || [ "$maps" -ne "$fields" ]; then status=1; fi
  return $status
}

"$TEXTCLF" evaluate --model "$MODEL" --data "$DATA" --report "$WORK/report.html" --predictions "$WORK/predictions.jsonl" >/dev/null
echo "report of $MODEL on $DATA: $(stat -c %s "$WORK/report.html") bytes; predictions: $(wc -l <"$WORK/predictions.jsonl") lines for $(wc -l <"$DATA") documents"
FIELDS=$("$TEXTCLF" evaluate --model "$MODEL" --data "$DATA" --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["fields"]))')
check "$WORK/report.html" shipped "$FIELDS" || { echo "check-report: FAILED on the shipped model's report" >&2; exit 1; }

if [ "$EXAMPLE" = 1 ]; then
  mapfile -t FLAGS < <(python3 -c 'import json; print("\n".join(json.load(open("models/selection.json"))["train_flags"]))')
  "$TEXTCLF" train --data data/train.jsonl --label-field topic --label-field stance "${FLAGS[@]}" \
    --weights float32 --threads 2 --output .build/heldout.textclf >/dev/null
  "$TEXTCLF" evaluate --model .build/heldout.textclf --data "$DATA" --report "$WORK/heldout.html" >/dev/null
  check "$WORK/heldout.html" heldout 2 || { echo "check-report: FAILED on the held-out report" >&2; exit 1; }
  browse "$WORK/heldout.html" example --screenshot=docs/report-example.png --window-size=960,1400 >/dev/null
  echo "wrote docs/report-example.png: $(stat -c %s docs/report-example.png) bytes"
fi
echo "check-report: passed"
