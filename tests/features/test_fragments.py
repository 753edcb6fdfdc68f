import pytest

from mtlint.features import fragments

from .helpers import codes, findings


def test_seed_fragments(seed_text):
    found = findings(fragments.extract, seed_text)
    assert ("MT401", "Reiterated") in found
    fragments_402 = [words for code, words in found if code == "MT402"]
    assert any(w.startswith("Russian Foreign Minister Sergei V. on the sidelines") for w in fragments_402)
    assert "United States in late January." in fragments_402
    assert ("MT404", "Contributed") in found


@pytest.mark.parametrize(
    "text, code",
    [
        ("Reiterated the demand of the government, the minister left.", "MT401"),
        ("The council met. The annual meeting of the council in the capital of the region.", "MT402"),
        ("and the minister in the capital of the country.", "MT403"),
        ("the minister in the capital of the country, for the talks.", "MT403"),
        ("ten Britons were hurt in the crash on the motorway.", "MT403"),  # a number, no name particle
        ("Maria Lopez Reported from the capital on Tuesday.", "MT404"),
    ],
)
def test_broken_syntax_examples(text, code):
    assert code in codes(fragments.extract, text)


@pytest.mark.parametrize(
    "text",
    [
        "Randomised drug trials are the gold standard for pinpointing useful medicines.",
        "Echoing his predecessor, the president called for calm.",
        "Founded in 1990, the company employs 300 people.",
        "Police declared a riot in Seattle on Saturday.",
        "The Associated Press asked for comment.",
        "Blinken Trades Warnings With Russia's Lavrov Over Ukraine",  # headline: no final stop
        "Did the council approve the budget?",
        "Look at the figures.",
        # fluent WMT21 news: headlines in title case, exclamations, lists, continuations,
        # titles of works, imperatives, names that open with a verb-like word
        "Voice of America (VOA) Invites to Discussion on Rape.",
        "America and China in dispute.",  # a verbless paragraph of its own: a headline
        "Jewel of the nation.",
        "The protesters lit buildings on fire. Some smashed windows of nearby businesses.",
        "The fire in the Cathedral of Sts. Peter and Paul occurred on July 18.",
        "England's Darren Till in the main event, while Chimaev won again.",
        "He said so in his conversation with the Moscow Speaks radio station.",
        "Trouble in the NBA!",
        "Or 400 hours of community service, or up to 1 year of incarceration.",
        "Roundtable schedule: July 27 at 18:30 in the Karasun district.",
        "He also hosted series such as Who Wants to Be a Millionaire on television.",
        'The Metropolitan Police said: "The Met takes all reports extremely seriously."',
        "Wash your hands regularly with soap and water.",
        "Liquefied Petroleum Gas, abbreviated as LPG, is a well-known alternative fuel.",
        # an imperative inside prose has its finite verb; a lower-case opening that is a
        # brand, a web address or no English word is no phrase tail (MLQE-PE dev post-edits)
        "He spoke first. Keep this body constantly in good stead, without committing any sin.",
        "iPhone sales rose by a fifth in the last quarter of the year.",
        "https: / / clck.ru / Jzjxe. Let's play with the numbers then.",
        "www.example.com has the whole text of the new law.",
        "de Havilland was known for her role as Melanie Hamilton in the epic.",
        "van Gogh painted the picture in the summer of 1888.",
        # a present tense the tagger reads as a noun, inside prose (not only alone, where a
        # verbless paragraph is a caption)
        "The temple is old. The walls bear marks of tools. Visitors come daily.",
    ],
)
def test_fluent_sentences_stay_silent(text):
    assert codes(fragments.extract, text) == []
