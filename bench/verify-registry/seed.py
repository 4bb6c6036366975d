"""Seeds the verify-registry benchmark: MODELS registered models of VERSIONS versions each, all from
one logged model (registered by REST, so seeding is minutes, not hours); the newest version of each
carries a passing validation record made under the benchmark's thresholds (their hash as modelgate
computes it, given by run.sh).

Usage: python seed.py PREFIX MODELS VERSIONS TEMPLATE_MODEL THRESHOLDS_HASH
"""
import sys

from mlflow import MlflowClient


def main():
    prefix, models, versions, template, thresholds_hash = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    client = MlflowClient()
    source = client.get_model_version(template, "1")
    model_id = source.source[len("models:/"):]  # MLflow 3 checks that it names the logged model of the source
    for m in range(models):
        name = f"{prefix}-{m:03d}"
        client.create_registered_model(name)
        for _ in range(versions):
            client.create_model_version(name, source.source, run_id=source.run_id, model_id=model_id, await_creation_for=0)
        for key, value in (("modelgate.validation.thresholds_hash", thresholds_hash),
                           ("modelgate.validation.status", "passed")):
            client.set_model_version_tag(name, str(versions), key, value)


if __name__ == "__main__":
    main()
