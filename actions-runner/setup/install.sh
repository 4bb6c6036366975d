#!/usr/bin/env bash
# Installs the runner jar for the ModelGate step actions and exports MODELGATE_ACTIONS_JAR.
# Release builds: download modelgate-actions.jar from the release of the action's own tag
# ($GITHUB_ACTION_REPOSITORY @ $GITHUB_ACTION_REF), verify it against the SHA-256 committed on that
# tag next to this script, cache it in the runner's tool cache, and create a class-data archive
# so that every step starts fast. MODELGATE_LOCAL_JAR skips the download (ModelGate's own CI).
# At a branch or commit (no checksum file) the jar is built from the action's own checkout, once
# per commit and runner: it is kept in the tool cache in a folder keyed by the commit.
#   install.sh            install and export the jar
#   install.sh --locate   only write the from-source cache folder and key to GITHUB_OUTPUT
#                         (nothing when a release or local jar is used), for the action's cache step
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sums="$here/modelgate-actions.jar.sha256"
cache="${RUNNER_TOOL_CACHE:-$HOME/.cache}/modelgate"

# The commit of the action's checkout: the ref itself when the action is used at a full SHA, else
# HEAD of a git checkout. The runner downloads actions as archives without .git, so at a branch the
# key falls back to a SHA-256 of what the build reads.
source_key() {
  local root="$here/../.."
  if [[ "${GITHUB_ACTION_REF:-}" =~ ^[0-9a-f]{40}$ ]]; then
    echo "$GITHUB_ACTION_REF"
  elif git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$root" rev-parse HEAD
  else
    (cd "$root" && find pom.xml shared-core/pom.xml shared-core/src/main actions-runner/pom.xml actions-runner/src/main \
      -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  fi
}

if [ "${1:-}" = --locate ]; then
  if [ -z "${MODELGATE_LOCAL_JAR:-}" ] && [ ! -f "$sums" ]; then
    key="$(source_key)"
    { echo "key=$key"; echo "dir=$cache/source-$key"; } >> "$GITHUB_OUTPUT"
  fi
  exit 0
fi

if [ -n "${MODELGATE_LOCAL_JAR:-}" ]; then
  jar="$(cd "$(dirname "$MODELGATE_LOCAL_JAR")" && pwd)/$(basename "$MODELGATE_LOCAL_JAR")"
  [ -f "$jar" ] || { echo "::error title=ModelGate setup::jar input: no file at $MODELGATE_LOCAL_JAR"; exit 2; }
elif [ -f "$sums" ]; then
  repo="${GITHUB_ACTION_REPOSITORY:?GITHUB_ACTION_REPOSITORY is not set}"
  tag="${GITHUB_ACTION_REF:?GITHUB_ACTION_REF is not set}"
  dir="$cache/$(cut -c1-16 "$sums")"
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
else
  root="$(cd "$here/../.." && pwd)"
  key="$(source_key)"
  ref="${GITHUB_ACTION_REPOSITORY:-ModelGate}@${GITHUB_ACTION_REF:-$key}"
  dir="$cache/source-$key"
  jar="$dir/modelgate-actions.jar"
  if [ ! -f "$jar" ]; then
    echo "::notice title=ModelGate setup::no release checksum at $ref: building modelgate-actions.jar from source (slower than a release tag such as @v1; kept in $dir for later jobs)"
    if ! "$root/scripts/build-actions-jar.sh" || [ ! -f "$root/actions-runner/target/modelgate-actions.jar" ]; then
      echo "::error title=ModelGate setup::building modelgate-actions.jar from source at $ref failed (it needs Maven and Maven Central; see the log above); use a release tag such as @v1 or pass the jar input"
      exit 3
    fi
    mkdir -p "$dir"
    # Copy, then rename: a job running alongside on the same runner never sees half a jar.
    cp "$root/actions-runner/target/modelgate-actions.jar" "$dir/modelgate-actions.jar.$$"
    mv "$dir/modelgate-actions.jar.$$" "$jar"
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
