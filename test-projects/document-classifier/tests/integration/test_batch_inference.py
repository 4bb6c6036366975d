"""The `predictions` Delta table that the stage's batch_inference job wrote with the champion."""
from datetime import datetime, timedelta

import pytest

from docclf import CLASSES, MODEL_NAME
from docclf.monitoring import windows

BATCH = "ci"   # the batch argument of the job in modelgate.yaml


@pytest.fixture(scope="module")
def tables(spark, lakehouse):
    incoming = spark.read.format("delta").load(str(lakehouse / "incoming")).orderBy("doc_id").collect()
    predictions = (spark.read.format("delta").load(str(lakehouse / "predictions"))
                   .where(f"batch = '{BATCH}'").orderBy("doc_id").collect())
    return incoming, predictions


def test_one_prediction_per_incoming_document(tables):
    incoming, predictions = tables
    assert [r.doc_id for r in predictions] == [r.doc_id for r in incoming]


def test_scored_just_now_by_the_champion(tables, classifier):
    _, predictions = tables
    assert {(r.model_name, str(r.model_version)) for r in predictions} == {(MODEL_NAME, classifier.model_version)}
    newest = max(r.scored_at for r in predictions)
    # Spark hands timestamps to Python as naive local times: compare with the local time.
    age = datetime.now() - newest
    assert timedelta(0) <= age < timedelta(hours=1), f"scored at {newest} (UTC)"


def test_the_job_and_the_serving_code_agree(tables, classifier):
    incoming, predictions = tables
    served = classifier.predict([r.text for r in incoming])
    assert [(r.label, pytest.approx(r.confidence)) for r in predictions] == \
        [(p.label, p.confidence) for p in served]


def test_monitoring_sees_a_calm_batch(tables):
    _, predictions = tables
    even = {c: 1 / len(CLASSES) for c in CLASSES}
    [window] = windows([(r.scored_at, r.label, r.confidence) for r in predictions], timedelta(days=1), even)
    assert window.count == len(predictions)
    assert window.low_confidence_share < 0.3
    assert window.label_psi < 0.1
    assert not window.alert
