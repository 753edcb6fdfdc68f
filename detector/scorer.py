"""The learned sentence scorer and its safe persistence.

``Scorer`` is an estimator over Sentences (scikit-learn's conventions): the feature
families' numbers plus a fluency score, the mean logit of two n-gram models over the same
hashed character and word n-grams (one contrastive, trained on machine translations against
their own human post-edits, so it learns what changed and not what topic; one general,
garbled machine translation against fluent English of other sources, so that news does not
look foreign), fed to a standardised logistic regression with non-negative weights (every
input is evidence of garbling: :mod:`detector.monotone`) whose probabilities are calibrated
on held-out data. A linear model keeps every score explainable: the largest terms are the
reasons a report shows.

Precision first: a sentence that a rule explains is suspect at ``threshold``; one that only
the model suspects (MT900) needs ``model_threshold``, chosen so that at most 0.25% of fluent
English is flagged on the model's word alone.

The fitted state is plain numpy arrays (scikit-learn fits them and is imported only to fit),
so scoring needs numpy alone. Models are stored as such arrays with JSON parameters
(:mod:`detector.modelfile`): loading reads data, never code, and takes milliseconds.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from mtlint.core.records import Finding, Sentence
from mtlint.core.rules import MODEL_CODES
from mtlint.features.analysis import Token
from mtlint.features.grammar import FEATURES as GRAMMAR_FEATURES

from . import modelfile
from .grammar_stage import GrammarStage
from .modelfile import ModelLoadError
from .ngrams import NgramHasher
from .spans import SpanModel

MODEL_FILE = "default.npz"
FLUENCY = "fluency"
# what a driver means to a reader of an MT900 finding, in plain words
PLAIN_DRIVERS = {
    FLUENCY: "its word choice and word order read like machine translation, not like an editor's English",
    "oov_rate": "it has words that are not English or are misspelt",
    "rare_word_rate": "it has many rare words for its length",
    "long_word_rate": "it has many very long words",
}
# Features whose values differ between the training corpora (Wikipedia sentences, UD EWT web
# text) and news for reasons other than garbling: sentence length, house style, and encoding
# debris (mojibake, invisible controls: rare, and common in UD EWT's web text, they learned
# weights that lowered a sentence's score; their MT603/MT606 findings stand as rule evidence).
# They are extracted, but the model leaves them out (measured: with length, fluent long news
# sentences scored as suspect; with controls, "Shri. said so." beside a zero-width space did not).
CONFOUNDED = ("words", "relative_length", "honorific_style_minority", "mojibake", "controls")
# Adds LanguageTool's features and findings to the sentences it is given; False when the
# server is gone (then nothing was added). ``GrammarChecker.check_in_place`` is one.
GrammarHook = Callable[[Sequence[Sentence]], bool]


def _fit_fluency(
    hasher: NgramHasher, C: float, texts: Sequence[str], labels: np.ndarray, weights: np.ndarray | None = None
):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=2000, solver="liblinear")
    return model.fit(hasher.transform(texts), labels, sample_weight=weights)


class Scorer:
    """Calibrated probability that a sentence is garbled machine translation.

    Parameters
    ----------
    fluency_C, C : float
        Inverse regularisation of the n-gram fluency model and of the final model.
    threshold : float
        Score at or above which a sentence with rule evidence is suspect (chosen on dev by
        ``mtlint train``).
    model_threshold : float or None
        Score at or above which a sentence with no rule evidence is suspect (MT900; chosen
        on fluent English by ``mtlint train``); None: ``threshold``.
    grammar_model_threshold : float or None
        The same once the grammar stage has moved the scores (chosen on the same fluent
        English checked by LanguageTool: grammar raises scores, so a threshold chosen without
        it flags more fluent text with it); None: ``model_threshold``.
    """

    def __init__(
        self,
        fluency_C: float = 3.0,
        C: float = 0.3,
        threshold: float = 0.5,
        model_threshold: float | None = None,
        grammar_model_threshold: float | None = None,
        exclude: tuple[str, ...] = CONFOUNDED,
        cv: int = 3,
        random_state: int = 0,
    ):
        self.fluency_C = fluency_C
        self.C = C
        self.threshold = threshold
        self.model_threshold = model_threshold
        self.grammar_model_threshold = grammar_model_threshold
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
        general: tuple[Sequence[str], Sequence[int], Sequence[str], Sequence[float]] | None = None,
    ) -> Scorer:
        """Fit the fluency model on content-controlled pairs (a machine translation against its
        own post-edit), the general model on ``general`` (texts, labels, groups, sample
        weights: garbled machine translation against fluent English of other sources), then
        the final model on ``X``.

        The n-gram scores the final model learns from are cross-fitted: each fold of ``X``
        is scored by a model that never saw that fold's documents (``groups`` and
        ``fluency_groups`` name them), so the final model does not trust an overfit feature.
        ``span_tokens`` and ``span_labels`` (MLQE-PE word tags) train the :class:`SpanModel`
        that marks which words of a suspect sentence are garbled.
        """
        from sklearn.base import clone
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        from .monotone import NonNegativeLogisticRegression

        y = np.asarray(y)
        texts = [s.text for s in X]
        fold = np.array([zlib.crc32(g.encode()) % self.cv for g in groups])
        self.hasher_ = NgramHasher()
        fluency, oof = self._cross_fit(texts, fold, (fluency_texts, fluency_labels, fluency_groups))
        self.fluency_coef_, self.fluency_intercept_ = fluency.coef_[0], float(fluency.intercept_[0])
        self.general_coef_ = self.general_intercept_ = None
        if general is not None:
            model, general_oof = self._cross_fit(texts, fold, general)
            self.general_coef_, self.general_intercept_ = model.coef_[0], float(model.intercept_[0])
            oof = _mean_logit(oof, general_oof)
        vectorizer = DictVectorizer(sparse=False).fit(self._dicts(X, oof))
        features = vectorizer.transform(self._dicts(X, oof))
        # every feature is evidence of garbling: none may lower the score
        linear = make_pipeline(StandardScaler(), NonNegativeLogisticRegression(C=self.C))
        explainer = clone(linear).fit(features, y)
        # calibration folds are the documents' folds, as for the n-gram scores: scikit-learn's
        # default cuts the examples in order, so one fold held nearly every synthetic example
        # of a rule and learned a negative weight for it (measured: MT301's weight per fold
        # -2.1, 1.2, 7.4, and the seed's misspelt name fell below the threshold)
        folds = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(self.cv)]
        calibrated = CalibratedClassifierCV(linear, method="sigmoid", cv=folds).fit(features, y)
        self.keep_linear(vectorizer.get_feature_names_out().tolist(), explainer, calibrated)
        self.spans_ = SpanModel().fit(span_tokens, span_labels) if len(span_tokens) else None
        self.grammar_ = None
        return self

    def _cross_fit(
        self, texts: Sequence[str], fold: np.ndarray, train: tuple[Sequence, ...]
    ) -> tuple[object, np.ndarray]:
        """An n-gram model fitted on ``train`` (texts, labels, groups and, optionally, sample
        weights) and its out-of-fold scores of ``texts``: each fold is scored by a model that
        never saw its documents."""
        train_texts = np.asarray(train[0], dtype=object)
        labels = np.asarray(train[1])
        weights = np.asarray(train[3], dtype=float) if len(train) > 3 else np.ones(len(labels))
        train_fold = np.array([zlib.crc32(g.encode()) % self.cv for g in train[2]])
        oof = np.zeros(len(texts))
        for k in range(self.cv):
            part = train_fold != k
            model = _fit_fluency(self.hasher_, self.fluency_C, list(train_texts[part]), labels[part], weights[part])
            rows = np.flatnonzero(fold == k)
            if len(rows):
                oof[rows] = model.predict_proba(self.hasher_.transform([texts[i] for i in rows]))[:, 1]
        return _fit_fluency(self.hasher_, self.fluency_C, list(train_texts), labels, weights), oof

    def fit_grammar(self, X: Sequence[Sentence], y: Sequence[int], C: float = 1.0) -> Scorer:
        """Fit the grammar stage on sentences whose features include LanguageTool's (held-out
        data: the first stage's scores must not be fitted ones)."""
        stage = GrammarStage(features=GRAMMAR_FEATURES, C=C)
        self.grammar_ = stage.fit(stage.matrix([s.features for s in X]), y, self.predict_proba(X))
        return self

    def keep_linear(self, names: list[str], explainer, calibrated) -> None:
        """Keep the numbers of the fitted scikit-learn models as arrays: ``explainer`` (scaler
        and logistic regression on all the data, for the reasons) and ``calibrated`` (a
        CalibratedClassifierCV of such pipelines with sigmoid calibration: one row per fold)."""
        folds = calibrated.calibrated_classifiers_
        self.feature_names_ = list(names)
        self.fold_mean_ = np.array([fold.estimator[0].mean_ for fold in folds])
        self.fold_scale_ = np.array([fold.estimator[0].scale_ for fold in folds])
        self.fold_coef_ = np.array([fold.estimator[-1].coef_[0] for fold in folds])
        self.fold_intercept_ = np.array([fold.estimator[-1].intercept_[0] for fold in folds])
        self.fold_a_ = np.array([fold.calibrators[0].a_ for fold in folds], dtype=float)
        self.fold_b_ = np.array([fold.calibrators[0].b_ for fold in folds], dtype=float)
        self.explain_scale_ = explainer[0].scale_
        self.explain_coef_ = explainer[-1].coef_[0]
        self.classes_ = np.asarray(calibrated.classes_)
        self.__dict__.pop("_columns", None)

    @cached_property
    def _columns(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.feature_names_)}

    def _fluency(self, texts: Sequence[str]) -> np.ndarray:
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
        return 1.0 / (1.0 + np.exp(-z / len(models)))

    def _features(self, X: Sequence[Sentence]) -> np.ndarray:
        """The feature matrix (DictVectorizer's columns), filled directly: features the model
        did not learn (excluded ones among them) are skipped by the look-up."""
        index = self._columns
        features = np.zeros((len(X), len(index)))
        for row, sentence in zip(features, X, strict=True):
            for name, value in sentence.features.items():
                column = index.get(name)
                if column is not None:
                    row[column] = value
        features[:, index[FLUENCY]] = self._fluency([s.text for s in X])
        return features

    def predict_proba(self, X: Sequence[Sentence], grammar: bool = False) -> np.ndarray:
        """Calibrated suspicion per sentence (a 1-d array of P(suspect)); with ``grammar``,
        after the grammar stage (the sentences' LanguageTool features in place)."""
        if not len(X):
            return np.zeros(0)
        scores = self._calibrated(self._features(X))
        if grammar:
            scores = self.grammar_.predict_proba(self.grammar_.matrix([s.features for s in X]), scores)
        return scores

    def _calibrated(self, features: np.ndarray) -> np.ndarray:
        """CalibratedClassifierCV's ``predict_proba(features)[:, 1]`` computed with numpy: the
        same numbers (each fold's scaler, logistic regression and sigmoid calibration,
        averaged) without scikit-learn's per-call validation, which cost half of mtlint's time
        on article-sized batches."""
        total = np.zeros(len(features))
        for k in range(len(self.fold_coef_)):
            z = ((features - self.fold_mean_[k]) / self.fold_scale_[k]) @ self.fold_coef_[k] + self.fold_intercept_[k]
            total += 1.0 / (1.0 + np.exp(self.fold_a_[k] * z + self.fold_b_[k]))
        return total / len(self.fold_coef_)

    def score_and_explain(
        self, X: Sequence[Sentence], top: int = 3
    ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
        """Scores and, per sentence, the linear model's largest terms towards 'suspect'."""
        if not len(X):
            return np.zeros(0), []
        features = self._features(X)
        scores = self._calibrated(features)
        # each feature's push relative to its absence (value 0), so a missing rule is no reason
        terms = features / self.explain_scale_ * self.explain_coef_
        names = self.feature_names_
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
        where ``grammar`` is given; ``suspect`` at ``threshold`` for a sentence with rule
        evidence, at ``limits(threshold)[1]`` for one without; MT900/MT901 findings for
        suspect sentences that no rule explains."""
        if not len(sentences):
            return
        scores, drivers = self.score_and_explain(sentences)
        limits = self.limits(threshold)
        if grammar is not None:
            limits = self._grammar_stage(sentences, scores, drivers, threshold, grammar, grammar_scope)
        for sentence, score, reasons, words in zip(sentences, scores, drivers, tokens, strict=True):
            sentence.score = float(score)
            sentence.suspect = sentence.score >= limits[not rule_backed(sentence)]
            sentence.drivers = reasons
            if sentence.suspect:
                sentence.findings.extend(self.explain(sentence, words))

    def limits(self, threshold: float, grammar: bool = False) -> tuple[float, float]:
        """(rule-backed, model-only) thresholds: a sentence that only the model suspects must
        score at least ``model_threshold`` (``grammar_model_threshold`` for scores the grammar
        stage moved), and never less than ``threshold``."""
        model = self.model_threshold
        if grammar and self.grammar_model_threshold is not None:
            model = self.grammar_model_threshold
        return threshold, max(threshold, threshold if model is None else model)

    def _grammar_stage(
        self,
        sentences: Sequence[Sentence],
        scores: np.ndarray,
        drivers: list[list[tuple[str, float]]],
        threshold: float,
        grammar: GrammarHook,
        scope: str,
    ) -> tuple[float, float]:
        """Have ``grammar`` check the sentences whose verdict it can change (every sentence
        with scope "all", or with a model that has no grammar stage: then grammar only adds
        findings); move their scores and drivers in place. Returns the limits the verdicts
        take: those chosen with grammar where the stage judged the scores, the first stage's
        where it could not (no stage, or the server is gone)."""
        stage = getattr(self, "grammar_", None)  # models trained before the stage have none
        first, limits = self.limits(threshold), self.limits(threshold, grammar=True)
        if stage is None or scope == "all":
            selected = list(range(len(sentences)))
        else:
            # grammar findings are no rule evidence: each sentence keeps its own threshold
            cut = [limits[not rule_backed(s)] for s in sentences]
            selected = [i for i, score in enumerate(scores) if stage.lower_bound(cut[i]) <= score < cut[i]]
        if not selected:
            return limits
        checked = [sentences[i] for i in selected]
        if not grammar(checked) or stage is None:
            return first  # the server is gone (warned once): first-stage scores stand
        X = stage.matrix([s.features for s in checked])
        scores[selected] = stage.predict_proba(X, scores[selected])
        terms = X * stage.coef_
        for i, row in zip(selected, terms, strict=True):
            pushes = [(name, float(t)) for name, t in zip(stage.features, row, strict=True) if t > 0]
            drivers[i] = sorted(drivers[i] + pushes, key=lambda d: -d[1])[: max(3, len(drivers[i]))]
        return limits

    def explain(self, sentence: Sentence, tokens: Sequence[Token]) -> list[Finding]:
        """For a suspect sentence that no rule explains: the model's verdict on the sentence
        (MT900) and the words the span model finds garbled (MT901)."""
        if rule_backed(sentence):
            return []
        spans = self.spans_.spans(tokens) if getattr(self, "spans_", None) is not None else []
        words = [sentence.text[start - sentence.start : end - sentence.start] for start, end in spans]
        reasons = [PLAIN_DRIVERS[name] for name, _ in sentence.drivers if name in PLAIN_DRIVERS]
        reasons = reasons or ["it reads like machine translation as a whole, not one word or phrase"]
        where = " Look first at " + ", ".join(f"'{w}'" for w in words[:3]) + "." if words else ""
        message = f"reads like garbled machine translation (score {sentence.score:.2f}): {'; '.join(reasons)}.{where}"
        found = [Finding("MT900", message, sentence.start, sentence.end, "warning")]
        found += [
            Finding("MT901", f"'{w}' reads as garbled (words a post-editor would change)", start, end, "info")
            for w, (start, end) in zip(words, spans, strict=True)
        ]
        return found

    def predict(self, X: Sequence[Sentence]) -> np.ndarray:
        return (self.predict_proba(X) >= self.threshold).astype(int)

    def save(self, path: str | Path) -> None:
        """Write the model file (:mod:`detector.modelfile`): parameters as JSON, state as arrays."""
        names = ("fluency_C", "C", "threshold", "model_threshold", "grammar_model_threshold", "cv", "random_state")
        params = {name: getattr(self, name) for name in names}
        hasher = self.hasher_
        meta = {
            "params": {**params, "exclude": list(self.exclude)},
            "hasher": {
                "n_features": hasher.n_features,
                "char_ngrams": hasher.char_ngrams,
                "word_ngrams": hasher.word_ngrams,
                "titles": hasher.titles,
                "american": hasher.american,
            },
            "features": self.feature_names_,
            "fluency_intercept": self.fluency_intercept_,
            "general_intercept": self.general_intercept_,
            "spans": None,
            "grammar": None,
        }
        arrays = {name: getattr(self, f"{name}_") for name in _SHAPES}
        if self.general_coef_ is not None:
            arrays["general_coef"] = self.general_coef_
        if self.spans_ is not None:
            meta["spans"] = {
                "C": self.spans_.C,
                "threshold": self.spans_.threshold,
                "intercept": self.spans_.intercept_,
            }
            arrays["spans_coef"] = self.spans_.coef_
        if self.grammar_ is not None:
            stage = self.grammar_
            meta["grammar"] = {"features": list(stage.features), "C": stage.C, "max_shift": stage.max_shift}
            arrays["grammar_coef"] = stage.coef_
        modelfile.write(path, meta, arrays)

    @classmethod
    def load(cls, path: str | Path) -> Scorer:
        """A model written by :meth:`save`; :class:`ModelLoadError` for any other file."""
        meta, arrays = modelfile.read(path)
        try:
            return cls._from_state(meta, arrays)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelLoadError(f"{path}: not a readable mtlint model ({exc!r})") from None

    @classmethod
    def _from_state(cls, meta: dict, arrays: dict[str, np.ndarray]) -> Scorer:
        params = dict(meta["params"])
        scorer = cls(**{**params, "exclude": tuple(params["exclude"])})
        hasher = meta["hasher"]
        scorer.hasher_ = NgramHasher(
            hasher["n_features"],
            tuple(hasher["char_ngrams"]),
            tuple(hasher["word_ngrams"]),
            bool(hasher.get("titles", False)),  # models trained before these hash text as it is
            bool(hasher.get("american", False)),
        )
        scorer.feature_names_ = [str(name) for name in meta["features"]]
        scorer.fluency_intercept_ = float(meta["fluency_intercept"])
        sizes = {"h": 2 * scorer.hasher_.n_features, "k": len(arrays["fold_coef"]), "d": len(scorer.feature_names_)}
        expected = dict(_SHAPES)
        scorer.spans_ = scorer.grammar_ = None
        scorer.general_coef_ = scorer.general_intercept_ = None
        if meta.get("general_intercept") is not None:  # models trained before it have none
            scorer.general_intercept_ = float(meta["general_intercept"])
            scorer.general_coef_ = arrays["general_coef"]
            expected["general_coef"] = ("h",)
        if meta["spans"] is not None:
            spans = meta["spans"]
            scorer.spans_ = SpanModel(C=spans["C"], threshold=spans["threshold"])
            scorer.spans_.intercept_ = float(spans["intercept"])
            scorer.spans_.coef_ = arrays["spans_coef"]
            expected["spans_coef"] = (len(arrays["spans_coef"]),)
        if meta["grammar"] is not None:
            grammar = meta["grammar"]
            scorer.grammar_ = GrammarStage(tuple(grammar["features"]), C=grammar["C"], max_shift=grammar["max_shift"])
            scorer.grammar_.coef_ = arrays["grammar_coef"]
            expected["grammar_coef"] = (len(grammar["features"]),)
        if set(arrays) != set(expected):
            raise ValueError(f"arrays {sorted(arrays)}, expected {sorted(expected)}")
        for name, shape in expected.items():
            want = tuple(sizes.get(n, n) for n in shape)
            if arrays[name].shape != want or (name != "classes" and arrays[name].dtype != np.float64):
                raise ValueError(
                    f"array {name!r} has shape {arrays[name].shape} ({arrays[name].dtype}), expected {want}"
                )
            if name in _SHAPES:
                setattr(scorer, f"{name}_", arrays[name])
        return scorer


# The state arrays every model has, by shape: "h" hashed n-gram columns, "k" calibration
# folds, "d" features of the final model.
_SHAPES: dict[str, tuple] = {
    "fluency_coef": ("h",),
    "fold_mean": ("k", "d"),
    "fold_scale": ("k", "d"),
    "fold_coef": ("k", "d"),
    "fold_intercept": ("k",),
    "fold_a": ("k",),
    "fold_b": ("k",),
    "explain_scale": ("d",),
    "explain_coef": ("d",),
    "classes": (2,),
}


def _mean_logit(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The probability whose logit is the mean of ``p``'s and ``q``'s."""
    p, q = np.clip(p, 1e-12, 1 - 1e-12), np.clip(q, 1e-12, 1 - 1e-12)
    z = (np.log(p / (1 - p)) + np.log(q / (1 - q))) / 2
    return 1.0 / (1.0 + np.exp(-z))


def rule_backed(sentence: Sentence) -> bool:
    """Whether one of mtlint's rules (not LanguageTool, not the model) found something more
    than informational in ``sentence``."""
    return any(
        f.severity != "info" and f.code.startswith("MT") and f.code not in MODEL_CODES for f in sentence.findings
    )


def default_model_path() -> Path:
    return Path(str(resources.files("mtlint.detector").joinpath("models", MODEL_FILE)))


@lru_cache(maxsize=1)
def load_default() -> Scorer:
    path = default_model_path()
    if not path.exists():
        raise ModelLoadError(f"{path}: the default model is missing; train it with `mtlint train`")
    return Scorer.load(path)
