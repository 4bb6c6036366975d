#!/usr/bin/env bash
# The main job: an end-to-end run of ModelGate on one machine. Sets up the pinned Python
# venv (MLflow, PySpark with Delta) and the build, starts a local MLflow server, and drives the
# fraud-detection sample project through the suite's steps: its tests, then three weekly rounds of
# its real PySpark jobs (generate, featurize, train, inference, monitor) on local Delta tables,
# each new model version judged by the gate. The jobs run as clients of one local Spark Connect
# server (one Spark JVM for the whole demo). Everything it starts, it stops.
#   scripts/demo.sh            (work files go to build/demo, kept for inspection)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/build/demo"
project="$work/fraud-detection"
started=$SECONDS
say() { printf '\n\033[1m== %s\033[0m  (%ds)\n' "$*" "$((SECONDS - started))"; }

say "Setting up the Python venv (MLflow, PySpark with Delta) and building modelgate"
venv="$("$root/scripts/setup-python.sh")"
jar="$root/shared-core/target/modelgate.jar"
# A second run builds nothing: the jar is rebuilt only when a source or pom is newer than it.
if [ -f "$jar" ] && [ -z "$(find "$root/pom.xml" "$root/shared-core/pom.xml" "$root/shared-core/src/main" -newer "$jar" -print -quit)" ]; then
  echo "modelgate.jar is up to date"
else
  built=$SECONDS
  echo "building modelgate.jar (Maven; the first build on a machine downloads the dependencies)"
  (cd "$root" && mvn -q -B -ntp -pl shared-core -am package -DskipTests)
  echo "built in $((SECONDS - built)) s"
fi
rm -rf "$work" && mkdir -p "$work"
# A fresh copy of the project: its tables, reports and monitoring output go to its build/ folder
# there, and the repository stays clean.
tar -C "$root/test-projects" --exclude=build --exclude=__pycache__ --exclude=.pytest_cache -cf - fraud-detection \
  | tar -C "$work" -xf -
# The project's jobs and tests run on the venv's Spark and Python (docs/spark.md: SPARK_HOME).
SPARK_HOME="$(echo "$venv"/lib/python3*/site-packages/pyspark)"
[ -x "$SPARK_HOME/bin/spark-submit" ] || { echo "demo: no pyspark with bin/spark-submit in $venv" >&2; exit 1; }
export SPARK_HOME
export PATH="$venv/bin:$PATH"
# One class-data archive makes every later start of the jar faster (see docs/benchmarks/startup.md).
java -XX:ArchiveClassesAtExit="$work/modelgate.jsa" -jar "$jar" --version >/dev/null 2>&1 || true
modelgate() { (cd "$project" && java -XX:SharedArchiveFile="$work/modelgate.jsa" -Xshare:auto -jar "$jar" "$@"); }
# The exit code of a step that may fail the gate, without stopping the demo.
exit_of() { set +e; "$@"; local code=$?; set -e; return_code=$code; }

say "Starting a local MLflow server"
. "$root/scripts/lib/mlflow-server.sh"
start_mlflow_server "$venv" "$work"
echo "MLflow at $MLFLOW_TRACKING_URI (log: $work/mlflow-server.log)"

say "Starting a local Spark Connect server (with Delta): every job of the demo runs on it"
# SPARK_REMOTE, as for PySpark itself: the jobs' local masters in modelgate.yaml give way to the
# server, so each job is a Python client with no Spark start of its own (docs/spark.md).
trap 'stop_mlflow_server; "$root/scripts/spark-connect.sh" stop "$work"' EXIT
SPARK_REMOTE="$("$root/scripts/spark-connect.sh" start "$work")"
export SPARK_REMOTE
echo "Spark Connect at $SPARK_REMOTE (log: $work/spark-connect.log, UI: $(cat "$work/spark-connect.ui"))"
rest() { curl -fs "$MLFLOW_TRACKING_URI/api/2.0/mlflow/$1"; }
alias_version() {  # the version an alias of fraud-detector points to, or "none"
  rest "registered-models/get?name=fraud-detector" | python -c '
import json, sys
aliases = {a["alias"]: a["version"] for a in json.load(sys.stdin)["registered_model"].get("aliases", [])}
print(aliases.get(sys.argv[1], "none"))' "$1"
}
expect() { [ "$2" = "$3" ] || { echo "demo: expected $1 to be $3, got $2" >&2; exit 1; }; }

say "Checking the project's modelgate.yaml"
modelgate config validate

say "Unit tests (pytest: data, features, model, drift; no Spark, no services)"
modelgate unit-tests --env dev --fail-on-empty --output-dir "$work/out/unit-tests"

say "Integration tests: the five jobs on small data (environment it: own tables, model fraud-detector-it), then pytest on what they wrote"
modelgate integration-tests --env it --fail-on-empty --output-dir "$work/out/integration-tests"

# The weekly retraining of the reference architecture, in the dev environment of the project.
# Each round runs the same jobs with the same arguments: generate appends the next week.
job() { modelgate spark-submit --env dev --job "$1" --output-dir "$work/out/week$week-$1"; }
gate() {  # the candidate and the champion scored on the frozen holdout, then the gate on that evaluation
  modelgate evaluate-model --env dev --model fraud-detector --candidate latest --output-dir "$work/out/week$week-evaluate-model"
  exit_of modelgate validate-model --env dev --model fraud-detector --candidate latest --promote-on-pass champion \
    --output-dir "$work/out/week$week-validate-model"
}
round() {
  week="$1"
  job generate
  job featurize
  job train
  modelgate check-data --env dev --table features --output-dir "$work/out/week$week-check-features"
  gate
}
score() {  # batch inference with the champion, then monitoring; $1: the decision expected, keep or retrain
  job inference
  modelgate check-data --env dev --table predictions --output-dir "$work/out/week$week-check-predictions"
  job monitor
  cp "$project/build/monitoring/summary.json" "$work/out/week$week-monitor/summary.json"
  # As the monitoring-retraining templates do: check-data on the predictions' windows fails on "retrain".
  exit_of modelgate check-data --env dev --table predictions-drift --output-dir "$work/out/week$week-check-decision"
  case "$return_code" in
    0) expect "the retrain decision after week $week" keep "$1" ;;
    1) expect "the retrain decision after week $week" retrain "$1" ;;
    *) echo "demo: check-data could not read the retrain decision (exit $return_code)" >&2; exit 1 ;;
  esac
}

say "Week 1: the first model, judged on absolute thresholds alone, promoted to champion"
round 1
expect "the gate's exit for version 1" "$return_code" 0
expect "the champion" "$(alias_version champion)" 1
score keep      # week 1 is the reference window: nothing to compare yet

say "Week 2: trained on weeks 1-2, better on every gated metric's point estimate; promoted, version 1 kept as previous champion"
round 2
expect "the gate's exit for version 2" "$return_code" 0
expect "the champion" "$(alias_version champion)" 2
expect "the previous champion" "$(alias_version previous-champion)" 1
echo "its roc_auc gain is within the noise of 2,000 rows: the same gate with confidence: 0.95 rejects it (docs/evaluation.md)"
score keep      # amounts drift: week 2 violates the PSI threshold, but 2 of the last 3 windows must

say "Week 3: a labeling incident flipped labels; the model trained on weeks 1-3 is worse, the gate blocks it (exit 1)"
round 3
expect "the gate's exit for version 3" "$return_code" 1
expect "the champion" "$(alias_version champion)" 2
echo "the gate blocked version 3 (exit $return_code); version 2 stays champion and scores week 3"
score retrain   # weeks 2 and 3 both drifted: retrain

say "Registry state"
rest "registered-models/get?name=fraud-detector" | python -c '
import json, sys
model = json.load(sys.stdin)["registered_model"]
for alias in sorted(model.get("aliases", []), key=lambda a: a["alias"]):
    print("  alias %-20s -> version %s" % (alias["alias"], alias["version"]))
'
rest "model-versions/search?filter=name%3D%27fraud-detector%27" | python -c '
import json, sys
for v in sorted(json.load(sys.stdin)["model_versions"], key=lambda v: int(v["version"])):
    tags = {t["key"]: t["value"] for t in v.get("tags", [])}
    print("  version %s: validation %s" % (v["version"], tags.get("modelgate.validation.status", "-")))
'

say "The model's report: every version, its validation and each gated metric across versions (Markdown and HTML)"
modelgate report --env dev --model fraud-detector --output-dir "$work/out/report"
echo "open $work/out/report/model-report.html"

say "Done in $((SECONDS - started)) s: champion is version 2, version 3 blocked, monitoring asks for a retrain. Reports (Markdown, JSON, JUnit XML, audit, driver logs) are under $work/out"
ls "$work/out"
