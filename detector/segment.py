"""Paragraph and sentence segmentation with offsets into the original text.

Blingfire's finite-state splitter does the bulk (about 2 ms on the seed article, pysbd 29 ms);
a few repairs make it robust to the debris mtlint exists to find: a title abbreviation before a
name ("Mr. Lavrov", "Shri. Putin") is never a sentence end, while a lone "Min." or a name cut at
its initial ("Vladimir V. He is ...") keeps the split blingfire made.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator

import blingfire
import numpy as np

from mtlint.core.lexicons import lexicon
from mtlint.core.records import Sentence
from mtlint.features.vocabulary import common_words

# Abbreviations that translation leaves as debris ("Min.", "Dy."): always a break before a
# capital, so a lone "Min." stays a sentence of its own (MT105).
_DEBRIS = ("Min", "Dy", "Secy", "Govt")
# Titles and honorifics that stand before a name (the honorifics family's list, and "St."): a
# split after one is undone unless the next word is a function word ("Shri. He said" does end
# a sentence).
TITLES = (lexicon("titles") | {"st"}) - {word.lower() for word in _DEBRIS}
_FUNCTION_WORD_COUNT = 300
MAX_SENTENCE_CHARS = 5000
WINDOW_CHARS = 1_000_000

_DEBRIS_BREAK = re.compile(rf"\b((?:{'|'.join(_DEBRIS)})\.)\s+(?=[A-Z“\"‘'])")
_LAST_WORD = re.compile(r"(\w+)\.\s*$")
_FIRST_WORD = re.compile(r"\s*([A-Z][\w'’-]*)")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")
# a sentence-end mark followed by more text: without one, a paragraph is a single sentence
# and blingfire need not be asked (on 94,000 such paragraphs of ../shared/data it never split one)
# (it starts only where a word starts, and a word's letters before its first mark cannot be a
# mark: linear time, where "[.!?…]\S*\s+\S" took 13 s on 120,000 characters of "1,2.3:")
_POSSIBLE_BREAK = re.compile(r"(?<!\S)[^\s.!?…]*[.!?…]\S*\s+\S")
# a line that opens a block of its own: a heading, a quotation, a table row; or a list item
_BLOCK_START = re.compile(r"[ \t]*(?:#{1,6}(?:[ \t]|$)|>|\|)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]")
_HEADING = re.compile(r"[ \t]*#{1,6}(?:[ \t]|$)")
_WRAP_MIN_WIDTH = 40  # narrower blocks are lists of short lines, not wrapped prose
_WRAPPED_MIN_BREAKS = 2  # a block of two lines cannot show that it is wrapped throughout
_WRAPPED_SHARE = 0.5
_JOIN_CONTEXT = 64  # characters either side of a split that decide a join: a title or an initial is short


def paragraphs(text: str, markdown: bool = False, layout: str | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each paragraph: blocks of lines, hard-wrapped lines joined.

    Blank lines always end a paragraph, and so does a line that opens a block of its own (a
    list item, a heading, a quotation, a table row) or follows a heading. Any other line break
    is soft (the paragraph goes on) when the next line starts in lower case, when the text is
    Markdown (whose single line breaks are soft),
    or when the line is full: its next word would not have fit within the block's width, as in
    text wrapped at a fixed column (wire copy, e-mail). A full line that ends a sentence joins
    the next only in a block that is wrapped throughout (most of its lines full), not in text
    with one paragraph a line. A short line (a headline, a dateline, a byline) ends its paragraph.
    ``layout``: the text before masking (URLs and code blanked out in ``text``, at the same
    offsets): the lines' widths and first words are read there, so that a URL wrapped to the
    start of a line still fills it.
    """
    start = None
    for masked in _blocks(text):
        block = masked if layout is None else [(at, _line_at(layout, at)) for at, _ in masked]
        width = max(len(body) for _, body in block)
        full = [_full(body, after, width) for (_, body), (_, after) in zip(block, block[1:], strict=False)]
        wrapped = len(full) >= _WRAPPED_MIN_BREAKS and sum(full) > _WRAPPED_SHARE * len(full)
        in_list = False
        for i, (line_start, body) in enumerate(block):
            if start is not None and _soft_break(
                block[i - 1][1], body, markdown, full[i - 1] and (wrapped or not _ends(block[i - 1][1])), in_list
            ):
                continue
            if start is not None:
                yield start, _rstrip_end(text, line_start)
            body = masked[i][1]
            start = line_start + (len(body) - len(body.lstrip()))
            if start == 0 and body.startswith("\ufeff"):  # a byte-order mark is no part of a sentence
                start = len(body) - len(body[1:].lstrip())
            in_list = bool(_LIST_ITEM.match(body))
        if start is not None:
            yield start, _rstrip_end(text, block[-1][0] + len(block[-1][1]))
            start = None


def _line_at(text: str, start: int) -> str:
    """The line of ``text`` that starts at ``start``, without its line break and trailing blanks."""
    end = text.find("\n", start)
    return text[start : len(text) if end < 0 else end].rstrip()


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line as (offset, text without its line break)."""
    block: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            block.append((pos, body.rstrip()))
        elif block:
            yield block
            block = []
        pos += len(line)
    if block:
        yield block


def _full(line: str, after: str, width: int) -> bool:
    """Whether ``line`` was filled up to the block's width: the next line's first word would
    not have fit on it."""
    return width >= _WRAP_MIN_WIDTH and len(line) + 1 + len(after.split(None, 1)[0]) > width


def _ends(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _soft_break(prev: str, line: str, markdown: bool, full: bool, in_list: bool) -> bool:
    """Whether the line break between ``prev`` and ``line`` is inside a paragraph: never before
    a heading, a quotation or a table row, or after a heading; before a list item only where
    the line before was filled to the wrap width outside a list (wrapped prose whose next line
    happens to open with "26." or "- "); else after a line filled to the wrap width (``full``),
    before a lower-case continuation (never a new sentence: '"Why?"\nsaid the minister'), or
    anywhere in Markdown."""
    if _BLOCK_START.match(line) or _HEADING.match(prev):
        return False
    if _LIST_ITEM.match(line):
        return full and not in_list
    return full or markdown or line.strip()[0].islower()


def _rstrip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _split(chunk: str) -> list[tuple[int, int]]:
    """Blingfire's sentence spans, over windows of at most WINDOW_CHARS (its memory grows
    about 40 bytes a character: a 50 MB paragraph would take 2 GB), cut after a sentence end
    or a space where there is one."""
    offsets: list[tuple[int, int]] = []
    start = 0
    while start < len(chunk):
        end = len(chunk)
        if end - start > WINDOW_CHARS:
            limit = start + WINDOW_CHARS
            end = chunk.rfind(". ", start, limit) + 1 or chunk.rfind(" ", start, limit)
            end = end if end > start else limit
        window = chunk[start:end]
        if not _POSSIBLE_BREAK.search(window):
            found = [(0, len(window))] if window.strip() else []
        else:
            # newlines inside a wrapped paragraph become spaces: same length, offsets unchanged
            found = blingfire_spans(window.replace("\n", " ").replace("\r", " "))
        offsets.extend((start + a, start + b) for a, b in found)
        start = end
    return offsets


def blingfire_spans(text: str) -> list[tuple[int, int]]:
    """``blingfire.text_to_sentences_and_offsets(text)[1]``, with its UTF-8 byte offsets
    mapped to string offsets by numpy instead of a Python loop over every byte (which took
    most of segmentation's time)."""
    data = text.encode("utf-8", "surrogatepass")
    size = 2 * len(data)
    # numpy buffers: ctypes arrays are zero-filled on creation, which cost as much as the split
    output, starts, ends = np.empty(size, np.uint8), np.empty(size, np.int32), np.empty(size, np.int32)
    pointer = ctypes.c_void_p
    written = blingfire.blingfire.TextToSentencesWithOffsets(
        data, len(data), pointer(output.ctypes.data), pointer(starts.ctypes.data), pointer(ends.ctypes.data), size
    )
    if written <= 0 or written > size:
        return []
    count = int(np.count_nonzero(output[:written] == ord("\n"))) + 1
    first = starts[:count].astype(np.int64)
    last = ends[:count].astype(np.int64) + 1  # ends are inclusive
    if len(data) != len(text):  # not ASCII: count the characters that start before each byte
        chars = np.r_[0, np.cumsum((np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80)]
        first, last = chars[first], chars[last]
    return list(zip(first.tolist(), last.tolist(), strict=True))


def _broken(chunk: str, spans: list[list[int]]) -> list[list[int]]:
    """Split after debris abbreviations that never stand before a name ("Min. Echoing ..."),
    which blingfire sometimes reads as one sentence."""
    out: list[list[int]] = []
    for start, end in spans:
        for m in _DEBRIS_BREAK.finditer(chunk, start, end):
            out.append([start, m.end(1)])
            start = m.end()
        out.append([start, end])
    return out


def _capped(chunk: str, spans: list[list[int]]) -> Iterator[tuple[int, int]]:
    """Spans no longer than MAX_SENTENCE_CHARS, cut at a space where there is one: a run of
    text without sentence ends (a 50 MB line) must not become one giant sentence."""
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = chunk.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            yield start, cut
            start = cut
        yield start, end


def _joins(before: str, after: str) -> bool:
    """Whether blingfire's split between ``before`` and ``after`` is inside a name."""
    if after[:1].islower():
        return True  # '"Why?" said the minister' and the like: never a new sentence
    last = _LAST_WORD.search(before)
    first = _FIRST_WORD.match(after)
    if not last or not first:
        return False
    abbrev = last.group(1).lower()
    nxt = first.group(1).lower().rstrip("'’s")
    is_initial = len(abbrev) == 1 and last.group(1).isupper()
    if abbrev in TITLES or is_initial:
        return nxt not in common_words(_FUNCTION_WORD_COUNT)
    return False


def sentences(text: str, markdown: bool = False, layout: str | None = None) -> list[Sentence]:
    """Segment ``text`` into sentences; ``text[s.start:s.end] == s.text`` for every one.
    ``markdown``: single line breaks are soft; ``layout``: the text before masking (see
    :func:`paragraphs`)."""
    result: list[Sentence] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text, markdown, layout)):
        chunk = text[p_start:p_end]
        spans: list[list[int]] = []
        for start, end in _split(chunk):
            # only the words next to the split matter: slicing whole spans made runs of joins quadratic
            before = chunk[max(spans[-1][0], spans[-1][1] - _JOIN_CONTEXT) : spans[-1][1]] if spans else ""
            if spans and _joins(before, chunk[start : min(end, start + _JOIN_CONTEXT)]):
                spans[-1][1] = end
            else:
                spans.append([start, end])
        for start, end in _capped(chunk, _broken(chunk, spans)):
            piece = chunk[start:end]
            lead = len(piece) - len(piece.lstrip())
            s, e = p_start + start + lead, p_start + start + len(piece.rstrip())
            if e > s:
                result.append(Sentence(start=s, end=e, text=text[s:e], paragraph=index))
    return result
