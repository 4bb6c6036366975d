#!/usr/bin/env bash
# Overhead of `modelgate spark-submit` over a bare `spark-submit` of the same trivial local
# PySpark job (spark.range(1000).count() on local[1]), median of 5 runs each after one warm-up,
# in the same run. Target: overhead under 10% or under 1 s, whichever is larger.
# Then the same job through `modelgate spark-submit` on a local Spark Connect server (SPARK_REMOTE,
# the server started once before the runs). Floor: at least 5x less wall time than classic.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -pl shared-core -am package -DskipTests)
venv="$("$root/scripts/setup-python.sh")"
export SPARK_HOME="$venv/lib/python3.11/site-packages/pyspark"
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
work="$(mktemp -d)"
trap '"$root/scripts/spark-connect.sh" stop "$work/connect"; rm -rf "$work"' EXIT
remote="$("$root/scripts/spark-connect.sh" start "$work/connect")"
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
# The three commands alternate (A B C A B C ...) so that the machine's load, which varies on a shared
# CI agent, falls on both alike; the first run of each only warms the caches.
python3 - "$work" "$SPARK_HOME/bin/spark-submit --master local[1] --name trivial trivial.py" \
  "java -jar $jar spark-submit --job trivial --output-dir $work/out" \
  "SPARK_REMOTE=$remote java -jar $jar spark-submit --job trivial --output-dir $work/out-connect" <<'PY'
import statistics, subprocess, sys, time
work, bare, modelgate, connect = sys.argv[1:]
labels = {"bare spark-submit": bare, "java -jar modelgate.jar spark-submit --job trivial": modelgate,
          "same, over Spark Connect (SPARK_REMOTE)": connect}
def run(command):
    start = time.perf_counter()
    done = subprocess.run(command, shell=True, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode != 0:
        sys.exit(f"{command!r} exited {done.returncode}")
    return time.perf_counter() - start
for command in labels.values():
    run(command)
times = {label: [] for label in labels}
for _ in range(5):
    for label, command in labels.items():
        times[label].append(run(command))
width = max(map(len, labels))
print(f"{'command':<{width}}  {'median s':>8}  {'min s':>6}  {'max s':>6}")
for label, values in times.items():
    print(f"{label:<{width}}  {statistics.median(values):8.3f}  {min(values):6.3f}  {max(values):6.3f}")
bare_median, modelgate_median, connect_median = (statistics.median(v) for v in times.values())
overhead = modelgate_median - bare_median
allowed = max(0.10 * bare_median, 1.0)
print(f"overhead: {overhead:.3f} s ({100 * overhead / bare_median:.1f}%), allowed {allowed:.3f} s: {'ok' if overhead <= allowed else 'OVER TARGET'}")
speedup = modelgate_median / connect_median
print(f"Spark Connect: {speedup:.1f}x less wall time per job than classic submission, floor 5x: {'met' if speedup >= 5 else 'MISSED'}")
PY
