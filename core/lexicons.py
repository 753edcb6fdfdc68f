"""Word lists shipped as data files in ``core/lexicons`` (one lower-case entry a line)."""

from __future__ import annotations

from functools import cache
from importlib import resources

# The English titles news writes before a surname, with a stop or without ("Mr Lavrov",
# "Dr. Fauci"): the one list the honorifics, the corrections and the n-gram hasher read.
SURNAME_TITLES = ("Mr", "Mrs", "Ms", "Dr")


@cache
def lexicon(name: str) -> frozenset[str]:
    """The entries of ``core/lexicons/<name>.txt``, comments and blank lines skipped."""
    text = resources.files("mtlint.core").joinpath("lexicons", f"{name}.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
