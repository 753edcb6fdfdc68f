"""What every writer shares: the run's description, positions, and the writer interface."""

from __future__ import annotations

import bisect
import dataclasses
import time
from dataclasses import dataclass, field
from typing import TextIO

from mtlint.core.records import Document, Summary


@dataclass
class RunInfo:
    """Facts about a run that reports show next to the results."""

    inputs: list[str]
    model: str
    threshold: float
    version: str
    grammar: bool
    grammar_scope: str = "auto"  # which sentences LanguageTool checks (core.scopes.SCOPES)
    deep: bool = False  # the deep stage was on (--deep)
    deep_scope: str = "auto"  # which sentences it scored
    duration: float = 0.0  # set when the report is finished: seconds since ``started``
    started: float = field(default_factory=time.perf_counter)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class FixedView(Document):
    """A checked document with the text its fixes give (``Policy.with_fixed_text`` makes it,
    ``Policy.fix`` computes the text): what the HTML report's "fixed text" view shows. A
    report-side record: the core ``Document`` carries results only. Every writer takes it as
    the Document it is; a copy made for display (:func:`displayed`) keeps the fixed text."""

    fixed_text: str | None = None

    @classmethod
    def of(cls, doc: Document, fixed_text: str) -> FixedView:
        return cls(**{f.name: getattr(doc, f.name) for f in dataclasses.fields(Document)}, fixed_text=fixed_text)


SCOPE_WORDS = {
    "auto": "every sentence of an article, the verdict band of corpus records",
    "all": "every sentence",
    "verdict": "the sentences whose verdict grammar can change",
}


DEEP_SCOPE_WORDS = {
    "auto": "every sentence of an article, the uncertain band of corpus records",
    "all": "every sentence",
    "verdict": "the sentences whose verdict it can change (the cascade)",
}


def grammar_line(run: RunInfo, summary: Summary) -> str:
    """Whether grammar was on and how much of the text LanguageTool saw, with the scope rule."""
    if not run.grammar:
        return "grammar: off"
    scope = f"scope {run.grammar_scope}: {SCOPE_WORDS.get(run.grammar_scope, run.grammar_scope)}"
    return f"grammar: on, {summary.grammar_checked} of {summary.sentences} sentences checked ({scope})"


def deep_line(run: RunInfo, summary: Summary) -> str | None:
    """How many sentences the deep stage scored, with its scope; None when it was off."""
    if not run.deep:
        return None
    words = DEEP_SCOPE_WORDS.get(run.deep_scope, run.deep_scope)
    return f"deep: on, {summary.deep_checked} of {summary.sentences} sentences scored (scope {run.deep_scope}: {words})"


def codes_by_weight(summary: Summary) -> list[tuple[str, int]]:
    """The summary's codes and counts for legends and tables: most frequent first, and
    info-level style notes (``Mr.`` beside ``Mr``) after every code that needs action."""
    from mtlint.core.rules import lookup

    def info(code: str) -> bool:
        rule = lookup(code)
        return rule is not None and rule.severity == "info"

    return sorted(summary.findings_by_code.items(), key=lambda kv: (info(kv[0]), -kv[1], kv[0]))


def displayed(doc: Document, severity: str = "info") -> Document:
    """What a report shows of ``doc``: its findings at ``severity`` or above (``--min-severity``,
    config ``display-severity``). Applied to the writers' input only: the summary, the CI gate
    and a baseline count every finding the run made."""
    from mtlint.core.records import SEVERITIES

    floor = SEVERITIES.index(severity)
    if floor == 0 or not doc.sentences:
        return doc
    sentences = [
        dataclasses.replace(s, findings=[f for f in s.findings if SEVERITIES.index(f.severity) >= floor])
        for s in doc.sentences
    ]
    return dataclasses.replace(doc, sentences=sentences)


class Writer:
    """Streams documents to ``out``: ``start`` once, ``document`` per result, ``finish`` once."""

    def __init__(self, out: TextIO, run: RunInfo):
        self.out = out
        self.run = run

    def start(self) -> None:
        """Called before the first document."""

    def document(self, doc: Document) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        """Called after the last document, with the run's counts."""


HTML_SUFFIXES = (".html", ".htm")


def extracted(doc: Document) -> bool:
    """Whether a document's text was extracted from an HTML page: its offsets index the
    extracted article, not the page, so reports place its findings at the file level."""
    return doc.line is None and doc.source.lower().endswith(HTML_SUFFIXES)


class Positions:
    """1-based (line, column) of offsets in a document, as editors and CI annotations count.

    For a JSONL record the line is the record's line and the column the offset in its text.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.newlines = [i for i, ch in enumerate(doc.text) if ch == "\n"] if doc.line is None else []

    def __call__(self, offset: int) -> tuple[int, int]:
        if self.doc.line is not None:
            return self.doc.line, offset + 1
        line = bisect.bisect_left(self.newlines, offset)
        line_start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1
