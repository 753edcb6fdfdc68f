"""The edits that fixes propose, built from what the article itself proves.

Extractors call these when they create a finding: removing debris ("Min.", "Shri.") with the
whitespace around it so the sentence reads right, and completing a name cut at an initial
from the article's own name inventory. Which fixes are safe is decided here and documented
in the rule registry: only deterministic edits the article grounds are ``safe``.
"""

from __future__ import annotations

from collections import defaultdict

from mtlint.core.lexicons import SURNAME_TITLES, lexicon
from mtlint.core.records import Edit, Fix

from .analysis import Analysis, Token
from .vocabulary import zipf

_GIVEN_NAME_ZIPF = 5.0  # a proper noun at least this common is a role ("President"), not a name
_SURNAME_TITLES = frozenset(title.lower() for title in SURNAME_TITLES)
_CLAUSE_MARKS = frozenset({",", ";", ":", "–", "—", "-"})
_SENTENCE_ENDS = frozenset({".", "!", "?"})


def removal(text: str, start: int, end: int) -> Edit:
    """Delete ``text[start:end]`` and one side's whitespace, so no double space, leading space
    or empty line is left: the following spaces when more text follows on the line; the rest
    of the line's whitespace when the span starts a line; else the preceding spaces."""
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] not in "\r\n":
        return Edit(start, after, "")
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before == 0 or text[before - 1] == "\n":
        while after < len(text) and text[after].isspace():
            after += 1
        return Edit(before, after, "")
    return Edit(before, end, "")


def remove(text: str, start: int, end: int, what: str) -> Fix:
    """A safe fix deleting debris."""
    return Fix((removal(text, start, end),), "safe", f"remove {what}")


def _is_title(token: Token) -> bool:
    lower = token.lower
    return token.is_capitalized and (lower in lexicon("titles") or lower in lexicon("foreign_honorifics"))


def dangling_title(text: str, tokens: list[Token], i: int) -> Fix | None:
    """Remove a title, or a run of titles, that ends its sentence after a clause mark
    ("gestures, Shri." and "demand, Shri. Min." lose all but the period that ends them), or
    after another sentence's end ("next week. Min.").
    Nothing when the title follows a word ("met with Shri."): there the name is missing,
    and removing the title would not bring it back."""
    if [t.text for t in tokens[i + 1 :]] not in ([], ["."]):
        return None
    j = i
    while j >= 2 and tokens[j - 1].text == "." and _is_title(tokens[j - 2]):
        j -= 2
    while j >= 1 and _is_title(tokens[j - 1]):
        j -= 1
    if j == 0:
        return None
    titles = text[tokens[j].start : tokens[i].end]
    if tokens[j - 1].text in _SENTENCE_ENDS:  # "next week. Min." that segmentation kept together
        return remove(text, tokens[j].start, tokens[-1].end, f"the debris {text[tokens[j].start : tokens[-1].end]!r}")
    if tokens[j - 1].text not in _CLAUSE_MARKS:
        return None
    return Fix((Edit(tokens[j - 1].start, tokens[i].end, ""),), "safe", f"remove the dangling title {titles!r}")


def foreign_honorific(text: str, tokens: list[Token], i: int, end: int) -> Fix | None:
    """Remove an honorific of another language (``text[tokens[i].start:end]``, its period
    included) before a name ("with Shri. Putin" becomes "with Putin"), its "-ji" suffix
    ("Gandhi-ji"), or the title left dangling at the sentence's end."""
    token = tokens[i]
    if token.lower.endswith("-ji") and token.lower not in lexicon("foreign_honorifics"):
        return Fix((Edit(token.end - 3, token.end, ""),), "safe", "remove the honorific suffix '-ji'")
    after = i + 2 if end > token.end else i + 1
    nxt = tokens[after] if after < len(tokens) else None
    if nxt is not None and nxt.is_capitalized and nxt.tag.startswith("NNP"):
        return remove(text, token.start, end, f"the honorific {text[token.start : end]!r}")
    return dangling_title(text, tokens, i)


def doubled_word(text: str, first: Token, second: Token) -> Fix | None:
    """Remove the second copy of a doubled word and the space before it; nothing when
    punctuation stands between the two ("no, no") or the second is capitalised: a name
    ("Saba Saba march", "Walla Walla") is not a slip."""
    if not text[first.end : second.start].isspace() or not second.text[:1].islower():
        return None
    return Fix((Edit(first.end, second.end, ""),), "safe", f"remove the repeated {second.text!r}")


def _introducer(tokens: list[Token], i: int) -> Token | None:
    """The given name or initial before tokens[i] ("Naftali Bennett", "Anthony J. Blinken"):
    a proper noun, so "Echoing Putin's" or "President Biden" introduce no one."""
    if i == 0:
        return None
    prev = tokens[i - 1]
    if not prev.is_capitalized:
        return None
    lower = prev.text.rstrip(".").lower()
    if lower in lexicon("titles") or lower in lexicon("foreign_honorifics"):
        return None
    is_initial = len(prev.text) == 2 and prev.text.endswith(".")
    is_name = prev.tag.startswith("NNP") and prev.text.isalpha() and zipf(lower) < _GIVEN_NAME_ZIPF
    return prev if is_initial or is_name else None


def _given_name(tokens: list[Token], i: int) -> str:
    """The first name of the full name ending at tokens[i] ("Anthony" in "Anthony J. Blinken")."""
    j = i
    while (prev := _introducer(tokens, j)) is not None:
        j -= 1
        if not prev.text.endswith("."):
            return prev.text
    return ""


def name_completions(
    analysis: Analysis, cuts: list[tuple[int, int]], exclude: set[str] = frozenset()
) -> dict[tuple[int, int], Fix]:
    """Unsafe fixes completing names cut at an initial (``cuts``: (sentence, token) of each
    initial) from the article's name inventory: the surnames it writes after "Mr", "Mrs", "Ms"
    or "Dr". A surname the article gives in full with the same first name wins ("Vladimir
    Putin" completes "Vladimir V."); else the cut name is taken as the person's introduction,
    and the first later mention of a surname the article never introduces completes it (each
    surname completes one cut name). Names in ``exclude`` (rare spellings) complete none."""
    surnames: set[str] = set()
    for tokens in analysis.tokens:
        for i in range(1, len(tokens)):
            j = i - 2 if tokens[i - 1].text == "." and i > 1 else i - 1  # "Mr. Lavrov"
            if tokens[j].lower in _SURNAME_TITLES and tokens[i].is_capitalized and tokens[i].text.isalpha():
                surnames.add(tokens[i].text)
    surnames -= exclude
    if not surnames:
        return {}
    mentions: dict[str, list[int]] = defaultdict(list)  # surname -> offsets, in article order
    given: dict[str, set[str]] = defaultdict(set)  # surname -> first names the article gives it
    for tokens in analysis.tokens:
        for i, token in enumerate(tokens):
            if token.text in surnames:
                mentions[token.text].append(token.start)
                if first := _given_name(tokens, i):
                    given[token.text].add(first)
    fixes: dict[tuple[int, int], Fix] = {}
    claimed: set[str] = set()
    for s, i in cuts:
        tokens = analysis.tokens[s]
        initial, first = tokens[i], tokens[i - 1].text
        known = sorted(name for name, firsts in given.items() if first in firsts)
        if known:
            surname = known[0]
        else:
            later = [
                (offsets[0], name)
                for name, all_offsets in mentions.items()
                if name not in given and name not in claimed
                for offsets in [[o for o in all_offsets if o > initial.end]]
                if offsets
            ]
            if not later:
                continue
            surname = min(later)[1]
            claimed.add(surname)
        ends = i + 1 == len(tokens)
        insertion = f" {surname}." if ends else f" {surname}"
        fixes[(s, i)] = Fix(
            (Edit(initial.end, initial.end, insertion),),
            "unsafe",
            f"complete the name from the article: '{first} {initial.text} {surname}'",
        )
    return fixes
