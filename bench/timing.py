"""Runs shell commands repeatedly and prints a table of median and spread of wall time.

Usage: python3 bench/timing.py RUNS LABEL=COMMAND [LABEL=COMMAND ...]
Each command runs once to warm the file cache, then RUNS times; the exit code must be the
same every time (a benchmark of a failing command would measure nothing).
"""
import statistics
import subprocess
import sys
import time


def measure(command, runs):
    first = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if done.returncode != first.returncode:
            sys.exit(f"{command!r} exited {done.returncode}, then {first.returncode}: not repeatable")
    return first.returncode, times


def main():
    runs = int(sys.argv[1])
    rows = []
    for spec in sys.argv[2:]:
        label, command = spec.split("=", 1)
        code, times = measure(command, runs)
        rows.append((label, statistics.median(times), min(times), max(times), code))
    width = max(len(r[0]) for r in rows)
    print(f"{'command':<{width}}  {'median s':>8}  {'min s':>6}  {'max s':>6}  exit")
    for label, median, low, high, code in rows:
        print(f"{label:<{width}}  {median:8.3f}  {low:6.3f}  {high:6.3f}  {code:>4}")


if __name__ == "__main__":
    main()
