"""The files a run names besides its inputs: outputs checked against inputs before any work,
and side files (configuration, baseline, token) read with a size bound.

An output that is also an input, or another output, would destroy what the run reads or
writes (``check a.txt --fix -o a.txt``, ``-o X --stats X``): such paths are compared by real
path (symbolic links resolved) and by file identity (hard links), and refused. A side file is
read up to a bound, so ``--config /dev/zero`` is an error, not 5 GB of memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

SIDE_FILE_BYTES = 64_000_000  # far over any configuration, token or baseline of a large corpus


def _same(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return False


def clash(outputs: dict[str, str | None], inputs: dict[str, Iterable[str | None]]) -> str | None:
    """Why two of these paths are one file (an output and an input, or two outputs), or None.
    Keys name the option (``-o``, ``--stats``, ``input``); ``-`` and None are not files."""
    named_outputs = [(option, path) for option, path in outputs.items() if path not in (None, "-")]
    named_inputs = [(option, path) for option, paths in inputs.items() for path in paths if path not in (None, "-")]
    for n, (option, path) in enumerate(named_outputs):
        for other, existing in named_outputs[:n]:
            if _same(path, existing):
                return f"{option} {path} is also {other} {existing}: each output needs a file of its own"
        for kind, source in named_inputs:
            if not os.path.isdir(source) and _same(path, source):
                return f"{option} {path} is also the {kind} {source}: writing it would destroy what is read"
    return None


def read_bounded(path: str | Path, what: str, limit: int = SIDE_FILE_BYTES) -> bytes:
    """A side file's bytes; OSError naming it when it is over ``limit`` (``/dev/zero``)."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"{path}: {what} over {limit:,} bytes (is it the right file?)")
    return data
