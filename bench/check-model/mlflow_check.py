"""The peer of `modelgate check-model` in bench/check-model: the same checks written by hand with
MLflow's Python API, in the same Python environment (the model's, as check-model builds it):
compare both versions' signatures, size the model from its artifact listing, download and load it,
validate its serving input example (mlflow.models.validate_serving_input), predict the input
example, time one-row and batch predicts as check-model does, read the peak memory. Exit 0 when
the model loads and scores with a signature equal to the champion's, 1 otherwise, 3 when the
script itself fails (so a crash is never read as a verdict).

usage: mlflow_check.py MODEL CANDIDATE_VERSION CHAMPION_VERSION WORK_DIR
"""
import json
import logging
import os
import resource
import sys
import time
import traceback
import warnings


def crashed(kind, value, tb):
    """An uncaught error is the script failing, exit 3: exit 1 is the checks' verdict."""
    traceback.print_exception(kind, value, tb)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(3)


sys.excepthook = crashed

logging.disable(logging.WARNING)
warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
import numpy as np  # noqa: E402
from mlflow.models import Model, validate_serving_input  # noqa: E402
from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository  # noqa: E402

model, candidate, champion, work = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
uri = f"models:/{model}/{candidate}"

same_signature = (mlflow.models.get_model_info(uri).signature
                  == mlflow.models.get_model_info(f"models:/{model}/{champion}").signature)
repo = get_artifact_repository(uri)
size, pending = 0, [None]
while pending:  # the artifact listing is one folder at a time (MLflow 3 wants the path, None for the root)
    for f in repo.list_artifacts(pending.pop()):
        if f.is_dir:
            pending.append(f.path)
        else:
            size += f.file_size or 0
local = mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=os.path.join(work, f"peer-{os.getpid()}"))
start = time.perf_counter()
pyfunc = mlflow.pyfunc.load_model(local)
load_seconds = time.perf_counter() - start
with open(os.path.join(local, "serving_input_example.json")) as f:
    validate_serving_input(local, json.load(f))
example = Model.load(local).load_input_example(local)
predictions = pyfunc.predict(example)
ok = len(predictions) == len(example) and bool(np.isfinite(np.asarray(predictions, dtype=float)).all())


def timed(data):
    start = time.perf_counter()
    pyfunc.predict(data)
    return (time.perf_counter() - start) * 1000


batch = [timed(example) for _ in range(10)]
single = [timed(example.iloc[[i % len(example)]]) for i in range(20)]
print(json.dumps({"same_signature": same_signature, "size_bytes": size, "load_seconds": load_seconds, "ok": ok,
                  "batch_p95_ms": float(np.percentile(batch, 95)), "single_p95_ms": float(np.percentile(single, 95)),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
sys.exit(0 if ok and same_signature else 1)
