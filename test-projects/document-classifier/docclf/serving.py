"""Serving: validate a batch of documents, normalise them as training did, and predict a label
and a confidence for each with the model registered in MLflow.

The model is the registered `document-classifier` at the alias `champion`
(`models:/document-classifier@champion`). The alias is resolved once, when the classifier is
loaded, so every prediction names the exact version that made it even if the alias moves."""
from dataclasses import dataclass
from typing import Sequence

from docclf import MODEL_NAME
from docclf.text import normalise

MAX_CHARS = 5000
DEFAULT_BATCH = 256


class InvalidDocument(ValueError):
    """A document the classifier refuses, with its position in the batch."""

    def __init__(self, index: int, reason: str):
        super().__init__(f"document {index}: {reason}")
        self.index = index
        self.reason = reason


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float


def validate(documents: Sequence[str]) -> None:
    """Refuses the whole batch at its first bad document: not text, blank, or too long."""
    if isinstance(documents, str):
        raise TypeError("expected a sequence of documents, got one string")
    for index, document in enumerate(documents):
        if not isinstance(document, str):
            raise InvalidDocument(index, f"expected text, got {type(document).__name__}")
        if not normalise(document):
            raise InvalidDocument(index, "no words")
        if len(document) > MAX_CHARS:
            raise InvalidDocument(index, f"{len(document)} characters, more than {MAX_CHARS}")


class Classifier:
    """A loaded model and the version it came from."""

    def __init__(self, model, model_version: str):
        self.model = model
        self.model_version = model_version
        self.classes = [str(c) for c in model.classes_]

    @classmethod
    def load(cls, alias: str = "champion", name: str = MODEL_NAME) -> "Classifier":
        """The version of `name` that holds `alias` on the tracking server (MLFLOW_TRACKING_URI)."""
        import mlflow.sklearn
        from mlflow import MlflowClient

        version = MlflowClient().get_model_version_by_alias(name, alias).version
        return cls(mlflow.sklearn.load_model(f"models:/{name}/{version}"), str(version))

    def predict(self, documents: Sequence[str], batch_size: int = DEFAULT_BATCH) -> list[Prediction]:
        """One prediction per document, in order; the highest class probability is the confidence."""
        import pandas as pd

        validate(documents)
        predictions = []
        for start in range(0, len(documents), batch_size):
            batch = [normalise(d) for d in documents[start:start + batch_size]]
            probabilities = self.model.predict_proba(pd.DataFrame({"text": batch}))
            for row in probabilities:
                best = int(row.argmax())
                predictions.append(Prediction(self.classes[best], float(row[best])))
        return predictions
