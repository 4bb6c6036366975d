"""The peer of the benchmark: promote-model and rollback-model's registry writes done with
mlflow.MlflowClient, as a team without ModelGate would script them (no lock, no policy): the READY
check, the previous champion's alias, the evidence tag, the champion alias.

  python mlflow_client_promote.py promote MODEL VERSION     # VERSION -> champion
  python mlflow_client_promote.py rollback MODEL            # previous-champion -> champion
Prints the number of REST calls it made on stderr.
"""
import datetime
import json
import os
import sys

import mlflow.utils.rest_utils as rest_utils
from mlflow import MlflowClient

calls = 0
_http_request = rest_utils.http_request


def counted(*args, **kwargs):
    global calls
    calls += 1
    return _http_request(*args, **kwargs)


rest_utils.http_request = counted


def move(client, model, version):
    try:
        before = client.get_model_version_by_alias(model, "champion").version
    except mlflow.exceptions.MlflowException:
        before = None
    mv = client.get_model_version(model, version)
    if mv.status != "READY":
        sys.exit(f"version {version} is {mv.status}")
    # The evidence as modelgate writes it: one JSON tag (MLflow has no batch write for version tags).
    evidence = {
        "by": os.environ.get("USER", ""),
        "at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "commit": "",
        "run_url": "",
        "from_to": f"{','.join(mv.aliases) or 'no alias'} -> champion",
        "replaced_version": before or "",
    }
    if before:
        client.set_registered_model_alias(model, "previous-champion", before)
    client.set_model_version_tag(model, version, "modelgate.promotion", json.dumps(evidence))
    client.set_registered_model_alias(model, "champion", version)


def main(argv):
    client = MlflowClient()
    if argv[0] == "promote":
        move(client, argv[1], argv[2])
    else:
        previous = client.get_model_version_by_alias(argv[1], "previous-champion").version
        move(client, argv[1], previous)
    print(f"rest-calls={calls}", file=sys.stderr)


if __name__ == "__main__":
    import mlflow
    main(sys.argv[1:])
