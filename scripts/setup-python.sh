#!/usr/bin/env bash
# Creates (once) the pinned Python venv of the test bed and prints its path.
# The venv lives in a cache folder keyed by the hash of scripts/requirements.txt, so a
# fresh clone on the same machine reuses it instead of downloading MLflow and Spark again.
# Idempotent: a complete venv is detected by its marker file and returned at once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
req="$here/requirements.txt"
key="$(sha256sum "$req" | cut -c1-16)"
cache="${MODELGATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelgate}"
venv="$cache/venv-$key"
if [ ! -f "$venv/.complete" ]; then
  echo "setting up the Python test bed in $venv (first run only): MLflow, PySpark, Delta, scikit-learn, pytest (scripts/requirements.txt)" >&2
  started=$SECONDS
  rm -rf "$venv"
  mkdir -p "$cache"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
  touch "$venv/.complete"
  echo "the Python test bed was set up in $((SECONDS - started)) s" >&2
fi
# Delta built into this venv's Spark, as on Databricks or a cluster image: a project's PySpark jobs
# then read and write Delta with no machine-specific jars: in their modelgate.yaml and nothing to
# download at run time (spark.jars.packages). Copied only when missing (a second run changes nothing),
# through a temporary name so a concurrent Spark never sees half a jar.
jars_dir="$(echo "$venv"/lib/python3*/site-packages/pyspark/jars)"
for jar in $("$here/spark-jars.sh" | tr , ' '); do
  name="$(basename "$jar")"
  [ -f "$jars_dir/$name" ] || { cp "$jar" "$jars_dir/.$name.tmp" && mv "$jars_dir/.$name.tmp" "$jars_dir/$name"; }
done
echo "$venv"
