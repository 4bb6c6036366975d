"""A seeded, deterministic corpus of short support tickets in four classes.

Each class has its own vocabulary; every document also draws words shared by all classes and
words of another class, so the classes overlap and a good model is right about 9 times in 10,
not always. Documents carry what normalisation must undo: capitals, accents, punctuation and
numbers."""
import random
from dataclasses import dataclass

from docclf import CLASSES

VOCABULARY = {
    "account": "password login username profile email verify locked reset signin security "
               "two-factor settings deactivate privacy account credentials session "
               "recover access register".split(),
    "billing": "invoice refund charge payment card subscription price receipt billed "
               "overcharged discount vat credit plan renewal bank debit coupon "
               "cancel fee".split(),
    "shipping": "delivery parcel package courier tracking shipped arrived address warehouse "
                "dispatch late lost postage carrier doorstep return label customs "
                "box pickup".split(),
    "technical": "error crash app install update bug screen loading server timeout "
                 "browser sync download version freeze connection api battery "
                 "firmware reboot".split(),
}
SHARED = ("please help order issue problem today again still need urgent thanks hello "
          "since yesterday week customer support team service not working my the your "
          "can could would someone").split()
# Accented spellings a customer may type; normalisation maps them back to the plain word.
ACCENTED = {"delivery": "délivery", "invoice": "invoicé", "refund": "réfund", "crash": "crâsh",
            "password": "pässword", "parcel": "parçel"}


@dataclass(frozen=True)
class Document:
    doc_id: int
    text: str
    label: str


def generate(count: int, seed: int, first_id: int = 0) -> list[Document]:
    """`count` documents, the same for the same seed; classes in equal shares, ids from `first_id`."""
    rng = random.Random(seed)
    return [_document(rng, first_id + i, CLASSES[i % len(CLASSES)]) for i in range(count)]


def _document(rng: random.Random, doc_id: int, label: str) -> Document:
    others = [c for c in CLASSES if c != label]
    words = []
    for _ in range(rng.randint(6, 16)):
        draw = rng.random()
        if draw < 0.30:
            word = rng.choice(VOCABULARY[label])
        elif draw < 0.45:
            word = rng.choice(VOCABULARY[rng.choice(others)])
        else:
            word = rng.choice(SHARED)
        words.append(_decorate(rng, word))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), f"#{rng.randint(1000, 99999)}")
    text = " ".join(words)
    return Document(doc_id, text[0].upper() + text[1:] + rng.choice([".", "!", "?", "!!", ""]), label)


def _decorate(rng: random.Random, word: str) -> str:
    draw = rng.random()
    if draw < 0.05 and word in ACCENTED:
        return ACCENTED[word]
    if draw < 0.15:
        return word.upper()
    if draw < 0.30:
        return word.capitalize()
    if draw < 0.35:
        return word + ","
    return word
