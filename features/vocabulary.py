"""English word frequencies from wordfreq (shipped in its wheel, read offline), loaded once.

wordfreq stores words in centibel buckets (bucket i holds words of frequency 10**(-i/100),
Zipf value 9 - i/100). Importing wordfreq (langcodes behind it), decoding its msgpack file
and building a dict of its 321,000 words took a one-file check 0.25 s. mtlint keeps the
words sorted, each with its bucket, as text cached by :mod:`core.cache`: loading is two
splits, and a word's value is found by bisection the first time it is looked up.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from mtlint.core.cache import cached, package_file

_TABLE = "wordfreq-en-large-1"
_TOP = 10_000  # words kept in frequency order, for common_words
_MEMO_SIZE = 500_000
_MULTI_DIGIT = re.compile(r"\d[\d.,]+")  # wordfreq leaves such words out of its top-n lists


class ZipfTable(dict):
    """Zipf frequency of a lower-cased word, 0.0 when unknown: ``table[word]``. Words seen
    once are remembered in the dict itself, so hot loops pay a dict look-up."""

    def __init__(self, words: list[str], buckets: str, top: list[str]):
        super().__init__()
        self.words = words  # sorted
        self.buckets = buckets  # chr(48 + bucket) per word
        self.top = top  # the most frequent words, most frequent first

    def __missing__(self, word: str) -> float:
        i = bisect.bisect_left(self.words, word)
        found = i < len(self.words) and self.words[i] == word
        value = round(9 - (ord(self.buckets[i]) - 48) / 100, 2) if found else 0.0
        if len(self) >= _MEMO_SIZE:
            self.clear()
        self[word] = value
        return value

    @classmethod
    def parse(cls, text: str) -> ZipfTable:
        buckets, words, top = text.split("\n")
        table = cls(words.split(" "), buckets, top.split(" "))
        if len(table.words) != len(buckets):
            raise ValueError("a damaged word-frequency table")
        return table


def _build() -> str:
    import wordfreq

    bucket_of = {}
    for i, words in enumerate(wordfreq.get_frequency_list("en", "large")):
        bucket_of.update(dict.fromkeys(words, chr(48 + i)))
    words = sorted(bucket_of)
    top = list(bucket_of)[:_TOP]  # insertion order: by bucket, as wordfreq lists them
    return "\n".join(["".join(bucket_of[w] for w in words), " ".join(words), " ".join(top)])


@lru_cache(maxsize=1)
def zipf_table() -> ZipfTable:
    """The same numbers as ``wordfreq.zipf_frequency(word, "en")`` for a lower-cased word."""
    return cached(_TABLE, package_file("wordfreq", "data", "large_en.msgpack.gz"), _build, ZipfTable.parse)


@lru_cache(maxsize=4)
def common_words(n: int) -> frozenset[str]:
    """The ``n`` most frequent English words, lower-cased (``wordfreq.top_n_list("en", n)``)."""
    words = [word for word in zipf_table().top if not _MULTI_DIGIT.match(word)]
    if n > len(words):
        import wordfreq

        return frozenset(wordfreq.top_n_list("en", n))
    return frozenset(words[:n])


def zipf(word: str) -> float:
    """Zipf frequency of a lower-cased word; 0 when unknown."""
    return zipf_table()[word]
