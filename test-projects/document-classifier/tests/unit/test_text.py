from docclf.text import NUMBER_TOKEN, normalise


def test_lower_cases_and_strips_punctuation():
    assert normalise("Please REFUND my Invoice!!") == "please refund my invoice"


def test_removes_accents():
    assert normalise("délivery of my parçel") == "delivery of my parcel"


def test_numbers_become_one_token():
    assert normalise("order #48213 costs 12.50 EUR") == f"order {NUMBER_TOKEN} costs {NUMBER_TOKEN} eur"


def test_collapses_whitespace_and_hyphens():
    assert normalise("  two-factor\t\nlogin  ") == "two factor login"


def test_text_without_words_is_empty():
    assert normalise(" ?! ... ") == ""


def test_is_idempotent():
    once = normalise("Crâsh after UPDATE, error 502 -- again?")
    assert normalise(once) == once
