"""Logistic regression whose weights cannot be negative.

Every feature the scorer learns from is evidence of garbling (a rule's count, an n-gram
score, a rate of unknown words), so more of it must never lower a sentence's suspicion.
scikit-learn's LogisticRegression has no bounds; with correlated features it gave some rules
negative weights (starts_mid_phrase -0.1, glued -0.03, non_latin -0.12 in one calibration
fold and +0.36 in another): a finding that lowered the score of the sentence it was found in.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from mtlint.detector.logistic import sigmoid, two_columns


class NonNegativeLogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary L2-regularised logistic regression with non-negative weights (L-BFGS-B).

    The objective is scikit-learn's: ``0.5 * |w|^2 + C * sum(log-loss)``, the intercept free.
    """

    def __init__(self, C: float = 1.0, max_iter: int = 5000, tol: float = 1e-6):
        self.C = C
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y, sample_weight=None) -> NonNegativeLogisticRegression:
        from scipy.optimize import minimize

        X = np.asarray(X, dtype=float)
        self.classes_, encoded = np.unique(np.asarray(y), return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(f"two classes expected, got {len(self.classes_)}")
        sign = 2.0 * encoded - 1.0  # -1 for the first class, +1 for the second
        weight = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight, dtype=float)

        def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = params[:-1], params[-1]
            margin = sign * (X @ w + b)
            log_loss = np.logaddexp(0.0, -margin)
            slope = -sign * weight * np.exp(-np.logaddexp(0.0, margin))  # d log-loss / d z
            gradient = np.append(w + self.C * (X.T @ slope), self.C * slope.sum())
            return 0.5 * float(w @ w) + self.C * float(weight @ log_loss), gradient

        bounds = [(0.0, None)] * X.shape[1] + [(None, None)]
        result = minimize(
            loss,
            np.zeros(X.shape[1] + 1),
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": self.max_iter, "gtol": self.tol},
        )
        self.coef_ = result.x[:-1].reshape(1, -1)
        self.intercept_ = result.x[-1:].copy()
        self.n_iter_ = np.array([result.nit])
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X) -> np.ndarray:
        check_is_fitted(self)
        return np.asarray(X, dtype=float) @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X) -> np.ndarray:
        return two_columns(sigmoid(self.decision_function(X)))

    def predict(self, X) -> np.ndarray:
        return self.classes_[(self.decision_function(X) > 0).astype(int)]
