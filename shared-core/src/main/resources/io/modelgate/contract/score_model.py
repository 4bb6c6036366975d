"""Loads one registered model version with MLflow and scores it, for modelgate check-model.

Runs in the model's own Python environment (or the configured interpreter), so every step is
MLflow's own API: the artifact listing (the model's size), the download, mlflow.pyfunc.load_model,
the input example as MLflow saved it, predict, MLflow's schema enforcement of the outputs, the
serving payloads MLflow builds from an example and the answers its scoring server would send.

  python score_model.py --model-uri models:/NAME/VERSION --work DIR --out RESULT.json
                        [--rows ROWS.json] [--batch-size N] [--serving]

ROWS.json (written by modelgate from the feature table): {"columns": [...], "types": [...],
"data": [[...], ...]}, each type the pandas dtype Spark's toPandas gives that Delta type.

RESULT.json: the measures, and "failure" when the model does not load or score (a gate failure:
stage and the first lines of the error) or "error" when the model could not be fetched at all.
Everything the model prints goes to stderr and stdout; the result is only in the file.
"""

import argparse
import base64
import datetime
import decimal
import io
import json
import resource
import sys
import sysconfig
import time
import traceback

ERROR_LINES = 12
MIN_SINGLE_CALLS = 20
MIN_BATCH_CALLS = 10


class Failure(Exception):
    """The model does not do what a model must: a gate failure, not a fault of the run."""

    def __init__(self, stage, message):
        super().__init__(message)
        self.stage = stage
        self.message = message


def first_lines(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    # The exception line last in a traceback is what a reader needs first.
    if lines and lines[0].startswith("Traceback"):
        lines = [lines[-1]] + lines[1:-1]
    return "\n".join(lines[:ERROR_LINES])


def error_text():
    return first_lines(traceback.format_exc())


def model_size(model_uri):
    """Total bytes and number of files of the model's artifacts, from MLflow's artifact listing."""
    from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository

    repo = get_artifact_repository(model_uri)
    total, count, pending = 0, 0, [None]
    while pending:
        for info in repo.list_artifacts(pending.pop()):
            if info.is_dir:
                pending.append(info.path)
            else:
                total += info.file_size or 0
                count += 1
    return total, count


def read_rows(path):
    """The feature table's sampled rows as a DataFrame with the dtypes Spark's toPandas gives."""
    import numpy as np
    import pandas as pd

    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    columns = {}
    for i, (name, kind) in enumerate(zip(doc["columns"], doc["types"])):
        values = [row[i] for row in doc["data"]]
        if kind == "binary":
            columns[name] = pd.Series([None if v is None else base64.b64decode(v) for v in values], dtype=object)
        elif kind == "date":
            columns[name] = pd.Series([None if v is None else datetime.date.fromisoformat(v) for v in values], dtype=object)
        elif kind == "decimal":
            columns[name] = pd.Series([None if v is None else decimal.Decimal(v) for v in values], dtype=object)
        elif kind == "timestamp":
            columns[name] = pd.to_datetime(pd.Series(values, dtype=object), utc=True).dt.tz_localize(None)
        elif kind == "string":
            columns[name] = pd.Series(values, dtype=object)
        elif kind == "bool" and None in values:
            columns[name] = pd.Series(values, dtype=object)
        elif kind.startswith("int") and None in values:
            # As Spark does: an integer column with nulls becomes float64 with NaN.
            columns[name] = pd.Series([np.nan if v is None else v for v in values], dtype="float64")
        else:
            columns[name] = pd.Series(values, dtype=kind)
    return pd.DataFrame(columns, columns=doc["columns"])


def row_count(data):
    import numpy as np
    import pandas as pd

    if isinstance(data, (pd.DataFrame, pd.Series, list)):
        return len(data)
    if isinstance(data, np.ndarray):
        return data.shape[0] if data.ndim else 1
    return None


def single_row(data, i):
    import numpy as np
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data.iloc[[i]]
    if isinstance(data, np.ndarray):
        return data[i:i + 1]
    if isinstance(data, list):
        return data[i:i + 1]
    return None


def check_predictions(predictions, rows, output_schema, what):
    """One prediction per row, no NaN or infinity, of the signature's output type."""
    import numpy as np
    import pandas as pd

    count = row_count(predictions)
    if count is None:
        raise Failure("shape", f"{what}: predict returned a {type(predictions).__name__}, not one prediction per row")
    if count != rows:
        raise Failure("shape", f"{what}: predict returned {count} predictions for {rows} rows")
    frame = predictions.to_frame() if isinstance(predictions, pd.Series) else predictions
    if isinstance(frame, pd.DataFrame):
        numeric = frame.select_dtypes(include=[np.number]).to_numpy(dtype=float)
    else:
        array = np.asarray(frame)
        numeric = array.astype(float) if array.dtype.kind in "biuf" else np.empty(0)
    bad = numeric.size - int(np.isfinite(numeric).sum())
    if bad:
        raise Failure("values", f"{what}: {bad} of the predictions are NaN or infinite")
    if output_schema is not None:
        from mlflow.models.utils import _enforce_schema

        data = predictions
        if not output_schema.is_tensor_spec() and not isinstance(data, pd.DataFrame):
            data = pd.DataFrame(np.asarray(data) if not isinstance(data, pd.Series) else data)
            names = output_schema.input_names()
            if output_schema.has_input_names() and len(names) == len(data.columns):
                data.columns = names
        try:
            _enforce_schema(data, output_schema)
        except Exception as e:
            raise Failure("output type", f"{what}: the predictions do not match the signature's outputs: {first_lines(str(e))}")


def timed(model, data):
    start = time.perf_counter()
    predictions = model.predict(data)
    return predictions, (time.perf_counter() - start) * 1000.0


def score(args, result):
    import mlflow
    import mlflow.pyfunc
    from mlflow.models import Model

    result["mlflow_version"] = mlflow.__version__
    try:
        result["size_bytes"], result["files"] = model_size(args.model_uri)
        local = mlflow.artifacts.download_artifacts(artifact_uri=args.model_uri, dst_path=args.work)
    except Exception:
        result["error"] = {"stage": "download", "message": error_text()}
        return
    result["model_dir"] = local

    start = time.perf_counter()
    try:
        model = mlflow.pyfunc.load_model(local)
    except Exception:
        raise Failure("load", error_text())
    result["load_seconds"] = time.perf_counter() - start
    output_schema = model.metadata.get_output_schema()

    example = Model.load(local).load_input_example(local)
    if example is not None:
        try:
            predictions = model.predict(example)
        except Exception:
            raise Failure("predict", "input example: " + error_text())
        check_predictions(predictions, row_count(example), output_schema, "input example")
        result["example_rows"] = row_count(example)
    data = read_rows(args.rows) if args.rows else example
    if data is None:
        raise Failure("predict", "the model has no input example and no feature table is configured: there is nothing to score")
    rows = row_count(data)
    result["rows"] = rows

    # One warm-up call (first-call caches), then the measured ones.
    try:
        predictions, _ = timed(model, data)
        check_predictions(predictions, rows, output_schema, "feature table rows" if args.rows else "input example")
        batches = [data[i:i + args.batch_size] if not hasattr(data, "iloc") else data.iloc[i:i + args.batch_size]
                   for i in range(0, rows, args.batch_size)]
        result["batch_ms"] = [timed(model, batches[i % len(batches)])[1] for i in range(max(MIN_BATCH_CALLS, len(batches)))]
        singles, answers, payloads = [], [], []
        for i in range(max(MIN_SINGLE_CALLS, rows)):
            one = single_row(data, i % rows)
            if one is None:
                break
            predictions, took = timed(model, one)
            singles.append(took)
            if args.serving and i < rows:
                payloads.append(serving_payload(one))
                answers.append(serving_answer(predictions))
        result["single_ms"] = singles
        if args.serving:
            result["serving"] = {"payloads": payloads, "answers": answers}
    except Failure:
        raise
    except Exception:
        raise Failure("predict", error_text())


def serving_payload(one):
    from mlflow.models import convert_input_example_to_serving_input

    return convert_input_example_to_serving_input(one)


def serving_answer(predictions):
    """The body MLflow's scoring server answers for these predictions."""
    from mlflow.pyfunc.scoring_server import predictions_to_json

    out = io.StringIO()
    predictions_to_json(predictions, out)
    return json.loads(out.getvalue())


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-uri", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--rows")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--serving", action="store_true")
    args = parser.parse_args(argv)
    # The interpreter and its scripts folder: the scoring server is started from the same environment.
    result = {"python": sys.version.split()[0], "executable": sys.executable, "scripts": sysconfig.get_path("scripts")}
    try:
        score(args, result)
    except Failure as f:
        result["failure"] = {"stage": f.stage, "message": f.message}
    # ru_maxrss is in KiB on Linux: the peak resident set of this process, imports and model included.
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, allow_nan=True)


if __name__ == "__main__":
    main(sys.argv[1:])
