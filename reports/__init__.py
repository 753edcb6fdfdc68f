"""Writers that render the one result model as text, JSON, HTML and CI formats."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import TextIO

from core.records import Document, Summary

from .base import RunInfo, Writer

_WRITERS = {
    "text": ("reports.text", "TextWriter"),
    "json": ("reports.jsonl", "JsonWriter"),
    "jsonl": ("reports.jsonl", "JsonlWriter"),
    "html": ("reports.html", "HtmlWriter"),
    "sarif": ("reports.sarif", "SarifWriter"),
    "github": ("reports.ci", "GithubWriter"),
    "junit": ("reports.ci", "JunitWriter"),
}


def writer_for(fmt: str, out: TextIO, run: RunInfo) -> Writer:
    module, name = _WRITERS[fmt]
    return getattr(import_module(module), name)(out, run)


def render(fmt: str, docs: Iterable[Document], out: TextIO, run: RunInfo) -> Summary:
    """Write checked documents in one format and return the run's counts."""
    writer = writer_for(fmt, out, run)
    writer.start()
    summary = Summary()
    for doc in docs:
        summary.add(doc)
        writer.document(doc)
    writer.finish(summary)
    return summary
