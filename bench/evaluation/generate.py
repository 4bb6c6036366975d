"""Writes the evaluation benchmark's data once with Spark, into OUT:

- OUT/evaluation_1m: an evaluation set of 1,000,000 rows: id, four features f1..f4, the label
  (logistic in the features, about 30% positive) and three slice columns (country: 10 values,
  segment: 5, device: 3);
- OUT/models/candidate and OUT/models/champion: two scikit-learn logistic regressions trained on
  100,000 other rows (the champion on two of the four features), saved as MLflow models whose pyfunc
  serves predict_proba, as a project logs them;
- OUT/scored_10m: a scored table of 10,000,000 rows (label, the slice columns, score_candidate,
  score_baseline) drawn from the same law, for the computation at 10M (scoring 10M rows with
  spark_udf on this machine would take most of an hour; the scoring job's time is measured at 1M).

usage: generate.py OUT SPARK_JARS"""
import sys

import mlflow.sklearn
import numpy as np
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from sklearn.linear_model import LogisticRegression

out, jars = sys.argv[1], sys.argv[2]
spark = (SparkSession.builder.master("local[2]").appName("modelgate-bench-evaluation-data")
         .config("spark.jars", jars)
         .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
         .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
         .config("spark.ui.enabled", "false")
         .config("spark.driver.memory", "2g")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")

COEFFICIENTS = np.array([1.2, -0.8, 0.6, 0.4])


def features(frame, seed):
    for i in range(4):
        frame = frame.withColumn(f"f{i + 1}", F.randn(seed + i))
    logit = sum(float(c) * F.col(f"f{i + 1}") for i, c in enumerate(COEFFICIENTS)) - 1.0
    return (frame.withColumn("label", (F.rand(seed + 10) < 1 / (1 + F.exp(-logit))).cast("int"))
            .withColumn("country", F.element_at(F.array(*[F.lit(f"c{i}") for i in range(10)]), (F.rand(seed + 11) * 10).cast("int") + 1))
            .withColumn("segment", F.element_at(F.array(*[F.lit(s) for s in ["retail", "smb", "corporate", "public", "other"]]),
                                                (F.rand(seed + 12) * 5).cast("int") + 1))
            .withColumn("device", F.element_at(F.array(*[F.lit(d) for d in ["web", "ios", "android"]]), (F.rand(seed + 13) * 3).cast("int") + 1)))


# Two models: the candidate sees all four features, the champion two of them.
train = features(spark.range(100_000, numPartitions=2), 1).toPandas()
x, y = train[["f1", "f2", "f3", "f4"]].to_numpy(), train["label"].to_numpy()
candidate = LogisticRegression().fit(x, y)
champion_features = x.copy()
champion_features[:, 2:] = 0.0
champion = LogisticRegression().fit(champion_features, y)
champion.coef_[0, 2:] = 0.0  # it ignores f3 and f4, whatever rows it scores
example = train[["f1", "f2", "f3", "f4"]].head(5)
for name, model in (("candidate", candidate), ("champion", champion)):
    mlflow.sklearn.save_model(model, f"{out}/models/{name}", pyfunc_predict_fn="predict_proba", input_example=example,
                              signature=mlflow.models.infer_signature(example, model.predict_proba(example)))

features(spark.range(1_000_000, numPartitions=4), 101).write.format("delta").mode("overwrite").save(f"{out}/evaluation_1m")

scored = features(spark.range(10_000_000, numPartitions=8), 201)
scored = (scored.withColumn("score_candidate", 1 / (1 + F.exp(-(sum(float(c) * F.col(f"f{i + 1}") for i, c in enumerate(COEFFICIENTS)) - 1.0))))
          .withColumn("score_baseline", 1 / (1 + F.exp(-(1.2 * F.col("f1") - 0.8 * F.col("f2") - 1.0)))))
scored.select("label", "country", "segment", "device", "score_candidate", "score_baseline").write.format("delta").mode("overwrite").save(f"{out}/scored_10m")
spark.stop()
