"""Drift of the scored transactions, window by window, and the retrain decision."""
from dataclasses import asdict, dataclass

import numpy as np

EPSILON = 1e-4  # share of an empty bin, so the logarithm stays finite (Evidently's convention)


def psi(reference, current, bins=10):
    """Population stability index of a numeric column: quantile bins of the reference."""
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    if reference.size == 0 or current.size == 0:
        raise ValueError("PSI needs values on both sides")
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1]))
    # Outer bins open-ended; a value on an edge falls in the bin below (as check-data does).
    ref_share = np.bincount(np.searchsorted(edges, reference, side="left"), minlength=edges.size + 1) / reference.size
    cur_share = np.bincount(np.searchsorted(edges, current, side="left"), minlength=edges.size + 1) / current.size
    ref_share = np.where(ref_share == 0, EPSILON, ref_share)
    cur_share = np.where(cur_share == 0, EPSILON, cur_share)
    return float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))


@dataclass(frozen=True)
class Window:
    """One monitoring window (a week of scored transactions) and its drift from the reference."""
    window: int
    rows: int
    psi: dict
    violated: bool


@dataclass(frozen=True)
class Decision:
    retrain: bool
    reason: str
    reference_window: int
    threshold: float
    violations_needed: int
    last_windows: int
    windows: list

    def as_dict(self):
        return asdict(self)


def window_drift(frame, window_column, columns, reference_window, threshold, bins=10):
    """PSI of each column in each window after the reference one; a window violates when one PSI exceeds the threshold."""
    reference = frame[frame[window_column] == reference_window]
    windows = []
    for window in sorted(w for w in frame[window_column].unique() if w > reference_window):
        current = frame[frame[window_column] == window]
        values = {c: round(psi(reference[c], current[c], bins), 6) for c in columns}
        windows.append(Window(int(window), len(current), values, any(v > threshold for v in values.values())))
    return windows


def decide(windows, violations_needed, last_windows, threshold, reference_window):
    """Retrain when at least N of the last M windows violate the threshold and the latest one does."""
    if not 1 <= violations_needed <= last_windows:
        raise ValueError(f"need 1 <= N <= M, got N={violations_needed}, M={last_windows}")
    recent = windows[-last_windows:]
    violations = sum(w.violated for w in recent)

    def decision(retrain, reason):
        return Decision(retrain, reason, reference_window, threshold, violations_needed, last_windows, windows)

    if not recent:
        return decision(False, f"no window after the reference window {reference_window} yet")
    latest = recent[-1]
    if violations >= violations_needed and latest.violated:
        return decision(True, f"{violations} of the last {len(recent)} windows drifted (PSI > {threshold}), "
                              f"the latest (window {latest.window}) included")
    if not latest.violated:
        return decision(False, f"the latest window {latest.window} is within PSI {threshold} "
                               f"({violations} of the last {len(recent)} windows drifted)")
    return decision(False, f"only {violations} of the last {len(recent)} windows drifted (PSI > {threshold}); "
                           f"{violations_needed} needed")
