"""The article verdict: one calibrated decision per document from its sentences' evidence."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from mtlint import load
from mtlint.core.records import Document
from mtlint.detector import modelfile
from mtlint.detector.article import FEATURES, ArticleModel, features, load_default
from mtlint.detector.modelfile import default_model_path


@pytest.fixture(scope="module")
def checker():
    return load(grammar=False)


def test_the_seed_article_is_garbled_with_its_fixes_listed(checker, seed_text):
    doc = checker.check_text(seed_text)
    assert doc.verdict.label == "garbled"
    assert doc.score == doc.verdict.score >= load_default().threshold
    assert any("honorific debris" in reason for reason in doc.verdict.reasons)
    assert [f for f in doc.findings if f.fix is not None and f.fix.safety == "safe"]


def test_a_fluent_article_is_clean_and_one_debris_sentence_asks_for_review(checker):
    fluent = (
        "The city council approved the budget on Monday after a long debate. The mayor said the vote "
        "was closer than expected. Several members asked for more money for schools. The budget takes "
        "effect in January, officials said. Spending on roads will rise by a tenth.\n\n"
        "Police and fire services keep the same funding as last year. A new library will open in the "
        "spring. The council also agreed to hire more bus drivers. Fares will not change. Residents can "
        "read the full budget on the city's website.\n\n"
        "The next council meeting is on February 3. It will discuss the plans for a new park."
    )
    clean = checker.check_text(fluent)
    assert clean.verdict.label == "clean" and clean.verdict.reasons == ()
    review = checker.check_text(fluent + " The minister met Shri. Modi on Friday.")
    assert review.verdict.label == "review"
    assert review.verdict.score < load_default().threshold
    assert "1 suspect sentence to fix" in review.verdict.reasons


def test_an_empty_document_is_clean_with_score_zero(checker):
    doc = checker.check_text("")
    assert (doc.verdict.label, doc.verdict.score, doc.score) == ("clean", 0.0, 0.0)


def test_features_are_numbers_in_the_declared_order(checker, seed_text):
    x = features(checker.check_text(seed_text))
    assert x.shape == (len(FEATURES),) and np.isfinite(x).all()
    assert features(Document(id="e", source="e", text="")).tolist() == [0.0] * len(FEATURES)


def test_the_sentence_model_file_is_not_an_article_model():
    with pytest.raises(modelfile.ModelLoadError, match="not an article model"):
        ArticleModel.load(default_model_path())


def test_the_probability_rises_with_the_sentences_evidence():
    model = load_default()
    low, high = np.zeros(len(FEATURES)), np.zeros(len(FEATURES))
    low[FEATURES.index("mean_logit")], high[FEATURES.index("mean_logit")] = -3.0, 3.0
    assert model.probability(high)[0] > model.probability(low)[0]


@pytest.mark.slow
def test_the_reasons_come_in_the_same_order_in_every_process():
    """Families that tie in count are listed by code: never by the order of a set of strings,
    which changes with each process's hash seed (a plain install and a worker then disagreed)."""
    probe = (
        "from mtlint import load\n"
        "doc = load(grammar=False).check_text(\"Reiterated Putin's demand, the minister with Shri. on the sidelines. "
        'The council met on Monday. The mayor spoke. Schools will get more money. The vote was close.")\n'
        "print(doc.verdict.reasons)"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", probe], env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True, text=True, check=True, timeout=120,
        ).stdout
        for seed in range(6)
    }  # fmt: skip
    assert len(runs) == 1, runs
    [reasons] = runs
    assert reasons.index("honorific debris") < reasons.index("fragments")  # MT1 before MT4
