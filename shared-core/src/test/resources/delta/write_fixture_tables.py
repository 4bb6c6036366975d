"""Writes the Delta tables the check-data tests read, with real Spark and delta-spark, and the
expected drift statistics computed independently with numpy and scipy.

usage: write_fixture_tables.py OUT_DIR SPARK_JARS

Tables (under OUT_DIR):
  orders       partitioned by day; version 0 is clean, version 1 appends nulls, a duplicate id,
               an out-of-range amount and a country outside the allowed set
  reference    numeric x, y and categorical segment: the drift reference
  current      x drifted (mean +0.5), y stable (same law), segment drifted
  with-deletes 100 rows of which 10 deleted through a deletion vector
  stale        event times 30 days old
  not-delta    plain Parquet files without a _delta_log
expected.json  PSI, KS and chi-square of current vs reference, and facts about orders
"""
import json
import sys
from datetime import datetime, timedelta, timezone

import numpy as np
from scipy import stats
from pyspark.sql import SparkSession
from pyspark.sql import types as T

from drift_reference import categorical, psi

out, jars = sys.argv[1], sys.argv[2]
spark = (SparkSession.builder.master("local[1]").appName("modelgate-fixtures")
         .config("spark.jars", jars)
         .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
         .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
         .config("spark.sql.shuffle.partitions", "2")
         .config("spark.ui.enabled", "false")
         .config("spark.sql.session.timeZone", "UTC")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")

now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
orders_schema = T.StructType([
    T.StructField("id", T.LongType()),
    T.StructField("customer", T.StringType()),
    T.StructField("amount", T.DoubleType()),
    T.StructField("country", T.StringType()),
    T.StructField("event_time", T.TimestampType()),
    T.StructField("day", T.StringType()),
])
days = ["2026-01-01", "2026-01-02"]
clean = [(i, f"c{i % 37}", float(i % 500) + 0.5, ["FR", "DE", "ES"][i % 3], now - timedelta(minutes=i), days[i % 2])
         for i in range(1000)]
spark.createDataFrame(clean, orders_schema).write.format("delta").partitionBy("day").save(f"{out}/orders")
bad = [(1000 + i, f"c{i}", float(i), "FR", now, days[1]) for i in range(196)]
bad += [(1196, "c1", None, "FR", now, days[1]),          # null amount
        (1197, "c2", None, "DE", now, days[1]),          # null amount
        (4, "c3", 10.0, "DE", now, days[1]),             # duplicate id 4 (first written in day 2026-01-01)
        (1199, "c4", 99999.0, "XX", now, days[1])]      # out of range, unknown country
spark.createDataFrame(bad, orders_schema).write.format("delta").mode("append").save(f"{out}/orders")

rng = np.random.default_rng(7)
ref_x, ref_y = rng.normal(0, 1, 5000), rng.normal(0, 1, 5000)
cur_x, cur_y = rng.normal(0.5, 1, 4000), rng.normal(0, 1, 4000)
ref_seg = rng.choice(["a", "b", "c"], 5000, p=[0.5, 0.3, 0.2])
cur_seg = rng.choice(["a", "b", "c", "d"], 4000, p=[0.3, 0.3, 0.3, 0.1])
drift_schema = T.StructType([T.StructField("x", T.DoubleType()), T.StructField("y", T.DoubleType()),
                             T.StructField("segment", T.StringType())])
for name, x, y, seg in [("reference", ref_x, ref_y, ref_seg), ("current", cur_x, cur_y, cur_seg)]:
    rows = [(float(a), float(b), str(s)) for a, b, s in zip(x, y, seg)]
    spark.createDataFrame(rows, drift_schema).repartition(3).write.format("delta").save(f"{out}/{name}")

# Deletion vectors: 100 rows, then rows 0..9 deleted by marking them, not by rewriting the file.
spark.createDataFrame([(i, float(i)) for i in range(100)], "id long, value double").coalesce(1).write.format("delta") \
    .option("delta.enableDeletionVectors", "true").save(f"{out}/with-deletes")
spark.sql(f"DELETE FROM delta.`{out}/with-deletes` WHERE id < 10")

stale = [(i, now - timedelta(days=30, minutes=i)) for i in range(50)]
spark.createDataFrame(stale, "id long, event_time timestamp").write.format("delta").save(f"{out}/stale")
spark.createDataFrame(stale, "id long, event_time timestamp").write.parquet(f"{out}/not-delta")


def ks(ref, cur):
    result = stats.ks_2samp(ref, cur)  # method='auto': exact here, as both samples have <= 10000 values
    return {"statistic": float(result.statistic), "p_value": float(result.pvalue)}


expected = {
    "x": {"psi": psi(ref_x, cur_x), "ks": ks(ref_x, cur_x)},
    "y": {"psi": psi(ref_y, cur_y), "ks": ks(ref_y, cur_y)},
    "segment": categorical(ref_seg, cur_seg),
    "orders": {"rows_v0": len(clean), "rows_v1": len(clean) + len(bad)},
}
with open(f"{out}/expected.json", "w") as f:
    json.dump(expected, f, indent=2)
spark.stop()
