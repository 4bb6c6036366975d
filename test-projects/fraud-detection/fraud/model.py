"""Training and evaluation of the fraud classifier (scikit-learn)."""
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

from fraud.features import FEATURE_COLUMNS, LABEL


def train(features, seed=7):
    """A gradient-boosted classifier on the feature columns; deterministic for a given table.

    Rows are sorted by id first, so the model does not depend on the order Spark returned them in.
    One OpenMP thread: on a CI machine's few shared cores it is several times faster than the default.
    """
    model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, max_leaf_nodes=15,
                                           min_samples_leaf=20, l2_regularization=1.0,
                                           early_stopping=False, random_state=seed)
    ordered = features.sort_values("transaction_id")
    with threadpool_limits(1):
        return model.fit(ordered[FEATURE_COLUMNS], ordered[LABEL])


def fraud_scores(model, features):
    """The probability of fraud of each row."""
    with threadpool_limits(1):
        return model.predict_proba(features[FEATURE_COLUMNS])[:, 1]


def evaluate(model, features):
    """The gated metrics (roc_auc, log_loss) and a few more, on a labelled feature table."""
    labels = features[LABEL].to_numpy()
    scores = np.clip(fraud_scores(model, features), 1e-7, 1 - 1e-7)
    return {
        "roc_auc": float(roc_auc_score(labels, scores)),
        "log_loss": float(log_loss(labels, scores)),
        "average_precision": float(average_precision_score(labels, scores)),
        "brier_score": float(brier_score_loss(labels, scores)),
        "fraud_rate": float(labels.mean()),
    }
