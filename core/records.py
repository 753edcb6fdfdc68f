"""The result model that flows from features through the detector to every report.

Offsets are Python ``str`` indices (code points) into ``Document.text``: every writer
highlights with ``text[start:end]`` and never re-parses another module's output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Severity = Literal["info", "warning", "error"]
VerdictLabel = Literal["garbled", "review", "clean"]
VERDICT_LABELS: tuple[VerdictLabel, ...] = ("clean", "review", "garbled")  # in rising order
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
    """A sentence of a document: its span, its suspicion score and what explains it.

    ``score``, ``suspect`` and ``drivers`` are the scorer's result, written once when the
    scored record is made (``Judgement.judged``, from the segmented one): ``drivers`` are the
    reasons the sentence was scored as it was, the model's largest terms (feature, push
    towards suspect in logit), which the HTML report shows; suppression may later accept the
    sentence, never rewrite its drivers."""

    start: int
    end: int
    text: str
    paragraph: int = 0
    score: float = 0.0
    suspect: bool = False
    findings: list[Finding] = field(default_factory=list)
    drivers: tuple[tuple[str, float], ...] = ()  # the model's largest terms: why the score is what it is
    accepted: bool = False  # every finding suppressed: no longer suspect, its score no longer counts

    def judged(
        self, score: float, suspect: bool, findings: list[Finding], drivers: tuple[tuple[str, float], ...]
    ) -> Sentence:
        """A new record of this sentence with the scorer's result (``dataclasses.replace``'s,
        at a fifth of its cost: it runs for every sentence checked)."""
        return Sentence(
            self.start, self.end, self.text, self.paragraph, score, suspect, findings, drivers, self.accepted
        )

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


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision on a whole document: ``garbled`` (it reads as machine-translated or
    garbled as a whole: send it back), ``review`` (fluent overall, with suspect sentences to
    fix) or ``clean``; ``score`` is the calibrated probability that the article is garbled,
    and ``reasons`` say in a few words what the decision rests on."""

    label: VerdictLabel
    score: float
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": round(float(self.score), 6), "reasons": list(self.reasons)}


class NameVariant(NamedTuple):
    """A rare spelling of a name: the article's usual spelling, how often each appears."""

    usual: str
    usual_count: int
    count: int


@dataclass(slots=True)
class StepStats:
    """What one step of checking did (a feature family, the model, LanguageTool): the findings
    it made ("fires"), the sentences it found something in, and the seconds it took. Counted
    per document and summed over a run for ``--stats``."""

    fires: int = 0
    sentences: int = 0
    seconds: float = 0.0

    def add(self, other: StepStats) -> None:
        self.fires += other.fires
        self.sentences += other.sentences
        self.seconds += other.seconds

    def to_dict(self) -> dict[str, Any]:
        return {"fires": self.fires, "sentences": self.sentences, "seconds": round(self.seconds, 6)}


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
    score: float = 0.0  # the verdict's score: the probability that the article is garbled
    status: Literal["ok", "error"] = "ok"
    error: str | None = None
    line: int | None = None  # 1-based line of the record in a JSONL input
    suppressed_codes: tuple[str, ...] = ()  # codes the input record asks to suppress
    readability: Readability | None = None
    name_variants: dict[str, NameVariant] = field(default_factory=dict)  # by rare spelling
    grammar_checked: int = 0  # sentences LanguageTool checked
    deep_checked: int = 0  # sentences the deep stage scored (--deep)
    folded: list[Finding] = field(default_factory=list)  # findings folded into a stronger one (detector.fold)
    # the input's own record (a JSONL line's object, or the line itself when it is not one),
    # written back with mtlint's fields added by the pass-through output
    record: dict[str, Any] | str | None = None
    verdict: Verdict | None = None  # set by the run policy once the document is settled
    grammar_skipped: bool = False  # grammar was on but LanguageTool was down while it was checked
    steps: dict[str, StepStats] = field(default_factory=dict)  # what checking it cost, by step (--stats)

    @classmethod
    def failed(
        cls, id: str, source: str, error: str, line: int | None = None, record: dict[str, Any] | str | None = None
    ) -> Document:
        return cls(id=id, source=source, text="", status="error", error=error, line=line, record=record)

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
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "readability": self.readability._asdict() if self.readability else None,
            "sentences": [s.to_dict() for s in self.sentences],
            **({"grammar": "skipped"} if self.grammar_skipped else {}),
        }


HISTOGRAM_BINS = 10  # document scores in bins of 0.1: [0, 0.1), ..., [0.9, 1]
MAX_ERROR_KINDS = 50  # distinct error messages told apart in the closing summary
MISSING = "(none)"  # the --stats-by group of documents without the field


@dataclass(slots=True)
class Summary:
    """Counts over a run, shared by every output format. ``kept``/``dropped`` count a
    ``--keep`` run's split (None when the run keeps everything); ``group_by`` names the input
    field whose values ``--stats-by`` counts documents by."""

    documents: int = 0
    errors: int = 0
    sentences: int = 0
    suspect_sentences: int = 0
    suspect_documents: int = 0
    findings_by_code: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    kept: int | None = None
    dropped: int | None = None
    score_histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    group_by: str | None = None
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)
    error_kinds: dict[str, tuple[int, str]] = field(default_factory=dict)  # message: (count, first input)
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICT_LABELS, 0))
    grammar_checked: int = 0  # sentences LanguageTool checked
    deep_checked: int = 0  # sentences the deep stage scored
    steps: dict[str, StepStats] = field(default_factory=dict)  # the documents' steps, summed

    def add(self, doc: Document, kept: bool | None = None) -> None:
        """Count a document; ``kept`` says where a ``--keep`` run sent it."""
        self.documents += 1
        groups = [_counts(self.by_source, doc.source)]
        if self.group_by is not None:
            groups.append(_counts(self.by_group, _group(doc, self.group_by)))
        if kept is not None:
            self.kept = (self.kept or 0) + kept
            self.dropped = (self.dropped or 0) + (not kept)
            for counts in groups:
                counts["kept"] = counts.get("kept", 0) + kept
        for counts in groups:
            counts["documents"] += 1
        if doc.status == "error":
            self.errors += 1
            self._error_kind(doc)
            for counts in groups:
                counts["errors"] += 1
            return
        suspect = sum(s.suspect for s in doc.sentences)
        findings = doc.findings
        self.sentences += len(doc.sentences)
        self.grammar_checked += doc.grammar_checked
        self.deep_checked += doc.deep_checked
        for name, step in doc.steps.items():
            self.steps.setdefault(name, StepStats()).add(step)
        self.suspect_sentences += suspect
        self.suspect_documents += int(doc.suspect)
        self.score_histogram[min(int(doc.score * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)] += 1
        label = doc.verdict.label if doc.verdict is not None else None
        if label is not None:
            self.verdicts[label] += 1
        for counts in groups:
            if label is not None:
                counts[label] = counts.get(label, 0) + 1
            counts["sentences"] += len(doc.sentences)
            counts["suspect_sentences"] += suspect
            counts["suspect_documents"] += int(doc.suspect)
            counts["findings"] += len(findings)
        for finding in findings:
            self.findings_by_code[finding.code] = self.findings_by_code.get(finding.code, 0) + 1

    def _error_kind(self, doc: Document) -> None:
        """Group input errors by their message without the location ("field 'text' is missing
        (...)"), so that 5,000 records with the same mistake are told once, with a count."""
        message = doc.error or "error"
        where = f"{doc.source}:{doc.line}" if doc.line is not None else doc.source
        for prefix in (f"{where}: ", f"{doc.id}: "):
            if message.startswith(prefix):
                where, message = prefix[:-2], message[len(prefix) :]
                break
        if message not in self.error_kinds and len(self.error_kinds) >= MAX_ERROR_KINDS:
            message = "other errors"
        count, first = self.error_kinds.get(message, (0, where))
        self.error_kinds[message] = (count + 1, first)

    @property
    def suspect_ratio(self) -> float:
        return self.suspect_sentences / self.sentences if self.sentences else 0.0

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, Any] = {
            "documents": self.documents,
            "errors": self.errors,
            "sentences": self.sentences,
            "suspect_sentences": self.suspect_sentences,
            "suspect_documents": self.suspect_documents,
            "suspect_ratio": round(self.suspect_ratio, 6),
            "findings_by_code": dict(sorted(self.findings_by_code.items())),
            "verdicts": dict(self.verdicts),
        }
        if self.kept is not None:
            counts.update(kept=self.kept, dropped=self.dropped)
        return counts

    def stats(self, seconds: float | None = None) -> dict[str, Any]:
        """The ``--stats`` file: the summary, the run's wall time and rates (given its
        ``seconds``), the histogram of document scores, counts per source (and per value of
        the ``group_by`` field), and what each step of checking found and cost."""
        stats = self.to_dict()
        if seconds is not None:
            stats["timing"] = {
                "seconds": round(seconds, 3),
                "documents_per_second": round(self.documents / seconds, 1) if seconds > 0 else None,
                "sentences_per_second": round(self.sentences / seconds, 1) if seconds > 0 else None,
            }
        stats["score_histogram"] = [
            {"from": i / HISTOGRAM_BINS, "to": (i + 1) / HISTOGRAM_BINS, "documents": n}
            for i, n in enumerate(self.score_histogram)
        ]
        stats["by_source"] = _with_ratios(self.by_source)
        # each step's findings, the sentences it found something in, and its seconds (summed
        # over worker processes: CPU time of the steps, not wall time)
        stats["steps"] = {name: step.to_dict() for name, step in self.steps.items()}
        if self.group_by is not None:
            stats["by_field"] = {"field": self.group_by, "values": _with_ratios(self.by_group)}
        return stats


def _counts(table: dict[str, dict[str, int]], key: str) -> dict[str, int]:
    return table.setdefault(
        key,
        {"documents": 0, "errors": 0, "sentences": 0, "suspect_sentences": 0, "suspect_documents": 0, "findings": 0},
    )


def _group(doc: Document, name: str) -> str:
    """The value of a document's input field ``name``, as a --stats-by group."""
    value = doc.record.get(name) if isinstance(doc.record, dict) else None
    if value is None:
        return MISSING
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _with_ratios(table: dict[str, dict[str, int]]) -> dict[str, dict[str, Any]]:
    return {
        key: dict(
            counts,
            suspect_ratio=round(counts["suspect_sentences"] / counts["sentences"], 6) if counts["sentences"] else 0.0,
        )
        for key, counts in sorted(table.items())
    }
