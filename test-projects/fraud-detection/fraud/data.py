"""Seeded, deterministic card transactions, one week at a time.

Each week's rows depend only on (seed, week): running the generator again gives the same table.
Two things change across weeks, as in production:
- covariate drift: amounts grow a little every week (what the monitoring job should notice);
- a labeling incident in one week: a share of that week's labels is flipped (what the model gate
  should catch: a model trained on those labels is worse on clean data).
"""
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd

MERCHANT_CATEGORIES = ["grocery", "fuel", "travel", "electronics", "online", "restaurant"]
# How much more often fraud happens at each kind of merchant (log-odds).
_CATEGORY_RISK = {"grocery": -0.6, "fuel": -0.2, "travel": 0.5, "electronics": 0.9, "online": 0.7, "restaurant": -0.4}
FIRST_WEEK_START = datetime(2026, 1, 5, tzinfo=timezone.utc)  # a Monday
AMOUNT_DRIFT_PER_WEEK = 0.35   # shift of log(amount) per week
HOLDOUT_SEED_OFFSET = 1_000_003
WEEK_ID_SPAN = 10_000_000      # transaction ids of week w are w * WEEK_ID_SPAN + row


def fraud_log_odds(frame):
    """The true fraud log-odds of each transaction (the concept, stable across weeks)."""
    night = frame["hour"].isin([0, 1, 2, 3, 4, 5]).astype(float)
    new_account = (frame["account_age_days"] < 30).astype(float)
    category = frame["merchant_category"].map(_CATEGORY_RISK).astype(float)
    log_amount = np.log1p(frame["amount"])
    return (-6.0 + 1.6 * (log_amount - 4.0).clip(lower=0) + 2.0 * night * frame["is_foreign"]
            + 1.5 * night + 2.2 * new_account + 1.8 * category
            + 0.6 * np.minimum(frame["tx_last_24h"], 8) + 1.0 * np.log1p(frame["distance_km"] / 50.0)
            - 1.8 * new_account * (frame["distance_km"] < 20))


def _transactions(rng, rows, week, amount_shift):
    hour = rng.choice(24, size=rows, p=_hour_profile())
    start = FIRST_WEEK_START + timedelta(weeks=week - 1)
    seconds = rng.integers(0, 7 * 86400, size=rows)
    # The hour of the event time is the drawn hour, so the two columns agree.
    seconds = seconds - seconds % 86400 + hour * 3600 + rng.integers(0, 3600, size=rows)
    frame = pd.DataFrame({
        "customer_id": rng.integers(1, 5000, size=rows).astype("int64"),
        "event_time": pd.to_datetime([start + timedelta(seconds=int(s)) for s in seconds]),
        "amount": np.round(np.exp(rng.normal(3.6 + amount_shift, 1.0, size=rows)), 2),
        "merchant_category": rng.choice(MERCHANT_CATEGORIES, size=rows, p=[0.3, 0.15, 0.1, 0.1, 0.2, 0.15]),
        "hour": hour.astype("int32"),
        "distance_km": np.round(rng.exponential(25.0, size=rows), 1),
        "is_foreign": (rng.random(rows) < 0.08).astype("int32"),
        "tx_last_24h": rng.poisson(1.5, size=rows).astype("int32"),
        "account_age_days": rng.integers(0, 3650, size=rows).astype("int32"),
    })
    probability = 1.0 / (1.0 + np.exp(-fraud_log_odds(frame)))
    frame["is_fraud"] = (rng.random(rows) < probability).astype("int32")
    return frame


def _hour_profile():
    weights = np.array([1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4, 4.5, 4, 4, 4, 4, 4.5, 5, 5, 4, 3, 2, 1.5])
    return weights / weights.sum()


def generate_week(week, rows, seed=42, incident_week=3, incident_share=0.35):
    """The transactions of one week, with labels flipped in the incident week."""
    if week < 1:
        raise ValueError(f"week must be 1 or more, got {week}")
    rng = np.random.default_rng([seed, week])
    frame = _transactions(rng, rows, week, AMOUNT_DRIFT_PER_WEEK * (week - 1))
    if week == incident_week:
        flipped = rng.random(rows) < incident_share
        frame.loc[flipped, "is_fraud"] = 1 - frame.loc[flipped, "is_fraud"]
    frame.insert(0, "transaction_id", week * WEEK_ID_SPAN + np.arange(rows, dtype="int64"))
    frame.insert(1, "week", np.int32(week))
    return frame


def holdout(rows=6000, seed=42):
    """The fixed, clean evaluation set: correct labels, the middle of the weeks' amount drift."""
    rng = np.random.default_rng([seed, HOLDOUT_SEED_OFFSET])
    frame = _transactions(rng, rows, 1, AMOUNT_DRIFT_PER_WEEK)
    frame.insert(0, "transaction_id", -1 - np.arange(rows, dtype="int64"))
    frame.insert(1, "week", np.int32(0))
    return frame


def next_week(existing_weeks):
    """The week to generate after the weeks already in the raw table (1 when it is empty)."""
    weeks = [int(w) for w in existing_weeks if w is not None]
    return max(weeks) + 1 if weeks else 1
