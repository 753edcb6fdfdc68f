"""Which words of a suspect sentence are garbled: a token classifier learned from MLQE-PE's
word tags (BAD = the post-editor changed it).

Its spans become MT901 findings on suspect sentences that no rule explains, so a report
highlights words rather than a whole sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mtlint.features.analysis import Token
from mtlint.features.vocabulary import zipf

from .featurehash import feature_columns
from .logistic import sigmoid, two_columns

Span = tuple[int, int]
N_FEATURES = 2**18


def _token_features(tokens: Sequence[Token], i: int) -> list[str]:
    token = tokens[i]
    lower = token.lower
    prev = tokens[i - 1] if i else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return [
        f"w={lower}",
        f"suf={lower[-3:]}",
        f"tag={token.tag}",
        f"cap={token.is_capitalized}",
        f"zipf={int(zipf(lower))}",
        f"pos={min(i, 3)}",
        f"pw={prev.lower if prev else '<s>'}",
        f"pt={prev.tag if prev else '<s>'}",
        f"nw={nxt.lower if nxt else '</s>'}",
        f"nt={nxt.tag if nxt else '</s>'}",
        f"bigram={prev.tag if prev else '<s>'}_{token.tag}",
    ]


class SpanModel:
    """Per-token probability of being garbled; runs of likely tokens become spans. A logistic
    regression over hashed token features (scikit-learn's conventions; scikit-learn itself is
    imported only to fit).

    Parameters
    ----------
    C : float
        Inverse regularisation of the logistic regression.
    threshold : float
        Probability at or above which a token is highlighted.
    """

    def __init__(self, C: float = 0.5, threshold: float = 0.5):
        self.C = C
        self.threshold = threshold

    def fit(self, sentences: Sequence[Sequence[Token]], labels: Sequence[Sequence[int]]) -> SpanModel:
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import LogisticRegression

        rows = [_token_features(tokens, i) for tokens in sentences for i in range(len(tokens))]
        X = FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False).transform(rows)
        y = np.concatenate([np.asarray(row, dtype=int) for row in labels])
        model = LogisticRegression(C=self.C, max_iter=1000, solver="liblinear").fit(X, y)
        self.coef_ = model.coef_[0]
        self.intercept_ = float(model.intercept_[0])
        return self

    def predict_proba(self, tokens: Sequence[Token]) -> np.ndarray:
        """P(fine) and P(garbled) per token, shape (n, 2): the logistic regression's, from the
        hashed features' columns (the same columns as FeatureHasher's: :mod:`detector.featurehash`)."""
        if not tokens:
            return np.zeros((0, 2))
        features = [_token_features(tokens, i) for i in range(len(tokens))]
        rows = np.repeat(np.arange(len(tokens)), [len(f) for f in features])
        columns = feature_columns([name for names in features for name in names], len(self.coef_))
        z = np.bincount(rows, self.coef_[columns], minlength=len(tokens)) + self.intercept_
        return two_columns(sigmoid(z))

    def spans(self, tokens: Sequence[Token]) -> list[Span]:
        """Character spans of runs of garbled words (punctuation alone is never a span): a
        garbled word extends the last span when no other word lies between them. One pass (a
        sentence of 50,000 garbled words rescanned every token per word: quadratic)."""
        probabilities = self.predict_proba(tokens)[:, 1]
        spans: list[Span] = []
        last_word = span_word = -1  # indices of the previous word, and of the last span's last word
        for i, (token, p) in enumerate(zip(tokens, probabilities, strict=True)):
            if not token.is_word:
                continue
            if p >= self.threshold:
                if spans and span_word == last_word:
                    spans[-1] = (spans[-1][0], token.end)
                else:
                    spans.append((token.start, token.end))
                span_word = i
            last_word = i
        return spans


def token_labels(tokens: Sequence[Token], bad: Sequence[Span], offset: int = 0) -> list[int]:
    """1 for each token overlapping a gold BAD span (spans relative to ``offset``)."""
    return [int(any(s + offset < t.end and t.start < e + offset for s, e in bad)) for t in tokens]
