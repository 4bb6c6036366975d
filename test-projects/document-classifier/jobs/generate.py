"""Writes the project's data as Delta tables: `documents` (labelled, for training) and
`incoming` (new unlabelled documents, for batch inference). Seeded: the same arguments write
the same documents and labels; only `received_at` follows the clock (the last hour before the
run), so that freshness checks see new data. Each run replaces both tables (a new Delta version of each).

usage: generate.py [--lakehouse build/lakehouse] [--documents 4000] [--incoming 600] [--seed 42]"""
import argparse
import os
import sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the docclf package

from pyspark.sql import types as T  # noqa: E402

from docclf import corpus, spark as docclf_spark  # noqa: E402

INCOMING_FIRST_ID = 1_000_000

parser = argparse.ArgumentParser()
parser.add_argument("--lakehouse", default="build/lakehouse")
parser.add_argument("--documents", type=int, default=4000)
parser.add_argument("--incoming", type=int, default=600)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()
lakehouse = os.path.abspath(args.lakehouse)

spark = docclf_spark.session("generate")
labelled = corpus.generate(args.documents, args.seed)
spark.createDataFrame(
    [(d.doc_id, d.text, d.label) for d in labelled],
    T.StructType([T.StructField("doc_id", T.LongType(), False), T.StructField("text", T.StringType()),
                  T.StructField("label", T.StringType())]),
).write.format("delta").mode("overwrite").option("overwriteSchema", "true").save(f"{lakehouse}/documents")

# New documents arrive over the last hour; their labels are what the model has to find.
now = datetime.now(timezone.utc).replace(microsecond=0)
fresh = corpus.generate(args.incoming, args.seed + 1, first_id=INCOMING_FIRST_ID)
spark.createDataFrame(
    [(d.doc_id, d.text, now - timedelta(seconds=3600 * i // max(len(fresh), 1))) for i, d in enumerate(fresh)],
    T.StructType([T.StructField("doc_id", T.LongType(), False), T.StructField("text", T.StringType()),
                  T.StructField("received_at", T.TimestampType())]),
).write.format("delta").mode("overwrite").option("overwriteSchema", "true").save(f"{lakehouse}/incoming")

print(f"wrote {len(labelled)} documents and {len(fresh)} incoming documents under {lakehouse}")
spark.stop()
