"""The baseline: findings a team accepted earlier (``--write-baseline``), hidden by ``--baseline``.

A finding is identified by its content, not its place (code, the sentence's words, the
offending words), so it survives moved lines and renamed files. The file is meant to be read
in a pull request: one entry per file and fingerprint, with the code and the flagged words
beside the fingerprint, sorted, so a diff of it shows what was accepted. Version 1 files (a
bare map of fingerprints to counts) still load.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from mtlint.core.records import Document, Finding, Sentence

VERSION = 2
_MAX_BYTES = 200_000_000  # a baseline of millions of findings; /dev/zero stops here


def fingerprint(doc: Document, sentence: Sentence, finding: Finding) -> str:
    """Identifies a finding by its content, not its place: stable when lines move or the
    file is renamed (code, the sentence's words, the offending words)."""
    words = " ".join(sentence.text.split())
    span = " ".join(doc.text[finding.start : finding.end].split())
    return hashlib.sha256(f"{finding.code}\0{words}\0{span}".encode()).hexdigest()[:24]


class Baseline:
    """Accepted findings: ``counts`` by fingerprint (what suppression uses), and the readable
    entries (file, code, flagged text) a written baseline shows beside them."""

    def __init__(self, counts: Counter[str] | None = None):
        self.counts: Counter[str] = counts or Counter()
        self._entries: dict[tuple[str, str], dict] = {}

    def record(self, doc: Document) -> None:
        """Accept a settled document's findings, with those folded into a stronger one."""
        for sentence in doc.sentences:
            folded = [f for f in doc.folded if sentence.start <= f.start < sentence.end]
            for finding in sentence.findings + folded:
                key = fingerprint(doc, sentence, finding)
                self.counts[key] += 1
                entry = self._entries.setdefault(
                    (doc.source, key),
                    {
                        "file": doc.source,
                        "code": finding.code,
                        "text": " ".join(doc.text[finding.start : finding.end].split()),
                        "fingerprint": key,
                        "count": 0,
                    },
                )
                entry["count"] += 1

    def save(self, out) -> None:
        """One entry per line, sorted by file, code, flagged text: a reviewable diff."""
        entries = sorted(self._entries.values(), key=lambda e: (e["file"], e["code"], e["text"], e["fingerprint"]))
        out.write(f'{{"version": {VERSION}, "findings": [')
        for n, entry in enumerate(entries):
            out.write(("," if n else "") + "\n  " + json.dumps(entry, ensure_ascii=False))
        out.write("\n]}\n" if entries else "]}\n")

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read(_MAX_BYTES + 1)
            if len(text) > _MAX_BYTES:
                raise ValueError(f"over {_MAX_BYTES:,} characters")
            return cls(_counts(json.loads(text)))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            raise ValueError(f"{path}: not an mtlint baseline ({exc})") from None


def _counts(data: dict) -> Counter[str]:
    findings = data["findings"]
    counts: Counter[str] = Counter()
    if isinstance(findings, dict):  # version 1: fingerprint -> count
        for key, count in findings.items():
            counts[str(key)] += int(count)
        return counts
    for entry in findings:
        counts[str(entry["fingerprint"])] += int(entry.get("count", 1))
    return counts
