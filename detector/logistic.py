"""The logistic function, its inverse, and scikit-learn's ``predict_proba`` shape: the one
copy every learned part of the scorer uses."""

from __future__ import annotations

import numpy as np

EPS = 1e-9


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def logit(p: np.ndarray | float, eps: float = EPS) -> np.ndarray:
    """The inverse of :func:`sigmoid`, with ``p`` clipped to [eps, 1 - eps]."""
    p = np.clip(p, eps, 1 - eps)
    return np.log(p) - np.log1p(-p)


def two_columns(p: np.ndarray) -> np.ndarray:
    """scikit-learn's ``predict_proba`` of a binary classifier from P(class 1): shape (n, 2)."""
    p = np.asarray(p, dtype=float)
    return np.column_stack([1.0 - p, p])
