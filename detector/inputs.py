"""Readers that turn paths, JSONL corpora, HTML pages and stdin into Documents.

Every input yields Documents in input order, one per text file, HTML page or JSONL line;
an input that cannot be read yields a Document with ``status="error"`` and a message naming
it, so nothing is lost. Every read is bounded: a file, stream or JSONL line over
``max_document_bytes`` is an error record, so /dev/zero or a gzip bomb cannot exhaust memory.
"""

from __future__ import annotations

import codecs
import errno
import functools
import gzip
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Literal

from mtlint.core.records import Document

from .discovery import FileSelection

InputFormat = Literal["auto", "text", "jsonl", "html"]
_BINARY_SNIFF = 8192
MAX_DOCUMENT_BYTES = 25_000_000  # a file or JSONL line; far over any news article
_MAX_LINE_SKIP = 1 << 30  # an over-long JSONL line is skipped this far looking for its end
# byte-order marks, UTF-32 first (its little-endian mark starts with UTF-16's), each with a
# codec that keeps the mark as U+FEFF: offsets index the file as it is, and --fix writes it back
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SPECIAL = {
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFIFO: "FIFO",
    stat.S_IFSOCK: "socket",
}
log = logging.getLogger("mtlint")
MAX_HTML_CHARS = 20_000_000  # larger pages are not news articles; parsing them takes minutes
# extraction time grows faster than linearly in tags, and in attributes of one tag (30,000
# paragraphs take about 2 s, 40,000 attributes on one tag 8 s); news pages have a few thousand
MAX_HTML_TAGS = 30_000
MAX_TAG_ATTRIBUTES = 1_000
MAX_HTML_ATTRIBUTES = 200_000
_TAG = re.compile(r"<[A-Za-z][^<>]*")
STDIN = "<stdin>"


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are found and decoded (the CLI's input flags)."""

    text_field: str = "text"
    id_field: str = "id"
    files: FileSelection = FileSelection()  # which files of folders (and, forced, named files) are read
    input_format: InputFormat = "auto"
    encoding: str = "utf-8"
    encoding_errors: Literal["strict", "replace"] = "strict"
    suppress_field: str = "mtlint_suppress"  # a JSONL record's list of codes to suppress
    max_document_bytes: int = MAX_DOCUMENT_BYTES


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


def valid_text(text: str) -> str:
    """``text`` as it can always be written in UTF-8: a file name's undecodable byte (which
    Python holds as a surrogate) is shown as ``\xff``, any other lone surrogate as ``\ud800``."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    return "".join(
        (f"\\x{ord(ch) - 0xDC00:02x}" if ch >= "\udc80" else f"\\u{ord(ch):04x}") if "\ud800" <= ch <= "\udfff" else ch
        for ch in text
    )


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (a record's error is one line)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def read_inputs(paths: Iterable[str], options: ReadOptions) -> Iterator[Document]:
    """Yield the Documents of every input path, in order; ``-`` is standard input. A path
    that cannot be read, or a reader that fails on it, gives that path's error record and
    the other paths are still read."""
    for path in paths:
        try:
            yield from _read_path(path, options)
        except Exception as exc:  # an unforeseen failure on one input must not end the run
            log.debug("reading %s failed", path, exc_info=True)
            name = valid_text(path)
            yield Document.failed(name, name, f"{name}: cannot read: {type(exc).__name__}: {one_line(exc)}")


def _read_path(path: str, options: ReadOptions) -> Iterator[Document]:
    if path == "-":
        yield from _read_stdin(sys.stdin.buffer, options)
        return
    p = Path(path)
    name = valid_text(path)
    if p.is_dir():
        yield from _read_directory(p, options)
        return
    skipped = options.files.named(p)
    if skipped is not None:  # --force-exclude: a named file is selected as a folder walk would
        log.info("%s: skipped: %s", name, skipped)
        return
    if not (p.exists() or p.is_symlink()):
        yield Document.failed(name, name, f"{name}: no such file or directory")
        return
    kind = special_kind(p)
    if kind is not None and kind != "FIFO":  # a named FIFO is a stream, read like stdin
        yield Document.failed(name, name, f"{name}: a {kind}, not a file")
        return
    yield from read_file(p, options)


def special_kind(path: str | Path) -> str | None:
    """What a path is when it is not a regular file (a device, FIFO or socket), else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # a dangling or looping link: reading it gives its error record
    return _SPECIAL.get(stat.S_IFMT(mode))


def _read_directory(root: Path, options: ReadOptions) -> Iterator[Document]:
    for path, error in options.files.walk(root):
        if error is not None:  # never a silent skip: a warning now, an error record in the output
            where = valid_text(str(path))
            reason = error.strerror or one_line(error)
            if error.errno == errno.ENAMETOOLONG:
                reason += f" (a {len(os.fsencode(path)):,}-byte path)"
            log.warning("%s: folder not read: %s", where, reason)
            yield Document.failed(where, where, f"{where}: folder not read: {reason}")
            continue
        kind = special_kind(path)
        if kind is not None:  # reading a FIFO or a device found in a folder would hang or never end
            log.warning("%s: skipped: a %s, not a regular file", valid_text(str(path)), kind)
            continue
        yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Document]:
    raw = str(path)
    source = valid_text(raw)
    try:
        handle: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield Document.failed(source, source, f"{source}: cannot read: {exc.strerror or exc}")
        return
    with handle:
        if raw.lower().endswith(".gz"):
            handle = gzip.GzipFile(fileobj=handle)  # type: ignore[assignment]
        yield from _read_stream(handle, source, options, name=raw)


def _read_stdin(stream: BinaryIO, options: ReadOptions) -> Iterator[Document]:
    """Standard input: JSONL when its first line is a JSON object (``--input-format auto``),
    else one text document."""
    if options.input_format != "auto":
        yield from _read_stream(stream, STDIN, options)
        return
    head = _Replayed(stream, stream.readline(options.max_document_bytes + 1))
    kind: InputFormat = "jsonl" if _json_object_line(head.first) else "text"
    yield from _read_stream(head, STDIN, replace(options, input_format=kind))  # type: ignore[arg-type]


def _json_object_line(raw: bytes) -> bool:
    line = raw.strip().removeprefix(codecs.BOM_UTF8)
    if not (line.startswith(b"{") and line.endswith(b"}")):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


class _Replayed:
    """A binary stream with its first line, already read to sniff the format, put back."""

    def __init__(self, stream: BinaryIO, first: bytes):
        self.stream, self.first, self._pending = stream, first, first

    def readline(self, size: int = -1) -> bytes:
        if not self._pending:
            return self.stream.readline(size)
        cut = len(self._pending) if size < 0 else size
        piece, self._pending = self._pending[:cut], self._pending[cut:]
        return piece

    def read(self, size: int = -1) -> bytes:
        piece, self._pending = self._pending, b""
        if size < 0:
            return piece + self.stream.read()
        return piece + self.stream.read(size - len(piece)) if size > len(piece) else piece

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


def _read_stream(stream: BinaryIO, source: str, options: ReadOptions, name: str = "") -> Iterator[Document]:
    kind = format_of(name, options) if name else options.input_format
    if kind == "jsonl":
        yield from _read_jsonl(stream, source, options)
        return
    limit = options.max_document_bytes
    try:
        data = stream.read(limit + 1)  # bounded: /dev/zero or a gzip bomb ends here
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Document.failed(source, source, f"{source}: cannot read: {one_line(exc)}")
        return
    if len(data) > limit:
        yield Document.failed(
            source, source, f"{source}: over the {limit:,}-byte document limit (--max-document-bytes)"
        )
        return
    text, error = decode(data, source, options)
    if error:
        yield Document.failed(source, source, error)
        return
    if kind == "html":
        yield html_document(text, source)
    else:
        yield Document(id=source, source=source, text=text)


def decode(data: bytes, source: str, options: ReadOptions) -> tuple[str, str | None]:
    """Decode bytes in the encoding a byte-order mark names, else in ``options.encoding``;
    or say why they are not text (NUL bytes, or where they stop being valid)."""
    encoding = _bom_encoding(data) or options.encoding
    # NUL bytes mean binary only in an encoding that writes ASCII as single bytes (not UTF-16)
    if _ascii_compatible(encoding) and b"\x00" in data[:_BINARY_SNIFF]:
        return "", f"{source}: binary file (NUL bytes), not text"
    try:
        text = data.decode(encoding, errors=options.encoding_errors)
    except UnicodeDecodeError as exc:
        return "", (
            f"{source}: not valid {encoding} at byte {exc.start} "
            f"({exc.reason}); use --encoding or --encoding-errors replace"
        )
    if "\x00" in text[:_BINARY_SNIFF]:
        return "", f"{source}: binary file (NUL characters in {encoding}), not text"
    return text, None


def _bom_encoding(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def file_encoding(path: Path, default: str) -> str:
    """The encoding a file's byte-order mark names, else ``default``: the one to write a
    fixed file back in, as it was read."""
    with gzip.open(path) if path.name.lower().endswith(".gz") else open(path, "rb") as handle:
        return _bom_encoding(handle.read(4)) or default


@functools.cache
def _ascii_compatible(encoding: str) -> bool:
    try:
        return "a\n".encode(encoding) == b"a\n"
    except LookupError:
        return True


def html_document(html: str, source: str) -> Document:
    import trafilatura

    if len(html) > MAX_HTML_CHARS:
        return Document.failed(
            source, source, f"{source}: HTML page of {len(html):,} characters is over the {MAX_HTML_CHARS:,} limit"
        )
    beyond = html_beyond_limits(html)
    if beyond:
        return Document.failed(source, source, f"{source}: HTML page {beyond}: not extracted (not a news article)")
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura raises various parser errors on broken pages
        return Document.failed(source, source, f"{source}: cannot parse HTML: {one_line(exc)}")
    if not text:
        return Document.failed(source, source, f"{source}: no article text found in the HTML")
    return Document(id=source, source=source, text=text)


def html_beyond_limits(html: str) -> str | None:
    """Why a page is too big to extract in bounded time (too many tags, or attributes on one
    tag, or in all), or None; one linear scan that stops at the first breach."""
    attributes = 0
    for n, tag in enumerate(_TAG.finditer(html), 1):
        if n > MAX_HTML_TAGS:
            return f"has over {MAX_HTML_TAGS:,} tags"
        count = tag.group().count("=")
        if count > MAX_TAG_ATTRIBUTES:
            return f"has a tag with over {MAX_TAG_ATTRIBUTES:,} attributes"
        attributes += count
        if attributes > MAX_HTML_ATTRIBUTES:
            return f"has over {MAX_HTML_ATTRIBUTES:,} attributes"
    return None


def _read_jsonl(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Document]:
    limit = options.max_document_bytes
    line_no = 0
    try:
        while True:
            raw = stream.readline(limit + 1)  # bounded: a line without an end cannot fill memory
            if not raw:
                return
            line_no += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                where = f"{source}:{line_no}"
                yield Document.failed(
                    where, source, f"{where}: line over the {limit:,}-byte limit (--max-document-bytes)", line_no
                )
                if not _skip_line(stream):
                    message = (
                        f"{source}: no line end in the {_MAX_LINE_SKIP:,} bytes after line {line_no}; "
                        "the rest is not read"
                    )
                    yield Document.failed(f"{source}:{line_no + 1}", source, message, line_no + 1)
                    return
                continue
            if raw.strip():
                yield _jsonl_record(raw, source, line_no, options)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        where = f"{source}:{line_no + 1}"
        yield Document.failed(where, source, f"{where}: cannot read further: {one_line(exc)}", line_no + 1)


def _skip_line(stream: BinaryIO) -> bool:
    """Read past the end of the current line without holding it; False if it does not end
    within _MAX_LINE_SKIP bytes (an unbounded stream such as /dev/zero)."""
    skipped = 0
    while skipped < _MAX_LINE_SKIP:
        piece = stream.readline(1 << 20)
        if not piece or piece.endswith(b"\n"):
            return True
        skipped += len(piece)
    return False


def _jsonl_record(raw: bytes, source: str, line_no: int, options: ReadOptions) -> Document:
    where = f"{source}:{line_no}"
    text, error = decode(raw, where, options) if line_no == 1 else _decode_line(raw, where, options)
    if error:
        return Document.failed(where, source, error, line_no)
    line = text.removeprefix("\ufeff")  # a byte-order mark before the first line
    kept = line.rstrip("\r\n")  # the line as read, for the pass-through output
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Document.failed(where, source, f"{where}: malformed JSON: {_json_message(exc)}", line_no, kept)
    except (ValueError, RecursionError) as exc:  # over the integer-digit or nesting limits
        return Document.failed(where, source, f"{where}: JSON beyond limits: {_json_limit(exc)}", line_no, kept)
    return record_document(record, source, line_no, options, kept)


def _json_message(exc: json.JSONDecodeError) -> str:
    """The parser's whole message with its column ("Invalid control character at column 9")."""
    joint = " " if exc.msg.endswith(" at") else " at "
    return f"{exc.msg}{joint}column {exc.colno}"


def _decode_line(raw: bytes, where: str, options: ReadOptions) -> tuple[str, str | None]:
    """A JSONL line after the first: no byte-order mark to look for, and JSON escapes NULs."""
    try:
        return raw.decode(options.encoding, errors=options.encoding_errors), None
    except UnicodeDecodeError as exc:
        return "", (
            f"{where}: not valid {options.encoding} at byte {exc.start} "
            f"({exc.reason}); use --encoding or --encoding-errors replace"
        )


def _json_limit(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0]  # "Exceeds the limit (4300 digits) for integer string conversion..."


def json_error(exc: Exception) -> str:
    """One line saying why ``json.loads`` failed (for the service's 422)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON: {exc.msg} at character {exc.pos}"
    return f"JSON beyond limits: {_json_limit(exc)}"


def record_document(
    record: object, source: str, line_no: int, options: ReadOptions, line: str | None = None
) -> Document:
    """The Document of one JSON record (a JSONL line, an API or service request item), which
    keeps the record for the pass-through output (``line``, the line as read, when it is not
    an object)."""
    where = f"{source}:{line_no}"
    if not isinstance(record, dict):
        message = f"{where}: a record must be a JSON object, not {_json_type(record)}"
        return Document.failed(where, source, message, line_no, line)
    raw_id = record.get(options.id_field)
    doc_id = valid_text(str(raw_id)) if raw_id not in (None, "") else where
    body = record.get(options.text_field)
    if not isinstance(body, str):
        message = f"{where}: field {options.text_field!r} is {_not_text(record, body, options)}"
        return Document.failed(doc_id, source, message, line_no, record)
    bad = _lone_surrogate(body)
    if bad is not None:
        message = (
            f"{where}: field {options.text_field!r} is not valid Unicode "
            f"(lone surrogate U+{ord(body[bad]):04X} at character {bad})"
        )
        return Document.failed(doc_id, source, message, line_no, record)
    suppressed = record.get(options.suppress_field)
    codes = tuple(valid_text(str(code)) for code in suppressed) if isinstance(suppressed, list) else ()
    return Document(id=doc_id, source=source, text=body, line=line_no, suppressed_codes=codes, record=record)


def _not_text(record: dict, body: object, options: ReadOptions) -> str:
    """Why a record's text field holds no text: its JSON type, or (missing) the fields the
    record has and the one that looks like the text (its longest string value with a space: not
    a URL or an id)."""
    if body is not None:
        return f"{_json_type(body)}, not a string"
    fields = ", ".join(valid_text(str(name)) for name in list(record)[:20]) or "none"
    strings = [
        (len(v), k) for k, v in record.items() if isinstance(v, str) and " " in v.strip() and k != options.id_field
    ]
    hint = f"; try --text-field {valid_text(str(max(strings)[1]))}" if strings else ""
    return f"missing (the record has {fields}{hint})"


def _json_type(value: object) -> str:
    """A value's JSON type with its article ("a number", "an array")."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "null")


def _lone_surrogate(text: str) -> int | None:
    """Where ``text`` has a lone surrogate (JSON's "\\ud800"), which no UTF-8 output can hold."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None
