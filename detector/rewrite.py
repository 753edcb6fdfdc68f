"""``mtlint check --fix`` and ``--diff``: where fixed text goes.

Text and Markdown files are rewritten in place, in the encoding they were read with (gzip for
``.gz``); a byte-order mark and CRLF line endings survive because the document text keeps them
(offsets index the decoded file as it is). Nothing is lost or damaged: the file is read again
first and left alone, with a warning, if it changed since it was checked; the fixed bytes go to
a temporary copy beside it, read back and compared, and only then over the file's own content
(same inode: owner, group, mode, extended attributes and hard links stay; a symbolic link's
target is what changes). A read-only file, or one that cannot be written, is an error record
and the run goes on. Standard input's fixed text goes to the output.
A JSONL file's lines are copied to the output with each record's text field fixed (the
original under ``keep_original`` on request); lines that are not records pass unchanged, so
every input line is in the output. HTML pages are not rewritten: their offsets refer to the
extracted article. ``--diff`` writes a unified diff instead and touches nothing.
"""

from __future__ import annotations

import contextlib
import difflib
import gzip
import json
import logging
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from mtlint.core.records import Document

from .fixes import FixResult, revised
from .inputs import STDIN, ReadOptions, UsageError, file_encoding, format_of, one_line, read_file
from .policy import Policy

log = logging.getLogger("mtlint")


@dataclass
class Rewriter:
    """Fixes each checked document and sends the fixed text where it belongs.

    ``documents`` yields what the run reports: with ``--fix``, the fixed document checked
    again (its remaining findings); with ``--diff``, the document as checked. ``changed``
    counts the documents whose text a fix changed.
    """

    policy: Policy
    options: ReadOptions
    out: TextIO
    mode: Literal["fix", "diff"] = "fix"
    unsafe: bool = False
    keep_original: str | None = None
    records_out: bool = True  # whether fixed JSONL records may go to ``out`` (not into a report)
    in_records: bool = False  # a fixed record's text goes into its Document's record (pass-through)
    changed: int = 0
    fixes: int = 0
    _records: _RecordCopier | None = field(default=None, init=False)
    _warned: set[str] = field(default_factory=set, init=False)

    def documents(self, docs: Iterable[Document]) -> Iterator[Document]:
        try:
            for doc in docs:
                yield self.document(doc)
        finally:
            if self._records is not None:
                self._records.close()

    def document(self, doc: Document) -> Document:
        kind = format_of(doc.source, self.options) if doc.source != STDIN else self.options.input_format
        if kind == "jsonl" or doc.line is not None:
            return self._record(doc)
        if doc.status != "ok":
            return doc
        if kind == "html":
            self._warn_once("HTML inputs are not fixed: offsets refer to the extracted text, not the page")
            return doc
        result = self._fix(doc)
        if self.mode == "diff":
            self.out.write(unified_diff(doc.source, result))
            return doc
        if doc.source == STDIN:
            self.out.write(result.text)
        elif result.changed:
            try:
                rewrite_in_place(Path(doc.source), result, self.options)
            except ChangedMeanwhile as exc:
                log.warning("%s", exc)
                return doc
            except OSError as exc:
                return Document.failed(doc.id, doc.source, f"{doc.source}: not fixed: {_reason(exc)}", doc.line)
        return self._rechecked(doc, result)

    def _fix(self, doc: Document) -> FixResult:
        result = self.policy.fix(doc, unsafe=self.unsafe)
        if result.changed:
            self.changed += 1
            self.fixes += len(result.applied)
        return result

    def _rechecked(self, doc: Document, result: FixResult) -> Document:
        return self.policy.check(revised(doc, result.text)) if result.changed else doc

    def _warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            log.warning(message)

    def _record(self, doc: Document) -> Document:
        if self.in_records:
            return self._fixed_record(doc)
        if doc.source == STDIN and self.mode == "fix":
            raise UsageError(
                "--fix on JSONL from standard input: give the file as a path with -o, or use --format passthrough"
            )
        if self.mode == "fix" and not self.records_out:
            self._warn_once("JSONL files found in a folder are not fixed: give them as paths, with -o")
            return doc
        result = self._fix(doc) if doc.status == "ok" else FixResult(doc.text, doc.text)
        if self.mode == "diff":
            if doc.status == "ok":
                self.out.write(unified_diff(f"{doc.source}:{doc.line}", result))
            return doc
        if self._records is None or self._records.source != doc.source:
            if self._records is not None:
                self._records.close()
            self._records = _RecordCopier(doc.source, self.options, self.out, self.keep_original)
        self._records.put(doc.line or 0, result)
        return self._rechecked(doc, result) if doc.status == "ok" else doc

    def _fixed_record(self, doc: Document) -> Document:
        """The record fixed and checked again, its text field holding the fixed text (and,
        under ``keep_original``, the original: only in records that changed)."""
        if doc.status != "ok":
            return doc
        result = self._fix(doc)
        if not result.changed:
            return doc
        fixed = self._rechecked(doc, result)
        if isinstance(doc.record, dict):
            fixed.record = dict(doc.record, **{self.options.text_field: result.text})
            if self.keep_original is not None:  # an original kept by an earlier run stays
                fixed.record.setdefault(self.keep_original, result.original)
        return fixed


def unified_diff(name: str, result: FixResult) -> str:
    """A unified diff of the fix, line endings kept; empty when nothing changed."""
    if not result.changed:
        return ""
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True),
        result.text.splitlines(keepends=True),
        fromfile=name,
        tofile=name,
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


class ChangedMeanwhile(Exception):
    """The file is no longer what was checked: fixing it would discard the change."""


def _reason(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else one_line(exc)


def rewrite_in_place(path: Path, result: FixResult, options: ReadOptions) -> None:
    """Write ``result.text`` over the file's content, as the module docstring says: refused
    (OSError) for a read-only file, skipped (ChangedMeanwhile) when the file is no longer
    ``result.original``; the file itself is touched only once the fixed bytes are proven."""
    target = Path(os.path.realpath(path))  # a symbolic link: its target is fixed
    before = os.stat(target)
    if not stat.S_ISREG(before.st_mode):
        raise OSError(f"not a regular file ({target})")
    if not before.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise OSError("read-only file (make it writable to fix it)")
    if _current_text(target, options) != result.original:
        raise ChangedMeanwhile(f"{path}: not fixed: it changed since it was checked")
    data = result.text.encode(file_encoding(target, options.encoding))
    if target.name.lower().endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w+b") as copy:
            copy.write(data)
            copy.flush()
            os.fsync(copy.fileno())
            copy.seek(0)
            if copy.read() != data:
                raise OSError(f"the temporary copy {tmp} does not read back as written")
        now = os.stat(target)
        if (now.st_mtime_ns, now.st_size, now.st_ino) != (before.st_mtime_ns, before.st_size, before.st_ino):
            raise ChangedMeanwhile(f"{path}: not fixed: it changed while it was being fixed")
        with _uninterrupted(), open(target, "r+b") as handle:
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the file's new content is whole (they would otherwise
    land between the write and the truncation, leaving the old file's tail behind)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _current_text(path: Path, options: ReadOptions) -> str | None:
    """The file's text now, read as the run read it (None if it no longer reads as text)."""
    doc = next(read_file(path, replace(options, input_format="text")), None)
    return doc.text if doc is not None and doc.status == "ok" else None


class _RecordCopier:
    """Copies one JSONL input's lines to the output, replacing the text of fixed records."""

    def __init__(self, source: str, options: ReadOptions, out: TextIO, keep_original: str | None):
        self.source, self.options, self.out, self.keep_original = source, options, out, keep_original
        self.stream: BinaryIO = gzip.open(source) if source.lower().endswith(".gz") else open(source, "rb")  # noqa: SIM115
        self.line = 0
        self.damaged = False

    def put(self, line: int, result: FixResult) -> None:
        """Copy the lines before ``line``, then write that line's record, fixed."""
        while self.line < line - 1:
            self._copy(self._readline())
        raw = self._readline()
        self.line += 1
        if not raw:
            return
        record = self._decoded(raw)
        if record is None or not isinstance(record.get(self.options.text_field), str):
            self.out.write(raw.decode(self.options.encoding, errors="replace"))
            return
        if not result.changed:  # the original is kept only where a fix changed the text
            self._copy(raw, counted=False)
            return
        if self.keep_original is not None:  # an original kept by an earlier run stays
            record.setdefault(self.keep_original, record[self.options.text_field])
        record[self.options.text_field] = result.text
        ending = "\r\n" if raw.endswith(b"\r\n") else "\n"
        self.out.write(json.dumps(record, ensure_ascii=False) + ending)

    def _decoded(self, raw: bytes) -> dict | None:
        try:
            record = json.loads(raw.decode(self.options.encoding))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        return record if isinstance(record, dict) else None

    def _copy(self, raw: bytes, counted: bool = True) -> None:
        if counted:
            self.line += 1
        self.out.write(raw.decode(self.options.encoding, errors="replace"))

    def _readline(self) -> bytes:
        """The next line; empty at the end, or where a damaged archive stops (the reader has
        given that line its error record, and the good lines before it are all copied)."""
        if self.damaged:
            return b""
        try:
            return self.stream.readline()
        except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
            self.damaged = True
            log.debug("%s: cannot read further: %s", self.source, exc)
            return b""

    def close(self) -> None:
        while raw := self._readline():
            self._copy(raw)
        self.stream.close()
