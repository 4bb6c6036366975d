# Sourced by the demo and the benchmarks: starts a real MLflow server (sqlite, proxied artifacts)
# on a free loopback port, exports MLFLOW_TRACKING_URI, waits for /health, and stops the
# server when the calling script exits (a caller with its own EXIT trap calls stop_mlflow_server in it).
#   start_mlflow_server VENV WORKDIR
start_mlflow_server() {
  local venv="$1" work="$2" port
  port="$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  export MLFLOW_TRACKING_URI="http://127.0.0.1:$port"
  MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
    "$venv/bin/mlflow" server --backend-store-uri "sqlite:///$work/mlflow.db" --serve-artifacts \
    --artifacts-destination "$work/artifacts" --host 127.0.0.1 --port "$port" --workers 1 \
    >"$work/mlflow-server.log" 2>&1 &
  MLFLOW_SERVER_PID=$!
  [ -n "$(trap -p EXIT)" ] || trap stop_mlflow_server EXIT
  for _ in $(seq 1 240); do
    curl -fs "$MLFLOW_TRACKING_URI/health" >/dev/null 2>&1 && return 0
    kill -0 "$MLFLOW_SERVER_PID" 2>/dev/null || { echo "mlflow server died; see $work/mlflow-server.log" >&2; exit 3; }
    sleep 0.5
  done
  echo "mlflow server did not answer $MLFLOW_TRACKING_URI/health within 120 s; see $work/mlflow-server.log" >&2
  exit 3
}

stop_mlflow_server() {
  [ -n "${MLFLOW_SERVER_PID:-}" ] || return 0
  pkill -P "$MLFLOW_SERVER_PID" 2>/dev/null
  kill "$MLFLOW_SERVER_PID" 2>/dev/null
  wait "$MLFLOW_SERVER_PID" 2>/dev/null || true
}
