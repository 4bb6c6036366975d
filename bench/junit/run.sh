#!/usr/bin/env bash
# Aggregating JUnit XML: 500 report files holding 50,000 test cases, 2% failing, read by the
# unit-tests step into its result (result.json, result.md, junit-unit-tests.xml), against
# Python's junitparser doing the same aggregation (totals, failures, Markdown, one merged
# JUnit XML) on the same files, in the same run. Median wall time of RUNS runs (default 5) and
# the highest peak RSS. Floor for modelgate: faster than junitparser in the same run, under 256 MB.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/junit"
runs="${RUNS:-5}"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -pl shared-core -am package -DskipTests)
venv="$("$root/scripts/setup-python.sh")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/generate.py" "$work/project" 500 50000 0.02
python3 "$here/generate.py" "$work/small" 1 100 0.02   # the fixed cost: JVM, config, one command
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "data: $(ls "$work/project/reports" | wc -l) files, $(du -sh "$work/project/reports" | cut -f1), $runs runs each"

# Runs a command RUNS times; prints "median_wall_s max_rss_mb exit_code median_cpu_s".
# CPU time (user + sys) is reported too: on a shared machine it varies less than wall time.
measure() {
  local walls=() cpus=() rss=0 code=0
  for _ in $(seq 1 "$runs"); do
    local stats="$work/time.txt" start end
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      set +e; /usr/bin/time -f '%M %U %S' -o "$stats" "$@" >/dev/null 2>&1; code=$?; set -e
      local kb user sys; read -r kb user sys < <(tail -1 "$stats")
      cpus+=("$(echo "$user + $sys" | bc)")
    else
      set +e; "$@" >/dev/null 2>&1; code=$?; set -e
      local kb; kb=$(grep VmHWM /proc/self/status | awk '{print $2}')
      cpus+=("0")
    fi
    end=$(date +%s.%N)
    walls+=("$(echo "$end - $start" | bc)")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  local median cpu
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%.3f %d %d %.2f\n' "$median" $((rss / 1024)) "$code" "$cpu"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# As both front ends start the step (the actions' run line, the Jenkins library's ModelgateStep): the
# catalogue's JVM options for unit-tests, and the step's class-data archive, recorded by its first
# real run and mapped by every later one.
step_jvm_options="$(java -jar "$jar" catalogue | "$venv/bin/python" -c 'import json, sys
print(" ".join(next(s for s in json.load(sys.stdin)["steps"] if s["name"] == "unit-tests")["jvm_options"]))')"
archive="$work/modelgate.unit-tests.jsa"
# shellcheck disable=SC2086 # the flags are words
java $step_jvm_options -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" unit-tests \
  --config "$work/project/modelgate.yaml" --output-dir "$work/mg-out" >/dev/null 2>&1 || true
read -r mg_wall mg_rss mg_code mg_cpu < <(measure java -jar "$jar" unit-tests --config "$work/project/modelgate.yaml" --output-dir "$work/mg-out")
# shellcheck disable=SC2086 # the flags are words
read -r fe_wall fe_rss fe_code fe_cpu < <(measure java $step_jvm_options -XX:SharedArchiveFile="$archive" -Xshare:auto -jar "$jar" unit-tests --config "$work/project/modelgate.yaml" --output-dir "$work/mg-out")
read -r sm_wall sm_rss sm_code sm_cpu < <(measure java -jar "$jar" unit-tests --config "$work/small/modelgate.yaml" --output-dir "$work/sm-out")
read -r jp_wall jp_rss jp_code jp_cpu < <(measure "$venv/bin/python" "$here/junitparser_aggregate.py" "$work/project/reports" "$work/jp-out")
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

mg_cases=$(grep -o '"total" : "[0-9]*"' "$work/mg-out/result.json" | grep -o '[0-9]*')
mg_failed=$(grep -o '"failed" : "[0-9]*"' "$work/mg-out/result.json" | grep -o '[0-9]*')
jp_line=$("$venv/bin/python" "$here/junitparser_aggregate.py" "$work/project/reports" "$work/jp-out")
jp_version=$("$venv/bin/python" -c 'import junitparser; print(junitparser.version)')
row() { printf '%-52s  %8s  %7s  %12s  %5s  %s\n' "$@"; }
row "tool" "wall s" "cpu s" "peak RSS MB" "exit" "read"
row "modelgate unit-tests: java -jar" "$mg_wall" "$mg_cpu" "$mg_rss" "$mg_code" "$mg_cases tests, $mg_failed failed"
row "modelgate unit-tests: as the front ends start it" "$fe_wall" "$fe_cpu" "$fe_rss" "$fe_code" "same"
row "modelgate, 1 report of 100 cases: java -jar" "$sm_wall" "$sm_cpu" "$sm_rss" "$sm_code" "fixed cost"
row "junitparser $jp_version (python), same aggregation" "$jp_wall" "$jp_cpu" "$jp_rss" "$jp_code" "$jp_line"
echo "as the front ends start it: java $step_jvm_options, the step's class-data archive"
met() { [ "$(echo "$1 < $jp_wall && $2 < 256" | bc)" = 1 ] && echo met || echo MISSED; }
echo "floor (issue 21) faster than junitparser, under 256 MB: java -jar $(met "$mg_wall" "$mg_rss"); as the front ends start it $(met "$fe_wall" "$fe_rss")"
echo "(exit 1 is the verdict: 1,000 failed tests fail the gate)"
