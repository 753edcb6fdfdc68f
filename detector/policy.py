"""The run policy: what every entry point (CLI, Python API, service, batch) does to a document.

A :class:`Policy` checks a document and applies what the team has configured: the threshold,
disabled codes, severities, allow lists and per-path overrides (``[tool.mtlint]``), inline
``<!-- mtlint: ... -->`` directives, a record's suppress field, and a baseline. It holds no
per-run state, so one Policy serves many threads (the service) or processes (``--jobs``), and a
document gives the same record through every door.

A :class:`Run` adds what only a whole run has: the summary, the CI gate and the exit code, and
the findings a ``--write-baseline`` run records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mtlint.core.exit_codes import EXIT_CLEAN, EXIT_ERROR, EXIT_SUSPECT
from mtlint.core.records import Document, Summary
from mtlint.reports.base import FixedView

from . import article, suppress
from .baseline import Baseline
from .config import Config
from .config import load as load_config
from .fixes import FixResult, fix_document
from .fold import fold
from .gate import Gate
from .pipeline import Detector

log = logging.getLogger("mtlint")


def connect_grammar(url: str | None = None, required: bool = False):
    """A LanguageTool client for ``url``, ``$MTLINT_LANGUAGETOOL_URL`` or the server that
    ``mtlint languagetool start`` recorded; None (with one warning) when none answers, or an
    error when ``required``."""
    from mtlint.features.grammar import GrammarChecker
    from mtlint.features.languagetool.server import find_url

    found = find_url(url)
    if found is not None:
        return GrammarChecker(found)
    if required:
        raise RuntimeError("grammar is on but no LanguageTool server answers: run `mtlint languagetool start`")
    log.warning(
        "grammar features are off: no LanguageTool server found. "
        "Start one with `mtlint languagetool start`, or pass --no-grammar to silence this."
    )
    return None


def read_config(config: Config | str | Path | None, inputs: Iterable[str] = ()) -> Config:
    """A Config as given, read from a file, or (None) found by walking up from the first input
    (the CLI) — with no inputs, the defaults."""
    if isinstance(config, Config):
        return config
    paths = list(inputs)
    if config is None and not paths:
        return Config()
    return load_config(paths, str(config) if config is not None else None)


@dataclass
class Policy:
    """Check a document and apply the configuration, suppressions and baseline to it."""

    detector: Detector
    config: Config = field(default_factory=Config)
    baseline: Baseline | None = None
    article_model: article.ArticleModel = field(default_factory=article.load_default)

    @classmethod
    def create(
        cls,
        config: Config | None = None,
        model: str | Path | None = None,
        threshold: float | None = None,
        grammar=None,
        grammar_scope: str | None = None,
        baseline: str | Path | None = None,
        deep: bool | None = None,
        deep_scope: str | None = None,
    ) -> Policy:
        """``threshold`` wins over the configuration's, which wins over the model's;
        ``grammar_scope`` over the configuration's ``grammar-scope`` (default ``"auto"``),
        ``deep`` and ``deep_scope`` over its ``deep`` and ``deep-scope``."""
        config = config or Config()
        detector = Detector.create(
            threshold=threshold if threshold is not None else config["threshold"],
            grammar=grammar,
            model_path=str(model) if model is not None else None,
            grammar_scope=grammar_scope or config["grammar-scope"],
            deep=config["deep"] if deep is None else deep,
            deep_scope=deep_scope or config["deep-scope"],
        )
        # the deep path's sentence scores are another distribution: its article model was fitted on them
        articles = article.load_deep() if detector.deep is not None else article.load_default()
        return cls(detector, config, Baseline.load(baseline) if baseline else None, articles)

    @property
    def threshold(self) -> float:
        return self.detector.threshold

    def check(self, doc: Document) -> Document:
        """The document checked and settled (``status="error"`` if it cannot be checked)."""
        return self.settle(self.detector.check(doc))

    def settle(self, doc: Document) -> Document:
        """Apply disabled codes, allow lists, severities, inline and record suppressions and the
        baseline to a checked document, then give it its article verdict; one whose directives or
        suppress field name no rule becomes an error record saying where."""
        try:
            suppress.apply(doc, self.config.for_path(doc.source), self.baseline, doc.suppressed_codes)
        except suppress.InvalidSuppression as exc:
            return Document.failed(doc.id, doc.source, f"{exc.where(doc)}: {exc}", doc.line)
        return fold(article.settle(doc, self.article_model))

    def fix(self, doc: Document, unsafe: bool = False) -> FixResult:
        """Apply a checked document's safe fixes (unsafe ones too when ``unsafe``), each kept
        only if checking the fixed text the same way finds nothing new."""
        return fix_document(doc, self.check, unsafe=unsafe)

    def with_fixed_text(self, doc: Document, unsafe: bool = False) -> Document:
        """``doc`` with its fixed text (a :class:`~mtlint.reports.base.FixedView`, for the HTML
        report's fixed view) where a finding carries a fix; ``doc`` itself otherwise."""
        if any(f.fix is not None for f in doc.findings):
            return FixedView.of(doc, self.fix(doc, unsafe).text)
        return doc

    def check_all(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Checked and settled documents in input order (overlapping LanguageTool requests)."""
        for doc in self.detector.check_all(docs):
            yield self.settle(doc)


@dataclass
class Run:
    """One run over many documents, counted in one place: fed exactly the documents the report
    receives (after suppression, baseline and fixing), it keeps the summary the writers show,
    the CI gate, the exit code, and (for ``--write-baseline``) the findings it accepts."""

    gate: Gate = field(default_factory=Gate)
    summary: Summary = field(default_factory=Summary)
    accepted: Baseline | None = None

    @classmethod
    def from_config(cls, config: Config, write_baseline: bool = False) -> Run:
        return cls(gate=Gate.from_config(config), accepted=Baseline() if write_baseline else None)

    def add(self, doc: Document, kept: bool | None = None) -> Document:
        """Count a reported document in the summary (``kept``: where ``--keep`` sent it), the
        gate and the accepted findings."""
        self.summary.add(doc, kept)
        self.gate.add(doc)
        if self.accepted is not None:
            self.accepted.record(doc)
        return doc

    def counted(self, docs: Iterable[Document]) -> Iterator[Document]:
        """``docs``, each counted as it passes to the report."""
        for doc in docs:
            yield self.add(doc)

    def verdict(self, exit_zero: bool = False, max_errors: int = 0) -> tuple[int, str]:
        """The exit code (2 if more than ``max_errors`` inputs could not be read, 1 if the gate
        fails unless ``exit_zero`` or ``--write-baseline``, else 0) and a line saying which
        gate applied and why it passed or failed."""
        failed, line = self.gate.verdict(self.summary)
        if self.summary.errors > max_errors:
            return EXIT_ERROR, f"{line}; exit 2: {self.summary.errors} input(s) could not be checked"
        if failed and self.accepted is not None:
            return EXIT_CLEAN, f"{line}; exit 0: the findings were written to the baseline"
        if failed and exit_zero:
            return EXIT_CLEAN, f"{line}; exit 0 (--exit-zero)"
        return (EXIT_SUSPECT if failed else EXIT_CLEAN), line
