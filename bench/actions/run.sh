#!/usr/bin/env bash
# Overhead of the GitHub Actions runner: from `java -jar modelgate-actions.jar` starting to its
# outputs and job summary written, for a step that does no work (unit-tests on a project with no
# test command), median of 15 runs. Compared, in the same run, with the same step through the
# command line (modelgate.jar), and with the class-data archive the setup action creates.
# Publishing to GitHub is off (INPUT_PUBLISH=false): API latency is GitHub's, not the runner's.
# Target: under 0.6 s median.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runner="$root/actions-runner/target/modelgate-actions.jar"
cli="$root/shared-core/target/modelgate.jar"
if [ ! -f "$runner" ] || [ ! -f "$cli" ]; then
  (cd "$root" && mvn -q -pl actions-runner -am package -DskipTests)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'project: bench\n' > "$work/modelgate.yaml"
echo '{"ref":"refs/heads/main","after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"}' > "$work/event.json"
export GITHUB_ACTIONS=true GITHUB_WORKSPACE="$work" GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH="$work/event.json" \
  GITHUB_SHA=0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c GITHUB_REF_NAME=main GITHUB_REPOSITORY=octo-org/bench \
  GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" INPUT_PUBLISH=false
archive="$work/modelgate-actions.jsa"
# As actions-runner/setup/install.sh does: record the archive once with a step run.
(cd "$work" && java -XX:ArchiveClassesAtExit="$archive" -jar "$runner" unit-tests >/dev/null 2>&1) || true
fresh=": > $work/output; : > $work/summary; cd $work &&"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
python3 "$root/bench/timing.py" 15 \
  "command line: java -jar modelgate.jar unit-tests=$fresh java -jar $cli unit-tests" \
  "actions runner: java -jar modelgate-actions.jar unit-tests=$fresh java -jar $runner unit-tests" \
  "actions runner, class-data archive (setup action)=$fresh java -XX:SharedArchiveFile=$archive -jar $runner unit-tests"
# The runner really wrote its outputs and summary in the measured runs.
grep -q '^verdict<<ghadelimiter_' "$work/output" && grep -q 'unit-tests' "$work/summary" \
  || { echo "bench/actions: the runner wrote no outputs or summary" >&2; exit 1; }
