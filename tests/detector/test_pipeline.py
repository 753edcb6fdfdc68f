"""The detector's two stages against the real LanguageTool server."""

import copy

import numpy as np
import pytest

from benchmarks.corpus import documents
from mtlint.core.records import Document
from mtlint.detector.pipeline import Detector
from mtlint.features.grammar import GrammarChecker


class CountingChecker(GrammarChecker):
    """The real checker, counting the sentences it sends to the server."""

    sent = 0

    def check_sentences(self, sentences):
        self.sent += len(sentences)
        return super().check_sentences(sentences)


@pytest.fixture
def news(shared_data):
    """300 sentences of real news in documents: a fresh copy a call (checking fills them in)."""
    return lambda: documents(300, data=shared_data)


def run(url: str, scope: str, docs: list, strip_stage: bool = False):
    checker = CountingChecker(url)
    detector = Detector.create(grammar=checker, grammar_scope=scope)
    if strip_stage:  # as a model trained without LanguageTool (a copy: the shipped one is shared)
        detector.scorer = copy.copy(detector.scorer)
        detector.scorer.grammar = None
    return list(detector.check_all(docs)), checker.sent


def test_checking_only_where_the_verdict_can_change_gives_every_verdict_of_checking_all(languagetool_url, news):
    assert Detector.create().scorer.grammar is not None  # the shipped model has a grammar stage
    gated, sent_gated = run(languagetool_url, "verdict", news())
    full, sent_full = run(languagetool_url, "all", news())
    assert [s.suspect for d in gated for s in d.sentences] == [s.suspect for d in full for s in d.sentences]
    assert sent_full == sum(len(d.sentences) for d in full)
    assert 0 < sent_gated < sent_full
    lt_codes = [f.code for d in full for s in d.sentences for f in s.findings if f.code.startswith("LT:")]
    assert lt_codes  # grammar really ran and found something


def test_grammar_only_raises_scores(languagetool_url, news):
    plain = list(Detector.create().check_all(news()))
    full, _ = run(languagetool_url, "all", news())
    before = np.array([s.score for d in plain for s in d.sentences])
    after = np.array([s.score for d in full for s in d.sentences])
    assert (after >= before - 1e-12).all() and (after > before).any()


def test_a_model_without_grammar_stage_checks_every_sentence_and_keeps_its_scores(languagetool_url, news):
    plain = list(Detector.create().check_all(news()))
    docs, sent = run(languagetool_url, "verdict", news(), strip_stage=True)
    assert sent == sum(len(d.sentences) for d in docs)
    assert [s.score for d in docs for s in d.sentences] == [s.score for d in plain for s in d.sentences]


def test_a_document_is_suspect_only_when_one_of_its_sentences_is():
    """A sentence that only the model suspects needs the stricter model-only threshold: a
    fluent sentence scoring between the two thresholds leaves its document clean."""
    detector = Detector.create(threshold=0.0)
    doc = detector.check(Document(id="x", source="x", text="The talks ended on Monday."))
    assert 0.0 < doc.sentences[0].score < detector.scorer.verdict.model_threshold
    assert not doc.sentences[0].suspect and not doc.suspect
    debris = detector.check(Document(id="y", source="y", text="Echoing his gestures, Shri."))
    assert debris.suspect and debris.sentences[0].suspect


def test_markdown_inline_code_leaves_no_space_before_the_period():
    doc = Detector.create().check(
        Document(id="md", source="notes.md", text="Run the checker on every file and `code span`.")
    )
    assert [f.code for f in doc.findings] == []


def test_a_hard_wrapped_sentence_reads_as_the_same_sentence_on_one_line():
    words = "The bodies were going to be sent to the Georgia Bureau of Investigation for an autopsy."
    wrapped = "The bodies were going to be sent to the\nGeorgia Bureau of Investigation for an autopsy."
    detector = Detector.create()
    plain = detector.check(Document(id="a", source="a.md", text=words)).sentences
    soft = detector.check(Document(id="b", source="b.md", text=wrapped)).sentences
    assert [s.text for s in soft] == [wrapped]
    assert [(s.score, s.suspect, s.findings) for s in soft] == [(s.score, s.suspect, s.findings) for s in plain]
