#!/usr/bin/env bash
# The main job: an end-to-end run of ModelGate on one machine. Sets up the pinned Python
# venv (MLflow, PySpark) and the build, starts a local MLflow server, and drives the
# fraud-detection sample project through the suite's steps. Everything it starts, it stops.
#   scripts/demo.sh            (work files go to build/demo, kept for inspection)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/build/demo"
project="$root/test-projects/fraud-detection"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Setting up the Python venv (MLflow, PySpark) and building modelgate"
venv="$("$root/scripts/setup-python.sh")"
(cd "$root" && mvn -q -B -ntp -pl shared-core -am package -DskipTests)
jar="$root/shared-core/target/modelgate.jar"
rm -rf "$work" && mkdir -p "$work"
# One class-data archive makes every later start of the jar faster (see docs/benchmarks/startup.md).
java -XX:ArchiveClassesAtExit="$work/modelgate.jsa" -jar "$jar" --version >/dev/null 2>&1 || true
modelgate() { (cd "$project" && java -XX:SharedArchiveFile="$work/modelgate.jsa" -Xshare:auto -jar "$jar" "$@"); }

say "Starting a local MLflow server"
port="$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export MLFLOW_TRACKING_URI="http://127.0.0.1:$port"
MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
  "$venv/bin/mlflow" server --backend-store-uri "sqlite:///$work/mlflow.db" --serve-artifacts \
  --artifacts-destination "$work/artifacts" --host 127.0.0.1 --port "$port" --workers 1 \
  >"$work/mlflow-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; pkill -P $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "$MLFLOW_TRACKING_URI/health" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { echo "mlflow server died; see $work/mlflow-server.log" >&2; exit 3; }
  sleep 0.5
done
echo "MLflow at $MLFLOW_TRACKING_URI (log: $work/mlflow-server.log)"

say "Checking the project's modelgate.yaml"
modelgate config validate

say "Training version 1 of fraud-detector and registering it (the project's training job does this)"
"$venv/bin/python" "$root/scripts/seed_model.py" --model fraud-detector --tracking-uri "$MLFLOW_TRACKING_URI" | tee "$work/v1.json"

say "Done. Reports are under $work/out"
