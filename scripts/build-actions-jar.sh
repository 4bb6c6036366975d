#!/usr/bin/env bash
# Builds the ModelGate jars from this checkout without running the tests:
# shared-core/target/modelgate.jar and actions-runner/target/modelgate-actions.jar.
# Used by scripts/release.sh and by the setup action at a branch or commit (no release jar there).
# Arguments go to Maven; Maven 3.9+ also adds MAVEN_ARGS itself (e.g. MAVEN_ARGS=-o to stay offline).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v mvn >/dev/null || { echo "build-actions-jar.sh: Maven (mvn) is needed on the PATH" >&2; exit 2; }
mvn -B -ntp -f "$root/pom.xml" -pl shared-core,actions-runner -am package -DskipTests "$@"
