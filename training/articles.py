"""Articles for the article verdict: built from the shared data, checked as ``mtlint check``
checks them, and the article model fitted on them (``mtlint train --articles``).

Training and dev articles come from shippable data only: MLQE-PE pseudo-articles (twelve
consecutive segments of one source document, labelled by their mean DA: garbled under
GARBLED_DA, fluent MT at FLUENT_DA or more) and their human post-edits (fluent), UD EWT
documents (fluent web text) and the same documents with most sentences garbled
(:mod:`training.synthetic`), DEMETR's human references (fluent news) and its
fluency-garbling perturbations (garbled); dev adds UD EWT's test documents to the fluent
articles the threshold is chosen on (THRESHOLD_KINDS). WMT21 articles serve evaluation only
(:func:`wmt21_articles`, ``python -m benchmarks.articles``).
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

from mtlint.core.records import Document
from mtlint.detector.article import ArticleModel, enough_sentences, features
from mtlint.detector.pipeline import Detector

from .data import PAIRS, Example, PseudoArticles, demetr, demetr_references, detokenize, read_jsonl, ud_fluent
from .synthetic import corrupt_documents

ARTICLE_SEGMENTS = 12  # segments per pseudo-article
MIN_SEGMENTS = 4  # a document's tail shorter than this joins no article
PARAGRAPH = 3  # segments per paragraph in an article's layout
GARBLED_DA = 60.0  # mean DA under this: the article reads as machine translation
FLUENT_DA = 75.0  # mean DA at or above this: fluent machine translation
WRAP = 72
TARGET_FLUENT_GARBLED = 0.01  # at most this share of fluent dev articles labelled garbled
# shares of sentences a generated garbled article has garbled: as many as the seed article's
# (a quarter of its sentences with rule-explained debris), and nearly all
GARBLING_RATES = (0.3, 0.8)
# the fluent articles the precision-first threshold is chosen on: written by people, not
# post-edited from MT (UD EWT web text, DEMETR's human news translations). Post-edits are
# minimally edited MT (low-DA ru-en pseudo-articles are Wikiquote proverbs kept close to the
# MT): they train the model as fluent, and benchmarks.articles reports them beside.
THRESHOLD_KINDS = frozenset({"ud", "ref"})
# articles of real machine translation and their post-edits count this many times in the fit:
# the generated garbling (UD EWT, DEMETR) is only a proxy for what the verdict must catch
MLQE_WEIGHT = 10.0
REGULARISATION = 0.01  # C, strong regularisation: on dev, the most garbled articles caught at the 1% limit


@dataclass(frozen=True)
class Article:
    """An article: its segments (sentences or MT segments), label (1 garbled, 0 fluent, None
    ambiguous), kind, and its mean DA where it has one."""

    segments: tuple[str, ...]
    label: int | None
    kind: str
    group: str
    da: float | None = None

    def text(self, layout: str = "plain") -> str:
        """The article laid out as ``plain`` paragraphs, ``wrapped`` at WRAP columns, or
        ``markdown`` (wrapped, with soft breaks)."""
        paragraphs = [" ".join(self.segments[i : i + PARAGRAPH]) for i in range(0, len(self.segments), PARAGRAPH)]
        if layout != "plain":
            paragraphs = [textwrap.fill(p, WRAP, break_on_hyphens=False, break_long_words=False) for p in paragraphs]
        return "\n\n".join(paragraphs) + "\n"

    def document(self, layout: str = "plain") -> Document:
        source = f"{self.group}.md" if layout == "markdown" else self.group
        return Document(id=self.group, source=source, text=self.text(layout))


def _chunks(segments: list, size: int = ARTICLE_SEGMENTS) -> Iterator[list]:
    for i in range(0, len(segments), size):
        if len(segments[i : i + size]) >= MIN_SEGMENTS:
            yield segments[i : i + size]


def _by_document(records: Iterable[dict], key: Callable[[dict], str]) -> dict[str, list[dict]]:
    docs: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        docs[key(record)].append(record)
    return docs


def mt_label(da: float) -> int | None:
    return 1 if da < GARBLED_DA else 0 if da >= FLUENT_DA else None


def mlqe_articles(root: Path, split: str, pairs: tuple[str, ...] = PAIRS, with_pe: bool = True) -> list[Article]:
    """MLQE-PE pseudo-articles of one split (kind "mt", labelled by mean DA) and, where
    ``with_pe``, the same articles as their human post-edits (kind "pe", fluent)."""
    out = []
    for pair in pairs:
        docs = _by_document(read_jsonl(root / "mlqe-pe" / f"{pair}.{split}.jsonl"), lambda r: r["doc_id"])
        for doc_id, records in docs.items():
            for n, chunk in enumerate(_chunks(records)):
                group = f"mlqe/{pair}/{doc_id}/{n}"
                da = float(np.mean([r["da"] for r in chunk]))
                out.append(Article(tuple(r["text"] for r in chunk), mt_label(da), "mt", group, da))
                if with_pe:
                    out.append(Article(tuple(detokenize(r["pe"]) for r in chunk), 0, "pe", group + "/pe"))
    return out


def _example_articles(examples: list[Example], kind: str, label: int) -> list[Article]:
    groups: dict[str, list[str]] = defaultdict(list)
    for e in examples:
        groups[e.group].append(e.text)
    return [
        Article(tuple(chunk), label, kind, f"{group}/{n}")
        for group, texts in groups.items()
        for n, chunk in enumerate(_chunks(texts, 4 * ARTICLE_SEGMENTS))
    ]


def ud_articles(root: Path, split: str) -> list[Article]:
    """UD EWT documents (fluent) and copies with most of their sentences garbled."""
    examples = ud_fluent(root, (split,))
    fluent = _example_articles(examples, "ud", 0)
    docs = [[replace(examples[0], text=s, group=a.group) for s in a.segments] for a in fluent]
    garbled = [
        doc
        for n, rate in enumerate(GARBLING_RATES)
        for doc in corrupt_documents(docs, rate=rate, seed=2 * n + (split != "train"))
        if sum(e.label for e in doc) >= rate * len(doc) / 2
    ]
    return fluent + [Article(tuple(e.text for e in doc), 1, "synthetic", doc[0].group) for doc in garbled]


def demetr_articles(root: Path, part: int) -> list[Article]:
    """DEMETR's human references as fluent news articles of twelve, and its fluency-garbling
    perturbations as garbled ones; ``part`` 0 (train) or 1 (dev), alternate articles."""
    pseudo = PseudoArticles()
    refs = [replace(e, group=f"ref/{pseudo.article(('ref', ''), e.text)}") for e in demetr_references(root)]
    garbled = [e for e in demetr(root, every=7) if e.label == 1]
    garbled = [replace(e, group=f"demetr/garbled/{i // ARTICLE_SEGMENTS}") for i, e in enumerate(garbled)]
    articles = _example_articles(refs, "ref", 0) + _example_articles(garbled, "demetr", 1)
    return [a for i, a in enumerate(articles) if i % 2 == part]


def training_articles(root: Path, split: str) -> list[Article]:
    """Every shippable article of ``split`` ("train" or "dev"); dev adds UD EWT's test
    documents (fluent only) to the fluent articles the threshold is chosen on."""
    articles = mlqe_articles(root, split) + ud_articles(root, split)
    articles += demetr_articles(root, 0 if split == "train" else 1)
    if split == "dev":
        articles += _example_articles(ud_fluent(root, ("test",)), "ud", 0)
    return articles


def wmt21_articles(root: Path) -> list[Article]:
    """WMT21 articles (EVALUATION ONLY): original English (kind "news"), the human translations
    into English (kind "translation"), and the same translations' articles rebuilt from the MT
    outputs (kind "wmt-mt", one sampled output per segment, with the segments' mean DA)."""
    folder = root / "wmt21-newstest-en"
    doc_of = {
        (r["lang_pair"], r["seg_id"]): r["doc_id"] for r in read_jsonl(folder / "sources.jsonl") if r.get("doc_id")
    }
    out = []
    originals = _by_document(read_jsonl(folder / "original_en.jsonl"), lambda r: r.get("doc_id") or r["id"])
    for doc_id, records in originals.items():
        for n, chunk in enumerate(_chunks(records, 4 * ARTICLE_SEGMENTS)):
            out.append(Article(tuple(r["text"] for r in chunk), 0, "news", f"news/{doc_id}/{n}"))
    pseudo = PseudoArticles()
    article_of: dict[tuple[str, int], str] = {}
    references = defaultdict(list)
    for r in read_jsonl(folder / "human_translation.jsonl"):
        if r["system"] == "ref-A":
            key = (r["lang_pair"], r["seg_id"])
            article_of[key] = doc_of.get(key) or pseudo.article((r["lang_pair"], ""), r["text"])
            references[(r["lang_pair"], article_of[key])].append(r["text"])
    for (pair, doc_id), texts in references.items():
        for n, chunk in enumerate(_chunks(texts, 4 * ARTICLE_SEGMENTS)):
            out.append(Article(tuple(chunk), 0, "translation", f"translation/{pair}/{doc_id}/{n}"))
    first_output: dict[tuple[str, int], dict] = {}
    for r in read_jsonl(folder / "mt.jsonl"):
        first_output.setdefault((r["lang_pair"], r["seg_id"]), r)
    machine = defaultdict(list)
    for key in sorted(first_output, key=lambda k: (k[0], k[1])):
        if key in article_of:
            machine[(key[0], article_of[key])].append(first_output[key])
    for (pair, doc_id), records in machine.items():
        for n, chunk in enumerate(_chunks(records, 4 * ARTICLE_SEGMENTS)):
            da = float(np.mean([r["da"] for r in chunk if r.get("da")] or [np.nan]))
            out.append(Article(tuple(r["text"] for r in chunk), None, "wmt-mt", f"wmt-mt/{pair}/{doc_id}/{n}", da))
    return out


def check(detector: Detector, articles: list[Article], layout: str = "plain") -> list[Document]:
    """The articles checked as ``mtlint check`` checks them (before any verdict)."""
    return [detector.check(a.document(layout)) for a in articles]


class ArticleClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression on standardised article features, Platt-calibrated on dev articles,
    with a precision-first threshold: at most ``fluent_share`` of fluent dev articles garbled."""

    def __init__(self, C: float = 1.0, fluent_share: float = TARGET_FLUENT_GARBLED):
        self.C = C
        self.fluent_share = fluent_share

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> ArticleClassifier:
        """Fit on standardised ``X``; both classes weigh the same in total (after
        ``sample_weight``)."""
        self.mean_ = X.mean(axis=0)
        self.scale_ = np.where(X.std(axis=0) > 0, X.std(axis=0), 1.0)
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        for label in np.unique(y):
            weight = np.where(y == label, weight * len(y) / (2 * weight[y == label].sum()), weight)
        model = LogisticRegression(C=self.C, max_iter=5000)
        model.fit((X - self.mean_) / self.scale_, y, sample_weight=weight)
        self.classes_ = model.classes_
        self.coef_ = model.coef_[0]
        self.intercept_ = float(model.intercept_[0])
        self.calibration_ = (1.0, 0.0)
        self.threshold_ = 0.5
        return self

    def calibrate(self, X: np.ndarray, y: np.ndarray, fluent: np.ndarray) -> ArticleClassifier:
        """Platt scaling on dev articles ``X, y``; the threshold from the fluent ones among them."""
        decision = self.model().decision(X)
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(decision[:, None], y)
        self.calibration_ = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))
        # a fluent article too short to be labelled garbled takes none of the allowed share
        scores = np.where(enough_sentences(X[fluent]), self.model().probability(X[fluent]), 0.0)
        allowed = int(np.floor(self.fluent_share * len(scores)))
        highest = np.sort(scores)[::-1]
        # just above the highest fluent score that must not be garbled, and never under one half
        self.threshold_ = max(0.5, float(np.nextafter(highest[allowed], 1.0)) if len(highest) > allowed else 0.5)
        return self

    def model(self) -> ArticleModel:
        return ArticleModel(
            self.mean_, self.scale_, self.coef_, self.intercept_, self.calibration_, getattr(self, "threshold_", 0.5)
        )

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = self.model().probability(X)
        return np.column_stack([1 - p, p])

    def predict(self, X: np.ndarray) -> np.ndarray:
        return ((self.predict_proba(X)[:, 1] >= self.threshold_) & enough_sentences(X)).astype(int)


def featurize(detector: Detector, articles: list[Article]) -> np.ndarray:
    return np.array([features(doc) for doc in check(detector, articles)])


def train_articles(root: Path, detector: Detector | None = None, log=print) -> tuple[ArticleModel, dict]:
    """Fit the article model on train articles, calibrate it and choose its threshold on dev."""
    detector = detector or Detector.create()
    sets = {}
    for split in ("train", "dev"):
        articles = [a for a in training_articles(root, split) if a.label is not None]
        log(f"{split}: {len(articles)} articles ({sum(a.label for a in articles)} garbled)")
        sets[split] = (articles, featurize(detector, articles), np.array([a.label for a in articles]))
    train, dev = sets["train"], sets["dev"]
    weight = np.array([MLQE_WEIGHT if a.kind in ("mt", "pe") else 1.0 for a in train[0]])
    classifier = ArticleClassifier(C=REGULARISATION).fit(train[1], train[2], sample_weight=weight)
    fluent = np.array([a.kind in THRESHOLD_KINDS for a in dev[0]])
    classifier.calibrate(dev[1], dev[2], fluent)
    model = classifier.model()
    garbled = (model.probability(dev[1]) >= model.threshold) & enough_sentences(dev[1])
    kinds = np.array([a.kind for a in dev[0]])
    info = {
        "train_articles": len(train[0]),
        "dev_articles": len(dev[0]),
        "threshold": model.threshold,
        "dev_fluent_garbled": float(garbled[fluent].mean()),
        "dev_post_edits_garbled": float(garbled[kinds == "pe"].mean()),
        "dev_garbled_recall": float(garbled[dev[2] == 1].mean()),
    }
    log(f"article model: {info}")
    return model, info
