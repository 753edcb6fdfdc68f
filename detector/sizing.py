"""How many documents a run will read, when that can be known cheaply before it starts (for the
progress bar's total, percentage and ETA): one per text or HTML file, one per non-blank line
of an uncompressed JSONL file. Standard input, folders and compressed files are not counted
ahead (None): reading them twice would cost what the count is meant to show."""

from __future__ import annotations

import os
import stat

from .inputs import ReadOptions, format_of

_CHUNK = 1 << 20


def count_documents(paths: list[str], options: ReadOptions) -> int | None:
    """The number of documents ``paths`` hold, or None when any of them cannot be counted ahead."""
    total = 0
    for path in paths:
        try:
            if path == "-" or path.lower().endswith(".gz") or not stat.S_ISREG(os.stat(path).st_mode):
                return None
        except OSError:
            total += 1  # an unreadable input is one error record
            continue
        total += _jsonl_records(path) if format_of(path, options) == "jsonl" else 1
    return total


def _jsonl_records(path: str) -> int:
    """Non-blank lines (the reader skips blank ones), counted by chunks at disk speed."""
    count, pending = 0, False  # pending: the current line has a non-blank byte
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines = chunk.split(b"\n")
            for i, line in enumerate(lines):
                blank = not line.strip()
                if i < len(lines) - 1:  # this line ends in the chunk
                    count += int(pending or not blank)
                    pending = False
                else:
                    pending = pending or not blank
    return count + int(pending)
