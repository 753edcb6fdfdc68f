"""Consecutive runs of a stream, bounded in count and size: documents into worker parcels,
sentences into checking chunks and into LanguageTool requests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def runs(
    items: Iterable[T], size: Callable[[T], int], max_size: int, max_items: int | None = None
) -> Iterator[list[T]]:
    """Consecutive runs of at most ``max_items`` items whose sizes add up to at most
    ``max_size`` (an item larger than that makes a run alone). Lazy: it reads one item ahead."""
    run: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if run and ((max_items is not None and len(run) >= max_items) or total + n > max_size):
            yield run
            run, total = [], 0
        run.append(item)
        total += n
    if run:
        yield run
