"""Trains the document classifier once and registers it as version 1 of `document-classifier`.

Reads the `documents` Delta table, holds out every fifth document (doc_id % 5 == 0) for the
test metrics, fits TF-IDF + logistic regression on normalised text, and logs to MLflow
(MLFLOW_TRACKING_URI): parameters, `accuracy` and `macro_f1` on the held-out documents, the
model with its signature and an input example, and the Delta version of the data it read.

The model is meant to stay champion while the code around it changes: when the registered
model already has a version, the job says so and trains nothing (--retrain to train anyway).

usage: train_once.py [--lakehouse build/lakehouse] [--seed 42] [--retrain]"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the docclf package

import mlflow  # noqa: E402
import mlflow.sklearn  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402

from docclf import MODEL_NAME, model, spark as docclf_spark  # noqa: E402
from docclf.text import normalise  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--lakehouse", default="build/lakehouse")
parser.add_argument("--seed", type=int, default=42)
parser.add_argument("--retrain", action="store_true")
args = parser.parse_args()
table = os.path.join(os.path.abspath(args.lakehouse), "documents")

existing = MlflowClient().search_model_versions(f"name = '{MODEL_NAME}'")
if existing and not args.retrain:
    versions = sorted(int(v.version) for v in existing)
    print(f"{MODEL_NAME} already has version(s) {versions}: trained once, nothing to do (--retrain to train anyway)")
    sys.exit(0)

spark = docclf_spark.session("train_once")
table_version = spark.sql(f"DESCRIBE HISTORY delta.`{table}` LIMIT 1").first()["version"]
documents = spark.read.format("delta").option("versionAsOf", table_version).load(table).toPandas()
spark.stop()

documents = documents.sort_values("doc_id").reset_index(drop=True)
documents["text"] = documents["text"].map(normalise)
held_out = documents["doc_id"] % 5 == 0
train, test = documents[~held_out], documents[held_out]

pipeline = model.pipeline(args.seed).fit(train[["text"]], train["label"])
predicted = pipeline.predict(test[["text"]])
metrics = {"accuracy": accuracy_score(test["label"], predicted),
           "macro_f1": f1_score(test["label"], predicted, average="macro")}

mlflow.set_experiment(MODEL_NAME)
with mlflow.start_run(run_name="train_once") as run:
    mlflow.log_params({"seed": args.seed, "train_documents": len(train), "test_documents": len(test),
                       "documents_table": table, "documents_table_version": table_version})
    mlflow.log_metrics(metrics)
    example = train[["text"]].head(5)
    mlflow.sklearn.log_model(pipeline, name="model", registered_model_name=MODEL_NAME,
                             signature=infer_signature(example, pipeline.predict(example)),
                             input_example=example,
                             # Said rather than inferred: inference re-imports the model, seconds on a CI machine.
                             pip_requirements=[f"scikit-learn=={sklearn.__version__}", f"pandas=={pd.__version__}"])
version = max(int(v.version) for v in MlflowClient().search_model_versions(f"run_id = '{run.info.run_id}'"))
print(f"registered {MODEL_NAME} version {version} from run {run.info.run_id}: "
      + ", ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
