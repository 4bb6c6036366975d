#!/usr/bin/env bash
# Overhead of `modelgate spark-submit` over a bare `spark-submit` of the same trivial local
# PySpark job (spark.range(1000).count() on local[1]), median of 5 runs each after one warm-up,
# in the same run. Target: overhead under 10% or under 1 s, whichever is larger.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -pl shared-core -am package -DskipTests)
venv="$("$root/scripts/setup-python.sh")"
export SPARK_HOME="$venv/lib/python3.11/site-packages/pyspark"
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/trivial.py" <<'PY'
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
print("count", spark.range(1000).count())
spark.stop()
PY
cat > "$work/modelgate.yaml" <<YAML
project: bench
jobs:
  trivial: { app: trivial.py, master: "local[1]" }
YAML
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), pyspark $("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"
python3 "$root/bench/timing.py" 5 \
  "bare spark-submit=cd $work && $SPARK_HOME/bin/spark-submit --master local[1] --name trivial trivial.py" \
  "java -jar modelgate.jar spark-submit --job trivial=cd $work && java -jar $jar spark-submit --job trivial --output-dir $work/out"
