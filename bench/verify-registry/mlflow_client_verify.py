"""The peer: verify-registry's check written with MlflowClient (and deltalake for the audit table).

For each governed model: the champion's holder from get_registered_model, its tags from
get_model_version, compared with the last audited move (promote/rollback/restore, outcome promoted,
environment prod) of the Delta audit table and with require_validation (a passing record under the
policy's thresholds hash). Prints the violations as JSON on stdout, the REST calls on stderr.

Usage: python mlflow_client_verify.py AUDIT_TABLE THRESHOLDS_HASH MODEL...
"""
import json
import sys

from deltalake import DeltaTable
from mlflow import MlflowClient
from mlflow.utils import rest_utils

calls = 0
_http_request = rest_utils.http_request


def counted(*args, **kwargs):
    global calls
    calls += 1
    return _http_request(*args, **kwargs)


rest_utils.http_request = counted


def last_moves(path):
    records = DeltaTable(path).to_pyarrow_table(
        columns=["time", "action", "outcome", "model", "version", "target", "environment"]).to_pylist()
    last = {}
    for r in sorted(records, key=lambda r: r["time"]):
        if r["outcome"] == "promoted" and r["action"] in ("promote", "rollback", "restore") and r["environment"] == "prod":
            last[(r["model"], r["target"])] = r
    return last


def main():
    audit, thresholds_hash, models = sys.argv[1], sys.argv[2], sys.argv[3:]
    moves = last_moves(audit)
    client = MlflowClient()
    violations = []
    for name in models:
        aliases = client.get_registered_model(name).aliases
        holder = aliases.get("champion")
        last = moves.get((name, "champion"))
        if holder is None:
            if last is not None:
                violations.append([name, "not held"])
            continue
        tags = client.get_model_version(name, str(holder)).tags
        if last is None or int(last["version"]) != int(holder):
            violations.append([name, "moved outside ModelGate"])
        if tags.get("modelgate.validation.status") != "passed" or tags.get("modelgate.validation.thresholds_hash") != thresholds_hash:
            violations.append([name, "validation"])
    print(json.dumps(violations))
    print(f"rest_calls={calls}", file=sys.stderr)


if __name__ == "__main__":
    main()
