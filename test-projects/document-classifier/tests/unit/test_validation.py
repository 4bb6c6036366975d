import pytest

from docclf.serving import MAX_CHARS, InvalidDocument, validate


def test_accepts_ordinary_documents():
    validate(["My parcel is late", "App crashes"])


def test_accepts_an_empty_batch():
    validate([])


@pytest.mark.parametrize("document, reason", [
    (None, "expected text, got NoneType"),
    (42, "expected text, got int"),
    ("   ", "no words"),
    ("?!", "no words"),
    ("x" * (MAX_CHARS + 1), f"{MAX_CHARS + 1} characters, more than {MAX_CHARS}"),
])
def test_refuses_a_bad_document_naming_its_position(document, reason):
    with pytest.raises(InvalidDocument) as refused:
        validate(["fine", document])
    assert refused.value.index == 1
    assert refused.value.reason == reason
    assert str(refused.value) == f"document 1: {reason}"


def test_refuses_a_single_string_for_a_batch():
    with pytest.raises(TypeError, match="one string"):
        validate("My parcel is late")
