#!/usr/bin/env bash
# The demo's wall time after set-up: the venv is set up first (once per machine, untimed), then
# scripts/demo.sh runs timed, with the time of each of its sections (taken from its own
# "== section (Ns)" lines); its first section shows what set-up remained (the jar is rebuilt only
# when a source is newer). Floor (issue 21): under 5 minutes on an idle machine.
#   bench/demo/run.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$root/scripts/setup-python.sh" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
"$root/scripts/demo.sh" >"$log" 2>&1 || { tail -20 "$log"; echo "bench/demo: the demo failed" >&2; exit 3; }
end=$(date +%s.%N)
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
# Each section's time is the difference between its start and the next one's.
sed 's/\x1b\[[0-9;]*m//g' "$log" | python3 -c '
import re, sys
marks = [(m.group(1), int(m.group(2))) for m in (re.match(r"== (.*?)  \((\d+)s\)$", l.rstrip()) for l in sys.stdin) if m]
row = "{:<60}  {:>5}"
print(row.format("section", "s"))
for (title, at), (_, following) in zip(marks, marks[1:]):
    print(row.format(title[:60], following - at))
'
total=$(echo "$end - $start" | bc)
printf 'total wall time: %.0f s; floor under 300 s: %s\n' "$total" "$( [ "$(echo "$total < 300" | bc)" = 1 ] && echo met || echo MISSED)"
