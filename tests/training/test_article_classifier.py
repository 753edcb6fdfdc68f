"""The article classifier's precision-first threshold counts only fluent articles that could be
labelled garbled."""

from __future__ import annotations

import math

import numpy as np

from mtlint.detector.article import FEATURES, MIN_SENTENCES, enough_sentences
from mtlint.training.articles import ArticleClassifier

LOG_N = FEATURES.index("log_sentences")
MEAN = FEATURES.index("mean_logit")


def articles(mean_logits: np.ndarray, sentences: int, seed: int) -> np.ndarray:
    X = np.random.default_rng(seed).normal(0, 0.1, (len(mean_logits), len(FEATURES)))
    X[:, LOG_N] = math.log(sentences)
    X[:, MEAN] = mean_logits
    return X


def test_a_fluent_article_too_short_to_be_garbled_does_not_raise_the_threshold():
    rng = np.random.default_rng(0)
    X = np.vstack([articles(rng.normal(-2, 1, 300), 12, 1), articles(rng.normal(2, 1, 300), 12, 2)])
    y = np.array([0] * 300 + [1] * 300)
    fitted = ArticleClassifier().fit(X, y, sample_weight=np.where(y == 1, 3.0, 1.0))
    fluent = y == 0
    before = fitted.calibrate(X, y, fluent).threshold_
    short = articles(np.full(10, 8.0), MIN_SENTENCES - 1, 3)  # fluent, far over any threshold
    X2, y2 = np.vstack([X, short]), np.concatenate([y, np.zeros(10, dtype=int)])
    after = fitted.calibrate(X2, y2, np.concatenate([fluent, np.ones(10, dtype=bool)])).threshold_
    assert not enough_sentences(short).any() and enough_sentences(X).all()
    assert after <= before + 1e-3
    assert fitted.predict(short).tolist() == [0] * 10
    long = articles(np.full(10, 8.0), 12, 4)  # the same fluent articles, long enough: they count
    every_fluent = np.concatenate([fluent, np.ones(10, dtype=bool)])
    assert fitted.calibrate(np.vstack([X, long]), y2, every_fluent).threshold_ > after
