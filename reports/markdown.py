"""Markdown for a CI job summary (GitHub's ``$GITHUB_STEP_SUMMARY``): the counts, the findings
per code, and the first findings with where they are. Input text is escaped: a file name or a
message cannot inject Markdown, HTML or a table cell of its own."""

from __future__ import annotations

import re

from mtlint.core.records import Document, Summary

from .base import Positions, Writer, codes_by_weight
from .escape import printable

TOP = 20  # findings listed; the rest are counted
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _cell(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", printable(text))


class MarkdownWriter(Writer):
    def start(self) -> None:
        self.rows: list[str] = []
        self.more = 0
        self.errors: list[str] = []

    def document(self, doc: Document) -> None:
        if doc.status == "error":
            if len(self.errors) < TOP:
                self.errors.append(f"- {_cell(doc.error or 'error')}")
            return
        where = Positions(doc)
        for f in sorted(doc.findings, key=lambda f: f.start):
            if len(self.rows) >= TOP:
                self.more += 1
                continue
            line, col = where(f.start)
            span = doc.text[f.start : f.end]
            self.rows.append(
                f"| {_cell(doc.source)}:{line}:{col} | {f.code} | {f.severity} | {_cell(f.message)} | {_cell(span)} |"
            )

    def finish(self, summary: Summary) -> None:
        out = self.out
        out.write("## mtlint\n\n| documents | sentences | suspect sentences | findings | errors |\n")
        out.write("|---|---|---|---|---|\n")
        findings = sum(summary.findings_by_code.values())
        pct = 100 * summary.suspect_ratio
        out.write(f"| {summary.documents} | {summary.sentences} | {summary.suspect_sentences} ({pct:.1f}%) "
                  f"| {findings} | {summary.errors} |\n")  # fmt: skip
        if summary.findings_by_code:
            by_code = codes_by_weight(summary)
            out.write("\n**By code:** " + ", ".join(f"{code} × {n}" for code, n in by_code) + "\n")
        if self.rows:
            out.write("\n| where | code | severity | message | text |\n|---|---|---|---|---|\n")
            out.write("\n".join(self.rows) + "\n")
            if self.more:
                out.write(f"\n…and {self.more} more finding(s).\n")
        if self.errors:
            out.write("\n**Inputs that could not be checked:**\n\n" + "\n".join(self.errors) + "\n")
