"""Writes the benchmark tables once with Spark: OUT/current, 10 million rows x 8 columns, and
OUT/reference, 1 million rows of the same law with f1 shifted; or, with --large, only
OUT/current-100m, 100 million rows of the current table's law (80 files).

usage: generate.py OUT SPARK_JARS [--large]"""
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

out, jars = sys.argv[1], sys.argv[2]
spark = (SparkSession.builder.master("local[2]").appName("modelgate-bench-data")
         .config("spark.jars", jars)
         .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
         .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
         .config("spark.ui.enabled", "false")
         .config("spark.driver.memory", "2g")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")


def table(rows, seed, shift):
    return (spark.range(rows, numPartitions=8)
            .withColumn("amount", F.when(F.rand(seed) < 0.001, None).otherwise(F.round(F.rand(seed + 1) * 1000, 2)))
            .withColumn("score", F.rand(seed + 2))
            .withColumn("f1", F.randn(seed + 3) + shift)
            .withColumn("f2", F.randn(seed + 4))
            .withColumn("f3", F.rand(seed + 5) * 10)
            .withColumn("f4", F.exp(F.randn(seed + 6)))
            .withColumn("segment", F.element_at(F.array(*[F.lit(s) for s in "abcdefgh"]), (F.rand(seed + 7) * 8).cast("int") + 1)))


if "--large" in sys.argv[3:]:
    table(100_000_000, 1, 0.0).repartition(80).write.format("delta").mode("overwrite").save(f"{out}/current-100m")
else:
    table(10_000_000, 1, 0.0).write.format("delta").mode("overwrite").save(f"{out}/current")
    table(1_000_000, 101, 0.3).write.format("delta").mode("overwrite").save(f"{out}/reference")
spark.stop()
