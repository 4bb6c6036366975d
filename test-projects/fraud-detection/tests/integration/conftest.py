"""What the pipeline jobs wrote: the Delta tables (read with a local Spark session with Delta) and
the registered model (the MLflow server of MLFLOW_TRACKING_URI). integration-tests runs the jobs
first; FRAUD_LAKEHOUSE, FRAUD_MODEL and FRAUD_SUMMARY name where they wrote (modelgate.yaml)."""
import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def _project_path(variable, default):
    path = Path(os.environ.get(variable, default))
    return path if path.is_absolute() else PROJECT / path


@pytest.fixture(scope="session")
def lakehouse():
    return _project_path("FRAUD_LAKEHOUSE", "build/lakehouse")


@pytest.fixture(scope="session")
def summary_file():
    return _project_path("FRAUD_SUMMARY", "build/monitoring/summary.json")


@pytest.fixture(scope="session")
def model_name():
    return os.environ.get("FRAUD_MODEL", "fraud-detector")


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession
    if "SPARK_REMOTE" in os.environ:  # the Spark Connect server the jobs ran on (it has Delta)
        session = SparkSession.builder.appName("fraud-integration-tests").getOrCreate()
        yield session
        session.stop()
        return
    session = (SparkSession.builder.master("local[1]").appName("fraud-integration-tests")
               .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
               .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
               .config("spark.sql.shuffle.partitions", "1")
               .config("spark.databricks.delta.snapshotPartitions", "1")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
               .getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="session")
def tables(spark, lakehouse):
    def read(name):
        path = lakehouse / name
        assert (path / "_delta_log").is_dir(), f"no Delta table at {path}"
        return spark.read.format("delta").load(str(path)).toPandas()
    return {name: read(name) for name in ("raw_transactions", "features", "predictions")}


@pytest.fixture(scope="session")
def registry():
    from mlflow import MlflowClient
    assert os.environ.get("MLFLOW_TRACKING_URI"), "MLFLOW_TRACKING_URI must name the MLflow server"
    return MlflowClient()
