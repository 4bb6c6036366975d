#!/usr/bin/env bash
# Builds a ModelGate release's files from this checkout (see docs/github-actions.md, "How the jar
# reaches a release"):
#   scripts/release.sh [--stamp] VERSION [OUT_DIR]
# VERSION is vMAJOR.MINOR.PATCH. OUT_DIR (default build/release/VERSION) receives modelgate.jar (the
# command line and Jenkins jar), modelgate-actions.jar (the GitHub Actions runner jar) and SHA256SUMS.
# --stamp also writes actions-runner/setup/modelgate-actions.jar.sha256, the checksum the setup
# action checks the downloaded jar against; the release-actions workflow commits it on the tag only.
# MODELGATE_SKIP_BUILD=1 takes the jars already in the target folders (e.g. built by `mvn verify`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: release.sh [--stamp] VERSION [OUT_DIR]"
stamp=false
args=()
for arg in "$@"; do
  case "$arg" in
    --stamp) stamp=true ;;
    -*) echo "release.sh: unknown option $arg; $usage" >&2; exit 2 ;;
    *) args+=("$arg") ;;
  esac
done
if [ "${#args[@]}" -lt 1 ] || [ "${#args[@]}" -gt 2 ]; then echo "$usage" >&2; exit 2; fi
version="${args[0]}"
[[ "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "release.sh: VERSION must look like v1.2.0, got '$version'" >&2; exit 2; }
out="${args[1]:-$root/build/release/$version}"

if [ "${MODELGATE_SKIP_BUILD:-}" != 1 ]; then
  "$root/scripts/build-actions-jar.sh"
fi
for jar in shared-core/target/modelgate.jar actions-runner/target/modelgate-actions.jar; do
  [ -f "$root/$jar" ] || { echo "release.sh: no $jar: build it first or leave MODELGATE_SKIP_BUILD unset" >&2; exit 1; }
done
mkdir -p "$out"
cp "$root/shared-core/target/modelgate.jar" "$root/actions-runner/target/modelgate-actions.jar" "$out/"
# Names relative to OUT_DIR, so that `sha256sum -c SHA256SUMS` works in a folder of the downloads.
(cd "$out" && sha256sum modelgate.jar modelgate-actions.jar > SHA256SUMS)
if [ "$stamp" = true ]; then
  # install.sh reads the first field (cut -d' ' -f1) of "<sha256>  modelgate-actions.jar".
  grep ' modelgate-actions\.jar$' "$out/SHA256SUMS" > "$root/actions-runner/setup/modelgate-actions.jar.sha256"
fi
echo "release.sh: $version in $out"
cat "$out/SHA256SUMS"
