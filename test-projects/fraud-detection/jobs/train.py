"""Trains on every week of the feature table, evaluates on the fixed clean holdout, logs the run to
MLflow (the server of MLFLOW_TRACKING_URI) and registers a new version of the model."""
import argparse

import lakehouse
from fraud.data import holdout
from fraud.features import FEATURE_COLUMNS, featurize
from fraud.model import evaluate, train


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    lakehouse.add_lakehouse_arg(parser)
    parser.add_argument("--model", default="fraud-detector", help="registered model name")
    parser.add_argument("--experiment", default="fraud-detection")
    parser.add_argument("--seed", type=int, default=7, help="the model's random state")
    parser.add_argument("--holdout-rows", type=int, default=6000)
    parser.add_argument("--holdout-seed", type=int, default=42)
    args = parser.parse_args()

    spark = lakehouse.spark_session("train")
    path = lakehouse.table_path(args.lakehouse, lakehouse.FEATURES)
    version = lakehouse.latest_version(spark, path)
    if version is None:
        raise SystemExit(f"train: no feature table at {path}; run the featurize job first")
    features = lakehouse.read_version(spark, path, version).toPandas()
    spark.stop()
    weeks = sorted(int(w) for w in features["week"].unique())

    model = train(features, seed=args.seed)
    metrics = evaluate(model, featurize(holdout(args.holdout_rows, args.holdout_seed)))

    import mlflow
    import sklearn
    from mlflow.models import infer_signature
    mlflow.set_experiment(args.experiment)
    with mlflow.start_run(run_name=f"weekly-train-weeks-{weeks[0]}-{weeks[-1]}") as run:
        mlflow.log_params({"rows": len(features), "weeks": len(weeks), "seed": args.seed,
                           "holdout_rows": args.holdout_rows, "algorithm": type(model).__name__})
        mlflow.log_metrics(metrics)
        # The data the model was trained on: the feature table and the exact Delta version read.
        mlflow.set_tags({"features.table": path, "features.version": str(version),
                         "features.weeks": ",".join(map(str, weeks))})
        example = features[FEATURE_COLUMNS].head(5)
        info = mlflow.sklearn.log_model(
            model, name="model", registered_model_name=args.model, input_example=example,
            # The model serves class probabilities ([P(not fraud), P(fraud)]), as scoring and evaluation need.
            pyfunc_predict_fn="predict_proba",
            signature=infer_signature(example, model.predict_proba(example)),
            # Declared rather than inferred: inference would import the model in a subprocess.
            pip_requirements=[f"scikit-learn=={sklearn.__version__}"],
            # MLflow saves scikit-learn models with skops, which loads only types it is told to
            # trust; this model's trees are our own, written by this job.
            skops_trusted_types=["sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"])
    summary = ", ".join(f"{k} {v:.4f}" for k, v in metrics.items())
    print(f"train: weeks {weeks} ({len(features)} rows) from {path} version {version}; holdout: {summary}; "
          f"run {run.info.run_id} registered as {args.model} version {info.registered_model_version}")


if __name__ == "__main__":
    main()
