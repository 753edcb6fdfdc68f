"""Run one feature family over a text, the way the pipeline does."""

from __future__ import annotations

from mtlint.core.records import Document
from mtlint.detector import segment
from mtlint.features.analysis import Analysis, FamilyResult


def run_family(extract, text: str) -> tuple[Analysis, FamilyResult]:
    doc = Document(id="t", source="t", text=text)
    doc.sentences = segment.sentences(text)
    analysis = Analysis.of(doc)
    return analysis, extract(analysis)


def findings(extract, text: str) -> list[tuple[str, str]]:
    """(code, offending words) of every finding."""
    _, result = run_family(extract, text)
    return [(f.code, text[f.start : f.end]) for fs in result.findings for f in fs]


def codes(extract, text: str) -> list[str]:
    return [code for code, _ in findings(extract, text)]
