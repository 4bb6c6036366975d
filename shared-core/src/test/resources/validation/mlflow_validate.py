"""Judges cases with MLflow's own model validation, for the conformance test.

stdin: JSON list of {"rule": {threshold, min_absolute_change, min_relative_change,
greater_is_better}, "candidate": float, "champion": float}. stdout: JSON list of booleans,
true where mlflow.models.evaluation.validation._validate (the core of
mlflow.validate_evaluation_results) passes the candidate.
"""
import json
import logging
import sys

logging.disable(logging.WARNING)

from mlflow.exceptions import MlflowException
from mlflow.models import MetricThreshold
from mlflow.models.evaluation.validation import _validate

verdicts = []
for case in json.load(sys.stdin):
    rule = {k: v for k, v in case["rule"].items() if v is not None}
    thresholds = {"m": MetricThreshold(**rule)}
    try:
        _validate(thresholds, {"m": case["candidate"]}, {"m": case["champion"]})
        verdicts.append(True)
    except MlflowException:
        verdicts.append(False)
json.dump(verdicts, sys.stdout)
