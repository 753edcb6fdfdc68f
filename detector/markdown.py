"""Parts of a document that are not prose: masked (replaced by spaces, newlines kept) before
segmentation, so offsets still index the original text.

Markdown: front matter, fenced and indented code blocks, inline code, link targets and URLs.
Every text: HTML comments (mtlint's own suppression directives among them).

Every pattern here sees user text, so each runs in time linear in it: no pattern has nested or
overlapping quantifiers that could backtrack, a scan never runs past the next place where a
later match could start, and comments and inline code (whose ends must be searched for) are
found by hand with ``str.find``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\+\+\+)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^([ \t]*)(```|~~~)[^\n]*\n.*?(?:^\1\2[^\n]*$|\Z)", re.DOTALL | re.MULTILINE)
_INDENTED = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+")
_BACKTICKS = re.compile(r"`+|\n")
# a target stops at a bracket, so the scan from one "](" never passes the next one
_LINK_TARGET = re.compile(r"(?<=\])\([^)\s\[\]]+(?:[ \t]+\"[^\"\n]*\")?\)")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
Span = tuple[int, int]


def _blank(match: re.Match[str]) -> str:
    return _spaces(match.group())


def _spaces(text: str) -> str:
    return "".join(c if c == "\n" else " " for c in text)


def comments(text: str) -> Iterator[Span]:
    """``<!-- ... -->`` spans; an unterminated ``<!--`` is no comment (nor is the rest)."""
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            return
        yield start, end + 3
        start = text.find("<!--", end + 3)


def inline_code(text: str) -> Iterator[Span]:
    """Code spans: a run of backticks up to the next run of the same length on the same line.
    Each run's partner is found in one right-to-left pass, so a line of backticks is linear."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    partner: list[int | None] = [None] * len(runs)
    later: dict[int, int] = {}  # run length -> index of the next run of that length on this line
    for i in range(len(runs) - 1, -1, -1):
        start, end = runs[i]
        if text[start] == "\n":
            later.clear()
            continue
        partner[i] = later.get(end - start)
        later[end - start] = i
    i = 0
    while i < len(runs):
        j = partner[i]
        if j is None:
            i += 1
            continue
        yield runs[i][0], runs[j][1]
        i = j + 1


def code(text: str) -> list[Span]:
    """Fenced, indented and inline code: where Markdown quotes text rather than says it (a
    suppression directive quoted there is an example, not a directive)."""
    spans = [m.span() for pattern in (_FENCE, _INDENTED) for m in pattern.finditer(text)]
    return spans + (list(inline_code(text)) if "`" in text else [])


def _masked(text: str, spans: Iterator[Span], keep_word: bool = False) -> str:
    """``text`` with ``spans`` blanked (``keep_word``: each ending in a placeholder word)."""
    pieces, at = [], 0
    for start, end in spans:
        blank = _spaces(text[start:end])
        pieces += [text[at:start], blank[:-1] + "x" if keep_word else blank]
        at = end
    return "".join(pieces) + text[at:] if pieces else text


def mask(text: str, markdown: bool) -> str | None:
    """The text with non-prose blanked out, or None when nothing needed masking."""
    masked = _masked(text, comments(text))
    if markdown:
        for pattern in (_FRONT_MATTER, _FENCE, _INDENTED):
            masked = pattern.sub(_blank, masked)
        if "`" in masked:
            masked = _masked(masked, inline_code(masked), keep_word=True)
        masked = _LINK_TARGET.sub(_blank, masked) if "](" in masked else masked
    masked = _URL.sub(_blank, masked) if ("://" in masked or "www." in masked) else masked
    return None if masked == text else masked
