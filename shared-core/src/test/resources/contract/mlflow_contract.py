"""MLflow's own answers for the contract checks' differential tests (SchemaEnforcementTest).

Reads one JSON document on stdin and writes one on stdout:
  types:      [[declared DataType name, dtype tag], ...] -> does mlflow's _enforce_mlflow_datatype accept
              a column of that dtype (representative values, never only 0 and 1) for that declared type?
  percentiles: [[ms, ...], ...] -> numpy.percentile at 50, 95 and 99 (the default, linear)
  signatures: [{"champion": [colspec json], "candidate": [colspec json]}, ...] -> does mlflow's
              _enforce_schema refuse, for the candidate's schema, a frame a client of the champion
              sends: {"required": only the champion's required columns, "all": every champion column}
  signatures_written: MLflow's to_dict() of a set of signatures built with its API, as an MLmodel holds them
"""
import datetime
import decimal
import json
import sys

import numpy as np
import pandas as pd
from mlflow.models import ModelSignature
from mlflow.models.utils import _enforce_mlflow_datatype, _enforce_schema
from mlflow.types.schema import Array, ColSpec, DataType, ParamSchema, ParamSpec, Schema, TensorSpec


def column(tag):
    if tag == "bool":
        return pd.Series([True, False])
    if tag in ("int8", "int16", "int32", "int64"):
        return pd.Series([2, 3], dtype=tag)
    if tag in ("float32", "float64"):
        return pd.Series([1.5, 2.5], dtype=tag)
    if tag == "timestamp":
        return pd.Series(pd.to_datetime(["2024-01-01", "2024-01-02"]))
    if tag == "string":
        return pd.Series(["a", "b"], dtype=object)
    if tag == "binary":
        return pd.Series([b"a", b"b"], dtype=object)
    if tag == "date":
        return pd.Series([datetime.date(2024, 1, 1), datetime.date(2024, 1, 2)], dtype=object)
    if tag == "decimal":
        return pd.Series([decimal.Decimal("1.5"), decimal.Decimal("2.5")], dtype=object)
    raise ValueError(tag)


# What a client following a column's declared type sends.
SENT = {"boolean": "bool", "integer": "int32", "long": "int64", "float": "float32", "double": "float64",
        "string": "string", "binary": "binary", "datetime": "timestamp"}


def accepts(declared, tag):
    try:
        _enforce_mlflow_datatype("x", column(tag), DataType[declared])
        return True
    except Exception:
        return False


def refuses(champion, candidate, required_only):
    frame = pd.DataFrame({spec["name"]: column(SENT[spec["type"]]) for spec in champion
                          if spec.get("required", True) or not required_only})
    try:
        _enforce_schema(frame, Schema.from_json(json.dumps(candidate)))
        return False
    except Exception:
        return True


def written():
    signatures = [
        ModelSignature(
            inputs=Schema([ColSpec("double", "amount"), ColSpec("long", "count", required=False),
                           ColSpec(Array(DataType.string), "tags")]),
            outputs=Schema([ColSpec("double")]),
            params=ParamSchema([ParamSpec("threshold", "double", 0.5), ParamSpec("k", "long", 3)])),
        ModelSignature(inputs=Schema([TensorSpec(np.dtype("float32"), (-1, 28, 28))]),
                       outputs=Schema([TensorSpec(np.dtype("int64"), (-1,))])),
    ]
    return [s.to_dict() for s in signatures]


def main():
    doc = json.load(sys.stdin)
    out = {
        "types": [accepts(declared, tag) for declared, tag in doc.get("types", [])],
        "percentiles": [list(np.percentile(np.array(v, dtype=float), [50, 95, 99])) for v in doc.get("percentiles", [])],
        "signatures": [{"required": refuses(s["champion"], s["candidate"], True), "all": refuses(s["champion"], s["candidate"], False)}
                       for s in doc.get("signatures", [])],
        "signatures_written": written(),
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
