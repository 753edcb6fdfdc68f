"""The first-stage sentence model: numbers in, calibrated P(garbled) out.

Its input is one :class:`Row` per sentence (the sentence's text and its feature families'
numbers); its output follows scikit-learn's classifiers (``predict_proba`` gives one column per
class, ``classes_ == [0, 1]``). The features are the families' numbers plus a fluency score,
the mean logit of two n-gram models over the same hashed character and word n-grams (one
contrastive, trained on machine translations against their own human post-edits, so it learns
what changed and not what topic; one general, garbled machine translation against fluent
English of other sources, so that news does not look foreign), fed to a standardised logistic
regression with non-negative weights (every input is evidence of garbling) whose
probabilities are calibrated on held-out data. A linear model keeps every score explainable:
the largest terms are the reasons a report shows.

The learned state is plain numpy arrays, so scoring needs numpy alone: ``mtlint train``
(:mod:`mtlint.training.fit`) fits them with scikit-learn, and :mod:`detector.modelfile` stores them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import NamedTuple

import numpy as np

from .logistic import sigmoid, two_columns

FLUENCY = "fluency"
DEEP = "deep"  # the deep stage's push on a score (detector.deep)
# Features whose values differ between the training corpora (Wikipedia sentences, UD EWT web
# text) and news for reasons other than garbling: sentence length, house style, and encoding
# debris (mojibake, invisible controls: rare, and common in UD EWT's web text, they learned
# weights that lowered a sentence's score; their MT603/MT606 findings stand as rule evidence).
# They are extracted, but the model leaves them out (measured: with length, fluent long news
# sentences scored as suspect; with controls, "Shri. said so." beside a zero-width space did not).
CONFOUNDED = ("words", "relative_length", "honorific_style_minority", "mojibake", "controls")
Driver = tuple[str, float]  # a feature and its push towards "suspect", in logit


class Row(NamedTuple):
    """One sentence as the model reads it: its text and its feature families' numbers."""

    text: str
    features: Mapping[str, float]


class SentenceModel:
    """Calibrated probability that a sentence is garbled machine translation.

    Parameters
    ----------
    fluency_C, C : float
        Inverse regularisation of the n-gram fluency models and of the final model.
    exclude : tuple of str
        Features the model leaves out (:data:`CONFOUNDED`).
    cv : int
        Folds of the cross-fitted fluency scores and of the calibration.
    random_state : int
        Kept with the model for the record; the folds are the documents' hashes.

    The fitted state (``hasher_``, ``fluency_coef_``, ``general_coef_``, ``feature_names_``,
    one scaler, weight vector and sigmoid per calibration fold in ``fold_*_``, the explainer's
    ``explain_scale_`` and ``explain_coef_``, ``classes_``) is set by
    :func:`mtlint.training.fit.fit_model` or read from a model file.
    """

    def __init__(
        self,
        fluency_C: float = 3.0,
        C: float = 0.3,
        exclude: tuple[str, ...] = CONFOUNDED,
        cv: int = 3,
        random_state: int = 0,
    ):
        self.fluency_C = fluency_C
        self.C = C
        self.exclude = exclude
        self.cv = cv
        self.random_state = random_state

    def learned(self, row: Row, fluency: float) -> dict[str, float]:
        """The features of ``row`` the model learns from (DictVectorizer's input when fitting):
        not the excluded ones, not LanguageTool's (grammar has its own stage), and ``fluency``."""
        skip = set(self.exclude)
        features = {k: v for k, v in row.features.items() if k not in skip and not k.startswith("lt_")}
        features[FLUENCY] = float(fluency)
        return features

    @cached_property
    def _columns(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.feature_names_)}

    def fluency(self, texts: Sequence[str]) -> np.ndarray:
        """The fluency score: the n-gram models' P(machine translation), their logits averaged,
        straight from the hashed n-grams' entries, hashed once for both: a linear model needs
        no sparse matrix."""
        rows, cols, values = self.hasher_.entries(texts)
        models = [(self.fluency_coef_, self.fluency_intercept_)]
        if self.general_coef_ is not None:  # models trained before it have none
            models.append((self.general_coef_, self.general_intercept_))
        z = np.zeros(len(texts))
        for coef, intercept in models:
            z += np.bincount(rows, values * coef[cols], minlength=len(texts)) + intercept
        return sigmoid(z / len(models))

    def transform(self, X: Sequence[Row]) -> np.ndarray:
        """The feature matrix (DictVectorizer's columns), filled directly: features the model
        did not learn (excluded ones among them) are skipped by the look-up."""
        index = self._columns
        features = np.zeros((len(X), len(index)))
        for out, row in zip(features, X, strict=True):
            for name, value in row.features.items():
                column = index.get(name)
                if column is not None:
                    out[column] = value
        features[:, index[FLUENCY]] = self.fluency([row.text for row in X])
        return features

    def calibrated(self, features: np.ndarray) -> np.ndarray:
        """P(suspect) of a feature matrix: CalibratedClassifierCV's ``predict_proba(features)[:, 1]``
        computed with numpy, the same numbers (each fold's scaler, logistic regression and
        sigmoid calibration, averaged) without scikit-learn's per-call validation, which cost
        half of mtlint's time on article-sized batches."""
        total = np.zeros(len(features))
        for k in range(len(self.fold_coef_)):
            z = ((features - self.fold_mean_[k]) / self.fold_scale_[k]) @ self.fold_coef_[k] + self.fold_intercept_[k]
            total += sigmoid(-(self.fold_a_[k] * z + self.fold_b_[k]))
        return total / len(self.fold_coef_)

    def predict_proba(self, X: Sequence[Row]) -> np.ndarray:
        """P(fluent) and P(garbled) per row: shape (n, 2), columns in ``classes_`` order."""
        return two_columns(self.calibrated(self.transform(X)) if len(X) else np.zeros(0))

    def explain(self, X: Sequence[Row], top: int = 3) -> tuple[np.ndarray, list[list[Driver]]]:
        """P(garbled) per row (``predict_proba(X)[:, 1]``) and, per row, the linear model's
        largest terms towards "garbled" (each feature's push relative to its absence, so a
        rule that did not fire is no reason)."""
        if not len(X):
            return np.zeros(0), []
        features = self.transform(X)
        terms = features / self.explain_scale_ * self.explain_coef_
        names = self.feature_names_
        order = np.argsort(-terms, axis=1)[:, :top].tolist()
        values = terms.tolist()
        drivers = [[(names[i], row[i]) for i in best if row[i] > 0] for best, row in zip(order, values, strict=True)]
        return self.calibrated(features), drivers
