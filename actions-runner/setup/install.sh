#!/usr/bin/env bash
# Installs the runner jar for the ModelGate step actions and exports MODELGATE_ACTIONS_JAR.
# Release builds: download modelgate-actions.jar from the release of the action's own tag
# ($GITHUB_ACTION_REPOSITORY @ $GITHUB_ACTION_REF), verify it against the SHA-256 committed on that
# tag next to this script, cache it in the runner's tool cache, and create a class-data archive
# so that every step starts fast. MODELGATE_LOCAL_JAR skips the download (ModelGate's own CI).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -n "${MODELGATE_LOCAL_JAR:-}" ]; then
  jar="$(cd "$(dirname "$MODELGATE_LOCAL_JAR")" && pwd)/$(basename "$MODELGATE_LOCAL_JAR")"
  [ -f "$jar" ] || { echo "::error title=ModelGate setup::jar input: no file at $MODELGATE_LOCAL_JAR"; exit 2; }
else
  sums="$here/modelgate-actions.jar.sha256"
  if [ ! -f "$sums" ]; then
    echo "::error title=ModelGate setup::no modelgate-actions.jar.sha256 next to the setup action: use a release tag (e.g. @v1), not a branch, or pass the jar input"
    exit 2
  fi
  repo="${GITHUB_ACTION_REPOSITORY:?GITHUB_ACTION_REPOSITORY is not set}"
  tag="${GITHUB_ACTION_REF:?GITHUB_ACTION_REF is not set}"
  dir="${RUNNER_TOOL_CACHE:-$HOME/.cache}/modelgate/$(cut -c1-16 "$sums")"
  jar="$dir/modelgate-actions.jar"
  if [ ! -f "$jar" ]; then
    mkdir -p "$dir"
    gh release download "$tag" --repo "$repo" --pattern modelgate-actions.jar --dir "$dir" --clobber
  fi
  expected="$(cut -d' ' -f1 "$sums")"
  actual="$(sha256sum "$jar" | cut -d' ' -f1)"
  if [ "$expected" != "$actual" ]; then
    rm -f "$jar"
    echo "::error title=ModelGate setup::modelgate-actions.jar of $repo@$tag has SHA-256 $actual, expected $expected"
    exit 3
  fi
fi
# A class-data archive of the classes a step loads roughly halves every later step's start-up:
# record it once with a step run that publishes nothing (its result does not matter here).
archive="${jar%.jar}.jsa"
if [ ! -f "$archive" ]; then
  tmp="$(mktemp -d)"
  printf 'project: setup\n' > "$tmp/modelgate.yaml"
  (cd "$tmp" && GITHUB_OUTPUT="$tmp/out" GITHUB_STEP_SUMMARY="$tmp/summary" GITHUB_WORKSPACE="$tmp" INPUT_PUBLISH=false \
    java -XX:ArchiveClassesAtExit="$archive" -jar "$jar" unit-tests >/dev/null 2>&1) || true
  rm -rf "$tmp"
fi
{
  echo "MODELGATE_ACTIONS_JAR=$jar"
  if [ -f "$archive" ]; then echo "MODELGATE_JAVA_OPTIONS=-XX:SharedArchiveFile=$archive"; fi
} >> "$GITHUB_ENV"
echo "jar=$jar" >> "$GITHUB_OUTPUT"
