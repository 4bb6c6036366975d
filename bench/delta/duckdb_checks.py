"""The benchmark's eight checks in DuckDB SQL over the Parquet files of the tables' snapshots
(listed from the Delta log by deltalake; 2 threads): completeness of amount, ranges of amount and
score, uniqueness of id, PSI of f1..f4 against the reference's deciles (quantile_cont, a value on
an edge in the bin below, 1e-4 for empty bins). Prints the seconds the checks took (imports
excluded) and the verdicts.

usage: duckdb_checks.py CURRENT REFERENCE"""
import math
import sys
import time

import duckdb
from deltalake import DeltaTable

current_path, reference_path = sys.argv[1], sys.argv[2]
start = time.time()
db = duckdb.connect()
db.execute("SET threads = 2")


def files(path):
    return "[" + ", ".join(f"'{uri}'" for uri in DeltaTable(path).file_uris()) + "]"


current = f"read_parquet({files(current_path)})"
reference = f"read_parquet({files(reference_path)})"
columns = ["f1", "f2", "f3", "f4"]
qs = "[" + ", ".join(str(i / 10) for i in range(1, 10)) + "]"
edge_rows = db.execute("SELECT " + ", ".join(f"quantile_cont({c}, {qs})" for c in columns) + f" FROM {reference}").fetchone()
edges = {c: sorted(set(e)) for c, e in zip(columns, edge_rows)}


def cumulative_sql():
    parts = ["count(*)"]
    for c in columns:
        parts.append(f"count({c})")
        parts += [f"count(*) FILTER (WHERE {c} <= {e!r})" for e in edges[c]]
    return parts


def shares(values, offset, c):
    n = values[offset]
    cum = list(values[offset + 1:offset + 1 + len(edges[c])]) + [n]
    bins = [cum[0]] + [cum[i] - cum[i - 1] for i in range(1, len(cum))]
    return [max(b / n, 1e-4) for b in bins]


checks = ["count(amount)", "count(*) FILTER (WHERE amount < 0 OR amount > 1000)",
          "count(*) FILTER (WHERE score < 0 OR score > 1)", "count(DISTINCT id)"]
cur = db.execute("SELECT " + ", ".join(cumulative_sql() + checks) + f" FROM {current}").fetchone()
ref = db.execute("SELECT " + ", ".join(cumulative_sql()) + f" FROM {reference}").fetchone()
rows, non_null, amount_outside, score_outside, distinct_ids = cur[0], *cur[-4:]
verdicts = {
    "completeness amount": non_null / rows >= 0.99,
    "range amount": amount_outside == 0,
    "range score": score_outside == 0,
    "unique (id)": distinct_ids == rows,
}
offset = 1
for c in columns:
    psi = sum((cu - r) * math.log(cu / r) for r, cu in zip(shares(ref, offset, c), shares(cur, offset, c)))
    verdicts[f"drift psi {c}"] = psi <= 0.1
    offset += 1 + len(edges[c])
print(f"seconds {time.time() - start:.2f}")
for name, ok in verdicts.items():
    print(f"{name}: {'ok' if ok else 'FAILED'}")
