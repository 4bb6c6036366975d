"""Times promote and rollback on one model: modelgate's command line against the peer script.

Usage: python bench.py JAR PROJECT_DIR MODEL VERSIONS RUNS
Each run is a real change: promote a version that is not champion, then roll it back; the
modelgate and MlflowClient runs alternate on the same model and server.
"""
import json
import os
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))


def timed(command, cwd):
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return elapsed, done


def main():
    jar, project, model, versions, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    # As the Jenkins library starts a step (ModelgateStep.groovy): the catalogue's JVM options for it (C1 alone),
    # and the step's class-data archive, recorded by its first real run on the agent, mapped by every later run.
    archive = os.path.join(project, "modelgate.promote-model.jsa")
    quiet = ["-XX:TieredStopAtLevel=1", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
    java = ["java", "-jar", jar]
    java_cds = ["java", f"-XX:SharedArchiveFile={archive}", "-Xshare:auto"] + quiet + ["-jar", jar]
    python = [sys.executable, os.path.join(here, "mlflow_client_promote.py")]
    timed(["java", f"-XX:ArchiveClassesAtExit={archive}"] + quiet + ["-jar", jar, "promote-model", "--model", model,
           "--version", str(versions), "--to", "champion"], project)
    times = {k: [] for k in ("mg-promote", "mg-rollback", "cds-promote", "cds-rollback", "py-promote", "py-rollback")}
    calls = {k: set() for k in times}
    for i in range(runs):
        t, done = timed(java + ["promote-model", "--model", model, "--version", str(versions - 1 - i), "--to", "champion", "--format", "json"], project)
        times["mg-promote"].append(t)
        calls["mg-promote"].add(json.loads(done.stdout)["outputs"]["rest-calls"])
        t, done = timed(java + ["rollback-model", "--model", model, "--format", "json"], project)
        times["mg-rollback"].append(t)
        calls["mg-rollback"].add(json.loads(done.stdout)["outputs"]["rest-calls"])
        t, done = timed(java_cds + ["promote-model", "--model", model, "--version", str(versions - 1 - runs - i), "--to", "champion", "--format", "json"], project)
        times["cds-promote"].append(t)
        calls["cds-promote"].add(json.loads(done.stdout)["outputs"]["rest-calls"])
        t, done = timed(java_cds + ["rollback-model", "--model", model, "--format", "json"], project)
        times["cds-rollback"].append(t)
        calls["cds-rollback"].add(json.loads(done.stdout)["outputs"]["rest-calls"])
        t, done = timed(python + ["promote", model, str(1 + i)], project)
        times["py-promote"].append(t)
        calls["py-promote"].add(done.stderr.strip().splitlines()[-1].split("=")[1])
        t, done = timed(python + ["rollback", model], project)
        times["py-rollback"].append(t)
        calls["py-rollback"].add(done.stderr.strip().splitlines()[-1].split("=")[1])
    labels = {
        "mg-promote": "java -jar modelgate.jar promote-model",
        "mg-rollback": "java -jar modelgate.jar rollback-model",
        "cds-promote": "as the front ends start it (C1, class-data archive): promote",
        "cds-rollback": "as the front ends start it (C1, class-data archive): rollback",
        "py-promote": "python + MlflowClient: promote",
        "py-rollback": "python + MlflowClient: rollback",
    }
    width = max(len(v) for v in labels.values())
    print(f"{'command':<{width}}  {'median s':>8}  {'min s':>6}  {'max s':>6}  REST calls")
    for key, label in labels.items():
        t = times[key]
        print(f"{label:<{width}}  {statistics.median(t):8.3f}  {min(t):6.3f}  {max(t):6.3f}  {','.join(sorted(map(str, calls[key])))}")


if __name__ == "__main__":
    main()
