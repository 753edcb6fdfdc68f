"""mtlint's version, read from the installed package's metadata (cheap: no project import)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import version as package_version


@cache
def version() -> str:
    return package_version("mtlint")
