import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mtlint.detector.grammar_stage import GrammarStage
from mtlint.detector.logistic import logit, sigmoid

FEATURES = ("lt_grammar", "lt_typos", "lt_style")


def fitted(max_shift=0.5) -> GrammarStage:
    """A stage fitted where typos (only) make suspect sentences more likely."""
    rng = np.random.default_rng(0)
    n = 4000
    first = rng.uniform(0.05, 0.95, n)
    X = rng.integers(0, 3, (n, 3)) / 2
    y = rng.uniform(size=n) < sigmoid(logit(first) + 1.5 * X[:, 1])
    return GrammarStage(features=FEATURES, max_shift=max_shift).fit(np.column_stack([first, X]), y.astype(int))


def test_weights_are_non_negative_and_sum_to_at_most_max_shift():
    stage = fitted()
    assert (stage.coef_ >= 0).all()
    assert stage.coef_.sum() <= 0.5 + 1e-9
    assert stage.coef_[1] == stage.coef_.max() > 0  # the informative feature carries the weight


def test_without_a_limit_the_weight_approaches_the_true_one():
    assert 1.2 < fitted(max_shift=None).coef_[1] < 1.8


def test_missing_features_count_as_zero_and_values_are_clipped():
    stage = fitted()
    X = stage.matrix([0.3, 0.4], [{}, {"lt_typos": 5.0, "unrelated": 1.0}])
    assert X.tolist() == [[0.3, 0.0, 0.0, 0.0], [0.4, 0.0, 1.0, 0.0]]
    proba = stage.predict_proba(X)
    assert proba.shape == (2, 2) and np.allclose(proba.sum(axis=1), 1.0)
    assert np.isclose(proba[0, 1], 0.3)  # no match, no change
    assert proba[1, 1] > 0.4 and np.allclose(stage.terms(X), [[0, 0, 0], [0, stage.coef_[1], 0]])


@settings(max_examples=200, deadline=None)
@given(
    first=st.floats(0.0, 1.0),
    values=st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3),
    threshold=st.floats(0.05, 0.95),
)
def test_grammar_changes_a_verdict_only_inside_the_band(first, values, threshold):
    stage = fitted()
    second = stage.predict_proba(np.array([[first, *values]]))[0, 1]
    assert second >= first - 1e-12  # grammar only ever raises a score
    if first < stage.lower_bound(threshold) or first >= threshold:
        assert (second >= threshold) == (first >= threshold)
