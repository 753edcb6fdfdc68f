"""Writers that render the one result model as text, JSON, HTML and CI formats."""

from __future__ import annotations

from importlib import import_module
from typing import TextIO

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
