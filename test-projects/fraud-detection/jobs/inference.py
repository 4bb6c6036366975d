"""Scores the latest week of the feature table with the champion and writes the predictions, with the
model version and the time of scoring, to the inference table (Delta). Scoring a week again replaces
that week's predictions, so a re-run never duplicates them."""
import argparse
from datetime import datetime, timezone

import lakehouse
from fraud.model import fraud_scores


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    lakehouse.add_lakehouse_arg(parser)
    parser.add_argument("--model", default="fraud-detector", help="registered model name")
    parser.add_argument("--version", default="champion",
                        help="the model version to use: an alias (default champion), a number, or latest")
    parser.add_argument("--cutoff", type=float, default=0.5, help="score from which a transaction is flagged")
    args = parser.parse_args()

    import mlflow
    from mlflow import MlflowClient
    client = MlflowClient()
    if args.version.isdigit():
        version = args.version
    elif args.version == "latest":
        version = str(max(int(v.version) for v in client.search_model_versions(f"name='{args.model}'")))
    else:
        version = client.get_model_version_by_alias(args.model, args.version).version
    model = mlflow.sklearn.load_model(f"models:/{args.model}/{version}")

    spark = lakehouse.spark_session("inference")
    features_path = lakehouse.table_path(args.lakehouse, lakehouse.FEATURES)
    features_version = lakehouse.latest_version(spark, features_path)
    if features_version is None:
        raise SystemExit(f"inference: no feature table at {features_path}; run the featurize job first")
    table = lakehouse.read_version(spark, features_path, features_version)
    week = table.agg({"week": "max"}).collect()[0][0]
    batch = table.where(table.week == week).toPandas()

    scores = fraud_scores(model, batch)
    predictions = batch[["transaction_id", "week", "amount"]].copy()
    predictions["score"] = scores
    predictions["flagged"] = scores >= args.cutoff
    predictions["model_name"] = args.model
    predictions["model_version"] = int(version)
    predictions["scored_at"] = datetime.now(timezone.utc)
    path = lakehouse.table_path(args.lakehouse, lakehouse.PREDICTIONS)
    (spark.createDataFrame(predictions).write.format("delta").mode("overwrite")
     .option("replaceWhere", f"week = {int(week)}").save(path))
    print(f"inference: week {week}, {len(predictions)} transactions scored by {args.model} version {version} "
          f"({args.version}), {int(predictions['flagged'].sum())} flagged -> {path} version {lakehouse.latest_version(spark, path)}")
    spark.stop()


if __name__ == "__main__":
    main()
