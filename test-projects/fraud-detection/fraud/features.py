"""Features of a transaction, computed row by row from the raw table's columns."""
import numpy as np
import pandas as pd

from fraud.data import MERCHANT_CATEGORIES

KEY_COLUMNS = ["transaction_id", "week"]
NUMERIC_FEATURES = ["log_amount", "hour", "is_night", "is_foreign", "log_distance", "tx_last_24h",
                    "new_account", "log_account_age"]
CATEGORY_FEATURES = [f"merchant_{c}" for c in MERCHANT_CATEGORIES]
FEATURE_COLUMNS = NUMERIC_FEATURES + CATEGORY_FEATURES
LABEL = "is_fraud"


def featurize(raw):
    """The feature table: keys, the amount (kept for monitoring), the features and the label."""
    features = pd.DataFrame({
        "transaction_id": raw["transaction_id"].astype("int64"),
        "week": raw["week"].astype("int32"),
        "amount": raw["amount"].astype("float64"),
        "log_amount": np.log1p(raw["amount"].astype("float64")),
        "hour": raw["hour"].astype("int32"),
        "is_night": (raw["hour"] < 6).astype("int32"),
        "is_foreign": raw["is_foreign"].astype("int32"),
        "log_distance": np.log1p(raw["distance_km"].astype("float64")),
        "tx_last_24h": raw["tx_last_24h"].astype("int32"),
        "new_account": (raw["account_age_days"] < 30).astype("int32"),
        "log_account_age": np.log1p(raw["account_age_days"].astype("float64")),
    })
    for category, column in zip(MERCHANT_CATEGORIES, CATEGORY_FEATURES):
        features[column] = (raw["merchant_category"] == category).astype("int32")
    if LABEL in raw:
        features[LABEL] = raw[LABEL].astype("int32")
    return features.reset_index(drop=True)
