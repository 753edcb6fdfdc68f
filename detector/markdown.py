"""Parts of a document that are not prose: masked (replaced by spaces, newlines kept) before
segmentation, so offsets still index the original text.

Markdown: front matter, fenced and indented code blocks, inline code, link targets and URLs.
Every text: HTML comments (mtlint's own suppression directives among them).
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\+\+\+)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^([ \t]*)(```|~~~)[^\n]*\n.*?(?:^\1\2[^\n]*$|\Z)", re.DOTALL | re.MULTILINE)
_INDENTED = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+")
_INLINE_CODE = re.compile(r"(`+)[^`\n]+?\1")
_LINK_TARGET = re.compile(r"(?<=\])\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


def _blank(match: re.Match[str]) -> str:
    return "".join(c if c == "\n" else " " for c in match.group())


def mask(text: str, markdown: bool) -> str | None:
    """The text with non-prose blanked out, or None when nothing needed masking."""
    masked = _COMMENT.sub(_blank, text) if "<!--" in text else text
    if markdown:
        for pattern in (_FRONT_MATTER, _FENCE, _INDENTED, _INLINE_CODE, _LINK_TARGET):
            masked = pattern.sub(_blank, masked)
    masked = _URL.sub(_blank, masked) if ("://" in masked or "www." in masked) else masked
    return None if masked == text else masked
