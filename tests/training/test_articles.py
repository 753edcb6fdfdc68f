"""Articles for the article verdict, and the layout promise: wrapping a fluent article changes
none of its sentence verdicts."""

from __future__ import annotations

import pytest

from mtlint.detector.pipeline import Detector
from mtlint.training.article_figures import sentence_verdicts
from mtlint.training.articles import Article, mlqe_articles

pytestmark = pytest.mark.slow


def test_wrapping_a_fluent_dev_article_changes_none_of_its_sentence_verdicts(shared_data):
    fluent = [a for a in mlqe_articles(shared_data, "dev") if a.kind == "pe"]
    detector = Detector.create()
    changed = [
        (a.group, layout)
        for a in fluent
        for layout in ("wrapped", "markdown")
        if sentence_verdicts(detector.check(a.document("plain")))
        != sentence_verdicts(detector.check(a.document(layout)))
    ]
    assert len(fluent) > 400 and changed == []


def test_an_article_lays_out_paragraphs_and_wraps_them():
    article = Article(tuple(f"Sentence number {n} says something about the talks." for n in range(7)), 0, "pe", "g")
    plain, wrapped = article.text("plain"), article.text("wrapped")
    assert plain.count("\n\n") == 2 and max(len(line) for line in wrapped.splitlines()) <= 72
    assert " ".join(plain.split()) == " ".join(wrapped.split())
    assert article.document("markdown").source.endswith(".md")
