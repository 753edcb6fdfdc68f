"""Names: cut at an initial ("Vladimir V."), and spelt differently once in an article.

Codes: MT201 name truncated at an initial, MT301 rare variant of a name the article spells
otherwise ("Blinkon" beside ten "Blinken").
"""

from __future__ import annotations

import string
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from mtlint.core.records import Edit, Fix, NameVariant
from mtlint.core.rules import finding

from . import corrections
from .analysis import Analysis, FamilyResult, Token, words
from .vocabulary import zipf

_INITIALS = frozenset(f"{letter}." for letter in string.ascii_uppercase)
_NAME_ZIPF = 3.0  # a name's lower-case form is rarer than this in general English
_GIVEN_NAME_ZIPF = 4.5
_LONG_NAME = 7  # letters from which an added or dropped letter reads as a misspelling
_INFLECTIONS = ("s", "es", "n", "an", "ian", "ese", "i")


def _truncated_at(tokens: list[Token], i: int) -> bool:
    """Whether the initial ``tokens[i]`` (one of _INITIALS: the caller tests that, the cheap part,
    for every token) ends a name cut short ("Vladimir V." at a sentence's end or before a lower-case word)."""
    if i == 0 or tokens[i].text == "I.":
        return False
    prev = tokens[i - 1]
    if not (prev.is_word and prev.is_capitalized and len(prev.text) > 1):
        return False
    if prev.text in _INITIALS or zipf(prev.lower) >= _GIVEN_NAME_ZIPF:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is None or (nxt.is_word and nxt.text[:1].islower())


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _inflection(name: str, other: str) -> bool:
    """Plural or other regular forms of a name ("the Blinkens") are not misspellings."""
    return any(name == other + suffix or other == name + suffix for suffix in _INFLECTIONS)


def _distinct_short_names(name: str, other: str) -> bool:
    """Short names a letter longer or shorter than each other are usually different names
    ("Hunan" and "Huan", "Tartu" and "Taru", "Otani" and "Ohtani"); a misspelling of a short
    name keeps its length ("Blinkon" for "Blinken")."""
    return len(name) != len(other) and max(len(name), len(other)) < _LONG_NAME


@lru_cache(maxsize=65_536)  # asked of every capitalised word: news repeats its names
def _is_name(text: str) -> bool:
    """A mention of a name: a capitalised rare word of four letters or more."""
    shaped = len(text) >= 4 and text[0].isupper() and text.isalpha() and not text.isupper()
    return shaped and zipf(text.lower()) < _NAME_ZIPF


def _name_mentions(analysis: Analysis) -> dict[str, list[tuple[int, Token]]]:
    mentions: dict[str, list[tuple[int, Token]]] = defaultdict(list)
    for s, tokens in enumerate(analysis.tokens):
        for token in tokens:
            if token.is_capitalized and _is_name(token.text):
                mentions[token.text].append((s, token))
    return mentions


def mention_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each name is mentioned in ``texts`` (sentences), as :func:`extract` counts
    them, without tagging: the pipeline counts a chunked document's names before its chunks."""
    return Counter(word for text in texts for word in words(text) if _is_name(word))


def name_variants(counts: Counter[str]) -> dict[str, tuple[str, int]]:
    """Map each rare variant to (the frequent form it varies, that form's count), given how
    often each name is mentioned."""
    frequent = [name for name, count in counts.items() if count >= 3]
    variants: dict[str, tuple[str, int]] = {}
    for name, count in counts.items():
        for other in frequent:
            if other == name or counts[other] < 3 * count or other[0] != name[0]:
                continue
            if _inflection(name, other) or _distinct_short_names(name, other):
                continue
            limit = 1 if len(other) < _LONG_NAME else 2
            if _edit_distance(name.lower(), other.lower(), limit) <= limit:
                variants[name] = (other, counts[other])
                break
    return variants


def inventory(counts: Counter[str]) -> dict[str, NameVariant]:
    """The document's rare spellings of names, by spelling: a document fact, computed once
    from the name mentions of all its chunks (``counts``, summed over them)."""
    return {name: NameVariant(other, count, counts[name]) for name, (other, count) in name_variants(counts).items()}


def extract(analysis: Analysis) -> FamilyResult:
    result = FamilyResult.empty(len(analysis.sentences))
    cuts = [
        (s, i)
        for s, tokens in enumerate(analysis.tokens)
        for i, token in enumerate(tokens)
        if token.text in _INITIALS and _truncated_at(tokens, i)
    ]
    mentions = _name_mentions(analysis)
    result.mentions = Counter({name: len(sites) for name, sites in mentions.items()})
    variants = name_variants(result.mentions if analysis.document_mentions is None else analysis.document_mentions)
    variants = {name: found for name, found in variants.items() if name in mentions}
    # a rare spelling (MT301) never completes a cut name: the fix would spread the misspelling
    completions = corrections.name_completions(analysis, cuts, exclude=set(variants)) if cuts else {}
    for s, i in cuts:
        tokens = analysis.tokens[s]
        token, prev = tokens[i], tokens[i - 1]
        where = "ends the sentence" if i + 1 == len(tokens) else "is cut off"
        result.findings[s].append(
            finding(
                "MT201",
                f"name {analysis.text[prev.start : token.end]!r} {where} at an initial",
                prev.start,
                token.end,
                completions.get((s, i)),
            )
        )
        result.features[s]["name_truncated"] = result.features[s].get("name_truncated", 0) + 1
    for name, (other, count) in variants.items():
        respell = f"spell it {other!r}, as the article does {count} times"
        for s, token in mentions[name]:
            result.findings[s].append(
                finding(
                    "MT301",
                    f"{name!r} is spelt {other!r} {count} times elsewhere in this article",
                    token.start,
                    token.end,
                    Fix((Edit(token.start, token.end, other),), "safe", respell),
                )
            )
            result.features[s]["name_variant"] = result.features[s].get("name_variant", 0) + 1
    return result
