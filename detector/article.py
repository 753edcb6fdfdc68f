"""The article verdict: one calibrated decision per document, from all its sentences' evidence.

A news desk decides per article: publish it, fix the flagged sentences, or send it back. The
sentence scores and findings of a checked (and settled) document are summarised in a few
numbers (:func:`features`: the mean, spread, quantiles and upper tail of the sentence logits,
the share of sentences over several lower cut-offs, the share of sentences each rule family
fires on, the article's name variants, its readability), and a logistic model trained by
``mtlint train --articles`` (:mod:`training.articles`) turns them into the probability that
the article as a whole is machine-translated or garbled, calibrated on dev articles. The label
is ``garbled`` at or above the model's threshold (chosen so that at most 1% of the fluent dev
articles written by people reach it) for a document of at least MIN_SENTENCES sentences, else
``review`` when a sentence is still suspect after suppression, else ``clean``. Sentences the
team accepted (every finding suppressed or in the baseline) are left out of the evidence, as
they are of the gate's score.

Predicting takes numpy only: the model file holds arrays (:mod:`detector.modelfile`), and
scikit-learn is needed only to fit it.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from mtlint.core.records import Document, Sentence, Verdict
from mtlint.core.rules import FAMILIES

from . import modelfile
from .logistic import logit, sigmoid

DEFAULT_PATH = Path(__file__).parent / "models" / "article.npz"
# the article model of the deep path (`--deep`): fitted on the sentence scores the deep stage gives
DEEP_PATH = DEFAULT_PATH.with_name("article-deep.npz")
KIND = "article"
# shares of sentences scoring at least these: the low ones see weak evidence that adds up
# over an article of machine translation whose sentences stay under the sentence threshold
CUTOFFS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.35, 0.5, 0.7)
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)  # of the sentence logits: their distribution's shape
RULE_FAMILIES = ("MT1", "MT2", "MT3", "MT4", "MT5", "MT6", "MT9", "LT:")
FEATURES = (
    "log_sentences",
    "mean_logit",
    "std_logit",
    "max_logit",
    "top_quarter_logit",
    *(f"logit_q{round(100 * q)}" for q in QUANTILES),
    *(f"share_over_{c}" for c in CUTOFFS),
    "share_suspect",
    *(f"share_{family}" for family in RULE_FAMILIES),
    "name_variants",
    "reading_ease",
    "syllables_per_word",
)
_CLIP = 1e-4
MIN_SENTENCES = 3  # fewer sentences are too little evidence to call a whole article garbled
GARBLED_SENTENCE = 0.5  # a sentence "reads as machine translation" in the reasons at this score


def counted(doc: Document) -> list[Sentence]:
    """The sentences whose evidence counts: not those whose every finding the team accepted
    (suppressed or in the baseline), as for the gate's score."""
    return [s for s in doc.sentences if not s.accepted]


def features(doc: Document) -> np.ndarray:
    """The article's evidence as FEATURES, in that order (zeros for a document without
    sentences that count). Computed in plain Python after one logit: an article has tens of
    sentences, and numpy's cost per call was most of the verdict's time on them."""
    sentences = counted(doc)
    n = len(sentences)
    if n == 0:
        return np.zeros(len(FEATURES))
    scores = sorted(s.score for s in sentences)
    z = logit(np.array(scores), _CLIP).tolist()  # sorted too: the logit is increasing
    mean = sum(z) / n
    top = z[-max(1, n // 4) :]
    families = Counter(
        family
        for s in sentences
        if s.findings
        for family in {f.code[:3] for f in s.findings}
        if family in RULE_FAMILIES
    )
    readability = doc.readability
    return np.array(
        [
            math.log(n),
            mean,
            math.sqrt(sum((v - mean) ** 2 for v in z) / n),
            z[-1],
            sum(top) / len(top),
            *(_interpolated(z, q) for q in QUANTILES),
            *((n - bisect.bisect_left(scores, cutoff)) / n for cutoff in CUTOFFS),
            sum(s.suspect for s in sentences) / n,
            *(families[family] / n for family in RULE_FAMILIES),
            len(doc.name_variants) / n,
            (readability.flesch_reading_ease / 100) if readability else 0.6,
            readability.syllables_per_word if readability else 1.5,
        ],
        dtype=float,
    )


def _interpolated(ordered: list[float], q: float) -> float:
    """The ``q`` quantile of sorted values, linearly interpolated (numpy's default method)."""
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    if below + 1 >= len(ordered):
        return ordered[-1]
    return ordered[below] + (ordered[below + 1] - ordered[below]) * (position - below)


def enough_sentences(x: np.ndarray) -> np.ndarray:
    """Whether rows of FEATURES come from documents of at least MIN_SENTENCES counted
    sentences (only those can be labelled garbled)."""
    return np.atleast_2d(x)[:, FEATURES.index("log_sentences")] >= math.log(MIN_SENTENCES) - 1e-9


@dataclass(frozen=True)
class ArticleModel:
    """Standardised features, a linear model and a calibration of its output (Platt scaling
    fitted on dev articles): ``P(garbled) = sigmoid(a * (w . (x - mean) / scale + b) + c)``;
    ``threshold`` is the probability at which an article is labelled ``garbled``."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    calibration: tuple[float, float]
    threshold: float

    def decision(self, x: np.ndarray) -> np.ndarray:
        return ((np.atleast_2d(x) - self.mean) / self.scale) @ self.coef + self.intercept

    def probability(self, x: np.ndarray) -> np.ndarray:
        a, c = self.calibration
        return sigmoid(a * self.decision(x) + c)

    def save(self, path: str | Path, meta: dict | None = None) -> None:
        arrays = {
            "mean": self.mean,
            "scale": self.scale,
            "coef": self.coef,
            "intercept": np.array([self.intercept]),
            "calibration": np.array(self.calibration),
            "threshold": np.array([self.threshold]),
        }
        modelfile.write(path, {"kind": KIND, "features": list(FEATURES), **(meta or {})}, arrays)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> ArticleModel:
        meta, arrays = modelfile.read(path)
        if meta.get("kind") != KIND or meta.get("features") != list(FEATURES):
            raise modelfile.ModelLoadError(f"{path}: not an article model for this mtlint's features")
        return cls(
            mean=arrays["mean"],
            scale=arrays["scale"],
            coef=arrays["coef"],
            intercept=float(arrays["intercept"][0]),
            calibration=(float(arrays["calibration"][0]), float(arrays["calibration"][1])),
            threshold=float(arrays["threshold"][0]),
        )

    def judge(self, doc: Document) -> Verdict:
        """The verdict of a checked and settled document."""
        x = features(doc)
        score = float(self.probability(x)[0]) if counted(doc) else 0.0
        if score >= self.threshold and enough_sentences(x)[0]:
            label = "garbled"
        elif doc.suspect:
            label = "review"
        else:
            label = "clean"
        return Verdict(label, score, reasons(doc) if label != "clean" else ())


@lru_cache(maxsize=1)
def load_default() -> ArticleModel:
    return ArticleModel.load(DEFAULT_PATH)


@lru_cache(maxsize=1)
def load_deep() -> ArticleModel:
    return ArticleModel.load(DEEP_PATH)


def reasons(doc: Document) -> tuple[str, ...]:
    """What the verdict rests on, in a few plain phrases."""
    out = []
    sentences = counted(doc)
    garbled = sum(s.score >= GARBLED_SENTENCE for s in sentences)
    if garbled:
        fluency = 1 - float(np.mean([s.score for s in sentences]))
        out.append(f"{garbled} of {len(sentences)} sentences read as machine translation (mean fluency {fluency:.2f})")
    families = Counter(family for s in sentences for family in {f.code[:3] for f in s.findings})
    for family, count in sorted(families.items(), key=lambda item: (-item[1], item[0])):  # ties: by code
        if family in FAMILIES and family != "MT9":
            out.append(f"{FAMILIES[family]} in {count} sentence{'s' if count > 1 else ''}")
    spellings = Counter(variant.usual for variant in doc.name_variants.values())
    for usual, variants in spellings.most_common(2):
        out.append(f"a name spelt {variants + 1} ways ({usual!r})")
    suspect = sum(s.suspect for s in doc.sentences)
    if suspect:
        out.append(f"{suspect} suspect sentence{'s' if suspect > 1 else ''} to fix")
    return tuple(out)


def settle(doc: Document, model: ArticleModel) -> Document:
    """Put the verdict on a checked and settled document; its ``score`` is the verdict's."""
    if doc.status == "ok":
        doc.verdict = model.judge(doc)
        doc.score = doc.verdict.score
    return doc
