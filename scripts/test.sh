#!/usr/bin/env bash
# Runs the test suite on a fresh machine: sets up the pinned Python test bed (MLflow, Spark),
# then builds every module and runs all tests, end-to-end ones included.
#   scripts/test.sh          all tests, with one Spark Connect server (scripts/spark-connect.sh) that
#                            the end-to-end tests share, stopped at the end
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
  connect="$root/build/spark-connect"
  trap '"$root/scripts/spark-connect.sh" stop "$connect"' EXIT
  "$root/scripts/spark-connect.sh" start "$connect" >/dev/null
  export MODELGATE_TEST_SPARK_CONNECT="$connect"
fi
mvn -B -ntp "${args[@]}" "$@" verify
