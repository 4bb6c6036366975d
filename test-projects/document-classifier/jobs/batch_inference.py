"""Scores the `incoming` Delta table with the champion and writes the `predictions` Delta table:
one row per document with its label, confidence, the model name and version that scored it,
and when it was scored. The table is partitioned by `batch`; re-running a batch replaces it.

usage: batch_inference.py [--lakehouse build/lakehouse] [--batch 2026-01-31] [--alias champion]"""
import argparse
import os
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the docclf package

from pyspark.sql import types as T  # noqa: E402

from docclf import MODEL_NAME, spark as docclf_spark  # noqa: E402
from docclf.serving import Classifier  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--lakehouse", default="build/lakehouse")
parser.add_argument("--batch", default=datetime.now(timezone.utc).date().isoformat())
parser.add_argument("--alias", default="champion")
args = parser.parse_args()
lakehouse = os.path.abspath(args.lakehouse)

classifier = Classifier.load(args.alias)
spark = docclf_spark.session("batch_inference")
incoming = spark.read.format("delta").load(f"{lakehouse}/incoming").select("doc_id", "text").orderBy("doc_id").collect()
predictions = classifier.predict([row.text for row in incoming])
scored_at = datetime.now(timezone.utc)

schema = T.StructType([
    T.StructField("doc_id", T.LongType(), False),
    T.StructField("label", T.StringType(), False),
    T.StructField("confidence", T.DoubleType(), False),
    T.StructField("model_name", T.StringType(), False),
    T.StructField("model_version", T.IntegerType(), False),
    T.StructField("scored_at", T.TimestampType(), False),
    T.StructField("batch", T.StringType(), False),
])
rows = [(row.doc_id, p.label, p.confidence, MODEL_NAME, int(classifier.model_version), scored_at, args.batch)
        for row, p in zip(incoming, predictions)]
(spark.createDataFrame(rows, schema).write.format("delta").mode("overwrite")
 .partitionBy("batch").option("replaceWhere", f"batch = '{args.batch}'").save(f"{lakehouse}/predictions"))
print(f"scored {len(rows)} documents of batch {args.batch} with {MODEL_NAME} version {classifier.model_version}")
spark.stop()
