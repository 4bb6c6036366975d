#!/usr/bin/env bash
# Runs the test suite on a fresh machine: sets up the pinned Python test bed (MLflow, Spark),
# then builds every module and runs all tests, end-to-end ones included.
#   scripts/test.sh          all tests
#   scripts/test.sh --fast   only the fast tests (no @Tag("e2e"): no servers, no Spark)
# Extra arguments go to Maven, e.g. scripts/test.sh -pl shared-core -Dtest=ConfigFileTest
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
args=()
if [ "${1:-}" = "--fast" ]; then
  shift
  args+=(-DexcludedGroups=e2e)
else
  "$root/scripts/setup-python.sh" >/dev/null
  "$root/scripts/spark-jars.sh" >/dev/null   # the Delta jars PySpark writes the check-data fixtures with
fi
exec mvn -B -ntp "${args[@]}" "$@" verify
