"""ModelGate's scoring job: both models score one frozen evaluation set, in one Spark job.

Reads the evaluation table (Delta) at the pinned version once, scores every row with the candidate
and with the champion through mlflow.pyfunc.spark_udf, and overwrites one scored Delta table with
the key, label, weight and slice columns, score_candidate and score_baseline (and, for multiclass
models scored with class probabilities, proba_candidate and proba_baseline). The commit carries
both model URIs and the evaluation table's version as its userMetadata.

evaluate-model ships this file and launches it through spark-submit; a project may run its own job
instead, writing the same columns. When a model cannot be loaded or score, the job prints one line
"modelgate-score: candidate-failed: <error>" (or "champion-failed") and exits 1, which ModelGate
reads to tell a failed candidate (exit 1) from a champion it cannot compare with (exit 3).
"""
import argparse
import json
import sys
import traceback
import warnings

# PySpark 4.2 warns on import that pandas 3 is not fully supported; the job converts no pandas frame
# to Spark (the UDFs hand pandas batches to the models), so the warning says nothing about its result.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--table", required=True, help="path or URI of the evaluation table (Delta)")
    parser.add_argument("--version", type=int, help="the table version to read")
    parser.add_argument("--timestamp", help="read the table as of this timestamp instead")
    parser.add_argument("--output", required=True, help="path or URI of the scored table, overwritten")
    parser.add_argument("--task", choices=["binary", "multiclass", "regression"], required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--carry", action="append", default=[], help="a column copied into the scored table (key, weight, slices)")
    parser.add_argument("--candidate", required=True, help="model URI of the candidate, e.g. models:/fraud-detector/3")
    parser.add_argument("--baseline", help="model URI of the champion; none for a first model")
    parser.add_argument("--classes", help="multiclass: JSON list, the order of the models' probability outputs")
    parser.add_argument("--metadata", required=True, help="JSON recorded as the commit's userMetadata")
    return parser.parse_args()


def spark_session():
    """Classic submission: Delta's extension on this session. Over Spark Connect (SPARK_REMOTE) the
    server has Delta configured, and a client has no sparkContext."""
    import os
    from pyspark.sql import SparkSession
    if "SPARK_REMOTE" in os.environ:
        return SparkSession.builder.appName("modelgate-score").getOrCreate()
    spark = (SparkSession.builder.appName("modelgate-score")
             .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
             .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
             .getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    return spark


def model_inputs(uri, frame, label):
    """The model's input columns: its signature's names, else every column but the label."""
    from mlflow.models import get_model_info
    schema = get_model_info(uri).signature
    names = schema.inputs.input_names() if schema is not None and schema.inputs is not None else None
    if names and all(isinstance(n, str) for n in names):
        missing = [n for n in names if n not in frame.columns]
        if missing:
            raise ValueError(f"the evaluation table has no column {', '.join(missing)} that the model's signature asks for")
        return names
    return [c for c in frame.columns if c != label]


def score(spark, frame, uri, task, classes, label, column, probabilities_column):
    """Adds the model's score (and class probabilities) as columns."""
    import mlflow.pyfunc
    from pyspark.sql import functions as F
    inputs = model_inputs(uri, frame, label)
    if task == "multiclass" and classes is None:
        udf = mlflow.pyfunc.spark_udf(spark, uri, result_type="string")
        return frame.withColumn(column, udf(F.struct(*[F.col(c) for c in inputs])))
    udf = mlflow.pyfunc.spark_udf(spark, uri, result_type="array<double>")
    raw = f"{column}_raw"
    frame = frame.withColumn(raw, udf(F.struct(*[F.col(c) for c in inputs])))
    if task == "multiclass":
        # Class probabilities in the order of classes: the prediction is the most probable class.
        width = len(classes)
        frame = frame.withColumn(probabilities_column, F.when(F.size(raw) == width, F.col(raw)).otherwise(
            F.raise_error(F.concat(F.lit(f"{uri} gave "), F.size(raw).cast("string"), F.lit(f" outputs for the {width} classes")))))
        best = F.array_position(F.col(probabilities_column), F.array_max(F.col(probabilities_column)))
        lookup = F.array(*[F.lit(str(c)) for c in classes])
        return frame.withColumn(column, F.element_at(lookup, best.cast("int"))).drop(raw)
    if task == "binary":
        # One output is the positive class's probability (or score); two are predict_proba's [P(0), P(1)].
        value = F.when(F.size(raw) == 1, F.col(raw)[0]).when(F.size(raw) == 2, F.col(raw)[1]).otherwise(
            F.raise_error(F.concat(F.lit(f"{uri} gave "), F.size(raw).cast("string"), F.lit(" outputs; a binary model gives 1 or 2"))))
    else:
        value = F.when(F.size(raw) == 1, F.col(raw)[0]).otherwise(
            F.raise_error(F.concat(F.lit(f"{uri} gave "), F.size(raw).cast("string"), F.lit(" outputs; a regression model gives 1"))))
    return frame.withColumn(column, value).drop(raw)


def fail(who, error):
    message = " ".join(str(error).split())[:2000]
    print(f"modelgate-score: {who}-failed: {type(error).__name__}: {message}", flush=True)
    traceback.print_exc()
    sys.exit(1)


def main():
    args = parse_args()
    classes = json.loads(args.classes) if args.classes else None
    spark = spark_session()
    reader = spark.read.format("delta")
    if args.version is not None:
        reader = reader.option("versionAsOf", args.version)
    elif args.timestamp:
        reader = reader.option("timestampAsOf", args.timestamp)
    frame = reader.load(args.table)
    keep = [args.label] + [c for c in args.carry if c != args.label]

    # The candidate's scores first, materialized, so that a failure is known to be the candidate's.
    from pyspark.sql import functions as F
    try:
        scored = score(spark, frame, args.candidate, args.task, classes, args.label, "score_candidate", "proba_candidate").persist()
        rows = scored.agg(F.count(F.col("score_candidate"))).collect()[0][0]
    except Exception as error:  # noqa: BLE001 - any failure of the candidate is reported as such
        fail("candidate", error)
    output = keep + ["score_candidate"] + (["proba_candidate"] if classes and args.task == "multiclass" else [])
    if args.baseline:
        try:
            scored = score(spark, scored, args.baseline, args.task, classes, args.label, "score_baseline", "proba_baseline").persist()
            scored.agg(F.count(F.col("score_baseline"))).collect()
        except Exception as error:  # noqa: BLE001
            fail("champion", error)
        output += ["score_baseline"] + (["proba_baseline"] if classes and args.task == "multiclass" else [])
    (scored.select(*output).write.format("delta").mode("overwrite").option("overwriteSchema", "true")
     .option("userMetadata", args.metadata).save(args.output))
    print(f"modelgate-score: scored {rows} rows of {args.table} with {args.candidate}"
          + (f" and {args.baseline}" if args.baseline else "") + f" into {args.output}", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
