import numpy as np

from fraud.data import MERCHANT_CATEGORIES, generate_week
from fraud.features import CATEGORY_FEATURES, FEATURE_COLUMNS, LABEL, featurize


def test_every_feature_column_is_there_with_the_keys_and_label():
    features = featurize(generate_week(1, 200))
    assert set(FEATURE_COLUMNS) <= set(features.columns)
    assert {"transaction_id", "week", "amount", LABEL} <= set(features.columns)
    assert len(features) == 200
    assert not features[FEATURE_COLUMNS].isna().any().any()


def test_each_transaction_has_exactly_one_merchant_category():
    raw = generate_week(1, 300)
    features = featurize(raw)
    assert (features[CATEGORY_FEATURES].sum(axis=1) == 1).all()
    online = MERCHANT_CATEGORIES.index("online")
    assert (features[CATEGORY_FEATURES[online]] == (raw["merchant_category"] == "online").astype(int)).all()


def test_derived_features_follow_the_raw_values():
    raw = generate_week(1, 300)
    features = featurize(raw)
    assert np.allclose(features["log_amount"], np.log1p(raw["amount"]))
    assert (features["is_night"] == (raw["hour"] < 6).astype(int)).all()
    assert (features["new_account"] == (raw["account_age_days"] < 30).astype(int)).all()


def test_unlabelled_rows_are_featurized_without_a_label():
    features = featurize(generate_week(1, 50).drop(columns=[LABEL]))
    assert LABEL not in features.columns
