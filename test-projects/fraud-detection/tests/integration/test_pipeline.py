import json
from datetime import datetime, timedelta, timezone

import pandas as pd

from fraud.features import FEATURE_COLUMNS, LABEL


def test_the_raw_table_holds_whole_weeks_of_transactions(tables):
    raw = tables["raw_transactions"]
    counts = raw.groupby("week").size()
    assert len(counts) >= 1 and counts.min() >= 100
    assert list(counts.index) == list(range(1, len(counts) + 1)), "weeks are appended one after another"
    assert raw["transaction_id"].is_unique


def test_the_feature_table_covers_every_raw_transaction(tables):
    features, raw = tables["features"], tables["raw_transactions"]
    assert set(FEATURE_COLUMNS + ["transaction_id", "week", "amount", LABEL]) <= set(features.columns)
    assert set(features["transaction_id"]) == set(raw["transaction_id"])
    assert not features[FEATURE_COLUMNS].isna().any().any()


def test_the_latest_week_is_scored_with_the_model_version_and_a_timestamp(tables, registry, model_name):
    predictions, features = tables["predictions"], tables["features"]
    latest_week = features["week"].max()
    scored = predictions[predictions["week"] == latest_week]
    assert set(scored["transaction_id"]) == set(features.loc[features["week"] == latest_week, "transaction_id"])
    assert scored["score"].between(0, 1).all()
    assert (scored["model_name"] == model_name).all()
    versions = {int(v.version) for v in registry.search_model_versions(f"name='{model_name}'")}
    assert set(scored["model_version"]) <= versions, "predictions name a registered version"
    scored_at = pd.to_datetime(scored["scored_at"], utc=True)
    assert (datetime.now(timezone.utc) - scored_at.max().to_pydatetime()) < timedelta(hours=1)


def test_the_registered_version_carries_its_metrics_and_data_version(registry, model_name, tables, spark, lakehouse):
    newest = max(registry.search_model_versions(f"name='{model_name}'"), key=lambda v: int(v.version))
    run = registry.get_run(newest.run_id)
    for metric in ("roc_auc", "log_loss"):
        assert metric in run.data.metrics
    assert 0.5 < run.data.metrics["roc_auc"] <= 1.0
    assert run.data.metrics["log_loss"] > 0
    history = spark.sql(f"DESCRIBE HISTORY delta.`{lakehouse / 'features'}`").toPandas()
    assert int(run.data.tags["features.version"]) in set(history["version"])
    weeks = sorted(tables["features"]["week"].unique())
    assert run.data.tags["features.weeks"] == ",".join(str(w) for w in weeks)


def test_the_logged_model_has_a_signature_and_an_input_example(registry, model_name):
    from mlflow.models import get_model_info
    newest = max(registry.search_model_versions(f"name='{model_name}'"), key=lambda v: int(v.version))
    info = get_model_info(f"models:/{model_name}/{newest.version}")
    assert info.signature is not None
    assert set(info.signature.inputs.input_names()) == set(FEATURE_COLUMNS)
    assert info.saved_input_example_info is not None


def test_monitoring_summed_up_each_scored_week(summary_file, spark, lakehouse):
    summary = json.loads(summary_file.read_text())
    scored = spark.read.format("delta").load(str(lakehouse / "predictions"))
    assert [w["week"] for w in summary["weeks"]] == sorted(r["week"] for r in scored.select("week").distinct().collect())
    assert sum(w["rows"] for w in summary["weeks"]) == scored.count()
    assert all(0 <= w["flagged_share"] <= 1 and w["model_versions"] for w in summary["weeks"])
