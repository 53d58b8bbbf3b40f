#!/usr/bin/env bash
# screens.sh BINARY OUTDIR: opens the real window on the demo district once
# per main screen and language under Xvfb, screenshots each (OUTDIR/<screen>-<lang>.png)
# and checks none is blank (scripts/smoke-linux.sh does each run).
set -euo pipefail
bin=$(realpath "$1")
out=$2
mkdir -p "$out"
work=$(mktemp -d /tmp/pilotdesk-screens.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin" demo --db "$work/demo.db" --activities 300 >/dev/null
screens=(overview sites groups people assignments panels council activities plans topics tasks visits trash changelog settings)
fail=0
for lang in zh en; do
  for s in "${screens[@]}"; do
    cp "$work/demo.db" "$work/run.db"
    rm -f "$work/run.db-wal" "$work/run.db-shm"
    if ! SMOKE_DB="$work/run.db" bash "$(dirname "$0")/smoke-linux.sh" "$bin" "$out/$s-$lang.png" --lang "$lang" --screen "$s" >"$work/log" 2>&1; then
      echo "FAIL $s ($lang)"; cat "$work/log"; fail=1
    else
      grep -E "PASS screenshot" "$work/log" | sed "s|^|$s ($lang): |"
    fi
  done
done
exit $fail
