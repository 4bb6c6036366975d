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
. "$root/scripts/lib/mlflow-server.sh"
start_mlflow_server "$venv" "$work"
echo "MLflow at $MLFLOW_TRACKING_URI (log: $work/mlflow-server.log)"

say "Checking the project's modelgate.yaml"
modelgate config validate

# The lifecycle of the reference architecture, in the dev environment of the sample project:
# each version is trained and registered by a training run, then judged by validate-model
# against the champion, and promoted to champion only when it passes.
step() { local name="$1"; shift; modelgate "$name" --env dev --output-dir "$work/out/$name-$version" "$@"; }
train() {
  version="$1"; shift
  "$venv/bin/python" "$root/scripts/seed_model.py" --model fraud-detector --tracking-uri "$MLFLOW_TRACKING_URI" "$@" 2>"$work/train-v$version.log" \
    | tee "$work/v$version.json"
}

say "Training version 1: the first model, judged on absolute thresholds alone, promoted to champion"
train 1 --metric roc_auc=0.86 --metric log_loss=0.40
step validate-model --model fraud-detector --candidate 1 --promote-on-pass champion

say "Training version 2: better on both metrics; it passes and becomes champion, version 1 is kept as previous champion"
train 2 --metric roc_auc=0.90 --metric log_loss=0.35
step validate-model --model fraud-detector --candidate 2 --promote-on-pass champion

say "Training version 3: worse; validation fails, the gate blocks (exit 1) and the champion stays"
train 3 --metric roc_auc=0.78 --metric log_loss=0.47
set +e
step validate-model --model fraud-detector --candidate 3 --promote-on-pass champion
gate=$?
set -e
[ "$gate" = 1 ] || { echo "expected the gate to block version 3 with exit 1, got $gate" >&2; exit 1; }
echo "the gate blocked version 3 (exit $gate)"

say "Registry state"
curl -fs "$MLFLOW_TRACKING_URI/api/2.0/mlflow/registered-models/get?name=fraud-detector" | "$venv/bin/python" -c '
import json, sys
model = json.load(sys.stdin)["registered_model"]
for alias in sorted(model.get("aliases", []), key=lambda a: a["alias"]):
    print("  alias %-20s -> version %s" % (alias["alias"], alias["version"]))
'
champion="$(curl -fs "$MLFLOW_TRACKING_URI/api/2.0/mlflow/registered-models/alias?name=fraud-detector&alias=champion" | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["model_version"]["version"])')"
[ "$champion" = 2 ] || { echo "expected version 2 to be champion, got $champion" >&2; exit 1; }

say "Done: champion is version 2. Reports (Markdown, JSON, JUnit XML, audit) are under $work/out"
ls "$work/out"
