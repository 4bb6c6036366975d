#!/usr/bin/env bash
# check-model end to end on a local MLflow server and a small scikit-learn model: median wall time of
# `java -jar modelgate.jar check-model` (signature against the champion, load and score in the
# model's own environment, budgets, the evidence tags written) against a Python script doing the same
# checks by hand with MLflow's API (validate_serving_input, load_model and predict timing) in the
# same environment, in the same run. The first run, which builds the model's environment, is timed
# apart. Floor: check-model's overhead over the Python peer under 1 s.
#   bench/check-model/run.sh [RUNS]        (default 7)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-7}"
venv="$("$root/scripts/setup-python.sh")"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -ntp -pl shared-core -am package -DskipTests)
work="$(mktemp -d)"
trap 'stop_mlflow_server; rm -rf "$work"' EXIT
. "$root/scripts/lib/mlflow-server.sh"
start_mlflow_server "$venv" "$work"
"$venv/bin/python" "$root/scripts/seed_model.py" --model bench --variant= --variant= >/dev/null 2>>"$work/seed.log"
curl -fs -X POST -H 'Content-Type: application/json' "$MLFLOW_TRACKING_URI/api/2.0/mlflow/registered-models/alias" \
  -d '{"name": "bench", "alias": "champion", "version": "1"}' >/dev/null
mkdir -p "$work/project"
cat >"$work/project/modelgate.yaml" <<YAML
project: bench
mlflow: { tracking_uri: "$MLFLOW_TRACKING_URI" }
models:
  bench:
    contract:
      budgets: { max_load_seconds: 60, max_p95_ms: { batch: 1000, online: 1000 }, max_model_mb: 10, max_memory_mb: 4000 }
YAML
# A cache of its own, so the first run builds the model's environment (pip's own cache of wheels still applies).
export MODELGATE_CACHE="$work/cache"
check="java -jar $jar check-model --model bench --candidate 2 --output-dir $work/out"
cd "$work/project"
started=$(date +%s%N)
$check >"$work/first.log" 2>&1 || { cat "$work/first.log"; exit 1; }
first_ms=$(( ($(date +%s%N) - started) / 1000000 ))
python="$(ls "$MODELGATE_CACHE"/model-envs/*/bin/python | head -1)"
archive="$work/modelgate.jsa"
java -XX:ArchiveClassesAtExit="$archive" -jar "$jar" check-model --model bench --candidate 2 --output-dir "$work/out" >/dev/null 2>&1 || true
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), mlflow $("$venv/bin/mlflow" --version | awk '{print $3}'), load: $(uptime | sed 's/.*load average: //')"
echo "first run (builds the model environment): $((first_ms / 1000)).$(printf %03d $((first_ms % 1000))) s"
python3 "$root/bench/timing.py" "$runs" \
  "java -jar modelgate.jar check-model=$check" \
  "same, with class-data archive=java -XX:SharedArchiveFile=$archive -XX:TieredStopAtLevel=1 -jar $jar check-model --model bench --candidate 2 --output-dir $work/out" \
  "python: MLflow API by hand=$python $root/bench/check-model/mlflow_check.py bench 2 1 $work"
echo "load after: $(uptime | sed 's/.*load average: //')"
