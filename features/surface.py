"""Surface anomalies: unbalanced brackets and quotes, space before punctuation, mojibake,
untranslated non-Latin script, glued words.

Codes: MT601 unbalanced bracket or quote, MT602 space before punctuation, MT603 mojibake,
MT604 non-Latin script, MT605 glued words, MT606 invisible or bidirectional control characters.
"""

from __future__ import annotations

import re

import regex

from core.records import Finding

from .analysis import Analysis, FamilyResult

_SPACE_BEFORE = regex.compile(r"(?<=\w) +[,.;:!?](?!\.)(?=\s|$)")
# a letter outside the Latin script: one class test a character (a lookahead per letter was 5x slower)
_NON_LATIN = regex.compile(r"(?:[^\P{L}\p{Latin}]\p{M}*)+(?:\s+(?:[^\P{L}\p{Latin}]\p{M}*)+)*")
_GLUED = regex.compile(r"\b\p{Ll}{2,}\p{Lu}\p{Ll}{2,}\b|\b\p{Ll}{2,}[.,;](?=\p{Lu}\p{Ll})")
# bidirectional overrides and isolates (text that displays in another order than it reads)
# and zero-width or other invisible format characters, except the joiners scripts need
# a plain character class: the standard library scans it twice as fast as ``regex``
_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u00ad\u2060\ufeff\x00-\x08\x0b\x0e-\x1f]+")
# UTF-8 read as Latin-1/cp1252 always shows a lead byte (Â..ô) before a continuation byte:
# text without such a pair cannot be mojibake, and ftfy's full check is skipped
_MOJIBAKE_LEAD = regex.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_PAIRS = {"(": ")", "[": "]", "“": "”"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BRACKETS = regex.compile(r"[()\[\]“”]")
_PATTERNS = (_BRACKETS, _MOJIBAKE_LEAD, _NON_LATIN, _CONTROLS, _GLUED)


def mojibake_score(text: str) -> int:
    """ftfy's badness score, imported on the first candidate (its import, a large regex,
    cost every check 25 ms)."""
    from ftfy.badness import badness

    return badness(text)


def _unbalanced(text: str, offset: int) -> list[int]:
    """Absolute offsets of brackets and curly quotes that have no partner in the text."""
    stack: list[tuple[str, int]] = []
    lonely: list[int] = []
    for m in _BRACKETS.finditer(text):
        ch, i = m.group(), m.start()
        if ch in _PAIRS:
            stack.append((ch, i))
        else:
            if stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            else:
                lonely.append(offset + i)
    lonely.extend(offset + i for _, i in stack)
    return sorted(lonely)


def extract(analysis: Analysis) -> FamilyResult:
    result = FamilyResult.empty(len(analysis.sentences))
    if not analysis.sentences:
        return result
    # one scan of the whole text per pattern: most documents match none, and then no sentence
    # needs that pattern's scan
    body = analysis.text[analysis.sentences[0].start : analysis.sentences[-1].end]
    found = {rx: rx.search(body) is not None for rx in _PATTERNS}
    # a space before a mark needs " ," or the like: substring tests are far cheaper than the regex
    found[_SPACE_BEFORE] = any(f" {mark}" in body for mark in ",.;:!?") and _SPACE_BEFORE.search(body) is not None
    for s, sentence in enumerate(analysis.sentences):
        text, base = sentence.text, sentence.start
        feats, findings = result.features[s], result.findings[s]
        for pos in _unbalanced(text, base) if found[_BRACKETS] else ():
            if analysis.text[pos] in "“”" and _balanced_in_paragraph(analysis, s):
                continue
            feats["unbalanced"] = feats.get("unbalanced", 0) + 1
            findings.append(Finding("MT601", f"unbalanced {analysis.text[pos]!r}", pos, pos + 1, "warning"))
        for m in _SPACE_BEFORE.finditer(text) if found[_SPACE_BEFORE] else ():
            feats["space_before_punct"] = feats.get("space_before_punct", 0) + 1
            findings.append(Finding("MT602", "space before punctuation", base + m.start(), base + m.end(), "warning"))
        if found[_MOJIBAKE_LEAD] and _MOJIBAKE_LEAD.search(text) and mojibake_score(text) > 0:
            feats["mojibake"] = 1.0
            findings.append(
                Finding(
                    "MT603",
                    "mojibake: text decoded with the wrong encoding",
                    base,
                    base + len(text),
                    "error",
                )
            )
        for m in _NON_LATIN.finditer(text) if found[_NON_LATIN] else ():
            feats["non_latin"] = feats.get("non_latin", 0) + len(m.group())
            findings.append(
                Finding(
                    "MT604",
                    f"untranslated text in another script: {m.group()!r}",
                    base + m.start(),
                    base + m.end(),
                    "warning",
                )
            )
        for m in _CONTROLS.finditer(text) if found[_CONTROLS] else ():
            feats["controls"] = feats.get("controls", 0) + len(m.group())
            names = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(m.group()))
            findings.append(
                Finding("MT606", f"invisible control characters ({names})", base + m.start(), base + m.end(), "warning")
            )
        for m in _GLUED.finditer(text) if found[_GLUED] else ():
            feats["glued"] = feats.get("glued", 0) + 1
            findings.append(
                Finding(
                    "MT605",
                    f"glued words {m.group()!r}",
                    base + m.start(),
                    base + m.end(),
                    "warning",
                )
            )
    return result


def _balanced_in_paragraph(analysis: Analysis, s: int) -> bool:
    """Quotes may span sentences: accept them when the whole paragraph balances."""
    para = analysis.sentences[s].paragraph
    members = [x for x in analysis.sentences if x.paragraph == para]
    text = analysis.text[members[0].start : members[-1].end]
    return text.count("“") == text.count("”")
