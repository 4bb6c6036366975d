"""Times verify-registry against the same check written with MlflowClient, alternating, same server.

Usage: python bench.py JAR PROJECT_DIR AUDIT_TABLE THRESHOLDS_HASH PREFIX MODELS RUNS
All must find the same violations, by model and kind (the champions moved by hand); the table gives
the median and minimum wall time of each whole command and its REST calls.
"""
import json
import os
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))


def timed(command, cwd, ok=(0,)):
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return elapsed, done


def kind(violation):
    """modelgate's violation text as the peer names its kinds."""
    if violation.startswith("moved outside ModelGate") or violation.startswith("no audited move"):
        return "moved outside ModelGate"
    if violation.endswith("is not held, but the last audited move") or " is not held, " in violation:
        return "not held"
    return "validation"


def main():
    jar, project, audit, thresholds_hash = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    prefix, models, runs = sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
    names = [f"{prefix}-{m:03d}" for m in range(models)]
    catalogue = json.loads(subprocess.run(["java", "-jar", jar, "catalogue"], capture_output=True, text=True, check=True).stdout)
    options = next(s for s in catalogue["steps"] if s["name"] == "verify-registry")["jvm_options"]
    # As the front ends start a step: the catalogue's JVM options and the step's class-data archive, recorded by a first run.
    archive = os.path.join(project, "modelgate.verify-registry.jsa")
    quiet = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
    verify = ["verify-registry", "--env", "prod", "--format", "json"]
    timed(["java"] + options + [f"-XX:ArchiveClassesAtExit={archive}"] + quiet + ["-jar", jar] + verify, project, ok=(0, 1))
    commands = {
        "plain": ["java", "-jar", jar] + verify,
        "front-end": ["java"] + options + [f"-XX:SharedArchiveFile={archive}", "-Xshare:auto"] + quiet + ["-jar", jar] + verify,
        "python": [sys.executable, os.path.join(here, "mlflow_client_verify.py"), audit, thresholds_hash] + names,
    }
    times = {k: [] for k in commands}
    calls = {k: set() for k in commands}
    found = {k: set() for k in commands}
    for _ in range(runs):
        for key, command in commands.items():
            t, done = timed(command, project, ok=(0, 1))
            times[key].append(t)
            if key == "python":
                calls[key].add(done.stderr.strip().splitlines()[-1].split("=")[1])
                found[key].add(tuple(sorted((v[0], v[1]) for v in json.loads(done.stdout))))
            else:
                result = json.loads(done.stdout)
                calls[key].add(result["outputs"]["rest-calls"])
                rows = next((t["rows"] for t in result.get("tables", []) if t["title"] == "violations"), [])
                found[key].add(tuple(sorted((r[0], kind(r[3])) for r in rows)))
    if len({f for fs in found.values() for f in fs}) != 1:
        sys.exit(f"the commands disagree on the violations: {found}")
    labels = {
        "plain": "java -jar modelgate.jar verify-registry",
        "front-end": "as the front ends start it (catalogue options, class-data archive)",
        "python": "python + MlflowClient + deltalake, same check",
    }
    width = max(len(v) for v in labels.values())
    print(f"violations found by all three, by model and kind: {len(next(iter(found['python'])))}")
    print(f"{'command':<{width}}  {'median s':>8}  {'min s':>6}  {'max s':>6}  REST calls")
    for key, label in labels.items():
        t = times[key]
        print(f"{label:<{width}}  {statistics.median(t):8.3f}  {min(t):6.3f}  {max(t):6.3f}  {','.join(sorted(map(str, calls[key])))}")
    speedup = statistics.median(times["python"]) / statistics.median(times["front-end"])
    print(f"speed-up of the front-end way over the peer (medians): {speedup:.2f}x (floor 3x: {'met' if speedup >= 3 else 'missed'})")


if __name__ == "__main__":
    main()
