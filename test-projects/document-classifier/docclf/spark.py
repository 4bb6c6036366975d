"""The Spark session of the jobs and tests: Delta Lake's SQL extension and catalog, UTC.

The Delta jars must be on Spark's class path (the pyspark jars/ folder, or spark.jars in a
spark-defaults.conf under SPARK_CONF_DIR); nothing is resolved at run time."""
import os

from pyspark.sql import SparkSession


def session(app: str, master: str | None = None) -> SparkSession:
    builder = (SparkSession.builder.appName(app)
               .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
               .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.warehouse.dir", os.path.abspath("build/spark-warehouse"))
               .config("spark.sql.shuffle.partitions", "2")
               # Small tables: Delta rebuilds a table's state in 50 tasks by default, a minute on 2 busy cores.
               .config("spark.databricks.delta.snapshotPartitions", "1")
               .config("spark.ui.showConsoleProgress", "false"))
    if master:
        # A test's own short-lived session: no UI, and a JVM without the optimising JIT, which
        # starts in half the time on a busy machine (the jobs get the same from modelgate.yaml).
        builder = (builder.master(master).config("spark.ui.enabled", "false")
                   .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark
