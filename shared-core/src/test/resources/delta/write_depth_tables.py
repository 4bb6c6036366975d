"""Writes the Delta tables of the check-data depth tests twice, once with Spark (delta-spark) and once
with delta-rs (the deltalake package), and the values pandas, numpy and scipy compute on the same
data (expected.json), independently of the suite.

usage: write_depth_tables.py OUT_DIR SPARK_JARS FRAUD_PROJECT_DIR

Tables (under OUT_DIR):
  {spark,rs}-events       version 0: 2000 rows; version 1 (an overwrite): 2600 rows with more null
                          amounts, amounts 15% higher, country PT new and IT gone, scores and labels shifted
  spark-events-files      version 1's rows in 7 files (the determinism test reads it with 1 and 4 threads)
  {spark,rs}-predictions  the fraud-detection sample's predictions over 6 weeks: its own generator,
                          features and model (trained on week 1), amounts drifting week by week
expected.json           per writer the same numbers: rows, completeness, moments and quantiles,
                          categories, per-country completeness, PSI/KS/chi-square, and per-window PSI
                          with the retraining decision (N of the last M windows, the latest included)
"""
import json
import sys

import numpy as np
import pandas as pd
from deltalake import write_deltalake
from scipy import stats
from pyspark.sql import SparkSession

from drift_reference import categorical, psi

out, jars, fraud_dir = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, fraud_dir)
from fraud.data import generate_week  # noqa: E402  the sample project's own generator, features and model
from fraud.features import featurize  # noqa: E402
from fraud.model import fraud_scores, train  # noqa: E402

spark = (SparkSession.builder.master("local[1]").appName("modelgate-depth-fixtures")
         .config("spark.jars", jars)
         .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
         .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
         .config("spark.sql.shuffle.partitions", "2")
         .config("spark.ui.enabled", "false")
         .config("spark.sql.session.timeZone", "UTC")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
rng = np.random.default_rng(11)


def events(rows, countries, p, null_share, amount_mean, score_a, fraud_rate, first_id):
    frame = pd.DataFrame({
        "id": np.arange(first_id, first_id + rows, dtype="int64"),
        "country": rng.choice(countries, rows, p=p),
        "amount": np.round(rng.normal(amount_mean, 20.0, rows), 2),
        "score": rng.beta(score_a, 5.0, rows),
        "label": (rng.random(rows) < fraud_rate).astype("int32"),
    })
    frame.loc[rng.random(rows) < null_share, "amount"] = np.nan
    return frame


v0 = events(2000, ["FR", "DE", "ES", "IT"], [0.5, 0.3, 0.198, 0.002], 0.01, 100.0, 2.0, 0.10, 0)
v1 = events(2600, ["FR", "DE", "ES", "PT"], [0.5, 0.3, 0.15, 0.05], 0.05, 115.0, 2.6, 0.20, 10_000)


def to_spark(frame):
    return spark.createDataFrame(frame.astype(object).where(frame.notna(), None),
                                 "id long, country string, amount double, score double, label int")


to_spark(v0).coalesce(2).write.format("delta").save(f"{out}/spark-events")
to_spark(v1).coalesce(3).write.format("delta").mode("overwrite").save(f"{out}/spark-events")
to_spark(v1).repartition(7).write.format("delta").save(f"{out}/spark-events-files")
write_deltalake(f"{out}/rs-events", v0)
write_deltalake(f"{out}/rs-events", v1, mode="overwrite")

# The fraud-detection sample's predictions: its weeks, its features, its model trained on week 1.
weeks = [featurize(generate_week(week, 600)) for week in range(1, 7)]
model = train(weeks[0])
predictions = pd.concat([
    pd.DataFrame({"transaction_id": w["transaction_id"].astype("int64"), "week": w["week"].astype("int32"),
                  "amount": w["amount"].astype(float), "score": fraud_scores(model, w).astype(float)})
    for w in weeks], ignore_index=True)
spark.createDataFrame(predictions).coalesce(2).write.format("delta").save(f"{out}/spark-predictions")
write_deltalake(f"{out}/rs-predictions", predictions)
spark.stop()


def drift(ref, cur):
    ks = stats.ks_2samp(ref, cur)
    return {"psi": psi(ref, cur), "ks": float(ks.statistic), "p_value": float(ks.pvalue)}


amount0, amount1 = v0["amount"].dropna().to_numpy(), v1["amount"].dropna().to_numpy()
per_country = {c: {"rows": int(len(g)), "completeness": float(g["amount"].notna().mean())} for c, g in v1.groupby("country")}
drifts = {"amount": drift(amount0, amount1), "score": drift(v0["score"].to_numpy(), v1["score"].to_numpy())}
drifted = [c for c, d in drifts.items() if d["psi"] > 0.1 or d["p_value"] < 0.05]

# The retraining decision as the sample's monitor job made it: PSI of amount and score per week
# against the first week, a week violates when one PSI exceeds 0.1, retrain when 2 of the last 3
# weeks violate and the latest does.
first = predictions[predictions["week"] == 1]
windows = []
for week in range(2, 7):
    now = predictions[predictions["week"] == week]
    values = {c: psi(first[c].to_numpy(), now[c].to_numpy()) for c in ["amount", "score"]}
    windows.append({"week": week, "rows": int(len(now)), "psi": values, "violated": any(v > 0.1 for v in values.values())})
recent = windows[-3:]
retrain = sum(w["violated"] for w in recent) >= 2 and recent[-1]["violated"]

expected = {
    "events": {
        "rows": [len(v0), len(v1)],
        "completeness": [float(v0["amount"].notna().mean()), float(v1["amount"].notna().mean())],
        "mean": [float(amount0.mean()), float(amount1.mean())],
        "stddev": [float(amount0.std(ddof=1)), float(amount1.std(ddof=1))],
        "p50": [float(np.quantile(amount0, 0.5)), float(np.quantile(amount1, 0.5))],
        "p90": [float(np.quantile(amount0, 0.9)), float(np.quantile(amount1, 0.9))],
        "new": sorted(set(v1["country"]) - set(v0["country"])),
        "vanished": sorted(set(v0["country"]) - set(v1["country"])),
        "per_country": per_country,
        "drift": drifts,
        "drifted": drifted,
        "label": {**categorical(v0["label"].to_numpy(), v1["label"].to_numpy()),
                  "positive_rate": [float(v0["label"].mean()), float(v1["label"].mean())]},
    },
    "predictions": {"windows": windows, "retrain": bool(retrain)},
}
with open(f"{out}/expected.json", "w") as f:
    json.dump(expected, f, indent=2)
