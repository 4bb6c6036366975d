#!/usr/bin/env bash
# The webhook receiver's acknowledgement path: signed deliveries (as MLflow 3.17 signs them) verified,
# journaled durably and answered 200. ModelGate's receiver with the SQLite journal (WAL, synchronous=FULL)
# and with PostgreSQL (synchronous_commit on), against a Python peer written the usual way (Flask under
# gunicorn, the same HMAC check, the same SQLite insert with fsync) in the same run.
#   burst: COUNT deliveries from 32 concurrent senders, acknowledged per second (floor: 3x the peer)
#   paced: 200 deliveries/s for SECONDS, p50/p99 acknowledgement latency (floor: p99 under 50 ms)
#   bench/webhooks/run.sh [COUNT] [SECONDS] [WARMUP]       (defaults 2000, 10 and 12000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/webhooks"
count="${1:-2000}"
seconds="${2:-10}"
warmup="${3:-12000}"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -ntp -pl shared-core -am package -DskipTests)

# The peer's packages, in a venv of their own keyed by the requirements' hash.
cache="${MODELGATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modelgate}"
peer_venv="$cache/bench-webhooks-$(sha256sum "$here/requirements.txt" | cut -c1-16)"
if [ ! -f "$peer_venv/.complete" ]; then
  rm -rf "$peer_venv" && python3 -m venv "$peer_venv"
  "$peer_venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
  touch "$peer_venv/.complete"
fi

work="$(mktemp -d)"
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$work/pg/data/postmaster.pid" ] && kill -INT "$(head -1 "$work/pg/data/postmaster.pid")" 2>/dev/null && sleep 2
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Waits until something listens on port $1; $2 is the log to show when nothing does.
await_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  echo "nothing listens on port $1; log:" >&2; tail -20 "$2" >&2; exit 3
}
export WEBHOOK_SECRET="bench-secret-$RANDOM$RANDOM"

# PostgreSQL from the distribution's package; it refuses to run as root, so under root it runs as postgres.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg=(); [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
mkdir -p "$work/pg" && [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
pg_port="$(free_port)"
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg/data" -A trust -U modelgate -E UTF8 >"$work/initdb.log" 2>&1
"${as_pg[@]}" "$pg_bin/postgres" -D "$work/pg/data" -p "$pg_port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$work/pg" >"$work/postgres.log" 2>&1 &
pids+=($!)
await_port "$pg_port" "$work/postgres.log"

# One receiver: warmed up (JIT, connections), then the burst and the paced run. Prints a table row.
measure() {
  local name="$1" journal="$2" url="$3" out burst paced
  out="$(java -cp "$jar" "$here/LoadGenerator.java" "$url" "$WEBHOOK_SECRET" "$count" 32 200 "$seconds" "$warmup")"
  burst="$(grep '^burst' <<<"$out")"
  paced="$(grep '^paced' <<<"$out")"
  local rate p50 p99 refused
  rate="$(sed -E 's/.*per_second=([0-9.]+).*/\1/' <<<"$burst")"
  refused="$(sed -E 's/.*refused=([0-9]+).*/\1/' <<<"$burst")/$(sed -E 's/.*refused=([0-9]+).*/\1/' <<<"$paced")"
  p50="$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$paced")"
  p99="$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$paced")"
  printf '| %-34s | %-26s | %12s | %9s | %9s | %7s |\n' "$name" "$journal" "$rate" "$p50" "$p99" "$refused"
  echo "$rate" >"$work/rate-$4"
}

# Starts `modelgate webhooks serve` with this journal; sets url.
serve_modelgate() {
  local dir="$work/$1" journal="$2" port
  port="$(free_port)"
  mkdir -p "$dir"
  cat >"$dir/modelgate.yaml" <<YAML
project: bench
webhooks:
  receiver:
    listen: "127.0.0.1:$port"
    secret_env: WEBHOOK_SECRET
    rate_limit: 100000
    journal: $journal
YAML
  (cd "$dir" && exec java -jar "$jar" webhooks serve >"$dir/serve.log" 2>&1) &
  pids+=($!)
  await_port "$port" "$dir/serve.log"
  url="http://127.0.0.1:$port/webhooks/mlflow"
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(python3 --version), load: $(uptime | sed 's/.*load average: //')"
echo "deliveries: $count per burst from 32 senders; paced: 200/s for $seconds s; every receiver first warmed up with $warmup deliveries (the JIT settles after about that many on a busy machine)"
printf '| %-34s | %-26s | %12s | %9s | %9s | %7s |\n' "receiver" "journal (durable before 200)" "burst ack/s" "p50 ms" "p99 ms" "refused"
printf '| %-34s | %-26s | %12s | %9s | %9s | %7s |\n' "---" "---" "---:" "---:" "---:" "---:"

serve_modelgate sqlite '{ sqlite: webhooks.db }'
measure "modelgate webhooks serve" "SQLite, synchronous=FULL" "$url" modelgate-sqlite
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

serve_modelgate postgres "{ postgres_url: \"jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=modelgate\" }"
measure "modelgate webhooks serve" "PostgreSQL, fsync on" "$url" modelgate-postgres
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# The peer: gunicorn's recommended 2 x cores + 1 workers, threaded so 32 senders are served at once.
peer_port="$(free_port)"
workers=$(( 2 * $(nproc) + 1 ))
(cd "$here" && PEER_DB="$work/peer.db" exec "$peer_venv/bin/gunicorn" --workers "$workers" --worker-class gthread --threads 8 \
  --bind "127.0.0.1:$peer_port" --log-level warning peer:app >"$work/peer.log" 2>&1) &
pids+=($!)
await_port "$peer_port" "$work/peer.log"
measure "Python peer (Flask, gunicorn ${workers}x8)" "SQLite, synchronous=FULL" "http://127.0.0.1:$peer_port/webhooks/mlflow" peer

ratio="$(python3 -c "print(f'{$(cat "$work/rate-modelgate-sqlite") / $(cat "$work/rate-peer"):.1f}')")"
echo "throughput at equal durability (SQLite, fsync on): modelgate / Python peer = ${ratio}x (floor: 3x)"
