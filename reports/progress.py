"""A progress bar on stderr for long runs (only when stderr is a terminal)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from mtlint.core.records import Summary


@contextlib.contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[Summary], None]]:
    """Yield ``advance(summary)``, called once per document; a no-op when disabled."""
    if not enabled:
        yield lambda summary: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("checking", total=None)

        def advance(summary: Summary) -> None:
            progress.update(
                task,
                advance=1,
                description=f"{summary.documents} documents, {summary.sentences} sentences, "
                f"{summary.suspect_sentences} suspect, {summary.errors} errors",
            )

        yield advance
