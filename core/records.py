"""The result model that flows from features through the detector to every report.

Offsets are Python ``str`` indices (code points) into ``Document.text``: every writer
highlights with ``text[start:end]`` and never re-parses another module's output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
Safety = Literal["safe", "unsafe"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement`` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Fix:
    """A correction grounded in the document, with ruff's safety classes: ``safe`` edits are
    deterministic and proven by the article itself (``mtlint check --fix`` applies them);
    ``unsafe`` ones are plausible but need an editor (``--unsafe-fixes``)."""

    edits: tuple[Edit, ...]
    safety: Safety
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "safety": self.safety,
            "description": self.description,
            "edits": [edit.to_dict() for edit in self.edits],
        }


def apply_edits(text: str, edits: Iterable[Edit], base: int = 0) -> str:
    """``text`` with non-overlapping edits applied. ``text`` starts at document offset
    ``base`` (a sentence's text): edits are clipped to it, so the part of a removal that
    reaches into the next sentence's whitespace is left out."""
    end = base + len(text)
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        start, stop = max(e.start, base) - base, min(e.end, end) - base
        if 0 <= start <= stop <= len(text):
            text = text[:start] + e.replacement + text[stop:]
    return text


@dataclass(frozen=True, slots=True)
class Finding:
    """One explained problem: a stable rule code and the span of the offending words."""

    code: str
    message: str
    start: int
    end: int
    severity: Severity = "warning"
    fix: Fix | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding's record; ``fix`` only when the finding has one (most have none)."""
        record: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "severity": self.severity,
        }
        if self.fix is not None:
            record["fix"] = self.fix.to_dict()
        return record


@dataclass(slots=True)
class Sentence:
    """A sentence of a document: its span, its suspicion score and what explains it."""

    start: int
    end: int
    text: str
    paragraph: int = 0
    score: float = 0.0
    suspect: bool = False
    findings: list[Finding] = field(default_factory=list)
    drivers: list[tuple[str, float]] = field(default_factory=list)  # the model's largest terms

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(float(self.score), 6),
            "suspect": self.suspect,
            "findings": [f.to_dict() for f in sorted(self.findings, key=_finding_order)],
        }


def _finding_order(finding: Finding) -> tuple[int, int, str]:
    return (finding.start, finding.end, finding.code)


class Readability(NamedTuple):
    """A document's readability (textstat's Flesch formula on mtlint's own counts)."""

    flesch_reading_ease: float
    syllables_per_word: float


class NameVariant(NamedTuple):
    """A rare spelling of a name: the article's usual spelling, how often each appears."""

    usual: str
    usual_count: int
    count: int


@dataclass(slots=True)
class Document:
    """An input document, its sentences once segmented, and its result once scored.

    ``status`` is ``"error"`` for an input that could not be read or checked; ``error``
    then says why, naming the input, and ``sentences`` is empty.
    """

    id: str
    source: str
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    score: float = 0.0
    status: Literal["ok", "error"] = "ok"
    error: str | None = None
    line: int | None = None  # 1-based line of the record in a JSONL input
    suppressed_codes: tuple[str, ...] = ()  # codes the input record asks to suppress
    readability: Readability | None = None
    name_variants: dict[str, NameVariant] = field(default_factory=dict)  # by rare spelling
    fixed_text: str | None = None  # the text with its fixes applied, where a run asked for it

    @classmethod
    def failed(cls, id: str, source: str, error: str, line: int | None = None) -> Document:
        return cls(id=id, source=source, text="", status="error", error=error, line=line)

    @property
    def suspect(self) -> bool:
        """Suspect exactly when one of its sentences is: each sentence met its own threshold
        (rule-backed or model-only), and suppression unflags sentences, not documents."""
        return any(s.suspect for s in self.sentences)

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.sentences for f in s.findings]

    def to_dict(self) -> dict[str, Any]:
        """The document record: the JSONL contract published in ``schema/record.schema.json``."""
        return {
            "id": self.id,
            "source": self.source,
            "status": self.status,
            "error": self.error,
            "score": round(float(self.score), 6),
            "suspect": self.suspect,
            "readability": self.readability._asdict() if self.readability else None,
            "sentences": [s.to_dict() for s in self.sentences],
        }


@dataclass(slots=True)
class Summary:
    """Counts over a run, shared by every output format."""

    documents: int = 0
    errors: int = 0
    sentences: int = 0
    suspect_sentences: int = 0
    suspect_documents: int = 0
    findings_by_code: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, doc: Document) -> None:
        source = self.by_source.setdefault(
            doc.source, {"documents": 0, "errors": 0, "sentences": 0, "suspect_sentences": 0, "findings": 0}
        )
        self.documents += 1
        source["documents"] += 1
        if doc.status == "error":
            self.errors += 1
            source["errors"] += 1
            return
        suspect = sum(s.suspect for s in doc.sentences)
        findings = doc.findings
        self.sentences += len(doc.sentences)
        self.suspect_sentences += suspect
        self.suspect_documents += int(doc.suspect)
        source["sentences"] += len(doc.sentences)
        source["suspect_sentences"] += suspect
        source["findings"] += len(findings)
        for finding in findings:
            self.findings_by_code[finding.code] = self.findings_by_code.get(finding.code, 0) + 1

    @property
    def suspect_ratio(self) -> float:
        return self.suspect_sentences / self.sentences if self.sentences else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "errors": self.errors,
            "sentences": self.sentences,
            "suspect_sentences": self.suspect_sentences,
            "suspect_documents": self.suspect_documents,
            "suspect_ratio": round(self.suspect_ratio, 6),
            "findings_by_code": dict(sorted(self.findings_by_code.items())),
        }

    def stats(self) -> dict[str, Any]:
        """The ``--stats`` file: the summary plus counts and suspect ratio per source."""
        per_source = {
            source: dict(
                counts,
                suspect_ratio=round(counts["suspect_sentences"] / counts["sentences"], 6)
                if counts["sentences"]
                else 0.0,
            )
            for source, counts in sorted(self.by_source.items())
        }
        return dict(self.to_dict(), by_source=per_source)
