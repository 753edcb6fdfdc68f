"""Fitting keeps scikit-learn's numbers: the arrays the scorer reads give its models' scores."""

import numpy as np

from mtlint.detector.model import SentenceModel
from mtlint.detector.modelfile import load_default
from mtlint.training.fit import TextCorpus, fit_fluency, keep_linear, mean_logit


def test_direct_scores_equal_scikit_learns_models():
    """The arrays kept from fitted scikit-learn models give its numbers: calibrated scores,
    the explainer's terms and the fluency model's probabilities."""
    from sklearn.base import clone
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from mtlint.training.monotone import NonNegativeLogisticRegression

    rng = np.random.default_rng(0)
    features = rng.normal(size=(300, 5))
    y = (features[:, 0] + rng.normal(size=300) > 0).astype(int)
    linear = make_pipeline(StandardScaler(), NonNegativeLogisticRegression(C=0.3))
    explainer, calibrated = clone(linear).fit(features, y), CalibratedClassifierCV(linear, cv=3).fit(features, y)
    model = keep_linear(SentenceModel(), [f"f{i}" for i in range(5)], explainer, calibrated)
    assert np.allclose(model.calibrated(features), calibrated.predict_proba(features)[:, 1], atol=1e-12)
    # the reasons' terms add up to the explainer's decision, less its value at zero features
    terms = (features / model.explain_scale_ * model.explain_coef_).sum(axis=1)
    at_zero = explainer.decision_function(np.zeros((1, 5)))
    assert np.allclose(terms, explainer.decision_function(features) - at_zero)
    texts = ["The minister said the talks went well.", "Reiterated demand of the with Shri.", "Min."] * 10
    model.hasher_ = load_default().model.hasher_
    fluency = fit_fluency(model.hasher_, 3.0, TextCorpus(texts, [0, 1, 1] * 10, ()))
    model.fluency_coef_, model.fluency_intercept_ = fluency.coef_[0], float(fluency.intercept_[0])
    model.general_coef_ = None
    p = fluency.predict_proba(model.hasher_.transform(texts))[:, 1]
    assert np.allclose(model.fluency(texts), p)
    # with the general model, the fluency score is the probability of the two logits' mean
    general = fit_fluency(model.hasher_, 3.0, TextCorpus(texts, [0, 0, 1] * 10, ()))
    model.general_coef_, model.general_intercept_ = general.coef_[0], float(general.intercept_[0])
    q = general.predict_proba(model.hasher_.transform(texts))[:, 1]
    assert np.allclose(model.fluency(texts), mean_logit(p, q))
    mean = (np.log(p / (1 - p)) + np.log(q / (1 - q))) / 2
    assert np.allclose(mean_logit(p, q), 1 / (1 + np.exp(-mean)))
