"""The detector: segment a Document, run every feature family, score each sentence.

``Detector.check`` never raises for a bad document: it returns it with ``status="error"``
and a message, so every input appears in the output.
"""

from __future__ import annotations

import gc
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from core.records import Document, Finding, Sentence
from core.runs import runs
from features import fragments, honorifics, names, readability, repetition, surface
from features.analysis import Analysis, FamilyResult, Token
from features.grammar import GrammarChecker

from . import markdown, segment
from .scorer import Scorer, load_default

log = logging.getLogger("mtlint")
T = TypeVar("T")
R = TypeVar("R")

Family = Callable[[Analysis], FamilyResult]
CHUNK_SENTENCES = 2000
CHUNK_CHARS = 200_000
GRAMMAR_SCOPES = ("verdict", "all")
GRAMMAR_WORKERS = 2  # as many as the server's maxCheckThreads: measured 2x over one at a time
FAMILIES: dict[str, Family] = {
    "honorifics": honorifics.extract,
    "names": names.extract,
    "fragments": fragments.extract,
    "repetition": repetition.extract,
    "surface": surface.extract,
    "readability": readability.extract,
}


def analyse(doc: Document) -> Analysis:
    """Segment ``doc`` and put every family's features and findings on its sentences."""
    doc.sentences = segment.sentences(doc.text)
    return analyse_sentences(doc, doc.sentences)


def analyse_sentences(doc: Document, sentences: list[Sentence], text: str | None = None) -> Analysis:
    """Run every family over ``sentences`` of ``doc`` (all of them, or one chunk of a long one);
    ``text`` is the document's text with non-prose masked, when it differs."""
    view = Document(id=doc.id, source=doc.source, text=text or doc.text, sentences=sentences)
    analysis = Analysis.of(view)
    results = [family(analysis) for family in FAMILIES.values()]
    for result in results:
        for key, value in result.document.items():
            doc.meta.setdefault(key, {}).update(value)
    for s, sentence in enumerate(sentences):
        for result in results:
            sentence.features.update(result.features[s])
            sentence.findings.extend(result.findings[s])
    return analysis


@dataclass
class Detector:
    """Scores documents with the feature families, a trained scorer and, optionally, its
    grammar stage.

    ``grammar_scope`` says which sentences LanguageTool checks: ``"verdict"`` only those whose
    verdict it can change (see :mod:`detector.grammar_stage`), ``"all"`` every sentence (more
    LT findings to read, the same verdicts).
    """

    scorer: Scorer
    threshold: float
    grammar: GrammarChecker | None = None
    grammar_scope: str = "verdict"

    @classmethod
    def create(
        cls,
        threshold: float | None = None,
        grammar: GrammarChecker | None = None,
        model_path: str | None = None,
        grammar_scope: str = "verdict",
    ) -> Detector:
        if grammar_scope not in GRAMMAR_SCOPES:
            raise ValueError(f"grammar scope must be one of {', '.join(GRAMMAR_SCOPES)}, not {grammar_scope!r}")
        scorer = load_default() if model_path is None else Scorer.load(model_path)
        return cls(
            scorer=scorer,
            threshold=scorer.threshold if threshold is None else threshold,
            grammar=grammar,
            grammar_scope=grammar_scope,
        )

    def warm_up(self) -> None:
        """Load every table built on first use (tagger, word lists, syllable dictionary) and
        move them out of the garbage collector's sight (``gc.freeze``): a long run no longer
        rescans them on every full collection (about 10% of its time), and worker processes
        forked afterwards share them without copy-on-write. For long-running processes: the
        CLI and the service call it once."""
        doc = Document(id="warm-up", source="<warm-up>", text="Mr. Smith said the talks went well. Shri.")
        analyse(doc)
        self.scorer.score_and_explain(doc.sentences)
        gc.freeze()

    def check(self, doc: Document) -> Document:
        if doc.status == "error":
            return doc
        try:
            masked = markdown.mask(doc.text, markdown=doc.source.lower().endswith(markdown.MARKDOWN_SUFFIXES))
            text = masked or doc.text  # code, front matter, URLs and comments blanked out
            doc.sentences = segment.sentences(text)
            # a long document is checked in chunks of sentences: memory stays bounded, and a
            # chunk is still far more context than any article needs
            for chunk in chunks(doc.sentences):
                analysis = analyse_sentences(doc, chunk, text)
                self.score_sentences(chunk, analysis.tokens)
                for sentence in chunk:
                    sentence.features = {}  # scored and explained: the numbers are not reported
                    if masked:
                        sentence.text = doc.text[sentence.start : sentence.end]
            doc.score = max((s.score for s in doc.sentences), default=0.0)
            doc.suspect = doc.score >= self.threshold
        except readability.MissingDataError:
            raise
        except Exception as exc:  # one bad document must not stop a corpus run
            log.debug("checking %s failed", doc.id, exc_info=True)
            return Document.failed(doc.id, doc.source, f"{doc.id}: internal error while checking: {exc!r}", doc.line)
        return doc

    def score_sentences(self, sentences: list[Sentence], tokens: list[list[Token]]) -> None:
        """Score sentences (grammar second, where it applies); explain suspect ones that no
        rule explains (MT900, MT901)."""
        if not sentences:
            return
        scores, drivers = self.scorer.score_and_explain(sentences)
        if self.grammar is not None:
            self._grammar_stage(sentences, scores, drivers)
        for sentence, score, reasons, words in zip(sentences, scores, drivers, tokens, strict=True):
            sentence.score = float(score)
            sentence.suspect = sentence.score >= self.threshold
            sentence.drivers = reasons
            if sentence.suspect:
                sentence.findings.extend(model_findings(self.scorer, sentence, words))

    def _grammar_stage(self, sentences: list[Sentence], scores: np.ndarray, drivers: list) -> None:
        """Check the sentences whose verdict grammar can change (all of them with scope
        "all", or with a model that has no grammar stage: then grammar only adds findings);
        move their scores and drivers in place."""
        stage = getattr(self.scorer, "grammar_", None)  # models trained before the stage have none
        if stage is None or self.grammar_scope == "all":
            selected = list(range(len(sentences)))
        else:
            lower = stage.lower_bound(self.threshold)
            selected = [i for i, score in enumerate(scores) if lower <= score < self.threshold]
        if not selected:
            return
        checked = [sentences[i] for i in selected]
        found = self.grammar.check_sentences(checked)
        if found is None:
            return  # the server is gone (warned once): first-stage scores stand
        for sentence, features, findings in zip(checked, found.features, found.findings, strict=True):
            sentence.features.update(features)
            sentence.findings.extend(findings)
        if stage is None:
            return
        X = stage.matrix([s.features for s in checked])
        scores[selected] = stage.predict_proba(X, scores[selected])
        terms = X * stage.coef_
        for i, row in zip(selected, terms, strict=True):
            pushes = [(name, float(t)) for name, t in zip(stage.features, row, strict=True) if t > 0]
            drivers[i] = sorted(drivers[i] + pushes, key=lambda d: -d[1])[: max(3, len(drivers[i]))]

    def check_all(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Results in input order. With grammar on, documents overlap so that LanguageTool's
        check threads stay busy while Python works on the next document."""
        if self.grammar is None:
            for doc in docs:
                yield self.check(doc)
            return
        with ThreadPoolExecutor(GRAMMAR_WORKERS) as pool:
            yield from ordered_map(self.check, docs, pool, in_flight=2 * GRAMMAR_WORKERS)


def model_findings(scorer: Scorer, sentence: Sentence, tokens: list[Token]) -> list[Finding]:
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
    if getattr(scorer, "spans_", None) is not None:
        found += [
            Finding("MT901", "likely garbled words (learned from post-edits)", start, end, "info")
            for start, end in scorer.spans_.spans(tokens)
        ]
    return found


def ordered_map(fn: Callable[[T], R], items: Iterable[T], pool: Executor, in_flight: int) -> Iterator[R]:
    """``map(fn, items)`` on a thread or process pool, in input order, with at most
    ``in_flight`` items submitted and not yet yielded (streaming: memory does not grow with
    the input, unlike ``Pool.imap``, whose feeder reads the whole input ahead)."""
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def chunks(sentences: list[Sentence]) -> Iterator[list[Sentence]]:
    """Consecutive runs of at most CHUNK_SENTENCES sentences and about CHUNK_CHARS characters."""
    return runs(sentences, lambda sentence: len(sentence.text), CHUNK_CHARS, CHUNK_SENTENCES)
