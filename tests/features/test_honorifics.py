import pytest

from mtlint.features import honorifics

from .helpers import codes, findings


def test_seed_honorific_debris_is_found_with_spans(seed_text):
    found = findings(honorifics.extract, seed_text)
    assert ("MT105", "Min.") in found
    assert found.count(("MT105", "Min.")) == 2
    assert ("MT101", "Shri.") in found
    assert ("MT102", "Shri.") in found  # "Echoing Putin's recent gestures, Shri."
    assert ("MT101", "Shri") in found or ("MT101", "Shri.") in found


def test_mixed_title_styles_flag_the_minority_form(seed_text):
    found = findings(honorifics.extract, seed_text)
    mixed = [words for code, words in found if code == "MT104"]
    assert mixed and all(words == "Mr." for words in mixed)


@pytest.mark.parametrize(
    "text, code",
    [
        ("The minister, Smt. Sharma, spoke on Monday.", "MT101"),
        ("Modi-ji addressed the rally in Delhi.", "MT101"),
        ("Prime Minister Shri Narendra Modi addressed the rally.", "MT101"),  # an office, then the honorific
        ("The statement was read by Hon. said the spokesman.", "MT102"),
        ("The talks were held with Mr. may on Tuesday.", "MT102"),
        ("He was greeted by Mr. Dr. Fauci at the door.", "MT103"),
        ("The talks ended. Sh.", "MT105"),
        ("TALKS WITH MR. ENDED TODAY", "MT102"),  # a headline in capitals keeps its titles
    ],
)
def test_debris_examples(text, code):
    assert code in codes(honorifics.extract, text)


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Blinken met Dr. Fauci and Mrs. Clinton in Washington on Thursday.",
        "Mr Blinken met Ms Ardern in Wellington.",
        "Sri Lanka and Fiji signed the agreement.",
        "Gen. Milley said the army was ready.",
        "Min Aung Hlaing leads the military government in Myanmar.",
        "The Hon. Member for Bath asked a question.",
        "Gen (Genda) and Tomoya (Mori) made the lead that connected me.",
        "Mrs May resigned in 2019.",  # a name that is also a modal verb
        "Mr Will Young sang first.",
        "Women are two times more likely to have MS than men.",  # an acronym, not "Ms"
        "The DR Congo team won.",
        "He tried to marry the storyteller Dev Kumari Thapa but failed.",  # a given name inside a name
    ],
)
def test_fluent_titles_stay_silent(text):
    assert codes(honorifics.extract, text) == []
