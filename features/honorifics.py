"""Honorific debris: titles of other languages, titles with no name, doubled or mixed titles.

Codes: MT101 foreign honorific, MT102 title without a name, MT103 two titles in a row,
MT104 "Mr" and "Mr." mixed in one article, MT105 a lone abbreviation as a sentence.
"""

from __future__ import annotations

from collections import Counter

from mtlint.core.lexicons import SURNAME_TITLES, lexicon
from mtlint.core.rules import finding

from . import corrections
from .analysis import Analysis, FamilyResult, Token
from .tagger import FINITE_VERB_TAGS
from .vocabulary import zipf

_STYLE_TITLES = frozenset(title.lower() for title in SURNAME_TITLES)
_COMMON_ZIPF = 4.5  # office words are commoner ("minister" 5.0, "chief" 5.1); given names rarer ("dev" 3.8, "ram" 4.2)
# a capitalised modal after a title is a name ("Mrs May", "Mr Will"): debris would be lower case
_NOT_A_NAME_TAGS = (FINITE_VERB_TAGS - {"MD"}) | {"IN", "DT", "CC", "TO", "PRP", "VBG", "VBN", "VB", "WDT"}


def _title_at(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """(title, index after it and its period) when tokens[i] is a title, else None."""
    word = tokens[i].lower
    if word not in lexicon("titles") and word not in lexicon("foreign_honorifics"):
        return None
    after = i + 1
    if after < len(tokens) and tokens[after].text == ".":
        after += 1
    return word, after


def _inside_name(tokens: list[Token], i: int) -> bool:
    """tokens[i] stands between two parts of a name ("storyteller Dev Kumari Thapa", where
    Kumari is a given name): the word before it is capitalised, no title and no common word
    ("Prime Minister Shri Modi" keeps its honorific), and a capitalised word follows."""
    if i == 0 or i + 1 >= len(tokens):
        return False
    before, after = tokens[i - 1], tokens[i + 1]
    return (
        before.is_word
        and before.is_capitalized
        and before.lower not in lexicon("titles")
        and zipf(before.lower) < _COMMON_ZIPF
        and after.is_word
        and after.is_capitalized
    )


def extract(analysis: Analysis) -> FamilyResult:
    result = FamilyResult.empty(len(analysis.sentences))
    foreign = lexicon("foreign_honorifics")
    stray = lexicon("stray_abbreviations")
    allowed = lexicon("honorific_allow")
    candidates = foreign | lexicon("titles")
    styles: Counter[bool] = Counter()  # with period?
    style_sites: list[tuple[int, Token, bool]] = []
    for s, tokens in enumerate(analysis.tokens):
        feats = {"honorific_foreign": 0.0, "honorific_no_name": 0.0, "honorific_doubled": 0.0}
        findings = result.findings[s]
        words = [t for t in tokens if t.is_word]
        if len(words) == 1 and tokens[-1].text == "." and words[0].lower in stray:
            findings.append(
                finding(
                    "MT105",
                    f"lone abbreviation {words[0].text + '.'!r} stands as a sentence",
                    tokens[0].start,
                    tokens[-1].end,
                    corrections.remove(analysis.text, tokens[0].start, tokens[-1].end, f"the debris {words[0].text}."),
                )
            )
            feats["lone_abbreviation"] = 1.0
            result.features[s] = feats
            continue
        for i, token in enumerate(tokens):
            lower = token.lower
            if lower not in candidates and not (token.is_capitalized and lower.endswith("-ji")):
                continue  # neither a title nor an honorific: most tokens stop here
            if len(token.text) > 1 and token.text.isupper() and any(t.text.islower() for t in words):
                continue  # capitals in a sentence in ordinary case: an acronym ("MS", "DR Congo")
            nxt_word = tokens[i + 1].lower if i + 1 < len(tokens) else ""
            if f"{lower} {nxt_word}" in allowed or _inside_name(tokens, i):
                continue
            if lower in foreign or (token.is_capitalized and lower.endswith("-ji")):
                feats["honorific_foreign"] += 1
                end = tokens[i + 1].end if i + 1 < len(tokens) and tokens[i + 1].text == "." else token.end
                findings.append(
                    finding(
                        "MT101",
                        f"honorific {token.text!r} from another language",
                        token.start,
                        end,
                        corrections.foreign_honorific(analysis.text, tokens, i, end),
                    )
                )
            title = _title_at(tokens, i) if token.is_capitalized else None
            if title is None:
                continue
            name, after = title
            span_end = tokens[after - 1].end
            if name in _STYLE_TITLES:
                has_period = after - i == 2
                styles[has_period] += 1
                style_sites.append((s, token, has_period))
            nxt = tokens[after] if after < len(tokens) else None
            if nxt is not None and _title_at(tokens, after) and nxt.is_capitalized:
                feats["honorific_doubled"] += 1
                findings.append(finding("MT103", "two titles in a row", token.start, nxt.end))
            elif nxt is None or not nxt.is_word or not nxt.is_capitalized or nxt.tag in _NOT_A_NAME_TAGS:
                if nxt is not None and nxt.text in ("“", '"', "'", "‘", "(") and name not in foreign:
                    continue  # a quoted or bracketed name follows ("Gen (Genda) and ...")
                feats["honorific_no_name"] += 1
                where = "ends the sentence" if nxt is None else f"is followed by {nxt.text!r}"
                findings.append(
                    finding(
                        "MT102",
                        f"title {analysis.text[token.start : span_end]!r} {where}, not a name",
                        token.start,
                        span_end,
                        corrections.dangling_title(analysis.text, tokens, i),
                    )
                )
        result.features[s] = feats
    if len(styles) == 2:
        minority = styles[True] < styles[False]
        majority_form = "without" if minority else "with"
        for s, token, has_period in style_sites:
            if has_period == minority:
                end = token.end + (1 if has_period else 0)
                result.findings[s].append(
                    finding(
                        "MT104",
                        f"{analysis.text[token.start : end]!r} mixes styles: this article writes "
                        f"titles {majority_form} a period {max(styles.values())} times",
                        token.start,
                        end,
                    )
                )
                result.features[s]["honorific_style_minority"] = 1.0
    return result
