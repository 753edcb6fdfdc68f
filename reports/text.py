"""The terminal format: ``path:line:col: CODE message`` with the sentence and span marked."""

from __future__ import annotations

import os

from mtlint.core.records import Document, Fix, Sentence, Summary, apply_edits

from .base import Positions, RunInfo, Writer, codes_by_weight, deep_line, extracted, grammar_line
from .escape import printable

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"
_FIX = "\033[32m"


class TextWriter(Writer):
    def __init__(self, out, run: RunInfo, colour: bool | None = None):
        super().__init__(out, run)
        if colour is None:
            colour = hasattr(out, "isatty") and out.isatty() and "NO_COLOR" not in os.environ
        self.colour = colour

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour else text

    def document(self, doc: Document) -> None:
        if doc.status == "error":
            self.out.write(f"{self._c(_COLOURS['error'], 'error')}: {printable(doc.error or '')}\n")
            return
        where = Positions(doc)
        source = printable(doc.source)
        page = extracted(doc)  # offsets index the article extracted from the page, not the file
        for sentence in doc.sentences:
            if not sentence.findings and not sentence.suspect:
                continue
            for f in sorted(sentence.findings, key=lambda f: (f.start, f.code)):
                line, col = where(f.start)
                code = self._c(_BOLD + _COLOURS[f.severity], f.code)
                place = f"{source}: (extracted article {line}:{col})" if page else f"{source}:{line}:{col}:"
                self.out.write(f"{place} {code} {printable(f.message)} [{f.severity}]\n")
                lead = printable(sentence.text[: f.start - sentence.start])
                marked = printable(sentence.text[f.start - sentence.start : f.end - sentence.start])
                rest = printable(sentence.text[f.end - sentence.start :])
                if self.colour:
                    self.out.write(f"    {lead}{self._c(_BOLD + _COLOURS[f.severity], marked)}{rest}\n")
                else:
                    self.out.write(f"    {lead}{marked}{rest}\n    {' ' * len(lead)}{'^' * max(1, len(marked))}\n")
                if f.fix is not None:
                    self._fix(sentence, f.fix)
            state = "suspect" if sentence.suspect else "ok"
            self.out.write(f"    sentence score {sentence.score:.2f} ({state})\n")
        if doc.verdict is not None and doc.verdict.label != "clean":
            self.out.write(f"{source}: {self._c(_BOLD, verdict_line(doc))}\n")

    def _fix(self, sentence: Sentence, fix: Fix) -> None:
        """The fix under the span: what it does, and the sentence as it would then read."""
        after = apply_edits(sentence.text, fix.edits, base=sentence.start)
        label = self._c(_FIX, f"fix ({fix.safety})")
        shown = printable(after) if after else "(sentence removed)"
        self.out.write(f"    {label}: {printable(fix.description)}\n    -> {shown}\n")

    def finish(self, summary: Summary) -> None:
        if self.colour and summary.findings_by_code:
            self._table(summary)
        pct = 100 * summary.suspect_ratio
        self.out.write(
            f"Checked {summary.documents} document(s), {summary.sentences} sentence(s): "
            f"{summary.suspect_sentences} suspect ({pct:.1f}%), "
            f"{sum(summary.findings_by_code.values())} finding(s), {summary.errors} error(s).\n"
            f"{grammar_line(self.run, summary)}\n"
        )
        if (deep := deep_line(self.run, summary)) is not None:
            self.out.write(deep + "\n")

    def _table(self, summary: Summary) -> None:
        """Findings per code as a table, for a person at a terminal."""
        from rich.console import Console
        from rich.table import Table

        table = Table(title="Findings by code")
        table.add_column("code")
        table.add_column("count", justify="right")
        for code, count in codes_by_weight(summary):
            table.add_row(code, str(count))
        Console(file=self.out, force_terminal=True).print(table)


def verdict_line(doc: Document) -> str:
    """What to do with the document: hold it (garbled) or review its suspect sentences, and
    how many fixes ``--fix`` would apply."""
    verdict = doc.verdict
    assert verdict is not None
    sentences = len(doc.sentences)
    if verdict.label == "garbled":
        read = sum(s.score >= 0.5 for s in doc.sentences)
        line = f"HOLD: reads as machine translation ({read} of {sentences} sentences, score {verdict.score:.2f})"
    else:
        suspect = sum(s.suspect for s in doc.sentences)
        line = f"REVIEW: {suspect} of {sentences} sentences to fix"
    safe = sum(f.fix is not None and f.fix.safety == "safe" for f in doc.findings)
    return line + (f"; {safe} safe fix{'es' if safe > 1 else ''}: run with --fix" if safe else "")
