"""The benchmark's eight checks as Polars expressions on lazy Delta scans (2 threads): completeness
of amount, ranges of amount and score, uniqueness of id, PSI of f1..f4 against the reference's
deciles (numpy-linear quantiles, a value on an edge in the bin below, 1e-4 for empty bins).
Prints the seconds the checks took (imports excluded) and the verdicts.

usage: polars_checks.py CURRENT REFERENCE"""
import math
import os
import sys
import time

os.environ.setdefault("POLARS_MAX_THREADS", "2")
import polars as pl  # noqa: E402

current_path, reference_path = sys.argv[1], sys.argv[2]
start = time.time()
columns = ["f1", "f2", "f3", "f4"]
current = pl.scan_delta(current_path)
reference = pl.scan_delta(reference_path)
quantiles = [i / 10 for i in range(1, 10)]
edges_row = reference.select([pl.col(c).quantile(q, interpolation="linear").alias(f"{c}_{i}")
                              for c in columns for i, q in enumerate(quantiles)]).collect().row(0)
edges = {c: sorted(set(edges_row[j * 9:(j + 1) * 9])) for j, c in enumerate(columns)}


def cumulative(frame):
    """Per column, the count of values <= each edge, and the total: bins from their differences."""
    exprs = [pl.len().alias("rows")]
    for c in columns:
        exprs.append(pl.col(c).count().alias(f"{c}_n"))
        exprs += [(pl.col(c) <= e).sum().alias(f"{c}_le{i}") for i, e in enumerate(edges[c])]
    return exprs


checks = [pl.col("amount").count().alias("amount_non_null"),
          ((pl.col("amount") < 0) | (pl.col("amount") > 1000)).sum().alias("amount_outside"),
          ((pl.col("score") < 0) | (pl.col("score") > 1)).sum().alias("score_outside"),
          pl.col("id").n_unique().alias("distinct_ids")]
row = current.select(cumulative(current) + checks).collect().row(0, named=True)
ref = reference.select(cumulative(reference)).collect().row(0, named=True)


def shares(counts, c):
    cum = [counts[f"{c}_le{i}"] for i in range(len(edges[c]))] + [counts[f"{c}_n"]]
    bins = [cum[0]] + [cum[i] - cum[i - 1] for i in range(1, len(cum))]
    return [max(b / counts[f"{c}_n"], 1e-4) for b in bins]


verdicts = {
    "completeness amount": row["amount_non_null"] / row["rows"] >= 0.99,
    "range amount": row["amount_outside"] == 0,
    "range score": row["score_outside"] == 0,
    "unique (id)": row["distinct_ids"] == row["rows"],
}
for c in columns:
    psi = sum((cu - r) * math.log(cu / r) for r, cu in zip(shares(ref, c), shares(row, c)))
    verdicts[f"drift psi {c}"] = psi <= 0.1
print(f"seconds {time.time() - start:.2f}")
for name, ok in verdicts.items():
    print(f"{name}: {'ok' if ok else 'FAILED'}")
