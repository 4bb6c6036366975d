"""Computes drift (PSI) on the inference table, week by week against a reference week, and decides
whether to retrain: when N of the last M windows violate the threshold and the latest one does.
Prints the decision, writes it as JSON and overwrites the one-row Delta table retrain_decision
(decision "keep" or "retrain"), which check-data gates on in the pipeline templates; exits 0
either way, the decision is the output."""
import argparse
import json
from pathlib import Path

import lakehouse
from fraud.drift import decide, window_drift


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    lakehouse.add_lakehouse_arg(parser)
    parser.add_argument("--columns", default="amount,score", help="comma-separated numeric columns to watch")
    parser.add_argument("--threshold", type=float, default=0.1, help="PSI above which a window violates")
    parser.add_argument("--violations", type=int, default=2, help="N: violating windows needed")
    parser.add_argument("--windows", type=int, default=3, help="M: how many of the latest windows count")
    parser.add_argument("--reference-window", type=int, default=None, help="default the first week scored")
    parser.add_argument("--output", default="build/monitoring/decision.json", help="relative to the project")
    args = parser.parse_args()

    spark = lakehouse.spark_session("monitor")
    path = lakehouse.table_path(args.lakehouse, lakehouse.PREDICTIONS)
    version = lakehouse.latest_version(spark, path)
    if version is None:
        raise SystemExit(f"monitor: no inference table at {path}; run the inference job first")
    columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    frame = lakehouse.read_version(spark, path, version).select("week", *columns).toPandas()

    reference = args.reference_window if args.reference_window is not None else int(frame["week"].min())
    windows = window_drift(frame, "week", columns, reference, args.threshold)
    decision = decide(windows, args.violations, args.windows, args.threshold, reference)
    for w in windows:
        psi = ", ".join(f"{c} {v:.3f}" for c, v in w.psi.items())
        print(f"monitor: window {w.window} ({w.rows} rows) PSI vs window {reference}: {psi}"
              f"{'  VIOLATION' if w.violated else ''}")
    print(f"monitor: decision {'RETRAIN' if decision.retrain else 'no retrain'}: {decision.reason}")

    output = Path(args.output)
    output = output if output.is_absolute() else lakehouse.PROJECT / output
    output.parent.mkdir(parents=True, exist_ok=True)
    record = {"table": path, "table_version": version, **decision.as_dict()}
    output.write_text(json.dumps(record, indent=2) + "\n")
    print(f"monitor: decision written to {output}")
    write_decision_table(spark, lakehouse.table_path(args.lakehouse, lakehouse.RETRAIN_DECISION), decision, version)
    spark.stop()


def write_decision_table(spark, path, decision, predictions_version):
    """One row, overwritten each run: the Delta version of the table says which run decided."""
    from datetime import datetime, timezone
    row = ("retrain" if decision.retrain else "keep", decision.reason, decision.reference_window,
           int(predictions_version), datetime.now(timezone.utc))
    schema = ("decision string, reason string, reference_window int, predictions_version long, "
              "decided_at timestamp")
    (spark.createDataFrame([row], schema).write.format("delta").mode("overwrite")
     .option("overwriteSchema", "true").save(path))
    print(f"monitor: decision table {path} overwritten")


if __name__ == "__main__":
    main()
