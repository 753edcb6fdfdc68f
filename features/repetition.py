"""Repetition: a word doubled ("the the") or one stem repeated in a short window
("progressing with some obvious progress", "imposing restrictions ... imposed by").

Codes: MT501 repeated word, MT502 repeated stem nearby (info: it fires on about 1.4% of fluent
news sentences, "injured ... injuries", so it is a hint, not evidence of garbling), MT503 a
phrase looping three or more times ("nor a reign, nor a reign, nor a reign").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial

from mtlint.core.rules import finding

from . import corrections
from .analysis import Analysis, FamilyResult, Token
from .vocabulary import common_words

# a phrase of one to four words, then the same phrase twice or more, spaces or commas between
_LOOP = re.compile(r"\b((?:[A-Za-z]+\s+){0,3}[A-Za-z]{2,})(?:[\s,;]+\1\b){2,}", re.IGNORECASE)
_QUOTES = frozenset("\"'“”‘’")
_LONG_WORD = re.compile(r"[a-z]{4,}")
_LEGAL_DOUBLES = frozenset({"had", "that", "is", "do", "very", "bye", "no", "so", "ha", "blah"})
_STEM = 5
_WINDOW = 8


def _doubled(first: Token, second: Token, distance: int, single_names: Callable[[], set[str]]) -> bool:
    """A word written twice in a row: next to each other, nothing between them (a comma,
    a number or a bracket makes an enumeration, "Iran, Iran has", "19th, 20th"), not an
    acronym, and not a reduplicated name ("Wagga Wagga", "Adamu Adamu"): a capitalised pair
    counts only when the article also writes the word alone ("Mr Blinken Blinken")."""
    if distance != 1 or second.text.isupper():
        return False
    return not (first.is_capitalized and second.is_capitalized) or second.text in single_names()


def _single_names(analysis: Analysis) -> set[str]:
    """Capitalised words the article writes at least once without a copy beside them."""
    singles = set()
    for tokens in analysis.tokens:
        for i, token in enumerate(tokens):
            beside = {tokens[j].text for j in (i - 1, i + 1) if 0 <= j < len(tokens)}
            if token.is_capitalized and token.text not in beside:
                singles.add(token.text)
    return singles


def _loops(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of each phrase with a word of four letters or more that loops
    three or more times in ``text``, as a translation model stuck in a loop writes it. One word
    with nothing between its copies is MT501's unless every copy is capitalised (MT501 leaves
    "Wagga Wagga" alone, and no name repeats thrice), and a loop that is a whole
    quotation is meant ("He had 'bla, bla, bla' written"). Most sentences repeat no long word
    twice and are not searched."""
    long_words = _LONG_WORD.findall(text.lower())
    if len(long_words) - len(set(long_words)) < 2:  # a loop repeats its long word twice
        return []
    found = []
    for match in _LOOP.finditer(text):
        start, end = match.span()
        phrase = match.group(1)
        bare = " " not in phrase and "," not in text[start:end] and ";" not in text[start:end]
        if bare and not text[start:end].istitle():  # "sum sum sum", "Compare compare compare"
            continue
        if not _LONG_WORD.search(phrase.lower()):
            continue
        before, after = text[:start].rstrip(), text[end:].lstrip(",.;:!? ")
        if before[-1:] in _QUOTES and after[:1] in _QUOTES:  # an empty side is no quote
            continue
        found.append((start, end, phrase))
    return found


def extract(analysis: Analysis) -> FamilyResult:
    result = FamilyResult.empty(len(analysis.sentences))
    function_words = common_words(300)
    single_names = cache(partial(_single_names, analysis))  # built only for a capitalised pair
    for s, tokens in enumerate(analysis.tokens):
        sentence = analysis.sentences[s]
        for start, end, phrase in _loops(sentence.text):
            result.features[s]["phrase_loop"] = result.features[s].get("phrase_loop", 0) + 1
            result.findings[s].append(
                finding(
                    "MT503",
                    f"{phrase!r} repeated three or more times in a row",
                    sentence.start + start,
                    sentence.start + end,
                )
            )
        at = [i for i, t in enumerate(tokens) if t.is_word]
        words = [tokens[i] for i in at]
        lowers = [t.lower for t in words]
        seen: dict[str, int] = {}
        for k, (word, lower) in enumerate(zip(words, lowers, strict=True)):
            doubled = k and lower == lowers[k - 1] and _doubled(words[k - 1], word, at[k] - at[k - 1], single_names)
            if doubled and lower not in _LEGAL_DOUBLES:
                result.features[s]["repeated_word"] = result.features[s].get("repeated_word", 0) + 1
                result.findings[s].append(
                    finding(
                        "MT501",
                        f"word {word.text!r} repeated",
                        words[k - 1].start,
                        word.end,
                        corrections.doubled_word(analysis.text, words[k - 1], word),
                    )
                )
                continue
            if len(lower) < _STEM + 1 or word.is_capitalized or lower in function_words:
                continue
            stem = lower[:_STEM]
            earlier = seen.get(stem)
            if earlier is not None and k - earlier <= _WINDOW and lowers[earlier] != lower:
                first = words[earlier]
                result.features[s]["repeated_stem"] = result.features[s].get("repeated_stem", 0) + 1
                result.findings[s].append(
                    finding(
                        "MT502",
                        f"{first.text!r} and {word.text!r} repeat one stem a few words apart",
                        first.start,
                        word.end,
                    )
                )
            seen[stem] = k
    return result
