#!/usr/bin/env bash
# promote-model and rollback-model on a model with 2,000 registered versions on a local MLflow
# server (sqlite): median wall time of the whole `java -jar modelgate.jar` command against the
# same registry writes scripted with mlflow.MlflowClient, in the same run. Target: under 1 s,
# faster than the Python script; REST calls per promotion are reported.
#   bench/registry/run.sh [VERSIONS] [RUNS]       (defaults 2000 and 11)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
versions="${1:-2000}"
runs="${2:-11}"
venv="$("$root/scripts/setup-python.sh")"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -ntp -pl shared-core -am package -DskipTests)
work="$(mktemp -d)"
trap 'stop_mlflow_server; rm -rf "$work"' EXIT
. "$root/scripts/lib/mlflow-server.sh"
start_mlflow_server "$venv" "$work"
start=$(date +%s)
MLFLOW_DISABLE_TELEMETRY=true "$venv/bin/python" "$root/scripts/seed_model.py" --model bench --count "$versions" --fast >/dev/null 2>"$work/seed.log"
echo "seeded $versions versions of model bench in $(( $(date +%s) - start )) s"
mkdir -p "$work/project"
cat >"$work/project/modelgate.yaml" <<YAML
project: bench
mlflow: { tracking_uri: "$MLFLOW_TRACKING_URI" }
models:
  bench: { registry: aliases }
YAML
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), mlflow $("$venv/bin/mlflow" --version | awk '{print $3}')"
MLFLOW_DISABLE_TELEMETRY=true "$venv/bin/python" "$root/bench/registry/bench.py" "$jar" "$work/project" bench "$versions" "$runs"
