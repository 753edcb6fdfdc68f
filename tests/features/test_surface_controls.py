"""MT606 by Unicode property (issue #16): every zero-width and bidirectional control."""

import pytest

from mtlint.core.records import Document
from mtlint.detector.pipeline import Detector

_detector = Detector.create()


def _mt606(text: str) -> list[tuple[int, int]]:
    doc = _detector.check(Document(id="d", source="d", text=text))
    return [(f.start, f.end) for f in doc.findings if f.code == "MT606"]


@pytest.mark.parametrize(
    "char",
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u202a", "\u202e", "\u2066", "\u2069", "\u061c", "\u2060", "\ufeff",
     "\u00ad", "\u180e", "\x1b", "\x7f", "\x85"],
)  # fmt: skip
def test_every_zero_width_and_bidi_control_is_flagged(char):
    text = f"The council met on Mon{char}day after a long debate."
    assert _mt606(text) == [(22, 23)]


@pytest.mark.parametrize("text", ["The family 👨\u200d👩\u200d👧 met on Monday.", "Tabs\tand\nnew lines are text."])
def test_emoji_joiners_and_ordinary_white_space_are_not_flagged(text):
    assert _mt606(text) == []


def test_findings_of_one_code_are_bounded_per_sentence():
    from mtlint.detector.pipeline import MAX_FINDINGS_PER_CODE

    doc = _detector.check(Document(id="d", source="d", text="the " * 20_000))
    assert doc.status == "ok" and len(doc.sentences) > 10
    counts = [[f.code for f in sentence.findings].count("MT501") for sentence in doc.sentences]
    assert max(counts) == MAX_FINDINGS_PER_CODE and min(counts) > 0  # was 2,500 in a 5,000-character sentence
