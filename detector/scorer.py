"""The learned sentence scorer and its safe persistence.

``Scorer`` is a scikit-learn estimator over Sentences: the feature families' numbers plus a
contrastive fluency score (character and word n-grams trained on machine translations
against their own human post-edits), fed to a standardised logistic regression whose
probabilities are calibrated on held-out data. A linear model keeps every score explainable:
the largest terms are the reasons a report shows.

Models are stored with skops; loading refuses any type outside :data:`TRUSTED_TYPES`, so a
tampered file cannot run code.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.records import Finding, Sentence
from features.analysis import Token
from features.grammar import FEATURES as GRAMMAR_FEATURES

from .grammar_stage import GrammarStage
from .ngrams import NgramHasher
from .spans import SpanModel

MODEL_FILE = "default.skops"
FLUENCY = "fluency"
# Features whose values differ between the training corpora (Wikipedia sentences) and news
# for reasons other than garbling: sentence length and house style. They are extracted, but
# the model leaves them out (measured: with them, fluent long news sentences scored as suspect).
CONFOUNDED = ("words", "relative_length", "honorific_style_minority")
# Adds LanguageTool's features and findings to the sentences it is given; False when the
# server is gone (then nothing was added). ``GrammarChecker.check_in_place`` is one.
GrammarHook = Callable[[Sequence[Sentence]], bool]


class ModelLoadError(RuntimeError):
    """The model file is missing, corrupt or contains types mtlint does not trust."""


def _fluency_model(C: float) -> object:
    return make_pipeline(NgramHasher(), LogisticRegression(C=C, max_iter=2000, solver="liblinear"))


class Scorer(ClassifierMixin, BaseEstimator):
    """Calibrated probability that a sentence is garbled machine translation.

    Parameters
    ----------
    fluency_C, C : float
        Inverse regularisation of the n-gram fluency model and of the final model.
    threshold : float
        Score at or above which a sentence is suspect (chosen on dev by ``mtlint train``).
    """

    def __init__(
        self,
        fluency_C: float = 3.0,
        C: float = 0.3,
        threshold: float = 0.5,
        exclude: tuple[str, ...] = CONFOUNDED,
        cv: int = 3,
        random_state: int = 0,
    ):
        self.fluency_C = fluency_C
        self.C = C
        self.threshold = threshold
        self.exclude = exclude
        self.cv = cv
        self.random_state = random_state

    def _dicts(self, X: Sequence[Sentence], fluency: np.ndarray) -> list[dict[str, float]]:
        rows = []
        skip = set(self.exclude)
        for sentence, f in zip(X, fluency, strict=True):
            row = {
                k: v
                for k, v in sentence.features.items()
                if k not in skip and not k.startswith("lt_")  # grammar has its own stage
            }
            row[FLUENCY] = float(f)
            rows.append(row)
        return rows

    def fit(
        self,
        X: Sequence[Sentence],
        y: Sequence[int],
        groups: Sequence[str],
        fluency_texts: Sequence[str],
        fluency_labels: Sequence[int],
        fluency_groups: Sequence[str],
        span_tokens: Sequence[Sequence[Token]] = (),
        span_labels: Sequence[Sequence[int]] = (),
    ) -> Scorer:
        """Fit the fluency model on content-controlled pairs (a machine translation against its
        own post-edit), then the final model on ``X``.

        The fluency scores the final model learns from are cross-fitted: each fold of ``X``
        is scored by a fluency model that never saw that fold's documents (``groups`` and
        ``fluency_groups`` name them), so the final model does not trust an overfit feature.
        ``span_tokens`` and ``span_labels`` (MLQE-PE word tags) train the :class:`SpanModel`
        that marks which words of a suspect sentence are garbled.
        """
        y = np.asarray(y)
        texts = [s.text for s in X]
        fold = np.array([zlib.crc32(g.encode()) % self.cv for g in groups])
        fluency_fold = np.array([zlib.crc32(g.encode()) % self.cv for g in fluency_groups])
        fluency_texts = np.asarray(fluency_texts, dtype=object)
        fluency_labels = np.asarray(fluency_labels)
        oof = np.zeros(len(texts))
        for k in range(self.cv):
            train = fluency_fold != k
            model = _fluency_model(self.fluency_C).fit(list(fluency_texts[train]), fluency_labels[train])
            rows = np.flatnonzero(fold == k)
            if len(rows):
                oof[rows] = model.predict_proba([texts[i] for i in rows])[:, 1]
        self.fluency_ = _fluency_model(self.fluency_C).fit(list(fluency_texts), fluency_labels)
        self.vectorizer_ = DictVectorizer(sparse=False).fit(self._dicts(X, oof))
        features = self.vectorizer_.transform(self._dicts(X, oof))
        linear = make_pipeline(StandardScaler(), LogisticRegression(C=self.C, max_iter=5000))
        self.linear_ = clone(linear).fit(features, y)
        self.model_ = CalibratedClassifierCV(linear, method="sigmoid", cv=self.cv).fit(features, y)
        self.classes_ = self.model_.classes_
        self.spans_ = SpanModel().fit(span_tokens, span_labels) if len(span_tokens) else None
        self.grammar_ = None
        return self

    def fit_grammar(self, X: Sequence[Sentence], y: Sequence[int], C: float = 1.0) -> Scorer:
        """Fit the grammar stage on sentences whose features include LanguageTool's (held-out
        data: the first stage's scores must not be fitted ones)."""
        stage = GrammarStage(features=GRAMMAR_FEATURES, C=C)
        self.grammar_ = stage.fit(stage.matrix([s.features for s in X]), y, self.predict_proba(X))
        return self

    def _fluency(self, texts: Sequence[str]) -> np.ndarray:
        """``fluency_.predict_proba(texts)[:, 1]`` straight from the hashed n-grams' entries:
        a linear model needs no sparse matrix."""
        hasher, linear = self.fluency_[0], self.fluency_[-1]
        rows, cols, values = hasher.entries(texts)
        z = np.bincount(rows, values * linear.coef_[0][cols], minlength=len(texts)) + linear.intercept_[0]
        return 1.0 / (1.0 + np.exp(-z))

    def _features(self, X: Sequence[Sentence]) -> np.ndarray:
        """``vectorizer_.transform(self._dicts(X, fluency))``, filled directly: features the
        vectorizer did not learn (excluded ones among them) are skipped by the look-up."""
        index = self.vectorizer_.vocabulary_
        features = np.zeros((len(X), len(index)))
        for row, sentence in zip(features, X, strict=True):
            for name, value in sentence.features.items():
                column = index.get(name)
                if column is not None:
                    row[column] = value
        features[:, index[FLUENCY]] = self._fluency([s.text for s in X])
        return features

    def predict_proba(self, X: Sequence[Sentence]) -> np.ndarray:
        """Calibrated suspicion per sentence (a 1-d array of P(suspect))."""
        if not len(X):
            return np.zeros(0)
        return self._calibrated(self._features(X))

    def _calibrated(self, features: np.ndarray) -> np.ndarray:
        """``model_.predict_proba(features)[:, 1]`` computed directly with numpy: the same
        numbers (each fold's scaler, logistic regression and sigmoid calibration, averaged)
        without scikit-learn's per-call validation, which cost half of mtlint's time on
        article-sized batches."""
        total = np.zeros(len(features))
        for fold in self.model_.calibrated_classifiers_:
            scaler, linear = fold.estimator[0], fold.estimator[-1]
            z = ((features - scaler.mean_) / scaler.scale_) @ linear.coef_[0] + linear.intercept_[0]
            calibrator = fold.calibrators[0]
            total += 1.0 / (1.0 + np.exp(calibrator.a_ * z + calibrator.b_))
        return total / len(self.model_.calibrated_classifiers_)

    def score_and_explain(
        self, X: Sequence[Sentence], top: int = 3
    ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
        """Scores and, per sentence, the linear model's largest terms towards 'suspect'."""
        if not len(X):
            return np.zeros(0), []
        features = self._features(X)
        scores = self._calibrated(features)
        scaler, linear = self.linear_[0], self.linear_[-1]
        # each feature's push relative to its absence (value 0), so a missing rule is no reason
        terms = features / scaler.scale_ * linear.coef_[0]
        names = self.vectorizer_.get_feature_names_out().tolist()
        order = np.argsort(-terms, axis=1)[:, :top].tolist()
        values = terms.tolist()
        drivers = [[(names[i], row[i]) for i in best if row[i] > 0] for best, row in zip(order, values, strict=True)]
        return scores, drivers

    def score(
        self,
        sentences: Sequence[Sentence],
        tokens: Sequence[Sequence[Token]],
        threshold: float,
        grammar: GrammarHook | None = None,
        grammar_scope: str = "verdict",
    ) -> None:
        """Score, judge and explain ``sentences`` in place: the first stage; the grammar stage
        where ``grammar`` is given; ``suspect`` at ``threshold``; MT900/MT901 findings for
        suspect sentences that no rule explains."""
        if not len(sentences):
            return
        scores, drivers = self.score_and_explain(sentences)
        if grammar is not None:
            self._grammar_stage(sentences, scores, drivers, threshold, grammar, grammar_scope)
        for sentence, score, reasons, words in zip(sentences, scores, drivers, tokens, strict=True):
            sentence.score = float(score)
            sentence.suspect = sentence.score >= threshold
            sentence.drivers = reasons
            if sentence.suspect:
                sentence.findings.extend(self.explain(sentence, words))

    def _grammar_stage(
        self,
        sentences: Sequence[Sentence],
        scores: np.ndarray,
        drivers: list[list[tuple[str, float]]],
        threshold: float,
        grammar: GrammarHook,
        scope: str,
    ) -> None:
        """Have ``grammar`` check the sentences whose verdict it can change (every sentence
        with scope "all", or with a model that has no grammar stage: then grammar only adds
        findings); move their scores and drivers in place."""
        stage = getattr(self, "grammar_", None)  # models trained before the stage have none
        if stage is None or scope == "all":
            selected = list(range(len(sentences)))
        else:
            lower = stage.lower_bound(threshold)
            selected = [i for i, score in enumerate(scores) if lower <= score < threshold]
        if not selected:
            return
        checked = [sentences[i] for i in selected]
        if not grammar(checked) or stage is None:
            return  # the server is gone (warned once): first-stage scores stand
        X = stage.matrix([s.features for s in checked])
        scores[selected] = stage.predict_proba(X, scores[selected])
        terms = X * stage.coef_
        for i, row in zip(selected, terms, strict=True):
            pushes = [(name, float(t)) for name, t in zip(stage.features, row, strict=True) if t > 0]
            drivers[i] = sorted(drivers[i] + pushes, key=lambda d: -d[1])[: max(3, len(drivers[i]))]

    def explain(self, sentence: Sentence, tokens: Sequence[Token]) -> list[Finding]:
        """For a suspect sentence that no rule explains: the model's verdict on the sentence
        (MT900) and the words the span model finds garbled (MT901)."""
        if any(f.severity != "info" for f in sentence.findings):
            return []
        names = [name for name, _ in sentence.drivers]
        reasons = "driven by " + ", ".join(names) if names else "no single feature stands out"
        found = [
            Finding(
                "MT900",
                f"reads like machine translation (score {sentence.score:.2f}); {reasons}",
                sentence.start,
                sentence.end,
                "warning",
            )
        ]
        if getattr(self, "spans_", None) is not None:
            found += [
                Finding("MT901", "likely garbled words (learned from post-edits)", start, end, "info")
                for start, end in self.spans_.spans(tokens)
            ]
        return found

    def predict(self, X: Sequence[Sentence]) -> np.ndarray:
        return (self.predict_proba(X) >= self.threshold).astype(int)

    def save(self, path: Path) -> None:
        import skops.io as sio

        sio.dump(self, path)

    @classmethod
    def load(cls, path: str | Path) -> Scorer:
        import skops.io as sio

        try:
            untrusted = sio.get_untrusted_types(file=path)
        except Exception as exc:
            raise ModelLoadError(f"{path}: not a readable mtlint model ({exc})") from None
        unknown = sorted(set(untrusted) - TRUSTED_TYPES)
        if unknown:
            raise ModelLoadError(f"{path}: refusing to load a model with untrusted types: {', '.join(unknown)}")
        try:
            scorer = sio.load(path, trusted=sorted(untrusted))
        except Exception as exc:
            raise ModelLoadError(f"{path}: not a readable mtlint model ({exc})") from None
        if not isinstance(scorer, cls):
            raise ModelLoadError(f"{path}: holds a {type(scorer).__name__}, not an mtlint Scorer")
        return scorer


# Types outside skops' defaults that an mtlint model may contain.
TRUSTED_TYPES = frozenset(
    {
        "detector.scorer.Scorer",
        "detector.spans.SpanModel",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
        "detector.ngrams.NgramHasher",
        "detector.grammar_stage.GrammarStage",
        "numpy.float64",
        "builtins.float",
        "builtins.int",
        "builtins.str",
        "numpy.dtype",
    }
)


def default_model_path() -> Path:
    return Path(str(resources.files("detector").joinpath("models", MODEL_FILE)))


@lru_cache(maxsize=1)
def load_default() -> Scorer:
    path = default_model_path()
    if not path.exists():
        raise ModelLoadError(f"{path}: the default model is missing; train it with `mtlint train`")
    return Scorer.load(path)
