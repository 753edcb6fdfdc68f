"""Surface anomalies: unbalanced brackets and quotes, space before punctuation, mojibake,
untranslated non-Latin script, glued words.

Codes: MT601 unbalanced bracket or quote, MT602 space before punctuation, MT603 mojibake,
MT604 non-Latin script, MT605 glued words, MT606 invisible or bidirectional control characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

from mtlint.core.rules import finding

from .analysis import Analysis, FamilyResult

_SPACE_BEFORE = regex.compile(r"(?<=\w) +[,.;:!?](?!\.)(?=\s|$)")
# a letter outside the Latin script: one class test a character (a lookahead per letter was 5x slower)
_NON_LATIN = regex.compile(r"(?:[^\P{L}\p{Latin}]\p{M}*)+(?:\s+(?:[^\P{L}\p{Latin}]\p{M}*)+)*")
_GLUED = regex.compile(r"\b\p{Ll}{2,}\p{Lu}\p{Ll}{2,}\b|\b\p{Ll}{2,}[.,;](?=\p{Lu}\p{Ll})")
# what every glued pair has, an upper-case letter right after a lower-case one or a mark: the
# document's screen (8x faster than _GLUED itself, which then runs on one document in six)
_GLUED_HINT = regex.compile(r"(?<=\p{Ll}|[.,;])\p{Lu}")
_ASCII_GLUED_HINT = re.compile(r"(?<=[a-z.,;])[A-Z]")
# every control (Cc) and format (Cf) character by Unicode property: bidirectional overrides,
# embeddings, isolates and marks, zero-width spaces and joiners, the word joiner, the BOM,
# the soft hyphen, terminal escapes. Not tab, newline, carriage return or form feed, and not
# a zero-width joiner between emoji (where it builds one emoji from several).
_CONTROLS = regex.compile(
    r"(?:[\p{Cc}\p{Cf}--[\t\n\r\f\u200d]]"
    r"|(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f])\u200d|\u200d(?!\p{Extended_Pictographic}))+",
    regex.V1,
)
# the same in ASCII text, for the standard library's faster engine
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# UTF-8 read as Latin-1/cp1252 always shows a lead byte (Â..ô) before a continuation byte:
# text without such a pair cannot be mojibake, and ftfy's full check is skipped
_MOJIBAKE_LEAD = regex.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_PAIRS = {"(": ")", "[": "]", "“": "”"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BRACKETS = regex.compile(r"[()\[\]“”]")


def mojibake_score(text: str) -> int:
    """ftfy's badness score, imported on the first candidate (its import, a large regex,
    cost every check 25 ms)."""
    from ftfy.badness import badness

    return badness(text)


Hit = tuple[int, int, float, str]  # start and end in the sentence, feature weight, message


@dataclass(frozen=True)
class _Rule:
    """One surface check: ``screen`` says from the whole text whether any sentence can match
    (most documents match no rule, and then no sentence is scanned), ``hits`` finds its
    spans in one sentence."""

    code: str
    feature: str
    screen: Callable[[str], bool]
    hits: Callable[[Analysis, int], Iterator[Hit]]


def _found(pattern: regex.Pattern, in_ascii: re.Pattern | regex.Pattern | None) -> Callable[[str], bool]:
    """A screen: whether ``pattern`` is found in a document; in ASCII text (a third of news),
    whether ``in_ascii`` is, the same search for the standard library's faster engine (None:
    the rule cannot fire on ASCII)."""

    def screen(body: str) -> bool:
        if body.isascii():
            return in_ascii is not None and in_ascii.search(body) is not None
        return pattern.search(body) is not None

    return screen


def _each_match(pattern: regex.Pattern, weight: Callable[[str], float], message: Callable[[str], str]):
    """Hits of a rule that is one pattern: every match in the sentence."""

    def hits(analysis: Analysis, s: int) -> Iterator[Hit]:
        for m in pattern.finditer(analysis.sentences[s].text):
            yield m.start(), m.end(), weight(m.group()), message(m.group())

    return hits


def _unbalanced(text: str) -> list[int]:
    """Offsets of brackets and curly quotes that have no partner in the text."""
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
                lonely.append(i)
    lonely.extend(i for _, i in stack)
    return sorted(lonely)


def _bracket_hits(analysis: Analysis, s: int) -> Iterator[Hit]:
    text = analysis.sentences[s].text
    for i in _unbalanced(text):
        if text[i] in "“”" and analysis.sentences[s].paragraph in _quoted_paragraphs(analysis):
            continue
        yield i, i + 1, 1, f"unbalanced {text[i]!r}"


def _mojibake_hits(analysis: Analysis, s: int) -> Iterator[Hit]:
    text = analysis.sentences[s].text
    if _MOJIBAKE_LEAD.search(text) and mojibake_score(text) > 0:
        yield 0, len(text), 1, "mojibake: text decoded with the wrong encoding"


def _space_before_screen(body: str) -> bool:
    # a space before a mark needs " ," or the like: substring tests are far cheaper than the regex
    return any(f" {mark}" in body for mark in ",.;:!?") and _SPACE_BEFORE.search(body) is not None


def _control_names(found: str) -> str:
    return "invisible control characters (" + ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(found)) + ")"


_RULES = (
    _Rule("MT601", "unbalanced", _found(_BRACKETS, _BRACKETS), _bracket_hits),
    _Rule(
        "MT602",
        "space_before_punct",
        _space_before_screen,
        _each_match(_SPACE_BEFORE, lambda _: 1, lambda _: "space before punctuation"),
    ),
    _Rule("MT603", "mojibake", _found(_MOJIBAKE_LEAD, None), _mojibake_hits),  # no lead byte is ASCII
    _Rule(
        "MT604",
        "non_latin",
        _found(_NON_LATIN, None),  # ASCII letters are Latin
        _each_match(_NON_LATIN, len, lambda found: f"untranslated text in another script: {found!r}"),
    ),
    _Rule("MT606", "controls", _found(_CONTROLS, _ASCII_CONTROLS), _each_match(_CONTROLS, len, _control_names)),
    _Rule(
        "MT605",
        "glued",
        _found(_GLUED_HINT, _ASCII_GLUED_HINT),
        _each_match(_GLUED, lambda _: 1, lambda g: f"glued words {g!r}"),
    ),
)


def extract(analysis: Analysis) -> FamilyResult:
    result = FamilyResult.empty(len(analysis.sentences))
    if not analysis.sentences:
        return result
    body = analysis.text[analysis.sentences[0].start : analysis.sentences[-1].end]
    for rule in _RULES:
        if not rule.screen(body):  # one scan of the whole text per rule
            continue
        for s, sentence in enumerate(analysis.sentences):
            feats, findings = result.features[s], result.findings[s]
            for start, end, weight, message in rule.hits(analysis, s):
                feats[rule.feature] = feats.get(rule.feature, 0) + weight
                findings.append(finding(rule.code, message, sentence.start + start, sentence.start + end))
    return result


_QUOTE_RUN = 8  # paragraphs one quotation may run over
_quoted: tuple[Analysis, frozenset[int]] | None = None  # the last document's answer (one tuple: thread-safe)


def _quoted_paragraphs(analysis: Analysis) -> frozenset[int]:
    """Paragraphs whose curly quotes balance, alone or with the paragraphs after them: a
    quotation may run over several sentences, and news carries one into the next paragraph by
    opening that paragraph with “ again and closing the quotation once, at its end. Computed
    once a document (the rule asks sentence by sentence)."""
    global _quoted
    memo = _quoted
    if memo is not None and memo[0] is analysis:
        return memo[1]
    spans: dict[int, tuple[int, int]] = {}
    for sentence in analysis.sentences:
        start, _ = spans.get(sentence.paragraph, (sentence.start, 0))
        spans[sentence.paragraph] = (start, sentence.end)
    accepted: set[int] = set()
    run: list[int] = []
    depth = 0
    for paragraph, (start, end) in spans.items():
        text = analysis.text[start:end]
        opens, closes = text.count("“"), text.count("”")
        if opens == closes:
            accepted.add(paragraph)
        if depth > 0 and text.lstrip().startswith("“"):
            opens -= 1  # the open quotation, continued
        depth += opens - closes
        run.append(paragraph)
        if depth == 0:
            accepted.update(run)
        if depth <= 0 or len(run) >= _QUOTE_RUN:
            run, depth = [], 0
    answer = frozenset(accepted)
    _quoted = (analysis, answer)
    return answer
