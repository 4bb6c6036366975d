#!/usr/bin/env bash
# validate-model end to end on a local MLflow server, a model with 20 metrics: median wall time
# of `java -jar modelgate.jar validate-model` against a Python script that reads the same runs
# and calls mlflow.validate_evaluation_results with the same thresholds, in the same run.
# Target: under 1 s and at least 2x faster than the Python script.
#   bench/validation/run.sh [RUNS]        (default 11)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-11}"
venv="$("$root/scripts/setup-python.sh")"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -ntp -pl shared-core -am package -DskipTests)
work="$(mktemp -d)"
trap 'stop_mlflow_server; rm -rf "$work"' EXIT
. "$root/scripts/lib/mlflow-server.sh"
start_mlflow_server "$venv" "$work"
seed() { "$venv/bin/python" "$root/scripts/seed_model.py" --model bench --extra-metrics 17 "$@" >/dev/null 2>>"$work/seed.log"; }
seed --metric roc_auc=0.85 --metric log_loss=0.40
seed --metric roc_auc=0.90 --metric log_loss=0.35
curl -fs -X POST -H 'Content-Type: application/json' "$MLFLOW_TRACKING_URI/api/2.0/mlflow/registered-models/alias" \
  -d '{"name": "bench", "alias": "champion", "version": "1"}' >/dev/null
mkdir -p "$work/project"
{
  printf 'project: bench\nmlflow: { tracking_uri: "%s" }\nmodels:\n  bench:\n    validation:\n      metrics:\n' "$MLFLOW_TRACKING_URI"
  for i in $(seq 0 16); do printf '        metric_%s: { greater_is_better: true, threshold: 0.0 }\n' "$i"; done
  printf '        roc_auc: { greater_is_better: true, threshold: 0.8, min_absolute_change: 0.001 }\n'
  printf '        log_loss: { greater_is_better: false, threshold: 0.45, min_relative_change: 0.01 }\n'
  printf '        accuracy: { greater_is_better: true, threshold: 0.5 }\n'
} >"$work/project/modelgate.yaml"
archive="$work/modelgate.jsa"
(cd "$work/project" && java -XX:ArchiveClassesAtExit="$archive" -jar "$jar" validate-model --model bench --candidate 2 >/dev/null 2>&1) || true
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), mlflow $("$venv/bin/mlflow" --version | awk '{print $3}')"
cd "$work/project"
python3 "$root/bench/timing.py" "$runs" \
  "java -jar modelgate.jar validate-model=java -jar $jar validate-model --model bench --candidate 2 --output-dir $work/out" \
  "same, with class-data archive=java -XX:SharedArchiveFile=$archive -XX:TieredStopAtLevel=1 -jar $jar validate-model --model bench --candidate 2 --output-dir $work/out" \
  "python: mlflow.validate_evaluation_results=$venv/bin/python $root/bench/validation/mlflow_validate.py bench 2 1 20"
