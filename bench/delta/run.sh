#!/usr/bin/env bash
# check-data against the same eight checks in Polars (lazy Delta scan), DuckDB (SQL over the
# snapshot's Parquet files) and PySpark (local[2]), on the same Delta table written by Spark, in the
# same run; ModelGate on 2 cores and on 1 (taskset), so the run shows what the second core buys.
# Checks: completeness of amount, ranges of amount and score, uniqueness of id, PSI of f1..f4
# against a 1-million-row reference (ModelGate also runs KS on f1..f4, which the peers do not).
# Reports wall time, rows/s and peak memory (max RSS of the process tree) per run.
# Floors: ModelGate >= 1.7x faster on 2 cores than on 1, <= 1.5x Polars' time, <= 2x DuckDB's,
# < 1 GB peak at 100M rows.
#
# usage: bench/delta/run.sh [--large]   (--large: also the 100-million-row table, generated once, ~5 GB;
#                                        PySpark runs at 10M only: at 100M it takes over 15 minutes here)
# The tables are generated once by generate.py and cached under ~/.cache/modelgate/bench/delta;
# the peers live in their own venv (requirements-peers.txt), built once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/delta"
large=false
[ "${1:-}" = "--large" ] && large=true
jar="${MODELGATE_JAR:-$root/shared-core/target/modelgate.jar}"
[ -f "$jar" ] || (cd "$root" && mvn -q -pl shared-core -am package -DskipTests)
venv="$("$root/scripts/setup-python.sh")"
jars="$("$root/scripts/spark-jars.sh")"
cache="${MODELGATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelgate}/bench"
data="$cache/delta"
peers="$cache/peers-$(sha256sum "$here/requirements-peers.txt" | cut -c1-16)"
if [ ! -f "$peers/.complete" ]; then
  echo "installing the peers (Polars, DuckDB) into $peers (first run only)" >&2
  rm -rf "$peers" && python3 -m venv "$peers"
  "$peers/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements-peers.txt" >&2
  touch "$peers/.complete"
fi
if [ ! -f "$data/.complete" ]; then
  echo "writing the benchmark tables with Spark into $data (first run only)" >&2
  mkdir -p "$data"
  "$venv/bin/python" "$here/generate.py" "$data" "$jars" 2>/dev/null
  touch "$data/.complete"
fi
if $large && [ ! -f "$data/.complete-100m" ]; then
  echo "writing the 100-million-row table with Spark into $data (first --large run only)" >&2
  "$venv/bin/python" "$here/generate.py" "$data" "$jars" --large 2>/dev/null
  touch "$data/.complete-100m"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

. "$root/bench/lib/measure.sh"

row() { # title rows "label seconds kb"
  local title="$1" rows="$2"; read -r _ s kb <<< "$3"
  awk -v t="$title" -v r="$rows" -v s="$s" -v k="$kb" 'BEGIN { printf "%-40s %9.1f %13.0f %9.0f\n", t, s, r / s, k / 1024 }'
}

run_size() { # table rows label pyspark: the table current (10M) or current-100m; pyspark: true to run it too
  local table="$1" rows="$2" label="$3" with_pyspark="$4"
  cat > "$work/modelgate.yaml" <<YAML
project: bench
tables:
  current:
    path: $data/$table
    completeness: { amount: 0.99 }
    ranges: { amount: { min: 0, max: 1000 }, score: { min: 0, max: 1 } }
    unique_keys: [[id]]
    drift: { reference: { path: $data/reference }, columns: [f1, f2, f3, f4] }
YAML
  local mg2 mg1 pl dk ps
  mg2="$(measure "mg2-$table" java -Xmx768m -jar "$jar" check-data --config "$work/modelgate.yaml" --table current --output-dir "$work/out" --quiet)"
  mg1="$(measure "mg1-$table" taskset -c 0 java -Xmx768m -jar "$jar" check-data --config "$work/modelgate.yaml" --table current --output-dir "$work/out1" --quiet)"
  pl="$(measure "polars-$table" "$peers/bin/python" "$here/polars_checks.py" "$data/$table" "$data/reference")"
  dk="$(measure "duckdb-$table" "$peers/bin/python" "$here/duckdb_checks.py" "$data/$table" "$data/reference")"
  # A crashed run is not a figure: check-data may exit 1 (a check failed: KS flags f1), the peers only 0.
  expect_rc "mg2-$table" 0 1; expect_rc "mg1-$table" 0 1; expect_rc "polars-$table" 0; expect_rc "duckdb-$table" 0
  ps="pyspark-$table 0 0"
  if $with_pyspark; then
    ps="$(measure "pyspark-$table" "$venv/bin/python" "$here/pyspark_checks.py" "$data/$table" "$data/reference" "$jars")"
    expect_rc "pyspark-$table" 0
  else
    echo "PySpark: not run at this size (over 15 minutes here); the 10M run has it" > "$work/pyspark-$table.out"
  fi
  echo
  echo "verdicts on $label (ModelGate | Polars | DuckDB | PySpark):"
  paste -d'|' <(grep -E "^(completeness|range|unique|drift psi)" "$work/mg2-$table.out" | awk '{print $1" "$2" "$NF}') \
              <(grep -E ": (ok|FAILED)$" "$work/polars-$table.out" | awk '{print " "$NF" "}') \
              <(grep -E ": (ok|FAILED)$" "$work/duckdb-$table.out" | awk '{print " "$NF" "}') \
              <(grep -E ": (ok|FAILED)$" "$work/pyspark-$table.out" | awk '{print " "$NF}') | sed 's/^/  /'
  echo
  printf '%-40s %9s %13s %9s\n' "run ($label x 8 columns)" "seconds" "rows/s" "peak MB"
  row "modelgate check-data, 2 cores" "$rows" "$mg2"
  row "modelgate check-data, 1 core (taskset)" "$rows" "$mg1"
  row "Polars 2 threads (whole process)" "$rows" "$pl"
  row "DuckDB 2 threads (whole process)" "$rows" "$dk"
  $with_pyspark && row "PySpark local[2] (whole process)" "$rows" "$ps"
  local s2 s1 sp sd
  read -r _ s2 _ <<< "$mg2"; read -r _ s1 _ <<< "$mg1"; read -r _ sp _ <<< "$pl"; read -r _ sd _ <<< "$dk"
  awk -v a="$s2" -v b="$s1" -v p="$sp" -v d="$sd" 'BEGIN {
    printf "\n2 cores vs 1: %.2fx (floor 1.7x); ModelGate / Polars: %.2fx (floor <= 1.5x); ModelGate / DuckDB: %.2fx (floor <= 2x)\n", b / a, a / p, a / d }'
  echo "checks alone (seconds, process start excluded): Polars $(grep '^seconds' "$work/polars-$table.out" | cut -d' ' -f2)," \
       "DuckDB $(grep '^seconds' "$work/duckdb-$table.out" | cut -d' ' -f2), PySpark $(grep '^seconds' "$work/pyspark-$table.out" | cut -d' ' -f2 || echo 'not run')"
}

echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(java -version 2>&1 | head -1); load: $(uptime | sed 's/.*load average: //')"
run_size current 10000000 "10M rows" true
if $large; then
  run_size current-100m 100000000 "100M rows" false
fi
echo "load after: $(uptime | sed 's/.*load average: //')"
