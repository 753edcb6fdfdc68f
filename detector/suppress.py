"""What a team has accepted: disabled codes, allow lists, inline suppressions, a baseline.

Applied to a checked Document after scoring. A suppressed finding is removed; a suspect
sentence left with no finding is accepted (``suspect`` false), so exit codes and CI gates
only see what is new or not yet reviewed.

Inline, in text and Markdown::

    <!-- mtlint: disable=MT104,MT301 -->  ...  <!-- mtlint: enable -->
    <!-- mtlint: disable-next-line=MT105 -->
    <!-- mtlint: disable -->   (every code, until enable)

A JSONL record lists codes to suppress in a field (``--suppress-field``, default
``mtlint_suppress``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from mtlint.core.records import Document, Finding, Sentence
from mtlint.core.rules import codes_with_prefix

from .config import ResolvedRules

_DIRECTIVE = re.compile(r"<!--\s*mtlint:\s*(disable-next-line|disable|enable)(?:\s*=\s*([\w:,\s]+?))?\s*-->")
ALL = "*"
NAME_CODES = codes_with_prefix("MT2") | codes_with_prefix("MT3")  # allow.names silences these
HONORIFIC_CODES = codes_with_prefix("MT1")  # allow.honorifics silences these


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    codes: frozenset[str]  # {"*"} for every code

    def covers(self, finding: Finding) -> bool:
        return self.start <= finding.start < self.end and (ALL in self.codes or finding.code in self.codes)


def inline_regions(text: str) -> list[Region]:
    """Suppression regions declared by ``<!-- mtlint: ... -->`` comments."""
    regions: list[Region] = []
    open_at: int | None = None
    open_codes: frozenset[str] = frozenset()
    for m in _DIRECTIVE.finditer(text):
        kind = m.group(1)
        codes = frozenset(c.strip() for c in (m.group(2) or "").split(",") if c.strip()) or frozenset({ALL})
        if kind == "disable-next-line":
            line_start = text.find("\n", m.end())
            if line_start == -1:
                continue
            line_end = text.find("\n", line_start + 1)
            regions.append(Region(line_start + 1, len(text) if line_end == -1 else line_end, codes))
        elif kind == "disable":
            if open_at is not None:
                regions.append(Region(open_at, m.start(), open_codes))
            open_at, open_codes = m.end(), codes
        elif open_at is not None:
            regions.append(Region(open_at, m.start(), open_codes))
            open_at = None
    if open_at is not None:
        regions.append(Region(open_at, len(text), open_codes))
    return regions


def fingerprint(doc: Document, sentence: Sentence, finding: Finding) -> str:
    """Identifies a finding by its content, not its place: stable when lines move or the
    file is renamed (code, the sentence's words, the offending words)."""
    words = " ".join(sentence.text.split())
    span = " ".join(doc.text[finding.start : finding.end].split())
    return hashlib.sha256(f"{finding.code}\0{words}\0{span}".encode()).hexdigest()[:24]


class Baseline:
    """Findings accepted earlier (``--write-baseline``); ``--baseline`` hides them."""

    def __init__(self, counts: Counter[str] | None = None):
        self.counts: Counter[str] = counts or Counter()

    def record(self, doc: Document) -> None:
        for sentence in doc.sentences:
            for finding in sentence.findings:
                self.counts[fingerprint(doc, sentence, finding)] += 1

    def save(self, out) -> None:
        json.dump({"version": 1, "findings": dict(sorted(self.counts.items()))}, out, indent=1)
        out.write("\n")

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(Counter({str(k): int(v) for k, v in data["findings"].items()}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}: not an mtlint baseline ({exc})") from None


def apply(doc: Document, rules: ResolvedRules, baseline: Baseline | None = None,
          suppressed_codes: Iterable[str] = ()) -> None:  # fmt: skip
    """Remove disabled, allowed, inline-suppressed and baselined findings; re-rate severities."""
    if doc.status != "ok":
        return
    regions = inline_regions(doc.text) if "<!--" in doc.text else []
    record_codes = set(suppressed_codes)
    remaining = Counter(baseline.counts) if baseline else Counter()
    for sentence in doc.sentences:
        kept = []
        for finding in sentence.findings:
            if rules.disabled(finding.code) or finding.code in record_codes:
                continue
            if _allowed(doc.text[finding.start : finding.end], finding.code, rules):
                continue
            if any(region.covers(finding) for region in regions):
                continue
            if remaining:
                key = fingerprint(doc, sentence, finding)
                if remaining[key] > 0:
                    remaining[key] -= 1
                    continue
            severity = rules.severity.get(finding.code)
            if severity and severity != finding.severity:
                finding = replace(finding, severity=severity)
            kept.append(finding)
        sentence.findings = kept
        if sentence.suspect and not kept:
            sentence.suspect = False


def _allowed(words: str, code: str, rules: ResolvedRules) -> bool:
    text = words.strip().rstrip(".")
    if text in rules.allow["terms"]:
        return True
    if code in NAME_CODES and any(name in words for name in rules.allow["names"]):
        return True
    return code in HONORIFIC_CODES and text.lower() in {h.lower().rstrip(".") for h in rules.allow["honorifics"]}
