"""The first-stage model's contract: scikit-learn's ``predict_proba`` and explained scores."""

import numpy as np

from mtlint.core.records import Document
from mtlint.detector.model import Row
from mtlint.detector.modelfile import load_default
from mtlint.detector.pipeline import analyse


def _rows(text: str) -> list[Row]:
    analysis = analyse(Document(id="x", source="x", text=text))
    return [Row(s.text, f) for s, f in zip(analysis.sentences, analysis.features, strict=True)]


def test_predict_proba_has_one_column_per_class_as_scikit_learn_does(seed_text):
    model = load_default().model
    rows = _rows(seed_text)
    proba = model.predict_proba(rows)
    assert model.classes_.tolist() == [0, 1]
    assert proba.shape == (len(rows), 2) and np.allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert model.predict_proba([]).shape == (0, 2)


def test_explained_scores_are_predict_probas_and_the_reasons_push_towards_garbled(seed_text):
    model = load_default().model
    rows = _rows(seed_text)
    scores, drivers = model.explain(rows)
    assert np.array_equal(scores, model.predict_proba(rows)[:, 1])
    assert all(push > 0 and name in model.feature_names_ for reasons in drivers for name, push in reasons)
    assert any(drivers)


def test_features_the_model_leaves_out_do_not_change_a_score():
    model = load_default().model
    [row] = _rows("The council approved the budget on Monday.")
    noisy = Row(row.text, {**row.features, "words": 500.0, "lt_grammar": 1.0, "unheard_of": 9.0})
    assert np.array_equal(model.predict_proba([row]), model.predict_proba([noisy]))
