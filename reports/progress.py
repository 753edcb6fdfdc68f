"""What a run tells on stderr: a progress bar for long runs (only when stderr is a terminal),
with total, percentage, rate and time left when the number of documents is known beforehand;
and the closing summary, printed even when the report goes to a file."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from mtlint.core.records import Summary


@contextlib.contextmanager
def progress_bar(enabled: bool, total: int | None = None) -> Iterator[Callable[[Summary], None]]:
    """Yield ``advance(summary)``, called once per document; a no-op when disabled. ``total``:
    the documents the run will read, when known (a bar, percentage and ETA; else a spinner)."""
    if not enabled:
        yield lambda summary: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    rate = TextColumn("{task.fields[rate]}")
    if total is None:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), rate, TimeElapsedColumn())
    else:
        columns = (
            BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), rate, TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.description}"),
        )  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("checking", total=total, rate="")

        def advance(summary: Summary) -> None:
            speed = progress.tasks[0].speed
            progress.update(
                task,
                advance=1,
                rate=f"{speed:,.0f} docs/s" if speed else "",
                description=f"{summary.documents:,} documents, {summary.sentences:,} sentences, "
                f"{summary.suspect_sentences:,} suspect, {summary.errors:,} errors",
            )

        yield advance


def closing_line(summary: Summary, seconds: float, output: str | None, rejected: str | None) -> str:
    """One line saying what the run did: documents, sentences, suspect, errors, the split of a
    ``--keep`` run, where the report went, and the time taken."""
    rate = f", {summary.documents / seconds:,.0f} documents/s" if seconds > 0 and summary.documents else ""
    parts = [
        f"{summary.documents:,} document(s), {summary.sentences:,} sentence(s) in {seconds:.1f} s{rate}",
        ", ".join(f"{count:,} {label}" for label, count in summary.verdicts.items()),
        f"{summary.suspect_documents:,} document(s) with suspect sentences ({summary.suspect_sentences:,})",
        f"{summary.errors:,} error(s)",
    ]
    if summary.kept is not None:
        where = f" to {rejected}" if rejected else ""
        parts.append(f"kept {summary.kept:,}, dropped {summary.dropped:,}{where}")
    if output and output != "-":
        parts.append(f"wrote {output}")
    return "mtlint: " + "; ".join(parts)


def error_lines(summary: Summary, limit: int = 10) -> list[str]:
    """The run's input errors grouped by kind, most frequent first, each with its count and
    the first input that had it."""
    kinds = sorted(summary.error_kinds.items(), key=lambda kv: -kv[1][0])
    lines = [f"mtlint: {count:,} input(s): {message} (first: {first})" for message, (count, first) in kinds[:limit]]
    if len(kinds) > limit:
        rest = sum(count for _, (count, _) in kinds[limit:])
        lines.append(f"mtlint: {rest:,} more input(s) with {len(kinds) - limit} other kind(s) of error")
    return lines
