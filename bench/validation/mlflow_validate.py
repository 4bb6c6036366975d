"""The peer of `modelgate validate-model` in bench/validation: the same work written with MLflow's
Python API — read both versions' runs, then mlflow.validate_evaluation_results with the same
thresholds. Exit 0 when the candidate passes, 1 when it fails.

usage: mlflow_validate.py MODEL CANDIDATE_VERSION CHAMPION_VERSION METRICS
"""
import logging
import sys

logging.disable(logging.WARNING)

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from mlflow.models import MetricThreshold
from mlflow.models.evaluation import EvaluationResult

model, candidate, champion, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = MlflowClient()


def metrics(version):
    run_id = client.get_model_version(model, version).run_id
    return client.get_run(run_id).data.metrics


thresholds = {f"metric_{i}": MetricThreshold(threshold=0.0, greater_is_better=True)
              for i in range(count - 3)}
thresholds["roc_auc"] = MetricThreshold(threshold=0.8, min_absolute_change=0.001, greater_is_better=True)
thresholds["log_loss"] = MetricThreshold(threshold=0.45, min_relative_change=0.01, greater_is_better=False)
thresholds["accuracy"] = MetricThreshold(threshold=0.5, greater_is_better=True)
try:
    mlflow.validate_evaluation_results(thresholds, EvaluationResult(metrics(candidate), {}),
                                       EvaluationResult(metrics(champion), {}))
except MlflowException:
    sys.exit(1)
