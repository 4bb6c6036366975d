from collections import Counter

from docclf import CLASSES
from docclf.corpus import VOCABULARY, generate
from docclf.text import normalise


def test_same_seed_same_documents():
    assert generate(200, 7) == generate(200, 7)
    assert generate(200, 7) != generate(200, 8)


def test_classes_in_equal_shares_and_ids_in_order():
    documents = generate(400, 1, first_id=100)
    assert Counter(d.label for d in documents) == {c: 100 for c in CLASSES}
    assert [d.doc_id for d in documents] == list(range(100, 500))


def test_documents_lean_to_their_own_vocabulary():
    own = other = 0
    for document in generate(400, 3):
        words = set(normalise(document.text).split())
        own += len(words & set(VOCABULARY[document.label]))
        other += sum(len(words & set(VOCABULARY[c])) for c in CLASSES if c != document.label)
    assert own > 1.5 * other > 0   # overlapping, yet separable
