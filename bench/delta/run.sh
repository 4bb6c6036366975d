#!/usr/bin/env bash
# check-data against the same checks written in PySpark (local[2]), on the same 10-million-row,
# 8-column Delta table written by Spark, in the same run. Checks: completeness of amount, ranges
# of amount and score, uniqueness of id, PSI of f1..f4 against a 1-million-row reference
# (ModelGate also runs KS on f1..f4, which PySpark does not). Reports wall time, rows/s and peak
# memory (max RSS of the process tree) for both. Target: >= 2x PySpark's rows/s, < 1 GB.
# The tables are generated once and cached under ~/.cache/modelgate/bench/delta.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/delta"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -pl shared-core -am package -DskipTests)
venv="$("$root/scripts/setup-python.sh")"
jars="$("$root/scripts/spark-jars.sh")"
data="${MODELGATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelgate}/bench/delta"
if [ ! -f "$data/.complete" ]; then
  echo "writing the benchmark tables with Spark into $data (first run only)" >&2
  mkdir -p "$data"
  "$venv/bin/python" "$here/generate.py" "$data" "$jars" 2>/dev/null
  touch "$data/.complete"
fi
rows=10000000
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/modelgate.yaml" <<YAML
project: bench
tables:
  current:
    path: $data/current
    completeness: { amount: 0.99 }
    ranges: { amount: { min: 0, max: 1000 }, score: { min: 0, max: 1 } }
    unique_keys: [[id]]
    drift: { reference: { path: $data/reference }, columns: [f1, f2, f3, f4] }
YAML

tree_rss_kb() { # pid: resident memory of the process and all its descendants (PySpark's JVM is a child)
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3 }
    END { for (p in rss) { q = p; while (q != "" && q != 0 && q != root) q = parent[q]; if (q == root) total += rss[p] } print total + 0 }'
}

measure() { # label, command...: prints "label seconds peak_rss_kb", sampling the tree's RSS every 0.2 s
  local label="$1"; shift
  local start peak=0 now
  start="$(date +%s.%N)"
  "$@" > "$work/$label.out" 2> "$work/$label.err" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now="$(tree_rss_kb "$pid")"
    [ "$now" -gt "$peak" ] && peak="$now"
    sleep 0.2
  done
  wait "$pid" || true
  echo "$label $(echo "$(date +%s.%N) - $start" | bc) $peak"
}

echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(java -version 2>&1 | head -1)"
mg="$(measure modelgate java -Xmx512m -jar "$jar" check-data --config "$work/modelgate.yaml" --table current --output-dir "$work/out")"
ps="$(measure pyspark "$venv/bin/python" "$here/pyspark_checks.py" "$data" "$jars")"
ps_checks="$(grep '^seconds' "$work/pyspark.out" | cut -d' ' -f2)"
echo
echo "ModelGate verdicts:"; grep -E "^(completeness|range|unique|drift)" "$work/modelgate.out" | awk '{print "  " $0}'
echo "PySpark verdicts:"; grep -E ": (ok|FAILED)$" "$work/pyspark.out" | awk '{print "  " $0}'
echo
printf '%-34s %10s %14s %12s\n' "run (10M rows x 8 columns)" "seconds" "rows/s" "peak MB"
read -r _ mg_s mg_kb <<< "$mg"
read -r _ ps_s ps_kb <<< "$ps"
awk -v r="$rows" -v s="$mg_s" -v k="$mg_kb" 'BEGIN { printf "%-34s %10.1f %14.0f %12.0f\n", "modelgate check-data (whole run)", s, r / s, k / 1024 }'
awk -v r="$rows" -v s="$ps_s" -v k="$ps_kb" 'BEGIN { printf "%-34s %10.1f %14.0f %12.0f\n", "PySpark local[2] (whole run)", s, r / s, k / 1024 }'
awk -v r="$rows" -v s="$ps_checks" 'BEGIN { printf "%-34s %10.1f %14.0f %12s\n", "PySpark local[2] (checks only)", s, r / s, "" }'
awk -v a="$mg_s" -v b="$ps_s" -v c="$ps_checks" 'BEGIN { printf "\nspeed-up: %.2fx over the whole PySpark run, %.2fx over its checks alone\n", b / a, c / a }'
