"""Seeds a real MLflow server with registered model versions for the test bed.

Trains a tiny scikit-learn classifier on a seeded synthetic dataset, logs params, metrics and
the model (with signature and input example), registers it as a new version of --model and
prints one JSON line per version on stdout:
  {"model": ..., "version": ..., "run_id": ..., "metrics": {...}}

--metric name=value forces a metric's value, so a test can make a candidate better or worse
than the champion on purpose. --count N registers N versions; with --fast the model is trained
and logged once and every version points at that one logged model (benchmarks need thousands
of versions, and training each would take minutes).

Run it with the test bed's venv python. Everything else goes to stderr.
"""

import argparse
import json
import os
import sys
import time

import mlflow
import numpy as np
import pandas as pd
import sklearn
from mlflow import MlflowClient
from mlflow.entities.model_registry.model_version_status import ModelVersionStatus
from mlflow.models import infer_signature
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split


def key_value(text):
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected name=value, got '{text}'")
    return key, value


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracking-uri", default=os.environ.get("MLFLOW_TRACKING_URI"))
    parser.add_argument("--model", required=True, help="registered model name")
    parser.add_argument("--experiment", default="modelgate-test-bed")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--metric", type=key_value, action="append", default=[],
                        help="name=value: log this value instead of the computed one")
    parser.add_argument("--extra-metrics", type=int, default=0,
                        help="also log N dummy metrics metric_0 .. metric_{N-1}")
    parser.add_argument("--tag", type=key_value, action="append", default=[],
                        help="k=v: tag set on each registered version")
    parser.add_argument("--count", type=int, default=1, help="how many versions to register")
    parser.add_argument("--fast", action="store_true",
                        help="train and log once; register every version from that model")
    args = parser.parse_args(argv)
    if not args.tracking_uri:
        parser.error("--tracking-uri or MLFLOW_TRACKING_URI is required")
    try:
        args.metric = {name: float(value) for name, value in args.metric}
    except ValueError as e:
        parser.error(f"--metric value is not a number: {e}")
    args.tag = dict(args.tag)
    return args


def train_and_log(args, seed):
    """One run: train, evaluate on a holdout, log params, metrics and the model."""
    x, y = make_classification(n_samples=400, n_features=8, n_informative=5, random_state=seed)
    x = pd.DataFrame(x, columns=[f"f{i}" for i in range(x.shape[1])])
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=seed)
    params = {"C": 1.0, "max_iter": 200, "n_samples": 400, "seed": seed}
    model = LogisticRegression(C=params["C"], max_iter=params["max_iter"]).fit(x_train, y_train)
    proba = model.predict_proba(x_test)[:, 1]
    metrics = {
        "roc_auc": roc_auc_score(y_test, proba),
        "log_loss": log_loss(y_test, proba),
        "accuracy": accuracy_score(y_test, proba >= 0.5),
    }
    metrics.update(args.metric)
    metrics.update({f"metric_{i}": i / max(args.extra_metrics, 1) for i in range(args.extra_metrics)})
    example = x_test.head(5)
    with mlflow.start_run() as run:
        mlflow.log_params(params)
        mlflow.log_metrics(metrics)
        info = mlflow.sklearn.log_model(
            model,
            name="model",
            signature=infer_signature(example, model.predict(example)),
            input_example=example,
            # An explicit list skips requirement inference, which imports the model in a
            # subprocess and costs seconds per version.
            pip_requirements=[f"scikit-learn=={sklearn.__version__}", f"numpy=={np.__version__}"],
        )
    return run.info.run_id, info, metrics


def wait_until_ready(client, mv, timeout=120.0):
    """Returns once the version is READY; the create response often already says so."""
    deadline = time.monotonic() + timeout
    while True:
        status = ModelVersionStatus.from_string(mv.status)
        if status == ModelVersionStatus.READY:
            return
        if status == ModelVersionStatus.FAILED_REGISTRATION or time.monotonic() > deadline:
            raise RuntimeError(f"model '{mv.name}' version {mv.version} is {mv.status}: "
                               f"{mv.status_message}")
        time.sleep(0.2)
        mv = client.get_model_version(mv.name, mv.version)


def main(argv):
    args = parse_args(argv)
    # stdout carries only the JSON lines; MLflow prints run links there, so send it to stderr.
    out, sys.stdout = sys.stdout, sys.stderr
    mlflow.set_tracking_uri(args.tracking_uri)
    mlflow.set_experiment(args.experiment)
    client = MlflowClient()
    for i in range(args.count):
        if i == 0 or not args.fast:
            run_id, info, metrics = train_and_log(args, args.seed + i)
            # register_model also creates the registered model the first time.
            mv = mlflow.register_model(info.model_uri, args.model, tags=args.tag,
                                       await_registration_for=0)
        else:
            mv = client.create_model_version(args.model, source=info.model_uri, run_id=run_id,
                                             tags=args.tag, model_id=info.model_id,
                                             await_creation_for=0)
        wait_until_ready(client, mv)
        out.write(json.dumps({"model": args.model, "version": mv.version, "run_id": run_id,
                              "metrics": metrics}) + "\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
