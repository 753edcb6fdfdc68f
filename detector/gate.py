"""When a run fails (exit code 1): the CI gate.

By default any suspect sentence fails the run. Explicit conditions replace that default:
a document score at or above ``fail-on-score``, a finding with a code in ``fail-on-codes``
(a code or a prefix such as ``MT2``), a finding at or above ``fail-on-severity``, or more
than ``max-suspect-ratio`` of all sentences suspect (a corpus-level limit).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mtlint.core.records import SEVERITIES, Document, Summary


@dataclass
class Gate:
    fail_on_score: float | None = None
    fail_on_codes: tuple[str, ...] = ()
    fail_on_severity: str | None = None
    max_suspect_ratio: float | None = None
    reasons: list[str] = field(default_factory=list)
    _max_score: float = 0.0
    _coded: int = 0
    _severe: int = 0

    @property
    def explicit(self) -> bool:
        return any(
            x is not None and x != ()
            for x in (self.fail_on_score, self.fail_on_codes, self.fail_on_severity, self.max_suspect_ratio)
        )

    def add(self, doc: Document) -> None:
        if doc.status != "ok":
            return
        self._max_score = max(self._max_score, doc.score)
        rank = SEVERITIES.index(self.fail_on_severity) if self.fail_on_severity else len(SEVERITIES)
        for finding in doc.findings:
            if any(finding.code == c or finding.code.startswith(c) for c in self.fail_on_codes):
                self._coded += 1
            if SEVERITIES.index(finding.severity) >= rank:
                self._severe += 1

    def failed(self, summary: Summary) -> bool:
        """Whether the run fails; ``reasons`` then says why."""
        self.reasons = []
        if not self.explicit:
            if summary.suspect_sentences:
                self.reasons.append(f"{summary.suspect_sentences} suspect sentence(s)")
            return bool(self.reasons)
        if self.fail_on_score is not None and self._max_score >= self.fail_on_score:
            self.reasons.append(f"a document scores {self._max_score:.3f} >= {self.fail_on_score}")
        if self._coded:
            self.reasons.append(f"{self._coded} finding(s) with code {', '.join(self.fail_on_codes)}")
        if self._severe:
            self.reasons.append(f"{self._severe} finding(s) of severity {self.fail_on_severity} or worse")
        if self.max_suspect_ratio is not None and summary.suspect_ratio > self.max_suspect_ratio:
            self.reasons.append(f"suspect ratio {summary.suspect_ratio:.4f} > {self.max_suspect_ratio}")
        return bool(self.reasons)
