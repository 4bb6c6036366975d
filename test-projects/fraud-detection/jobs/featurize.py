"""Writes the feature table (Delta) from the whole raw table, replacing the previous features."""
import argparse

import lakehouse
from fraud.features import featurize


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    lakehouse.add_lakehouse_arg(parser)
    args = parser.parse_args()

    spark = lakehouse.spark_session("featurize")
    raw_path = lakehouse.table_path(args.lakehouse, lakehouse.RAW)
    raw_version = lakehouse.latest_version(spark, raw_path)
    if raw_version is None:
        raise SystemExit(f"featurize: no raw table at {raw_path}; run the generate job first")
    raw = lakehouse.read_version(spark, raw_path, raw_version).toPandas()
    features = featurize(raw)
    path = lakehouse.table_path(args.lakehouse, lakehouse.FEATURES)
    (spark.createDataFrame(features).write.format("delta").mode("overwrite")
     .option("overwriteSchema", "true").save(path))
    weeks = sorted(int(w) for w in features["week"].unique())
    print(f"featurize: {len(features)} rows of weeks {weeks} from {raw_path} version {raw_version} "
          f"-> {path} version {lakehouse.latest_version(spark, path)}")
    spark.stop()


if __name__ == "__main__":
    main()
