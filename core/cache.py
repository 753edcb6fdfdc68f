"""Tables mtlint derives from installed packages' data, built once and cached on disk.

Parsing a package's own format at every start (the CMU dictionary, wordfreq's msgpack) cost a
one-file check more than all of its checking. A derived table is written once, as text that
loads with a few splits, under ``$XDG_CACHE_HOME/mtlint`` (``~/.cache/mtlint``), named after
the source file's size and modification time so that an upgraded package gets a new one.
Where the folder cannot be written the table is built in memory at each start: slower, never
wrong. Offline always: the sources are installed files.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "mtlint"


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the {package} package is not installed (pip install {package})")
    return Path(spec.origin).parent.joinpath(*parts)


def cache_path(name: str, source: Path) -> Path:
    stat = source.stat()
    return cache_dir() / f"{name}-{stat.st_size}-{stat.st_mtime_ns}.txt"


def cached(name: str, source: Path, build: Callable[[], str], parse: Callable[[str], T]) -> T:
    """``parse`` of the cached text for ``source``; when it is missing or ``parse`` rejects
    it (ValueError), ``build()`` is parsed and written (atomically: concurrent first runs never
    read half a file)."""
    path = cache_path(name, source)
    try:
        return parse(path.read_text("utf-8"))
    except (OSError, ValueError):
        pass
    text = build()
    table = parse(text)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, "utf-8")
        tmp.replace(path)
    return table
