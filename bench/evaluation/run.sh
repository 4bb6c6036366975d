#!/usr/bin/env bash
# evaluate-model's computation against the usual Python way, in the same run:
#   - the scoring job (modelgate_score.py: both models through mlflow.pyfunc.spark_udf, local[2])
#     on a 1,000,000-row evaluation set, timed apart: it writes the 1M scored table;
#   - ModelGate's computation on the scored tables of 1M and 10M rows: the table read with Delta
#     Kernel, six binary metrics of both models (roc_auc, average_precision, log_loss, brier,
#     accuracy, f1) on all rows and on the groups of three slice columns (18 groups), 1,000 paired
#     bootstrap resamples — wall time, CPU time over wall time (2.0 = both cores busy), peak memory
#     (largest resident set, sampled every 0.2 s);
#   - the peer: scikit-learn's metrics in a numpy bootstrap loop (bench/evaluation/python_peer.py),
#     the same metrics, groups and Poisson weights; its time per resample is measured on a few
#     resamples and multiplied by 1,000 (each resample costs the same).
# Floors (issue 17): >= 10x the peer at 1M, < 10 s at 1M, < 1 GB peak at 10M, both cores used.
# The data are generated once and cached under ~/.cache/modelgate/bench/evaluation.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/evaluation"
jar="$root/shared-core/target/modelgate.jar"
classes="$root/shared-core/target/test-classes"
[ -f "$jar" ] && [ -f "$classes/io/modelgate/evaluation/EvaluationBenchmark.class" ] \
  || (cd "$root" && mvn -q -B -ntp -pl shared-core -am package -DskipTests)
venv="$("$root/scripts/setup-python.sh")"
jars="$("$root/scripts/spark-jars.sh")"
data="${MODELGATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelgate}/bench/evaluation"
if [ ! -f "$data/.complete" ]; then
  echo "writing the benchmark data with Spark into $data (first run only)" >&2
  rm -rf "$data" && mkdir -p "$data"
  "$venv/bin/python" "$here/generate.py" "$data" "$jars" 2>/dev/null
  touch "$data/.complete"
fi
resamples="${RESAMPLES:-1000}"
peer_resamples="${PEER_RESAMPLES:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

. "$root/bench/lib/measure.sh"
measure_ok() { # as measure, but a failing command stops the benchmark with its error
  local line; line="$(measure "$@")"
  expect_rc "$1" 0
  echo "$line"
}

echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(java -version 2>&1 | head -1)"
echo "load: $(uptime | sed 's/.*load average: //')"

spark_home="$(echo "$venv"/lib/python3*/site-packages/pyspark)"
scoring="$(measure_ok scoring env SPARK_HOME="$spark_home" PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python" \
  "$spark_home/bin/spark-submit" --master "local[2]" --driver-memory 2g --conf spark.ui.enabled=false \
  "$root/shared-core/src/main/resources/io/modelgate/evaluation/modelgate_score.py" \
  --table "$data/evaluation_1m" --version 0 --output "$work/scored_1m" --task binary --label label \
  --carry country --carry segment --carry device --candidate "$data/models/candidate" --baseline "$data/models/champion" \
  --metadata '{"modelgate_evaluation":{"bench":true}}')"

run_modelgate() { # table: ModelGate's computation in its own JVM, heap bounded as a CI runner would set it
  java -Xmx${MODELGATE_HEAP:-700m} -cp "$jar:$classes" io.modelgate.evaluation.EvaluationBenchmark "$1" "$resamples"
}
mg1="$(measure_ok modelgate_1m run_modelgate "$work/scored_1m")"
mg10="$(measure_ok modelgate_10m run_modelgate "$data/scored_10m")"
py1="$(measure_ok peer_1m "$venv/bin/python" "$here/python_peer.py" "$work/scored_1m" "$peer_resamples")"
py10="$(measure_ok peer_10m "$venv/bin/python" "$here/python_peer.py" "$data/scored_10m" 1)"

field() { tr ' ' '\n' < "$1" | grep -A1 -x "$2" | tail -1; }
echo
echo "ModelGate 1M:  $(cat "$work/modelgate_1m.out")"
echo "ModelGate 10M: $(cat "$work/modelgate_10m.out")"
echo "peer 1M:       $(cat "$work/peer_1m.out")"
echo "peer 10M:      $(cat "$work/peer_10m.out")"
echo
printf '%-58s %10s %10s %10s\n' "run" "seconds" "peak MB" "CPU/wall"
read -r _ s kb <<< "$scoring"
awk -v s="$s" -v k="$kb" 'BEGIN { printf "%-58s %10.1f %10.0f %10s\n", "scoring job, 1M rows, both models (Spark local[2], apart)", s, k / 1024, "" }'
for size in 1m 10m; do
  line="mg1"; [ "$size" = 10m ] && line="mg10"
  read -r _ s kb <<< "${!line}"
  out="$work/modelgate_$size.out"
  awk -v s="$s" -v k="$kb" -v r="$(field "$out" read)" -v c="$(field "$out" compute)" -v cpu="$(field "$out" cpu_per_wall_compute)" -v n="$size" \
    'BEGIN { printf "%-58s %10.1f %10.0f %10.2f\n", "ModelGate " n ": whole process", s, k / 1024, cpu;
             printf "%-58s %10.1f %10s %10s\n", "  reading the scored table (Kernel)", r, "", "";
             printf "%-58s %10.1f %10s %10s\n", "  metrics + bootstrap", c, "", "" }'
done
for size in 1m 10m; do
  out="$work/peer_$size.out"
  line="py1"; [ "$size" = 10m ] && line="py10"
  read -r _ s kb <<< "${!line}"
  awk -v r="$(field "$out" read)" -v p="$(field "$out" point)" -v per="$(field "$out" per_resample)" -v b="$resamples" -v k="$kb" -v n="$size" \
    'BEGIN { printf "%-58s %10.1f %10.0f %10s\n", "peer " n ": read + point + " b " x " per " s/resample (est.)", r + p + b * per, k / 1024, "" }'
done
awk -v mg="$(field "$work/modelgate_1m.out" read)" -v mc="$(field "$work/modelgate_1m.out" compute)" \
    -v r="$(field "$work/peer_1m.out" read)" -v p="$(field "$work/peer_1m.out" point)" -v per="$(field "$work/peer_1m.out" per_resample)" -v b="$resamples" \
    'BEGIN { printf "\nspeed-up at 1M (reading and computing, each side): %.0fx\n", (r + p + b * per) / (mg + mc) }'
