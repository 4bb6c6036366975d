#!/usr/bin/env bash
# Lints the actions (actions-runner/*/action.yml), the repository's workflows and the pipeline
# templates (pipeline-templates/github/*.yml) with actionlint,
# installed once from the Go module registry into a cache directory. CI calls this script.
#   scripts/actionlint.sh            lint everything
#   scripts/actionlint.sh FILE...    lint the given workflow files
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="v1.7.12"
cache="${MODELGATE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelgate-tools}/actionlint-$version"
if [ ! -x "$cache/actionlint" ]; then
  command -v go >/dev/null || { echo "actionlint.sh: Go is needed to install actionlint $version" >&2; exit 2; }
  mkdir -p "$cache"
  GOBIN="$cache" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
cd "$root"
if [ "$#" -gt 0 ]; then
  exec "$cache/actionlint" "$@"
fi
# actionlint reads workflows; an action's metadata it checks through a workflow that uses it, so
# lint a generated workflow that calls every local action with all of its inputs.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/.github/workflows"
cp -r actions-runner "$tmp/actions-runner"
rm -rf "$tmp/actions-runner/target" "$tmp/actions-runner/src"
git init -q "$tmp" # actionlint finds local actions relative to the repository root
{
  echo "name: actions-smoke"
  echo "on: pull_request"
  echo "permissions: { contents: read, checks: write, statuses: write, pull-requests: write }"
  echo "jobs:"
  echo "  all:"
  echo "    runs-on: ubuntu-latest"
  echo "    steps:"
  echo "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"
  echo "      - uses: ./actions-runner/setup"
  for action in actions-runner/*/action.yml; do
    step="$(basename "$(dirname "$action")")"
    [ "$step" = setup ] && continue
    echo "      - id: ${step//-/_}"
    echo "        uses: ./actions-runner/$step"
    echo "        with:"
    awk '/^inputs:/{on=1;next} /^[a-z]/{on=0} on && /^  [a-z][a-z0-9-]*:$/{sub(":","");print "          "$1": x"}' "$action"
    echo "      - run: echo \"\${{ steps.${step//-/_}.outputs.verdict }}\""
  done
} > "$tmp/.github/workflows/actions-smoke.yml"
(cd "$tmp" && "$cache/actionlint" -shellcheck= -pyflakes= .github/workflows/actions-smoke.yml)
shopt -s nullglob
files=(.github/workflows/*.y*ml)
if [ "${#files[@]}" -gt 0 ]; then
  "$cache/actionlint" -shellcheck= -pyflakes= "${files[@]}"
fi
# The pipeline templates as a project installs them, in .github/workflows/ of a repository of their
# own: there a local reusable workflow call (./.github/workflows/x.yml) is checked against the file.
templates=(pipeline-templates/github/*.y*ml)
if [ "${#templates[@]}" -gt 0 ]; then
  mkdir -p "$tmp/templates/.github/workflows"
  cp "${templates[@]}" "$tmp/templates/.github/workflows/"
  git init -q "$tmp/templates"
  (cd "$tmp/templates" && "$cache/actionlint" -shellcheck= -pyflakes= .github/workflows/*.y*ml) \
    | sed 's#^\.github/workflows/#pipeline-templates/github/#'
fi
echo "actionlint $version: $(ls -d actions-runner/*/action.yml | wc -l) actions, ${#files[@]} workflow file(s) and ${#templates[@]} pipeline template(s) clean"
