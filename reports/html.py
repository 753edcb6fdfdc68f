"""The self-contained HTML report: inline CSS and JS, no network, rendered with Jinja2.

The header (counts, histogram, codes) is rendered on the server side; the document index
and views are drawn by the page's script from the embedded JSON records, with
``textContent`` only, so no document text is ever parsed as HTML.
"""

from __future__ import annotations

import difflib
import json
import re

from jinja2 import Environment, PackageLoader, select_autoescape

from mtlint.core.records import Document, Summary
from mtlint.core.rules import FAMILIES, SENTENCE_LEVEL, lookup

from .base import FixedView, Writer, codes_by_weight, deep_line, grammar_line
from .text import verdict_line

BINS = 10


def _safe_json(value) -> str:
    """JSON that can sit inside a <script> element: no '<', '>' or '&' left unescaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def advice(doc: Document) -> str | None:
    """The verdict banner's headline: the text report's verdict line (HOLD or REVIEW and the
    safe fixes), or that a clean document needs nothing."""
    if doc.verdict is None:
        return None
    if doc.verdict.label == "clean":
        return "CLEAN: no suspect sentence"
    return verdict_line(doc)


def changes(before: str, after: str) -> list[tuple[str, str]]:
    """``after`` as runs of kept ("="), deleted ("-") and inserted ("+") text against
    ``before``, word by word: the fixed-text view marks what changed."""
    old, new = re.findall(r"\s+|\w+|[^\w\s]", before), re.findall(r"\s+|\w+|[^\w\s]", after)
    runs: list[tuple[str, str]] = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("=", "".join(old[a:b])))
            continue
        if b > a:
            runs.append(("-", "".join(old[a:b])))
        if d > c:
            runs.append(("+", "".join(new[c:d])))
    return runs


class HtmlWriter(Writer):
    def start(self) -> None:
        self.records: list[dict] = []
        self.scores: list[float] = []

    def document(self, doc: Document) -> None:
        record = doc.to_dict()
        record["text"] = doc.text
        for sentence, data in zip(doc.sentences, record["sentences"], strict=True):
            data["drivers"] = [name for name, _ in sentence.drivers]
        record["variants"] = [
            f"{v.usual} x{v.usual_count} / {spelling} x{v.count}" for spelling, v in doc.name_variants.items()
        ]
        fixed = doc.fixed_text if isinstance(doc, FixedView) else None
        record["fixed_text"] = fixed
        record["fixed_diff"] = changes(doc.text, fixed) if fixed is not None else []
        record["advice"] = advice(doc)
        self.records.append(record)
        self.scores.extend(s.score for s in doc.sentences)

    def finish(self, summary: Summary) -> None:
        env = Environment(loader=PackageLoader("mtlint.reports", "templates"), autoescape=select_autoescape(["html"]))
        histogram = [0] * BINS
        for score in self.scores:
            histogram[min(BINS - 1, int(score * BINS))] += 1
        peak = max(histogram) or 1
        codes = [
            (code, count, FAMILIES.get(code[:3], "other"), rule.summary if (rule := lookup(code)) else "")
            for code, count in codes_by_weight(summary)
        ]
        self.out.write(
            env.get_template("report.html.j2").render(
                run=self.run,
                summary=summary,
                histogram=histogram,
                peak=peak,
                bins=BINS,
                codes=codes,
                grammar=" · ".join(filter(None, (grammar_line(self.run, summary), deep_line(self.run, summary)))),
                sentence_level=_safe_json(dict.fromkeys(sorted(SENTENCE_LEVEL), True)),
                data=_safe_json(self.records),
            )
        )
