"""Readers that turn paths, JSONL corpora, HTML pages and stdin into Documents.

Every input yields Documents in input order, one per text file, HTML page or JSONL line;
an input that cannot be read yields a Document with ``status="error"`` and a message naming
it, so nothing is lost.
"""

from __future__ import annotations

import fnmatch
import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from core.records import Document

InputFormat = Literal["auto", "text", "jsonl", "html"]
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.jsonl", "*.jsonl.gz", "*.html", "*.htm")
_BINARY_SNIFF = 8192
MAX_HTML_CHARS = 20_000_000  # larger pages are not news articles; parsing them takes minutes


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are found and decoded (the CLI's input flags)."""

    text_field: str = "text"
    id_field: str = "id"
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    input_format: InputFormat = "auto"
    encoding: str = "utf-8"
    encoding_errors: Literal["strict", "replace"] = "strict"
    suppress_field: str = "mtlint_suppress"  # a JSONL record's list of codes to suppress


class UsageError(Exception):
    """A path or option that makes the whole run impossible (exit code 2)."""


def format_of(name: str, options: ReadOptions) -> InputFormat:
    if options.input_format != "auto":
        return options.input_format
    lower = name.lower()
    if lower.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    if lower.endswith((".html", ".htm")):
        return "html"
    return "text"


def read_inputs(paths: Iterable[str], options: ReadOptions) -> Iterator[Document]:
    """Yield the Documents of every input path, in order; ``-`` is standard input."""
    for path in paths:
        if path == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", options)
            continue
        p = Path(path)
        if p.is_dir():
            yield from _read_directory(p, options)
        elif p.exists() or p.is_symlink():
            yield from read_file(p, options)
        else:
            raise UsageError(f"{path}: no such file or directory")


def _read_directory(root: Path, options: ReadOptions) -> Iterator[Document]:
    for dirpath, dirnames, filenames in os.walk(root, onerror=None, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in options.include):
                continue
            if any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in options.exclude):
                continue
            yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Document]:
    source = str(path)
    try:
        handle: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield Document.failed(source, source, f"{source}: cannot read: {exc.strerror or exc}")
        return
    with handle:
        if source.lower().endswith(".gz"):
            handle = gzip.GzipFile(fileobj=handle)  # type: ignore[assignment]
        yield from _read_stream(handle, source, options, name=source)


def _read_stream(stream: BinaryIO, source: str, options: ReadOptions, name: str = "") -> Iterator[Document]:
    kind = format_of(name, options) if name else options.input_format
    if kind == "jsonl":
        yield from _read_jsonl(stream, source, options)
        return
    try:
        data = stream.read()
    except (OSError, EOFError) as exc:
        yield Document.failed(source, source, f"{source}: cannot read: {exc}")
        return
    if b"\x00" in data[:_BINARY_SNIFF]:
        yield Document.failed(source, source, f"{source}: binary file (NUL bytes), not text")
        return
    text, error = decode(data, source, options)
    if error:
        yield Document.failed(source, source, error)
        return
    if kind == "html":
        yield _html_document(text, source)
    else:
        yield Document(id=source, source=source, text=text)


def decode(data: bytes, source: str, options: ReadOptions) -> tuple[str, str | None]:
    """Decode bytes, or say where they stop being valid in the chosen encoding."""
    try:
        return data.decode(options.encoding, errors=options.encoding_errors), None
    except UnicodeDecodeError as exc:
        return "", (
            f"{source}: not valid {options.encoding} at byte {exc.start} "
            f"({exc.reason}); use --encoding or --encoding-errors replace"
        )


def _html_document(html: str, source: str) -> Document:
    import trafilatura

    if len(html) > MAX_HTML_CHARS:
        return Document.failed(
            source, source, f"{source}: HTML page of {len(html):,} characters is over the {MAX_HTML_CHARS:,} limit"
        )
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura raises various parser errors on broken pages
        return Document.failed(source, source, f"{source}: cannot parse HTML: {exc}")
    if not text:
        return Document.failed(source, source, f"{source}: no article text found in the HTML")
    return Document(id=source, source=source, text=text)


def _read_jsonl(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Document]:
    line_no = 0
    try:
        for raw in stream:
            line_no += 1
            if not raw.strip():
                continue
            yield _jsonl_record(raw, source, line_no, options)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        where = f"{source}:{line_no + 1}"
        yield Document.failed(where, source, f"{where}: cannot read further: {exc}", line_no + 1)


def _jsonl_record(raw: bytes, source: str, line_no: int, options: ReadOptions) -> Document:
    where = f"{source}:{line_no}"
    text, error = decode(raw, where, options)
    if error:
        return Document.failed(where, source, error, line_no)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return Document.failed(where, source, f"{where}: malformed JSON: {exc.msg}", line_no)
    return record_document(record, source, line_no, options)


def record_document(record: object, source: str, line_no: int, options: ReadOptions) -> Document:
    """The Document of one JSON record (a JSONL line, an API or service request item)."""
    where = f"{source}:{line_no}"
    if not isinstance(record, dict):
        return Document.failed(where, source, f"{where}: a record must be a JSON object", line_no)
    raw_id = record.get(options.id_field)
    doc_id = str(raw_id) if raw_id not in (None, "") else where
    body = record.get(options.text_field)
    if not isinstance(body, str):
        kind = "missing" if body is None else f"a {type(body).__name__}, not a string"
        message = f"{where}: field {options.text_field!r} is {kind}"
        return Document.failed(doc_id, source, message, line_no)
    suppressed = record.get(options.suppress_field)
    codes = tuple(str(code) for code in suppressed) if isinstance(suppressed, list) else ()
    return Document(id=doc_id, source=source, text=body, line=line_no, suppressed_codes=codes)
