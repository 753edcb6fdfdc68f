"""When a run fails (exit code 1): the CI gate, and why it passed or failed.

By default any suspect sentence fails the run. Explicit conditions replace that default:
a document score at or above ``fail-on-score``, a finding with a code in ``fail-on-codes``
(a code, a prefix such as ``MT2``, or a rule name), a finding at or above ``fail-on-severity``,
or more than ``max-suspect-ratio`` of all sentences suspect (a corpus-level limit).

Each condition is a :class:`Condition`: it sees every document the report receives (after
suppression, baseline and fixing) and then says whether it fails and why, in words for the
run's last line either way. A new condition (such as a document verdict) is one more class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mtlint.core.records import SEVERITIES, VERDICT_LABELS, Document, Summary
from mtlint.core.selectors import matches


@dataclass(frozen=True)
class Outcome:
    """One condition's result: whether it fails the run, and the reason in words."""

    failed: bool
    reason: str


class Condition:
    """A gate rule: ``add`` each reported document, then ``outcome`` over the whole run."""

    label = ""  # the flag that set it, for "gate failed (LABEL): REASON"

    def add(self, doc: Document) -> None:
        """Count one reported document (error records are never passed here)."""

    def outcome(self, summary: Summary) -> Outcome:
        raise NotImplementedError


@dataclass
class AnySuspect(Condition):
    """The default: any suspect sentence fails."""

    label = "default: any suspect sentence"

    def outcome(self, summary: Summary) -> Outcome:
        n = summary.suspect_sentences
        return Outcome(n > 0, f"{n} suspect sentence(s)" if n else "no suspect sentence")


@dataclass
class ScoreAtLeast(Condition):
    limit: float
    highest: float = 0.0

    @property
    def label(self) -> str:
        return f"fail-on-score {self.limit}"

    def add(self, doc: Document) -> None:
        self.highest = max(self.highest, doc.score)

    def outcome(self, summary: Summary) -> Outcome:
        failed = self.highest >= self.limit
        return Outcome(failed, f"highest document score {self.highest:.3f} {'>=' if failed else '<'} {self.limit}")


@dataclass
class VerdictAtLeast(Condition):
    """A document whose article verdict is ``label`` or worse (review < garbled)."""

    label_at_least: str
    count: int = 0

    @property
    def label(self) -> str:
        return f"fail-on-verdict {self.label_at_least}"

    def add(self, doc: Document) -> None:
        rank = VERDICT_LABELS.index(self.label_at_least)
        self.count += doc.verdict is not None and VERDICT_LABELS.index(doc.verdict.label) >= rank

    def outcome(self, summary: Summary) -> Outcome:
        what = f"judged {self.label_at_least}" + (" or worse" if self.label_at_least != "garbled" else "")
        return Outcome(self.count > 0, f"{self.count} document(s) {what}" if self.count else f"no document {what}")


@dataclass
class CodeFound(Condition):
    codes: tuple[str, ...]
    count: int = 0

    @property
    def label(self) -> str:
        return f"fail-on-codes {', '.join(self.codes)}"

    def add(self, doc: Document) -> None:
        self.count += sum(any(matches(f.code, c) for c in self.codes) for f in doc.findings)

    def outcome(self, summary: Summary) -> Outcome:
        named = ", ".join(self.codes)
        reason = f"{self.count} finding(s) with code {named}" if self.count else f"no {named} finding"
        return Outcome(self.count > 0, reason)


@dataclass
class SeverityAtLeast(Condition):
    severity: str
    count: int = 0

    @property
    def label(self) -> str:
        return f"fail-on-severity {self.severity}"

    def add(self, doc: Document) -> None:
        rank = SEVERITIES.index(self.severity)
        self.count += sum(SEVERITIES.index(f.severity) >= rank for f in doc.findings)

    def outcome(self, summary: Summary) -> Outcome:
        worse = f"of severity {self.severity} or worse"
        return Outcome(self.count > 0, f"{self.count} finding(s) {worse}" if self.count else f"no finding {worse}")


@dataclass
class SuspectRatioAbove(Condition):
    limit: float

    @property
    def label(self) -> str:
        return f"max-suspect-ratio {self.limit}"

    def outcome(self, summary: Summary) -> Outcome:
        ratio = summary.suspect_ratio
        failed = ratio > self.limit
        return Outcome(failed, f"suspect ratio {100 * ratio:.1f}% {'>' if failed else '<='} {100 * self.limit:g}%")


@dataclass
class Gate:
    """The run's conditions (the default one when none is set); ``verdict`` says the result."""

    conditions: Sequence[Condition] = field(default_factory=lambda: [AnySuspect()])

    @classmethod
    def from_config(cls, config: Any) -> Gate:
        """The conditions a configuration (with the command line on top) sets."""
        conditions: list[Condition] = []
        if config["fail-on-score"] is not None:
            conditions.append(ScoreAtLeast(config["fail-on-score"]))
        if config["fail-on-verdict"] is not None:
            conditions.append(VerdictAtLeast(config["fail-on-verdict"]))
        if config["fail-on-codes"]:
            conditions.append(CodeFound(tuple(config["fail-on-codes"])))
        if config["fail-on-severity"] is not None:
            conditions.append(SeverityAtLeast(config["fail-on-severity"]))
        if config["max-suspect-ratio"] is not None:
            conditions.append(SuspectRatioAbove(config["max-suspect-ratio"]))
        return cls(conditions or [AnySuspect()])

    def add(self, doc: Document) -> None:
        if doc.status == "ok":
            for condition in self.conditions:
                condition.add(doc)

    def verdict(self, summary: Summary) -> tuple[bool, str]:
        """Whether the run fails, and one line saying which conditions applied and why."""
        outcomes = [(c, c.outcome(summary)) for c in self.conditions]
        failing = [(c, o) for c, o in outcomes if o.failed]
        shown = failing or outcomes
        why = "; ".join(f"{o.reason} ({c.label})" for c, o in shown)
        return bool(failing), f"gate {'failed' if failing else 'passed'}: {why}"
