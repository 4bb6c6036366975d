"""Signs each case on stdin with MLflow's own function; prints the header values as a JSON list."""
import json
import sys

from mlflow.webhooks.delivery import _generate_hmac_signature

cases = json.load(sys.stdin)
print(json.dumps([_generate_hmac_signature(c["secret"], c["id"], c["timestamp"], c["payload"]) for c in cases]))
