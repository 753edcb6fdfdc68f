"""mtlint's version: the one place it is written (pyproject.toml reads it from here), so that
``mtlint --version`` and every report read a constant instead of importing
``importlib.metadata``, whose import and scan of every installed distribution took 17-40 ms
of each start in an environment with the dev extras."""

from __future__ import annotations

VERSION = "0.1.0"


def version() -> str:
    return VERSION
