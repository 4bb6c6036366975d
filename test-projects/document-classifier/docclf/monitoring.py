"""Monitoring of served predictions, per time window: the share of low-confidence predictions
and how far the predicted label distribution moved from a reference (PSI)."""
import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterable, Mapping, Sequence

# An empty class share becomes this, so the logarithm of PSI stays finite (Evidently's convention,
# as modelgate check-data).
EPSILON = 1e-4


@dataclass(frozen=True)
class Window:
    start: datetime
    count: int
    low_confidence_share: float
    label_psi: float
    alert: bool


def low_confidence_share(confidences: Sequence[float], threshold: float) -> float:
    """Share of predictions whose confidence is below `threshold`; 0 for no predictions."""
    if not confidences:
        return 0.0
    return sum(1 for c in confidences if c < threshold) / len(confidences)


def label_shares(labels: Iterable[str], classes: Sequence[str]) -> dict[str, float]:
    """Share of each class among `labels` (every class listed, unseen ones at 0)."""
    counts = Counter(labels)
    unknown = set(counts) - set(classes)
    if unknown:
        raise ValueError(f"labels outside the classes {list(classes)}: {sorted(unknown)}")
    total = sum(counts.values())
    return {c: (counts[c] / total if total else 0.0) for c in classes}


def psi(reference: Mapping[str, float], current: Mapping[str, float]) -> float:
    """Population stability index, sum (cur - ref) * ln(cur / ref), over the reference's classes."""
    total = 0.0
    for name, ref in reference.items():
        ref = max(ref, EPSILON)
        cur = max(current.get(name, 0.0), EPSILON)
        total += (cur - ref) * math.log(cur / ref)
    return total


def windows(predictions: Iterable[tuple[datetime, str, float]], size: timedelta,
            reference: Mapping[str, float], *, confidence_threshold: float = 0.6,
            max_low_confidence: float = 0.3, max_psi: float = 0.2) -> list[Window]:
    """Groups (time, label, confidence) into windows of `size` aligned on the epoch, oldest first.
    Naive times are taken as they are; aware ones are converted to UTC.

    A window alerts when its low-confidence share exceeds `max_low_confidence` or its label PSI
    against `reference` exceeds `max_psi`. Empty windows are not listed."""
    if size <= timedelta(0):
        raise ValueError("the window size must be positive")
    epoch = datetime(1970, 1, 1)
    grouped: dict[datetime, list[tuple[str, float]]] = {}
    for time, label, confidence in predictions:
        if time.tzinfo is not None:
            time = time.astimezone(timezone.utc).replace(tzinfo=None)
        start = epoch + ((time - epoch) // size) * size
        grouped.setdefault(start, []).append((label, confidence))
    result = []
    for start in sorted(grouped):
        labels = [label for label, _ in grouped[start]]
        share = low_confidence_share([c for _, c in grouped[start]], confidence_threshold)
        drift = psi(reference, label_shares(labels, list(reference)))
        result.append(Window(start, len(labels), share, drift,
                             share > max_low_confidence or drift > max_psi))
    return result
