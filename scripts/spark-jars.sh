#!/usr/bin/env bash
# Resolves (once) the Delta Lake jars that PySpark needs to write and read Delta tables, into a
# cache folder, and prints a comma-separated list for spark.jars. Maven does the download, so
# no Spark session ever resolves packages at test time. delta-spark 4.4.1 (scripts/requirements.txt)
# is a Python-only release: its JVM side is the 4.4.0 jars, the same release as Delta Kernel here.
set -euo pipefail
version="${DELTA_JARS_VERSION:-4.4.0}"
cache="${MODELGATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelgate}/spark-jars-$version"
if [ ! -f "$cache/.complete" ]; then
  echo "resolving the Delta jars for Spark into $cache (first run only)" >&2
  started=$SECONDS
  mkdir -p "$cache"
  # Since Delta 4.1 the Spark artifact names the Spark minor version, as configure_spark_with_delta_pip does.
  spark="${SPARK_MINOR_VERSION:-4.2}"
  for artifact in "io.delta:delta-spark_${spark}_2.13:$version" "io.delta:delta-storage:$version"; do
    mvn -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$cache" >&2
  done
  touch "$cache/.complete"
  echo "the Delta jars were resolved in $((SECONDS - started)) s" >&2
fi
ls "$cache"/*.jar | paste -sd, -
