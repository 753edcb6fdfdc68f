import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

from mtlint.training.monotone import NonNegativeLogisticRegression


def _data(weights, n=2000, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, len(weights)))
    y = (X @ np.asarray(weights) + rng.normal(size=n) > 0).astype(int)
    return X, y


def test_equals_scikit_learns_logistic_regression_when_no_bound_binds():
    X, y = _data([1.0, 2.0, 0.5, 0.3])
    ours = NonNegativeLogisticRegression(C=0.3).fit(X, y)
    theirs = LogisticRegression(C=0.3, tol=1e-10, max_iter=10_000).fit(X, y)
    assert np.allclose(ours.coef_, theirs.coef_, atol=1e-3)
    assert np.allclose(ours.intercept_, theirs.intercept_, atol=1e-3)
    assert np.allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-3)


def test_a_feature_that_signals_the_other_class_gets_weight_zero():
    X, y = _data([1.0, -2.0, 0.5])
    model = NonNegativeLogisticRegression(C=0.3).fit(X, y)
    assert model.coef_[0, 1] == 0.0
    assert (model.coef_ >= 0).all()
    assert model.coef_[0, 0] > 0 and model.coef_[0, 2] > 0


def test_sample_weights_count_as_repeated_rows():
    X, y = _data([1.0, 0.5], n=300)
    doubled = NonNegativeLogisticRegression().fit(np.vstack([X, X[:50]]), np.r_[y, y[:50]])
    weighted = NonNegativeLogisticRegression().fit(X, y, sample_weight=np.r_[np.full(50, 2.0), np.ones(250)])
    assert np.allclose(doubled.coef_, weighted.coef_, atol=1e-4)


def test_it_calibrates_like_any_scikit_learn_classifier():
    X, y = _data([1.0, 0.5])
    calibrated = CalibratedClassifierCV(NonNegativeLogisticRegression(), cv=3).fit(X, y)
    p = calibrated.predict_proba(X)[:, 1]
    assert ((p > 0.5) == y).mean() > 0.7


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="two classes"):
        NonNegativeLogisticRegression().fit(np.ones((4, 2)), [1, 1, 1, 1])
