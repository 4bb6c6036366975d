"""Integration tests run against the real tracking server (MLFLOW_TRACKING_URI, set by
`modelgate integration-tests` from the environment) and the tables the stage's jobs just wrote."""
import os
from pathlib import Path

import pytest

from docclf.serving import Classifier


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    if not os.environ.get("MLFLOW_TRACKING_URI"):
        pytest.fail("MLFLOW_TRACKING_URI is not set: the integration tests need the tracking server")
    return Classifier.load("champion")


@pytest.fixture(scope="session")
def lakehouse() -> Path:
    """Where the stage's jobs wrote their tables (the jobs' default --lakehouse)."""
    return Path(__file__).resolve().parents[2] / "build" / "lakehouse"


@pytest.fixture(scope="session")
def spark():
    from docclf.spark import session

    spark = session("integration-tests", master="local[1]")
    yield spark
    spark.stop()
