"""Dev metrics: the span F1 and the bound that the flagging thresholds put on it."""

from __future__ import annotations

import copy

import pytest

from mtlint.detector.modelfile import load_default
from mtlint.detector.verdict import Verdict
from mtlint.training.data import mlqe
from mtlint.training.evaluate import span_f1
from mtlint.training.featurize import featurize


@pytest.fixture(scope="module")
def dev_sample(shared_data):
    return featurize(mlqe(shared_data, "dev", ("ne-en",), limit=80, with_pe=False))


def _at(threshold: float):
    scorer = copy.copy(load_default())
    scorer.verdict = Verdict(threshold, threshold)
    return scorer


def _scores(scorer, data):
    return scorer.model.predict_proba(data.rows)[:, 1]


def test_span_f1_never_exceeds_its_bound_at_the_shipped_thresholds(dev_sample):
    scorer = load_default()
    f1, bound = span_f1(scorer, dev_sample, _scores(scorer, dev_sample))
    assert 0.0 < f1 <= bound < 1.0


def test_span_f1_bound_is_one_when_every_sentence_is_flagged(dev_sample):
    scorer = _at(0.0)
    f1, bound = span_f1(scorer, dev_sample, _scores(scorer, dev_sample))
    assert bound == 1.0 and f1 < bound


def test_span_f1_and_bound_are_zero_when_nothing_is_flagged(dev_sample):
    scorer = _at(1.01)
    assert span_f1(scorer, dev_sample, _scores(scorer, dev_sample)) == (0.0, 0.0)
