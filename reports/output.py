"""Atomic output files: write to a temporary file beside the target, rename on success; a
target named ``.gz`` is written gzip-compressed, as the readers read such a name."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """Yield a text stream; for a path, nothing appears there unless the block succeeds."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is as readable as any file
    try:
        with os.fdopen(fd, "wb") as raw:
            packed = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if path.lower().endswith(".gz") else None
            handle = io.TextIOWrapper(packed or raw, encoding="utf-8", newline="\n")
            yield handle
            handle.flush()
            handle.detach()  # the binary stream stays open
            if packed is not None:
                packed.close()  # writes the gzip trailer; ``raw`` stays open
            raw.flush()
            os.fsync(raw.fileno())
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _cannot_write(path: str, exc: OSError) -> OSError:
    """An error that names the target the user gave, not the temporary file beside it."""
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    return OSError(f"{path}: cannot write: {reason}")
