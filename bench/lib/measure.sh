# Sourced by the benchmarks that compare peak memory with a peer's (bench/delta, bench/evaluation).
# Needs $work, a scratch folder: each run's stdout, stderr and exit code land there.

tree_rss_kb() { # pid: resident memory of the process and all its descendants (a PySpark JVM is a child)
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3 }
    END { for (p in rss) { q = p; while (q != "" && q != 0 && q != root) q = parent[q]; if (q == root) total += rss[p] } print total + 0 }'
}

measure() { # label, command...: prints "label seconds peak_rss_kb", sampling the tree's RSS every 0.2 s;
            # the command's exit code goes to $work/label.rc (a gate's exit 1 is a result, not a failure)
  local label="$1"; shift
  local start peak=0 now rc=0
  start="$(date +%s.%N)"
  "$@" > "$work/$label.out" 2> "$work/$label.err" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now="$(tree_rss_kb "$pid")"
    [ "$now" -gt "$peak" ] && peak="$now"
    sleep 0.2
  done
  wait "$pid" || rc=$?
  echo "$rc" > "$work/$label.rc"
  echo "$label $(echo "$(date +%s.%N) - $start" | bc) $peak"
}

expect_rc() { # label, allowed exit codes...: stops the benchmark with the run's error when it exited otherwise
  local label="$1" rc; shift
  rc="$(cat "$work/$label.rc")"
  for ok in "$@"; do [ "$rc" = "$ok" ] && return 0; done
  echo "$label exited $rc:" >&2; tail -20 "$work/$label.err" >&2; exit 1
}
