"""The model's own monitoring figures, week by week, from the inference table: rows scored, the share
flagged at the model's cutoff, the mean score and the model versions that scored. Writes them as
JSON and prints them; exits 0. Drift and the retrain decision (N of the last M weeks drifted from
the first, the latest included) are not computed here: `modelgate check-data --table
predictions-drift` does that (modelgate.yaml, windows:), and the monitoring-retraining templates
retrain on its verdict."""
import argparse
import json
from pathlib import Path

import lakehouse
from pyspark.sql import functions as F


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    lakehouse.add_lakehouse_arg(parser)
    parser.add_argument("--output", default="build/monitoring/summary.json", help="relative to the project")
    args = parser.parse_args()

    spark = lakehouse.spark_session("monitor")
    path = lakehouse.table_path(args.lakehouse, lakehouse.PREDICTIONS)
    version = lakehouse.latest_version(spark, path)
    if version is None:
        raise SystemExit(f"monitor: no inference table at {path}; run the inference job first")
    weeks = (lakehouse.read_version(spark, path, version).groupBy("week")
             .agg(F.count(F.lit(1)).alias("rows"), F.avg(F.col("flagged").cast("double")).alias("flagged_share"),
                  F.avg("score").alias("mean_score"), F.sort_array(F.collect_set("model_version")).alias("model_versions"))
             .orderBy("week").collect())
    summary = [{"week": int(w["week"]), "rows": int(w["rows"]), "flagged_share": round(float(w["flagged_share"]), 6),
                "mean_score": round(float(w["mean_score"]), 6), "model_versions": [int(v) for v in w["model_versions"]]}
               for w in weeks]
    for w in summary:
        print(f"monitor: week {w['week']}: {w['rows']} scored, {w['flagged_share']:.2%} flagged, "
              f"mean score {w['mean_score']:.4f}, by version {', '.join(map(str, w['model_versions']))}")
    output = Path(args.output)
    output = output if output.is_absolute() else lakehouse.PROJECT / output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"table": path, "table_version": version, "weeks": summary}, indent=2) + "\n")
    print(f"monitor: summary written to {output}")
    spark.stop()


if __name__ == "__main__":
    main()
