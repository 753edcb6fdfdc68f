"""Applying fixes: overlaps, offsets, re-checking, idempotence, on the seed and on generated
articles with injected debris."""

from __future__ import annotations

import difflib
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtlint import load
from mtlint.core.records import Edit, Fix, apply_edits
from mtlint.core.rules import MODEL_CODES
from mtlint.detector.fixes import OffsetMap, candidates, compatible, fix_document

FIXED_CODES = ("MT101", "MT102", "MT105", "MT301", "MT501")


@pytest.fixture(scope="module")
def checker():
    return load(grammar=False)


def fix_text(checker, text: str, unsafe: bool = False):
    return fix_document(checker.check_text(text), checker.check, unsafe=unsafe)


def test_offset_map_shifts_past_edits_and_keeps_spans_around_them():
    shift = OffsetMap([Edit(2, 4, ""), Edit(10, 10, "xyz")])
    assert [shift(0), shift(2), shift(3), shift(4), shift(9)] == [0, 2, 2, 2, 7]
    assert shift(10) == 8 and shift(10, end=True) == 11  # a span ending at an insertion grows
    assert shift(12) == 13


def test_overlapping_and_touching_fixes_wait_for_the_next_round():
    a = Fix((Edit(0, 5, ""),), "safe", "a")
    b = Fix((Edit(3, 8, "x"),), "safe", "b")
    c = Fix((Edit(5, 6, ""),), "safe", "c")
    d = Fix((Edit(9, 9, "y"),), "unsafe", "d")
    assert compatible([a, b, c, d]) == [a, d]


def test_two_findings_with_one_fix_apply_it_once(checker, seed_text):
    doc = checker.check_text(seed_text)
    both = doc.findings + doc.folded  # MT102 is folded into MT101: one finding per problem
    shri = [f for f in both if f.code in ("MT101", "MT102") and f.fix and "dangling" in f.fix.description]
    assert len(shri) == 2 and shri[0].fix == shri[1].fix
    assert sum(fix.description.startswith("remove the dangling") for fix in candidates(doc)) == 1
    assert all(fix.safety == "safe" for fix in candidates(doc))
    assert {fix.safety for fix in candidates(doc, unsafe=True)} == {"safe", "unsafe"}


def test_seed_safe_fixes(checker, seed_text):
    doc = checker.check_text(seed_text)
    result = fix_text(checker, seed_text)
    removed = [line for line in difflib.ndiff(seed_text.splitlines(), result.text.splitlines()) if line[:1] == "-"]
    assert len(removed) == 3  # the lines with Shri. Putin, Min./Shri./Blinkon, Min. In a brief note
    assert "Blinkon" not in result.text and "Min." not in result.text and "Shri" not in result.text
    assert "Vladimir V. He" in result.text  # the unsafe completion waits for --unsafe-fixes
    # no sentence without a finding is touched: each one is still in the fixed text
    for sentence in doc.sentences:
        if not sentence.findings:
            assert sentence.text in result.text
    after = checker.check_text(result.text)
    assert not [f for f in after.findings if f.code in FIXED_CODES]
    assert fix_text(checker, result.text).text == result.text


def test_seed_unsafe_fixes_complete_the_cut_names(checker, seed_text):
    result = fix_text(checker, seed_text, unsafe=True)
    assert "Russian President Vladimir V. Putin. He is expected" in result.text
    assert "Russian Foreign Minister Sergei V. Lavrov on the sidelines" in result.text
    assert not [f for f in checker.check_text(result.text).findings if f.code == "MT201"]
    assert fix_text(checker, result.text, unsafe=True).text == result.text


def test_a_fix_that_would_add_a_finding_is_rejected(checker):
    text = (
        "Mr Blinken arrived on Monday. Mr Blinken spoke to reporters. Mr Blinken left early. "
        "Reporters said Mr Blinken Blinkon was tired."
    )
    doc = checker.check_text(text)
    assert any(f.code == "MT301" and f.fix for f in doc.findings)
    result = fix_document(doc, checker.check)
    assert "Blinken Blinken" not in result.text  # it would be a new MT501
    assert [fix.description for fix in result.rejected] == ["spell it 'Blinken', as the article does 4 times"]


def test_error_documents_and_clean_ones_are_left_alone(checker):
    from mtlint.core.records import Document

    failed = Document.failed("x", "x", "x: cannot read")
    assert fix_document(failed, checker.check).text == ""
    clean = "The council approved the budget on Monday."
    assert not fix_text(checker, clean).changed


# generated articles: fluent sentences with debris injected between and inside them
FLUENT = [
    "The council approved the budget on Monday.",
    "Farmers expect a good harvest this year after the rains.",
    "Mr Lavrov met the delegation in Geneva on Tuesday.",
    "Officials said the talks would resume next week.",
    "Mr Lavrov told reporters that the meeting had been useful.",
    "The ministry published its annual report in March.",
]
DEBRIS = {
    "lone": "Min.",
    "honorific": "Officials said Shri. Lavrov would travel to Delhi.",
    "dangling": "The minister repeated the demand, Shri.",
    "doubled": "The the delegation left Geneva on Wednesday.",
    "variant": "Mr Lavrov arrived. Mr Lavrov spoke. Mr Lavrov left. Reporters followed Mr Lavrof to the airport.",
    "cut": "Russian President Vladimir V. met the delegation in Moscow.",
}


@st.composite
def articles(draw):
    body = draw(st.lists(st.sampled_from(FLUENT), min_size=3, max_size=8))
    injected = draw(st.lists(st.sampled_from(sorted(DEBRIS)), min_size=1, max_size=4))
    sentences = list(body)
    for kind in injected:
        sentences.insert(draw(st.integers(0, len(sentences))), DEBRIS[kind])
    separators = draw(st.lists(st.sampled_from([" ", "\n", "\n\n", "\r\n"]), min_size=len(sentences)))
    return "".join(s + sep for s, sep in zip(sentences, separators, strict=False)), injected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(articles(), st.booleans())
def test_fixes_never_add_a_finding_and_are_idempotent(checker, article, unsafe):
    text, injected = article
    before = checker.check_text(text)
    result = fix_document(before, checker.check, unsafe=unsafe)
    after = checker.check_text(result.text)
    rule_counts = lambda doc: Counter(f.code for f in doc.findings if f.code not in MODEL_CODES)  # noqa: E731
    assert not rule_counts(after) - rule_counts(before)
    assert sum(s.suspect for s in after.sentences) <= sum(s.suspect for s in before.sentences)
    for sentence in before.sentences:
        if not sentence.findings:
            assert sentence.text in result.text
    assert fix_document(after, checker.check, unsafe=unsafe).text == result.text
    assert apply_edits(result.text, []) == result.text
    if "lone" in injected:
        assert "Min." not in result.text
    if "doubled" in injected:
        assert "The the" not in result.text
    if "variant" in injected:
        assert "Lavrof" not in result.text
    if "cut" in injected and unsafe and "Mr Lavrov" in text[text.index("Vladimir V.") :]:
        assert "Vladimir V. met" not in result.text  # completed from the article's surnames
