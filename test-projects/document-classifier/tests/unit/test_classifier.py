"""The batch logic of the serving code around any model with classes_ and predict_proba."""
import numpy as np
import pytest

from docclf.serving import Classifier, InvalidDocument


class RecordingModel:
    """Answers class 'b' with 0.7 for texts containing 'bill', else 'a' with 0.9; keeps each batch."""
    classes_ = np.array(["a", "b"])

    def __init__(self):
        self.batches = []

    def predict_proba(self, frame):
        texts = list(frame["text"])
        self.batches.append(texts)
        return np.array([[0.3, 0.7] if "bill" in t else [0.9, 0.1] for t in texts])


def test_normalises_in_batches_and_keeps_order():
    model = RecordingModel()
    classifier = Classifier(model, "3")
    predictions = classifier.predict(["My BILL!", "Parcel late", "bill #42", "Crash"], batch_size=3)
    assert [(p.label, p.confidence) for p in predictions] == [("b", 0.7), ("a", 0.9), ("b", 0.7), ("a", 0.9)]
    assert model.batches == [["my bill", "parcel late", "bill _num_"], ["crash"]]
    assert classifier.model_version == "3" and classifier.classes == ["a", "b"]


def test_a_bad_document_reaches_no_model():
    model = RecordingModel()
    with pytest.raises(InvalidDocument):
        Classifier(model, "3").predict(["fine", ""])
    assert model.batches == []
