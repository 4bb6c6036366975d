"""The drift statistics as the tests expect them, computed with numpy and scipy, independently of
the suite: imported by the fixture scripts beside this file."""
import numpy as np
from scipy import stats


def psi(ref, cur, bins=10, eps=1e-4):
    """Quantile bins from the reference (numpy's linear quantiles), open-ended outer bins,
    a value equal to an edge falls in the bin below it; empty shares become eps."""
    edges = np.unique(np.quantile(ref, np.linspace(0, 1, bins + 1)[1:-1]))
    r = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1) / len(cur)
    r, c = np.where(r == 0, eps, r), np.where(c == 0, eps, c)
    return float(np.sum((c - r) * np.log(c / r)))


def categorical(ref, cur, eps=1e-4):
    """PSI over the categories of either side, and Pearson's chi-square without continuity correction."""
    cats = sorted(set(ref) | set(cur))
    rc = np.array([np.sum(ref == k) for k in cats], dtype=float)
    cc = np.array([np.sum(cur == k) for k in cats], dtype=float)
    r, c = rc / rc.sum(), cc / cc.sum()
    r, c = np.where(r == 0, eps, r), np.where(c == 0, eps, c)
    chi2 = stats.chi2_contingency(np.array([rc, cc]), correction=False)
    return {"psi": float(np.sum((c - r) * np.log(c / r))), "chi2": float(chi2.statistic), "p_value": float(chi2.pvalue)}
