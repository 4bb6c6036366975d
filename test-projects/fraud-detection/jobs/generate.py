"""Appends the next week of seeded transactions to the raw Delta table (week = the table's last week + 1).

No per-run parameter: running the job again is the next week, so a scheduler or a CI front end just
runs the same job each time. The first run also writes the frozen evaluation set, the featurized
clean holdout (table holdout, version 0), which every later model is evaluated on and which no run
changes again.
"""
import argparse

import lakehouse
from fraud.data import generate_week, holdout, next_week
from fraud.features import featurize


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    lakehouse.add_lakehouse_arg(parser)
    parser.add_argument("--rows", type=int, default=2500, help="transactions per week")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--incident-week", type=int, default=3, help="the week whose labels are partly flipped")
    parser.add_argument("--incident-share", type=float, default=0.35, help="share of that week's labels flipped")
    parser.add_argument("--holdout-rows", type=int, default=2000, help="rows of the frozen evaluation set, written once")
    args = parser.parse_args()

    spark = lakehouse.spark_session("generate")
    path = lakehouse.table_path(args.lakehouse, lakehouse.RAW)
    version = lakehouse.latest_version(spark, path)
    existing = [] if version is None else [r["week"] for r in spark.read.format("delta").load(path).select("week").distinct().collect()]
    week = next_week(existing)
    frame = generate_week(week, args.rows, args.seed, args.incident_week, args.incident_share)
    spark.createDataFrame(frame).write.format("delta").mode("append").save(path)
    incident = " (labeling incident: some labels flipped)" if week == args.incident_week else ""
    print(f"generate: week {week}, {len(frame)} transactions, fraud rate {frame['is_fraud'].mean():.3f}{incident} "
          f"-> {path} version {lakehouse.latest_version(spark, path)}")
    write_holdout(spark, args)
    spark.stop()


def write_holdout(spark, args):
    """The frozen evaluation set, once: clean labels, the middle of the weeks' amount drift."""
    path = lakehouse.table_path(args.lakehouse, lakehouse.HOLDOUT)
    if lakehouse.latest_version(spark, path) is not None:
        return
    spark.createDataFrame(featurize(holdout(args.holdout_rows, args.seed))).write.format("delta").save(path)
    print(f"generate: the frozen evaluation set, {args.holdout_rows} transactions -> {path} version 0")


if __name__ == "__main__":
    main()
