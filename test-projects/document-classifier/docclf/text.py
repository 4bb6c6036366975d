"""Normalisation of a document's text, shared by training and serving: the model only ever
sees normalised text, so serving must normalise exactly as training did."""
import re
import unicodedata

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[^\w]+")
NUMBER_TOKEN = "_num_"


def normalise(text: str) -> str:
    """Lower-case words without accents or punctuation, numbers as one token, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = _NUMBER.sub(f" {NUMBER_TOKEN} ", text)
    text = _NOT_WORD.sub(" ", text)
    return " ".join(text.split())
