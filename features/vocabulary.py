"""English word frequencies from wordfreq (shipped in its wheel, read offline), loaded once."""

from __future__ import annotations

import math
from functools import lru_cache


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("en", "large")


@lru_cache(maxsize=4)
def common_words(n: int) -> frozenset[str]:
    """The ``n`` most frequent English words, lower-cased."""
    import wordfreq

    return frozenset(wordfreq.top_n_list("en", n))


def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words) of a lower-cased word; 0 when unknown."""
    freq = _frequencies().get(word)
    return math.log10(freq * 1e9) if freq else 0.0
