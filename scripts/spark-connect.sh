#!/usr/bin/env bash
# A local Spark Connect server with Delta, for the demo and the tests: one Spark JVM that every
# PySpark job then uses as a client (docs/spark.md, "Spark Connect"), instead of a JVM start per job.
#   scripts/spark-connect.sh start WORKDIR   starts it on free loopback ports, waits until it answers,
#                                            prints its address (sc://127.0.0.1:PORT); the address,
#                                            the server's log, pid and UI address go to WORKDIR
#   scripts/spark-connect.sh stop WORKDIR    stops it and everything it started
# The server runs the venv's pyspark (with the Delta jars scripts/setup-python.sh puts there) and its
# python for Python UDFs, with Delta's SQL extension and catalog, as a Databricks cluster has them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command="${1:?usage: spark-connect.sh start|stop WORKDIR}"
work="$(mkdir -p "${2:?usage: spark-connect.sh start|stop WORKDIR}" && cd "$2" && pwd)"

case "$command" in
  stop)
    [ -f "$work/spark-connect.pid" ] || exit 0
    pid="$(cat "$work/spark-connect.pid")"
    kill -- "-$pid" 2>/dev/null || true   # its own process group: the JVM and its Python workers
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 -- "-$pid" 2>/dev/null || true
    rm -f "$work/spark-connect.pid" "$work/spark-connect.url"
    ;;
  start)
    "$0" stop "$work"   # a server left by a killed run in the same folder would be orphaned otherwise
    venv="$("$here/setup-python.sh")"
    spark_home="$(echo "$venv"/lib/python3*/site-packages/pyspark)"
    free_port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
    port="$(free_port)"
    ui_port="$(free_port)"
    # setsid: a process group of its own, so that stop ends the Python workers with the JVM.
    SPARK_HOME="$spark_home" PYSPARK_PYTHON="$venv/bin/python" SPARK_LOCAL_IP=127.0.0.1 \
      setsid "$spark_home/bin/spark-submit" --class org.apache.spark.sql.connect.service.SparkConnectServer \
      --name "Spark Connect server" --master "local[2]" --driver-memory 2g \
      --conf spark.connect.grpc.binding.address=127.0.0.1 --conf spark.connect.grpc.binding.port="$port" \
      --conf spark.ui.port="$ui_port" --conf spark.port.maxRetries=0 \
      --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
      --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
      >"$work/spark-connect.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$work/spark-connect.pid"
    echo "http://127.0.0.1:$ui_port" >"$work/spark-connect.ui"
    for _ in $(seq 1 600); do
      if grep -q "Spark Connect server started" "$work/spark-connect.log" 2>/dev/null; then
        echo "sc://127.0.0.1:$port" | tee "$work/spark-connect.url"
        exit 0
      fi
      kill -0 "$pid" 2>/dev/null || { echo "the Spark Connect server died; see $work/spark-connect.log" >&2; exit 3; }
      sleep 0.2
    done
    echo "the Spark Connect server did not start within 120 s; see $work/spark-connect.log" >&2
    "$0" stop "$work"
    exit 3
    ;;
  *) echo "usage: spark-connect.sh start|stop WORKDIR" >&2; exit 2 ;;
esac
