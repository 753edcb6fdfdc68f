"""Which documents a corpus run keeps (``mtlint check --keep EXPR``), as a predicate on a
checked Document: datatrove's filters, which keep or drop each document and count both.

An expression is one or more conditions joined by commas, any of which keeps a document:

- ``clean``, ``review``, ``garbled``: the article verdict's label;
- ``suspect`` / ``not-suspect``: whether any sentence is suspect;
- ``score<X``, ``score<=X``, ``score>X``, ``score>=X``: the document's score (the verdict's
  probability that the article is garbled), X from 0 to 1.

A document that could not be read or checked (an error record) is never kept: it has no score.
"""

from __future__ import annotations

import argparse
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from mtlint.core.records import VERDICT_LABELS, Document

from . import validate

Predicate = Callable[[Document], bool]


def _has_label(label: str) -> Predicate:
    return lambda doc: doc.verdict is not None and doc.verdict.label == label


_COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_SCORE = re.compile(r"^score\s*(<=|>=|<|>)\s*(\S+)$")
_FLAGS: dict[str, Predicate] = {
    "suspect": lambda doc: doc.suspect,
    "not-suspect": lambda doc: not doc.suspect,
    **{label: _has_label(label) for label in VERDICT_LABELS},
}
HELP = "clean, review, garbled, suspect, not-suspect, or score<X (also <=, >, >=); commas join alternatives"


@dataclass(frozen=True)
class Selection:
    """A parsed ``--keep`` expression: ``selection(doc)`` is True for a document to keep."""

    expression: str
    conditions: tuple[Predicate, ...]

    @classmethod
    def argument(cls, expression: str) -> Selection:
        """``parse`` as an argparse ``type=`` (argparse prints the message and exits 2)."""
        try:
            return parse(expression)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    def __call__(self, doc: Document) -> bool:
        return doc.status == "ok" and any(condition(doc) for condition in self.conditions)


def parse(expression: str) -> Selection:
    """A Selection, or a ValueError naming the condition that is not one."""
    terms = [term.strip() for term in expression.split(",")]
    if not all(terms):
        raise ValueError(f"--keep {expression!r}: an empty condition ({HELP})")
    return Selection(expression, tuple(_condition(term) for term in terms))


def _condition(term: str) -> Predicate:
    if term in _FLAGS:
        return _FLAGS[term]
    match = _SCORE.match(term)
    if match is None:
        raise ValueError(f"--keep: unknown condition {term!r} ({HELP})")
    try:
        number: float | str = float(match[2])
    except ValueError:
        number = match[2]
    compare, limit = _COMPARISONS[match[1]], validate.fraction(number, f"the score in --keep {term!r}")
    return lambda doc: compare(doc.score, limit)
