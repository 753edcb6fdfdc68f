"""Writers that render the one result model as text, JSON, HTML and CI formats."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TextIO

from mtlint.core.records import Document, Summary

from .base import RunInfo, Writer

_WRITERS = {
    "text": ("mtlint.reports.text", "TextWriter"),
    "json": ("mtlint.reports.jsonl", "JsonWriter"),
    "jsonl": ("mtlint.reports.jsonl", "JsonlWriter"),
    "passthrough": ("mtlint.reports.jsonl", "PassthroughWriter"),
    "html": ("mtlint.reports.html", "HtmlWriter"),
    "sarif": ("mtlint.reports.sarif", "SarifWriter"),
    "github": ("mtlint.reports.ci", "GithubWriter"),
    "junit": ("mtlint.reports.ci", "JunitWriter"),
    "markdown": ("mtlint.reports.markdown", "MarkdownWriter"),
}


def writer_for(fmt: str, out: TextIO, run: RunInfo) -> Writer:
    module, name = _WRITERS[fmt]
    return getattr(import_module(module), name)(out, run)


def render(
    fmt: str,
    docs: Iterable[Document],
    out: TextIO,
    run: RunInfo,
    summary: Summary | None = None,
    keep: Callable[[Document], bool] | None = None,
    rejected: TextIO | None = None,
) -> Summary:
    """Write checked documents in one format, as they come (JSONL streams), and return the
    summary. ``summary`` is the run's, counted by the caller as each document passes (the
    writers only read it); None counts the documents here (a report of a list, as the
    service's). With ``keep``, only the documents it keeps go to ``out``; the others go to
    ``rejected`` (when given, in the same format)."""
    writers = [writer_for(fmt, out, run)]
    if rejected is not None:
        writers.append(writer_for(fmt, rejected, run))
    for writer in writers:
        writer.start()
    counting = summary is None
    summary = Summary() if summary is None else summary
    for doc in docs:
        kept = None if keep is None else keep(doc)
        if counting:
            summary.add(doc, kept)
        if kept is not False:
            writers[0].document(doc)
        elif rejected is not None:
            writers[1].document(doc)
    run.duration = time.perf_counter() - run.started
    for writer in writers:
        writer.finish(summary)
    return summary
