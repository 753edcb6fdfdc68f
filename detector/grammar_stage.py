"""The grammar stage: how much LanguageTool's matches raise a sentence's suspicion.

LanguageTool is a hundred times slower than every other feature together, so the scorer
works in two stages. The first scores each sentence without grammar. The second moves that
score's logit by non-negative weights on bounded grammar features:

    P(suspect) = sigmoid(logit(p0) + sum_j coef_j * x_j),   x_j in [0, 1],  coef_j >= 0

Grammar can therefore only raise a score, and by at most ``sum(coef_) <= max_shift`` in logit. A sentence
already at or above the threshold stays suspect whatever LanguageTool says, and one below
``lower_bound(threshold)`` cannot reach it: only sentences in between can change verdict,
and only they need a request (``mtlint check --grammar-scope verdict``, the default).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .logistic import EPS, logit, sigmoid, two_columns


class GrammarStage:
    """Non-negative logistic adjustment of first-stage probabilities by grammar features
    (scikit-learn's conventions; scipy is imported only to fit). Its input ``X`` holds each
    sentence's first-stage P(garbled) in column 0 and its grammar features after it
    (:meth:`matrix`).

    Parameters
    ----------
    features : tuple of str
        Names of the grammar features, each in [0, 1] (missing ones count as 0).
    C : float
        Inverse strength of the L2 penalty on the weights.
    max_shift : float or None
        The most grammar may move a logit (the weights' sum). The smaller it is, the fewer
        sentences need LanguageTool. On MLQE-PE dev, 0.5 ranks held-out sentences as well as
        no limit (AUC 0.800 against 0.799), and leaves 39% of benchmark sentences to check
        instead of 93% with a limit of 1.
    """

    def __init__(self, features: tuple[str, ...] = (), C: float = 1.0, max_shift: float | None = 0.5):
        self.features = features
        self.C = C
        self.max_shift = max_shift

    def matrix(self, first_stage: Sequence[float], rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """The stage's input: the first-stage probabilities, then the grammar features of the
        sentence feature dicts ``rows`` (missing ones 0), clipped to [0, 1]."""
        X = np.array([[row.get(name, 0.0) for name in self.features] for row in rows], dtype=float)
        X = np.clip(X.reshape(len(rows), len(self.features)), 0.0, 1.0)
        return np.column_stack([np.asarray(first_stage, dtype=float), X])

    def fit(self, X: np.ndarray, y: Sequence[int]) -> GrammarStage:
        """Penalised log-loss with the logit of the first stage (column 0) as a fixed offset,
        weights >= 0 and their sum at most ``max_shift`` (SLSQP)."""
        from scipy.optimize import minimize

        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        offset, X = logit(X[:, 0]), X[:, 1:]

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            z = offset + X @ w
            p = sigmoid(z)
            value = np.sum(np.logaddexp(0, z) - y * z) + w @ w / (2 * self.C)
            return value, X.T @ (p - y) + w / self.C

        k = X.shape[1]
        limit = (
            []
            if self.max_shift is None
            else [{"type": "ineq", "fun": lambda w: self.max_shift - w.sum(), "jac": lambda w: -np.ones(k)}]
        )
        found = minimize(loss, np.zeros(k), jac=True, method="SLSQP", bounds=[(0, None)] * k, constraints=limit)
        coef = np.maximum(found.x, 0.0)
        if self.max_shift is not None and coef.sum() > self.max_shift:  # the solver's tolerance
            coef *= self.max_shift / coef.sum()
        self.coef_ = coef
        return self

    def terms(self, X: np.ndarray) -> np.ndarray:
        """Each grammar feature's push on each sentence's logit (>= 0; one column per feature)."""
        return np.asarray(X, dtype=float)[:, 1:] * self.coef_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """P(fluent) and P(garbled) after the stage: shape (n, 2)."""
        X = np.asarray(X, dtype=float)
        first_stage = X[:, 0]
        # never below the first stage, even where clipping a probability of 0 or 1 would round
        return two_columns(np.maximum(first_stage, sigmoid(logit(first_stage) + X[:, 1:] @ self.coef_)))

    def lower_bound(self, threshold: float) -> float:
        """The lowest first-stage score that grammar can lift to ``threshold`` (a hair lower,
        so that rounding never hides a verdict change)."""
        return float(sigmoid(logit(threshold) - float(np.sum(self.coef_)))) - EPS
