"""The benchmark's eight checks written in PySpark, as a team would without ModelGate: completeness
of amount, ranges of amount and score, uniqueness of id, PSI of f1..f4 against the reference
(10 quantile bins of the reference by approxQuantile, epsilon 1e-4 for empty bins).
Prints the seconds the checks took (session start excluded) and the verdicts.

usage: pyspark_checks.py CURRENT REFERENCE SPARK_JARS"""
import math
import sys
import time

from pyspark.ml.feature import Bucketizer
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

current_path, reference_path, jars = sys.argv[1], sys.argv[2], sys.argv[3]
spark = (SparkSession.builder.master("local[2]").appName("modelgate-bench-pyspark")
         .config("spark.jars", jars)
         .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
         .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
         .config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "4")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
start = time.time()
current = spark.read.format("delta").load(current_path)
reference = spark.read.format("delta").load(reference_path)
row = current.agg(F.count(F.lit(1)).alias("rows"), F.count("amount").alias("amount_non_null"),
                  F.sum(((F.col("amount") < 0) | (F.col("amount") > 1000)).cast("int")).alias("amount_outside"),
                  F.sum(((F.col("score") < 0) | (F.col("score") > 1)).cast("int")).alias("score_outside"),
                  F.countDistinct("id").alias("distinct_ids")).first()
verdicts = {
    "completeness amount": row.amount_non_null / row.rows >= 0.99,
    "range amount": row.amount_outside == 0,
    "range score": row.score_outside == 0,
    "unique (id)": row.distinct_ids == row.rows,
}
columns = ["f1", "f2", "f3", "f4"]
quantiles = reference.approxQuantile(columns, [i / 10 for i in range(1, 10)], 0.001)
for column, edges in zip(columns, quantiles):
    splits = [-math.inf] + sorted(set(edges)) + [math.inf]
    shares = []
    for frame in (reference, current):
        binned = Bucketizer(splits=splits, inputCol=column, outputCol="bin", handleInvalid="skip").transform(frame.select(column))
        counts = dict(binned.groupBy("bin").count().collect())
        total = sum(counts.values())
        shares.append([max(counts.get(float(b), 0) / total, 1e-4) for b in range(len(splits) - 1)])
    psi = sum((c - r) * math.log(c / r) for r, c in zip(*shares))
    verdicts[f"drift psi {column}"] = psi <= 0.1
print(f"seconds {time.time() - start:.2f}")
for name, ok in verdicts.items():
    print(f"{name}: {'ok' if ok else 'FAILED'}")
spark.stop()
