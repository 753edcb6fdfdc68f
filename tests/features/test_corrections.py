"""The fixes the extractors attach: grounded in the article, and reading right once applied."""

from __future__ import annotations

import pytest

from mtlint.core.records import apply_edits
from mtlint.features import honorifics, names, repetition
from mtlint.features.corrections import removal

from .helpers import run_family


def fixed(extract, text: str, code: str) -> list[tuple[str, str]]:
    """(safety, text after the fix) for each finding of ``code``."""
    _, result = run_family(extract, text)
    return [
        (f.fix.safety, apply_edits(text, f.fix.edits)) if f.fix else ("none", text)
        for fs in result.findings
        for f in fs
        if f.code == code
    ]


def test_seed_fixes(seed_text):
    after = dict.fromkeys(["MT101", "MT105", "MT201", "MT301"])
    for code, extract in [("MT101", honorifics), ("MT105", honorifics), ("MT201", names), ("MT301", names)]:
        after[code] = fixed(extract.extract, seed_text, code)
    assert [(s, t.count("Blinkon")) for s, t in after["MT301"]] == [("safe", 0)]
    assert "following Mr Blinken’s visit" in after["MT301"][0][1]
    assert all(safety == "safe" and t.count("Min.") == 1 for safety, t in after["MT105"])
    honorific = [t for _, t in after["MT101"]]
    assert "relations with Putin is upset." in honorific[0]
    assert "Echoing Putin’s recent gestures. “Attracting" in honorific[1]
    assert [(s, "Vladimir V. Putin. He is" in t or "Sergei V. Lavrov on the" in t) for s, t in after["MT201"]] == [
        ("unsafe", True),
        ("unsafe", True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained. Min. The talks went on.", "It rained. The talks went on."),
        ("Min. The talks went on.", "The talks went on."),
        ("It rained. Min.\nThe talks went on.", "It rained.\nThe talks went on."),
        ("It rained.\n\nMin.\n\nThe talks went on.", "It rained.\n\nThe talks went on."),
        ("It rained.\r\nMin.\r\nThe talks went on.", "It rained.\r\nThe talks went on."),
    ],
)
def test_lone_abbreviation_goes_with_its_whitespace(text, expected):
    assert fixed(honorifics.extract, text, "MT105") == [("safe", expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister met Shri Modi in Delhi.", "The minister met Modi in Delhi."),
        ("Shri. Modi spoke in Delhi on Monday.", "Modi spoke in Delhi on Monday."),
        ("He thanked Gandhi-ji for the advice.", "He thanked Gandhi for the advice."),
        ("They echoed the demand, Smt.", "They echoed the demand."),
    ],
)
def test_foreign_honorific_is_removed_safely(text, expected):
    assert fixed(honorifics.extract, text, "MT101")[0] == ("safe", expected)


def test_title_without_a_name_is_fixed_only_when_it_dangles_after_a_clause():
    assert fixed(honorifics.extract, "The talks went well, Mr.", "MT102") == [("safe", "The talks went well.")]
    assert fixed(honorifics.extract, "The talks were held with Mr. on Tuesday.", "MT102") == [
        ("none", "The talks were held with Mr. on Tuesday.")
    ]
    assert fixed(honorifics.extract, "He met with Shri.", "MT102") == [("none", "He met with Shri.")]


def test_doubled_word_keeps_the_first_copy():
    assert fixed(repetition.extract, "The the talks failed.", "MT501") == [("safe", "The talks failed.")]
    assert fixed(repetition.extract, "He said that the\nthe talks failed.", "MT501") == [
        ("safe", "He said that the talks failed.")
    ]
    name = "Protesters joined the annual Saba Saba march on Monday."
    assert fixed(repetition.extract, name, "MT501") == []  # a reduplicated name is no doubled word


def test_name_completion_prefers_the_full_name_the_article_gives():
    text = (
        "Vladimir Putin spoke on Monday. Mr Putin was calm. Mr Lavrov agreed. "
        "Later, Vladimir V. met the press and Mr Lavrov left."
    )
    assert fixed(names.extract, text, "MT201") == [("unsafe", text.replace("Vladimir V. met", "Vladimir V. Putin met"))]


def test_a_rare_spelling_never_completes_a_cut_name():
    text = (
        "Russian President Vladimir V. met the delegation. Reporters followed Mr Lavrof to the airport. "
        "Mr Lavrov arrived. Mr Lavrov spoke. Mr Lavrov left."
    )
    [(safety, completed)] = fixed(names.extract, text, "MT201")
    assert safety == "unsafe" and "Vladimir V. Lavrov met" in completed and "Vladimir V. Lavrof" not in completed


def test_no_completion_without_a_surname_inventory():
    text = "The talks with Russian President Vladimir V. ended on Monday without a deal."
    assert fixed(names.extract, text, "MT201") == [("none", text)]


def test_removal_never_leaves_double_spaces():
    text = "a Min. b"
    edit = removal(text, 2, 6)
    assert apply_edits(text, [edit]) == "a b"
    assert apply_edits("end Min.", [removal("end Min.", 4, 8)]) == "end"
