import pytest

from mtlint.features import names

from .helpers import findings


def test_seed_truncated_names_and_variant(seed_text):
    found = findings(names.extract, seed_text)
    assert ("MT201", "Vladimir V.") in found
    assert ("MT201", "Sergei V.") in found
    assert ("MT301", "Blinkon") in found
    assert [code for code, _ in found].count("MT301") == 1


def test_variant_message_names_the_frequent_spelling(seed_text):
    from .helpers import run_family

    analysis, result = run_family(names.extract, seed_text)
    messages = [f.message for fs in result.findings for f in fs if f.code == "MT301"]
    assert "'Blinken'" in messages[0]
    assert names.inventory(result.mentions)["Blinkon"] == ("Blinken", 13, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Secretary Anthony J. Blinken said the talks went well.",
        "The company moved to Washington D.C. in 2019.",
        "World War I. ended in 1918.",
        "President John F. Kennedy visited Berlin.",
        # legitimate forms of a frequent name: possessive, plural, hyphenated
        "Blinken spoke. Blinken left. Blinken returned. Blinken's aides and the Blinkens waved. "
        "The Blinken-Lavrov meeting ended.",
        # two different common words are not variants of one name
        "Austria and Australia met. Australia won. Australia lost. Australia drew.",
        # distinct short names a letter apart are different places, not a misspelling
        "Hunan reported floods. Hunan closed schools. Hunan asked for help. Huan Li said so.",
    ],
)
def test_fluent_names_stay_silent(text):
    assert findings(names.extract, text) == []


def test_sentence_ending_initial_before_lowercase_is_truncation():
    found = findings(names.extract, "Russian Foreign Minister Sergei V. on the sidelines of the meeting.")
    assert found == [("MT201", "Sergei V.")]
