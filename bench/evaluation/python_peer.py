"""The usual Python way, the benchmark's peer: scikit-learn's metrics in a numpy bootstrap loop.

Reads the scored table's Parquet files with pyarrow (the table is written once, so its files are its
one version), computes the six binary metrics of both models on all rows and on every group of the
three slice columns, then times RESAMPLES paired Poisson bootstrap resamples of the same (the same
scheme as ModelGate: every row weighted by a Poisson(1) draw, both models on the same weights) and
prints the seconds per resample, to be multiplied by the 1,000 resamples of the benchmark.

usage: python_peer.py SCORED_TABLE RESAMPLES"""
import glob
import sys
import time

import numpy as np
import pyarrow.parquet as pq
from sklearn.metrics import accuracy_score, average_precision_score, brier_score_loss, f1_score, log_loss, roc_auc_score

path, resamples = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
table = pq.ParquetDataset(sorted(glob.glob(f"{path}/*.parquet"))).read()
y = table.column("label").to_numpy()
scores = {"candidate": table.column("score_candidate").to_numpy(), "baseline": table.column("score_baseline").to_numpy()}
slices = {c: table.column(c).to_numpy(zero_copy_only=False).astype(str) for c in ("country", "segment", "device")}
groups = [(c, v, np.flatnonzero(slices[c] == v)) for c in slices for v in np.unique(slices[c])]
read = time.perf_counter() - start


def metrics(rows, weight):
    yr, w = y[rows], None if weight is None else weight[rows]
    out = []
    for s in scores.values():
        sr = s[rows]
        predicted = sr >= 0.5
        out += [roc_auc_score(yr, sr, sample_weight=w), average_precision_score(yr, sr, sample_weight=w),
                log_loss(yr, sr, sample_weight=w, labels=[0, 1]), brier_score_loss(yr, sr, sample_weight=w, labels=[0, 1]),
                accuracy_score(yr, predicted, sample_weight=w), f1_score(yr, predicted, sample_weight=w)]
    return out


everything = np.arange(len(y))
start = time.perf_counter()
point = [metrics(everything, None)] + [metrics(rows, None) for _, _, rows in groups]
points = time.perf_counter() - start
rng = np.random.default_rng(7)
start = time.perf_counter()
for _ in range(resamples):
    weight = rng.poisson(1.0, len(y)).astype(float)
    replicate = [metrics(everything, weight)] + [metrics(rows, weight) for _, _, rows in groups]
per_resample = (time.perf_counter() - start) / resamples
print(f"rows {len(y)} groups {len(groups)} read {read:.2f} point {points:.2f} per_resample {per_resample:.3f} "
      f"roc_auc_candidate {point[0][0]:.6f} roc_auc_baseline {point[0][6]:.6f}")
