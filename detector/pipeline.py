"""The detector: segment a Document, run every feature family, score each sentence.

``Detector.check`` never raises for a bad document: it returns it with ``status="error"``
and a message, so every input appears in the output.
"""

from __future__ import annotations

import gc
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TypeVar

from mtlint.core.records import Document, Finding, Sentence, StepStats
from mtlint.core.runs import runs
from mtlint.core.scopes import AUTO_SCOPES, SCOPES
from mtlint.features import fragments, honorifics, names, readability, repetition, surface, syllables
from mtlint.features.analysis import Analysis, FamilyResult, TextCounts
from mtlint.features.grammar import GrammarChecker

from . import markdown, modelfile, segment
from .deep import DeepStage
from .deep import load as load_deep
from .jobs import threads_per_process
from .scorer import Judgement, Scorer

log = logging.getLogger("mtlint")
T = TypeVar("T")
R = TypeVar("R")

Family = Callable[[Analysis], FamilyResult]
CHUNK_SENTENCES = 2000
CHUNK_CHARS = 200_000
MAX_FINDINGS_PER_CODE = 20  # in one sentence: 25 MB of "the the the" would otherwise hold 5 million
# a time.monotonic() after which check() gives up between chunks: the service sets it per
# request (asyncio.to_thread carries it into the worker thread), so a timed-out request stops
DEADLINE: ContextVar[float | None] = ContextVar("mtlint_deadline", default=None)
GRAMMAR_WORKERS = 2  # as many as the server's maxCheckThreads: measured 2x over one at a time
EXTRACTORS: dict[str, Family] = {
    "honorifics": honorifics.extract,
    "names": names.extract,
    "fragments": fragments.extract,
    "repetition": repetition.extract,
    "surface": surface.extract,
    "readability": readability.extract,
}


def analyse(doc: Document) -> Analysis:
    """Segment ``doc``, run every family: findings on its sentences, features in the analysis."""
    doc.sentences = segment.sentences(doc.text)
    analysis = analyse_sentences(doc, doc.sentences)
    doc.readability = readability.of_counts(analysis.counts)
    doc.name_variants = names.inventory(analysis.mentions)
    return analysis


def analyse_sentences(
    doc: Document, sentences: list[Sentence], text: str | None = None, document_mentions: Counter[str] | None = None
) -> Analysis:
    """Run every family over ``sentences`` of ``doc`` (all of them, or one chunk of a long one):
    their findings go on the sentences, their numbers into the analysis's ``features``,
    ``counts`` and ``mentions`` (the caller sums a document's chunks); ``text`` is the document's text with
    non-prose masked, when it differs; ``document_mentions``: the whole document's name
    counts, for a chunk."""
    view = Document(id=doc.id, source=doc.source, text=text or doc.text, sentences=sentences)
    started = time.perf_counter()
    analysis = Analysis.of(view)
    analysis.document_mentions = document_mentions
    _count_step(doc, "analysis", [], time.perf_counter() - started)
    results = []
    for name, family in EXTRACTORS.items():
        started = time.perf_counter()
        results.append(family(analysis))
        _count_step(doc, name, results[-1].findings, time.perf_counter() - started)
    for result in results:
        analysis.counts = analysis.counts.plus(result.counts or TextCounts())
        analysis.mentions.update(result.mentions or {})
    analysis.features = [{} for _ in sentences]
    for s, sentence in enumerate(sentences):
        for result in results:
            if result.features[s]:
                analysis.features[s].update(result.features[s])
            if result.findings[s]:
                sentence.findings.extend(result.findings[s])
    return analysis


def _count_step(doc: Document, name: str, findings: Sequence[Sequence[Finding]], seconds: float) -> None:
    """Add what step ``name`` found (``findings`` per sentence) and cost to ``doc.steps``."""
    step = StepStats(sum(map(len, findings)), sum(map(bool, findings)), seconds)
    doc.steps.setdefault(name, StepStats()).add(step)


@dataclass
class Detector:
    """Scores documents with the feature families, a trained scorer and, optionally, its
    grammar stage.

    ``grammar_scope`` says which sentences LanguageTool checks: ``"verdict"`` only those whose
    verdict it can change (see :mod:`detector.grammar_stage`), ``"all"`` every sentence (more
    LT findings to read, the same verdicts), ``"auto"`` (the default) by input kind
    (:func:`scope_of`). ``deep`` (``--deep``) adds the deep stage (:mod:`detector.deep`), on
    the sentences of ``deep_scope`` (the same three scopes: ``"verdict"`` is the cascade).
    """

    scorer: Scorer
    threshold: float
    grammar: GrammarChecker | None = None
    grammar_scope: str = "auto"
    deep: DeepStage | None = None
    deep_scope: str = "auto"

    @classmethod
    def create(
        cls,
        threshold: float | None = None,
        grammar: GrammarChecker | None = None,
        model_path: str | None = None,
        grammar_scope: str = "auto",
        deep: bool = False,
        deep_scope: str = "auto",
    ) -> Detector:
        for name, scope in (("grammar", grammar_scope), ("deep", deep_scope)):
            if scope not in SCOPES:
                raise ValueError(f"{name} scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        scorer = modelfile.load_default() if model_path is None else modelfile.load(model_path)
        return cls(
            scorer=scorer,
            threshold=scorer.verdict.threshold if threshold is None else threshold,
            grammar=grammar,
            grammar_scope=grammar_scope,
            deep=load_deep() if deep else None,
            deep_scope=deep_scope,
        )

    def share_cores(self, processes: int) -> None:
        """Give the deep model the cores that each of ``processes`` processes may use (before
        its session is made: the CLI calls this once it knows ``--jobs``)."""
        if self.deep is not None and self.deep.model is not None:
            self.deep.model.threads = threads_per_process(processes)

    def warm_up(self, workers: bool = False) -> None:
        """Load every table built on first use (tagger, word lists, syllable dictionary) and
        move them out of the garbage collector's sight (``gc.freeze``): a long run no longer
        rescans them on every full collection (about 10% of its time), and worker processes
        forked afterwards share them without copy-on-write. For long-running processes: the
        CLI and the service call it once. ``workers``: also load what a single process loads
        only when a text needs it (pyphen's patterns, ftfy), once before forking rather than
        in every worker."""
        doc = Document(id="warm-up", source="<warm-up>", text="Mr. Smith said the talks went well. Shri.")
        analysis = analyse(doc)
        # the deep model's session is made in the process that uses it (ONNX Runtime's thread
        # pools do not survive a fork): workers load it on their first document
        replace(self, deep=None).judge(doc.sentences, analysis)
        if workers:
            syllables.hyphenator()
            surface.mojibake_score("")
        gc.freeze()

    def check(self, doc: Document) -> Document:
        if doc.status == "error":
            return doc
        if self.grammar is not None:
            self.grammar.skipped(reset=True)
        try:
            is_markdown = doc.source.lower().endswith(markdown.MARKDOWN_SUFFIXES)
            masked = markdown.mask(doc.text, markdown=is_markdown)
            text = masked or doc.text  # code, front matter, URLs and comments blanked out
            doc.sentences = segment.sentences(text, markdown=is_markdown, layout=doc.text if masked else None)
            if "\n" in text or "\r" in text:
                # a line break inside a sentence (hard-wrapped text) reads as a space: a wrapped
                # sentence gets the same features, findings and score as the same words on one line
                text = text.replace("\r", " ").replace("\n", " ")
                for sentence in doc.sentences:
                    sentence.text = text[sentence.start : sentence.end]
            # a long document is checked in chunks of sentences: memory stays bounded, and a
            # chunk is still far more context than any article needs
            deadline = DEADLINE.get()
            counts, mentions = TextCounts(), Counter[str]()
            judged: list[Sentence] = []
            parts = list(chunks(doc.sentences))
            # names are a fact of the whole document: counted before its chunks are checked
            whole = names.mention_counts(s.text for s in doc.sentences) if len(parts) > 1 else None
            for chunk in parts:
                if deadline is not None and time.monotonic() > deadline:
                    stopped = f"{doc.id}: stopped: over the time limit"
                    return Document.failed(doc.id, doc.source, stopped, doc.line, doc.record)
                analysis = analyse_sentences(doc, chunk, text, whole)
                counts = counts.plus(analysis.counts)
                mentions.update(analysis.mentions)
                judgement = self.judge(chunk, analysis, scope_of(doc, self.grammar_scope), doc)
                doc.grammar_checked += judgement.grammar_checked
                doc.deep_checked += judgement.deep_checked
                for sentence in judgement.judged(chunk):
                    sentence.findings = _bounded(sentence.findings)
                    if text is not doc.text:
                        sentence.text = doc.text[sentence.start : sentence.end]
                    judged.append(sentence)
            doc.sentences = judged  # the scored records replace the segmented ones
            doc.grammar_skipped = self.grammar is not None and self.grammar.skipped()
            # document facts, computed once from every chunk's counts
            doc.readability = readability.of_counts(counts) if doc.sentences else None
            doc.name_variants = names.inventory(mentions)
        except Exception as exc:  # one bad document must not stop a corpus run
            log.debug("checking %s failed", doc.id, exc_info=True)
            return Document.failed(
                doc.id, doc.source, f"{doc.id}: internal error while checking: {exc!r}", doc.line, doc.record
            )
        return doc

    def judge(
        self, sentences: list[Sentence], analysis: Analysis, scope: str = "verdict", doc: Document | None = None
    ) -> Judgement:
        """The scorer's judgement of ``sentences`` (``analysis`` of them) at this detector's
        threshold, with its grammar checker on the sentences of ``scope``; what the model and
        LanguageTool found and cost is counted in ``doc.steps`` when ``doc`` is given."""
        grammar, waited = None, [0.0]
        if self.grammar is not None:
            check = self.grammar.check_sentences

            def grammar(checked: Sequence[Sentence]):
                started = time.perf_counter()
                try:
                    return check(checked)
                finally:
                    waited[0] += time.perf_counter() - started

        verdict = self.scorer.verdict.at(self.threshold)
        deep_scope = self.deep_scope if doc is None else scope_of(doc, self.deep_scope)
        started = time.perf_counter()
        judgement = self.scorer.judge(
            sentences, analysis.features, analysis.tokens, verdict, grammar, scope, self.deep, deep_scope
        )
        if doc is not None:
            seconds = time.perf_counter() - started
            by_language_tool = [[f for f in found if f.code.startswith("LT:")] for found in judgement.findings]
            by_model = [[f for f in found if not f.code.startswith("LT:")] for found in judgement.findings]
            if self.grammar is not None:
                _count_step(doc, "grammar", by_language_tool, waited[0])
            if self.deep is not None:
                _count_step(doc, "deep", [[] for _ in sentences], judgement.deep_seconds)
            _count_step(doc, "model", by_model, seconds - waited[0] - judgement.deep_seconds)
        return judgement

    def check_all(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Results in input order. With grammar on, documents overlap so that LanguageTool's
        check threads stay busy while Python works on the next document."""
        if self.grammar is None:
            for doc in docs:
                yield self.check(doc)
            return
        with ThreadPoolExecutor(GRAMMAR_WORKERS) as pool:
            yield from ordered_map(self.check, docs, pool, in_flight=2 * GRAMMAR_WORKERS)


def scope_of(doc: Document, scope: str) -> str:
    """The grammar scope for ``doc``: ``scope`` itself, or for ``"auto"``, every sentence of an
    article a person reads (a file, standard input, text, a page's body) and the cheap verdict
    band of a corpus record (a JSONL line, a JSON record, a batch row: ``doc.line`` is set)."""
    if scope != "auto":
        return scope
    return AUTO_SCOPES["record" if doc.line is not None else "article"]


def _bounded(findings: list[Finding]) -> list[Finding]:
    """At most MAX_FINDINGS_PER_CODE findings of each code (the first ones): memory stays
    bounded by the document's size limit, and every code a sentence has is still reported."""
    if len(findings) <= MAX_FINDINGS_PER_CODE:
        return findings
    seen: Counter[str] = Counter()
    kept = []
    for finding in findings:
        seen[finding.code] += 1
        if seen[finding.code] <= MAX_FINDINGS_PER_CODE:
            kept.append(finding)
    return kept


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
