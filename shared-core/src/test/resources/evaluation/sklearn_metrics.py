"""The reference: scikit-learn's metrics of each case ModelGate's MetricsAgainstScikitLearnTest sends.

Reads a JSON list of cases on stdin, prints a JSON list of {metric: [candidate, champion]} per case
and per slice group (the rows whose group index equals it). NaN is written as null.
"""
import json
import math
import sys
import warnings

import numpy as np
from sklearn import metrics as m

warnings.filterwarnings("ignore")  # zero_division and single-class warnings: the values are what is compared


def binary(name, y, score, threshold, weight):
    predicted = (score >= threshold).astype(int)
    if name == "roc_auc":
        return m.roc_auc_score(y, score, sample_weight=weight)
    if name == "average_precision":
        return m.average_precision_score(y, score, sample_weight=weight)
    if name == "log_loss":
        return m.log_loss(y, score, sample_weight=weight, labels=[0, 1])
    if name == "brier":
        return m.brier_score_loss(y, score, sample_weight=weight, labels=[0, 1])
    if name == "accuracy":
        return m.accuracy_score(y, predicted, sample_weight=weight)
    if name == "precision":
        return m.precision_score(y, predicted, sample_weight=weight, zero_division=0)
    if name == "recall":
        return m.recall_score(y, predicted, sample_weight=weight, zero_division=0)
    if name == "f1":
        return m.f1_score(y, predicted, sample_weight=weight, zero_division=0)
    raise ValueError(name)


def multiclass(name, y, predicted, probabilities, classes, weight):
    if name == "accuracy":
        return m.accuracy_score(y, predicted, sample_weight=weight)
    if name == "macro_f1":
        return m.f1_score(y, predicted, average="macro", sample_weight=weight, zero_division=0)
    if name == "weighted_f1":
        return m.f1_score(y, predicted, average="weighted", sample_weight=weight, zero_division=0)
    if name == "log_loss":
        return m.log_loss(y, probabilities, sample_weight=weight, labels=classes)
    raise ValueError(name)


def regression(name, y, predicted, weight):
    if name == "rmse":
        return m.root_mean_squared_error(y, predicted, sample_weight=weight)
    if name == "mae":
        return m.mean_absolute_error(y, predicted, sample_weight=weight)
    if name == "r2":
        return m.r2_score(y, predicted, sample_weight=weight)
    if name == "mape":
        return m.mean_absolute_percentage_error(y, predicted, sample_weight=weight)
    raise ValueError(name)


def side(case, rows, which):
    weight = None if case["weight"] is None else np.asarray(case["weight"], dtype=float)[rows]
    out = {}
    for name in case["metrics"]:
        if case["task"] == "binary":
            y = np.asarray(case["label"])[rows]
            value = binary(name, y, np.asarray(case[which], dtype=float)[rows], case["threshold"], weight)
        elif case["task"] == "multiclass":
            y = np.asarray(case["label"])[rows]
            probabilities = None if case.get(which + "_proba") is None else np.asarray(case[which + "_proba"], dtype=float)[rows]
            value = multiclass(name, y, np.asarray(case[which])[rows], probabilities, case["classes"], weight)
        else:
            value = regression(name, np.asarray(case["target"], dtype=float)[rows], np.asarray(case[which], dtype=float)[rows], weight)
        out[name] = None if value is None or math.isnan(float(value)) else float(value)
    return out


def evaluate(case, rows):
    if len(rows) == 0:
        return None
    candidate = side(case, rows, "candidate")
    baseline = side(case, rows, "baseline") if case.get("baseline") is not None else {k: None for k in candidate}
    return {name: [candidate[name], baseline[name]] for name in candidate}


def main():
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        n = len(case["label"] if case["task"] != "regression" else case["target"])
        result = {"all": evaluate(case, np.arange(n)), "groups": []}
        for groups in case["groups"]:
            groups = np.asarray(groups)
            result["groups"].append([evaluate(case, np.flatnonzero(groups == g)) for g in range(int(groups.max()) + 1)])
        results.append(result)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
