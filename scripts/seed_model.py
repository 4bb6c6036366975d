"""Seeds a real MLflow server with registered model versions for the test bed.

Trains a tiny scikit-learn classifier on a seeded synthetic dataset, logs params, metrics and
the model (with signature and input example), registers it as a new version of --model and
prints one JSON line per version on stdout:
  {"model": ..., "version": ..., "run_id": ..., "metrics": {...}}

--metric name=value forces a metric's value, so a test can make a candidate better or worse
than the champion on purpose. For the contract checks (check-model) a version can also be trained
without one feature (--drop-feature), declare an extra optional input (--optional-input), have no
signature (--no-signature), need another pip requirement (--pip-requirement), or be a pyfunc
that raises on predict or sleeps in it (--pyfunc raise, --pyfunc sleep --sleep-ms N [--load-sleep-s S]); --variant 'OPTIONS' registers one
version per variant in one process. --count N registers N versions; with --fast the model is trained
and logged once and every version points at that one logged model (benchmarks need thousands
of versions, and training each would take minutes).

Run it with the test bed's venv python. Everything else goes to stderr.
"""

import argparse
import json
import os
import shlex
import sys
import time

import mlflow
import mlflow.pyfunc
import numpy as np
import pandas as pd
import sklearn
from mlflow import MlflowClient
from mlflow.entities.model_registry.model_version_status import ModelVersionStatus
from mlflow.models import infer_signature
from mlflow.types.schema import ColSpec
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
    parser.add_argument("--drop-feature", help="train without this feature column (f0..f7)")
    parser.add_argument("--optional-input", help="declare an extra optional double input of this name in the signature")
    parser.add_argument("--no-signature", action="store_true", help="log no signature and no input example")
    parser.add_argument("--pip-requirement", action="append", default=[], help="an extra pip requirement of the model")
    parser.add_argument("--pyfunc", choices=["raise", "sleep"],
                        help="log a pyfunc that raises on predict, or sleeps --sleep-ms per call, instead of the classifier")
    parser.add_argument("--sleep-ms", type=float, default=50.0)
    parser.add_argument("--load-sleep-s", type=float, default=0.0, help="the sleeping pyfunc also sleeps this long when loaded")
    parser.add_argument("--variant", action="append", default=[],
                        help="register one version per variant, in order, each logged with these further options "
                             "(e.g. '--pyfunc raise'); one process for many versions")
    args = parser.parse_args(argv)
    if not args.tracking_uri:
        parser.error("--tracking-uri or MLFLOW_TRACKING_URI is required")
    try:
        args.metric = {name: float(value) for name, value in args.metric}
    except ValueError as e:
        parser.error(f"--metric value is not a number: {e}")
    args.tag = dict(args.tag)
    return args


class Refusing(mlflow.pyfunc.PythonModel):
    """A pyfunc whose predict raises, as a model broken by a bad refactoring does."""

    def predict(self, context, model_input, params=None):
        raise ValueError(f"feature scaler not fitted: cannot score {len(model_input)} rows")


class Sleeping(mlflow.pyfunc.PythonModel):
    """A pyfunc that answers zeros after sleeping, as a model with a slow lookup does (and a slow start, with load_sleep_s)."""

    def __init__(self, sleep_ms, load_sleep_s):
        self.sleep_ms = sleep_ms
        self.load_sleep_s = load_sleep_s

    def load_context(self, context):
        time.sleep(self.load_sleep_s)

    def predict(self, context, model_input, params=None):
        time.sleep(self.sleep_ms / 1000.0)
        return np.zeros(len(model_input), dtype=np.int64)


def log_model(args, model, example):
    """The classifier, or the pyfunc asked for, with the signature and example asked for."""
    requirements = [f"scikit-learn=={sklearn.__version__}"] + args.pip_requirement
    if args.no_signature:
        signature, example = None, None
    else:
        signature = infer_signature(example, model.predict(example))
        if args.optional_input:
            signature.inputs.inputs.append(ColSpec("double", args.optional_input, required=False))
    if args.pyfunc:
        python_model = Refusing() if args.pyfunc == "raise" else Sleeping(args.sleep_ms, args.load_sleep_s)
        return mlflow.pyfunc.log_model(name="model", python_model=python_model, signature=signature,
                                       input_example=example, pip_requirements=requirements)
    # An explicit list skips requirement inference, which imports the model in a subprocess and
    # costs seconds per version; the same list as the fraud-detection project's, so that
    # check-model's tests build one model environment for both.
    return mlflow.sklearn.log_model(model, name="model", signature=signature, input_example=example,
                                    pip_requirements=requirements)


def train_and_log(args, seed):
    """One run: train, evaluate on a holdout, log params, metrics and the model."""
    x, y = make_classification(n_samples=400, n_features=8, n_informative=5, random_state=seed)
    x = pd.DataFrame(x, columns=[f"f{i}" for i in range(x.shape[1])])
    if args.drop_feature:
        x = x.drop(columns=[args.drop_feature])
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
        info = log_model(args, model, example)
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
    # One version per --variant, each with the base options and its own; without variants, --count versions.
    versions = [parse_args(argv + shlex.split(variant)) for variant in args.variant] or [args] * args.count
    for i, options in enumerate(versions):
        if i == 0 or not args.fast or args.variant:
            run_id, info, metrics = train_and_log(options, args.seed + i)
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
