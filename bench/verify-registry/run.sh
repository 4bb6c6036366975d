#!/usr/bin/env bash
# verify-registry on MODELS governed models of VERSIONS versions each (default 50 x 200) on a local
# MLflow server (sqlite) with a Delta audit table of their promotions, some champions then moved by a
# plain client call: median wall time and REST calls of the whole `java -jar modelgate.jar` command
# against the same check written with MlflowClient (and deltalake) in Python, in the same run.
# Floor (issue 24): at least 3x faster; REST calls linear in models, not in versions.
#   bench/verify-registry/run.sh [MODELS] [VERSIONS] [RUNS]       (defaults 50, 200 and 7)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
models="${1:-50}"
versions="${2:-200}"
runs="${3:-7}"
venv="$("$root/scripts/setup-python.sh")"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -ntp -pl shared-core -am package -DskipTests)
work="$(mktemp -d)"
trap 'stop_mlflow_server; rm -rf "$work"' EXIT
. "$root/scripts/lib/mlflow-server.sh"
start_mlflow_server "$venv" "$work"
export MLFLOW_DISABLE_TELEMETRY=true
start=$(date +%s)
seed_failed() { tail -20 "$work/seed.log" >&2; exit 3; }
"$venv/bin/python" "$root/scripts/seed_model.py" --model template --count 1 --fast >/dev/null 2>"$work/seed.log" || seed_failed
# The hash of the benchmark's thresholds (none) as modelgate computes it, so the seeded records pass its check.
thresholds_hash="$(printf 'System.out.println(io.modelgate.registry.ValidationRecord.thresholdsHash(new io.modelgate.config.ValidationConfig(null, null, null, null, null, null, null, null)));\n/exit\n' \
  | jshell -q --class-path "$jar" - 2>/dev/null | tr -d '[:space:]')"
"$venv/bin/python" "$root/bench/verify-registry/seed.py" gov "$models" "$versions" template "$thresholds_hash" 2>>"$work/seed.log" || seed_failed
echo "seeded $models models x $versions versions in $(( $(date +%s) - start )) s"

mkdir -p "$work/project"
{
  echo "project: bench"
  echo "mlflow: { tracking_uri: \"$MLFLOW_TRACKING_URI\" }"
  echo "audit: { delta_table: audit }"
  echo "environments:"
  echo "  prod: { branches: [main] }"
  echo "models:"
  for m in $(seq 0 $(( models - 1 ))); do
    printf '  gov-%03d: { promotion: { prod: { targets: [champion], require_validation: true } } }\n' "$m"
  done
} >"$work/project/modelgate.yaml"
start=$(date +%s)
for m in $(seq 0 $(( models - 1 ))); do
  name="$(printf 'gov-%03d' "$m")"
  java -XX:TieredStopAtLevel=1 -jar "$jar" promote-model --env prod --model "$name" --version "$versions" --to champion \
    --config "$work/project/modelgate.yaml" --output-dir "$work/project/build" >/dev/null
done
echo "promoted $models champions through modelgate (audited) in $(( $(date +%s) - start )) s"
# A tenth of the champions moved by a plain client call, as someone with EDIT could in the UI.
"$venv/bin/python" - "$models" "$versions" <<'PY'
import sys
from mlflow import MlflowClient
models, versions = int(sys.argv[1]), int(sys.argv[2])
for m in range(0, models, 10):
    MlflowClient().set_registered_model_alias(f"gov-{m:03d}", "champion", str(versions - 1))
PY
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), mlflow $("$venv/bin/mlflow" --version | awk '{print $3}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$venv/bin/python" "$root/bench/verify-registry/bench.py" "$jar" "$work/project" "$work/project/audit" "$thresholds_hash" gov "$models" "$runs"
