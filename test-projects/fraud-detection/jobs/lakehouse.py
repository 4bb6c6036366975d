"""What every job of the project shares: the package on the path, the Spark session, table paths.

spark-submit puts jobs/ first on sys.path; the fraud package lives one folder up.
"""
import sys
import warnings
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

# PySpark 4.2 warns on every pandas conversion that pandas 3 is not fully supported; the jobs use
# only plain numeric, string and timestamp columns, which convert correctly (the tests read them back).
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

RAW = "raw_transactions"
FEATURES = "features"
PREDICTIONS = "predictions"
HOLDOUT = "holdout"


def add_lakehouse_arg(parser):
    parser.add_argument("--lakehouse", default="build/lakehouse",
                        help="folder of the Delta tables, relative to the project (default build/lakehouse)")


def table_path(lakehouse, table):
    """The folder of a Delta table; a relative lakehouse is relative to the project, not the working directory."""
    root = Path(lakehouse)
    return str((root if root.is_absolute() else PROJECT / root) / table)


def spark_session(app):
    """A Spark session that reads and writes Delta: the Delta jars are expected on Spark's classpath
    (scripts/setup-python.sh puts them in the venv's pyspark; Databricks and cluster images have them).
    Over Spark Connect (SPARK_REMOTE set) the server has Delta's extension already, and these are
    session settings of the client; the JVM-only parts (sparkContext) are left out."""
    import os
    from pyspark.sql import SparkSession
    remote = "SPARK_REMOTE" in os.environ  # PySpark's own switch to Spark Connect
    builder = SparkSession.builder.appName(app)
    if not remote:
        builder = (builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                   .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"))
    spark = (builder
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC")
             # A few thousand rows per week: one partition per shuffle and per Delta log replay,
             # instead of 200 and 50 tiny tasks that cost more than the data.
             .config("spark.sql.shuffle.partitions", "1")
             .config("spark.databricks.delta.snapshotPartitions", "1")
             .getOrCreate())
    if not remote:
        spark.sparkContext.setLogLevel("WARN")
    return spark


def latest_version(spark, path):
    """The latest version of a Delta table, or None when there is no table at path. SQL rather than
    delta-spark's DeltaTable, whose Python API needs Delta's own Connect plugin on a Connect server."""
    from pyspark.errors import AnalysisException
    try:
        return spark.sql(f"DESCRIBE HISTORY delta.`{path}` LIMIT 1").collect()[0]["version"]
    except AnalysisException:  # no Delta table there (yet), as Spark itself reads it, wherever it runs
        return None


def read_version(spark, path, version):
    return spark.read.format("delta").option("versionAsOf", version).load(path)
