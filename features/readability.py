"""Readability and lexical statistics: the document's Flesch reading ease, sentence length
relative to the document, rare-word and out-of-vocabulary rates (numeric features only, no
findings).

Syllables are counted one distinct word at a time and remembered (:mod:`features.syllables`,
the same counts as textstat's): news repeats its words, so a document costs a dictionary
look-up a word. Flesch's formula is applied to those counts and to mtlint's own words and
sentences.
"""

from __future__ import annotations

import statistics

from mtlint.core.records import Readability

from . import syllables as syllable_counts
from .analysis import Analysis, FamilyResult, TextCounts
from .vocabulary import zipf_table

_RARE_ZIPF = 2.5
_LONG_WORD = 40  # no English word is longer; hyphenating such a token takes pyphen seconds
_SYLLABLE_MEMO_SIZE = 200_000
_syllables: dict[str, int] = {}


def syllables(word: str) -> int:
    """Syllables in a lower-cased word (CMU dictionary, then pyphen), memoised."""
    count = _syllables.get(word)
    if count is None:
        if len(_syllables) >= _SYLLABLE_MEMO_SIZE:
            _syllables.clear()
        count = _syllables[word] = syllable_counts.count(word) if len(word) < _LONG_WORD else 0
    return count


def flesch_reading_ease(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch (1948): 206.835 - 1.015 words per sentence - 84.6 syllables per word."""
    if not words or not sentences:
        return 0.0
    return 206.835 - 1.015 * words / sentences - 84.6 * syllable_count / words


def of_counts(counts: TextCounts) -> Readability:
    """The readability of a text with these counts (a whole document's: its chunks' summed)."""
    return Readability(
        flesch_reading_ease=round(flesch_reading_ease(counts.words, counts.sentences, counts.syllables), 2),
        syllables_per_word=round(counts.syllables / counts.words, 4) if counts.words else 0.0,
    )


def extract(analysis: Analysis) -> FamilyResult:
    result = FamilyResult.empty(len(analysis.sentences))
    zipfs = zipf_table()
    word_tokens = [[t for t in tokens if t.is_word] for tokens in analysis.tokens]
    lengths = [len(w) for w in word_tokens]
    median = statistics.median(lengths) if lengths else 0
    total_syllables = 0
    known = _syllables.get  # the memo first: a function call a word cost more than the look-up
    for s, sentence_words in enumerate(word_tokens):
        n = len(sentence_words) or 1
        lowered = [t.lower for t in sentence_words]
        total_syllables += sum([known(w) or syllables(w) for w in lowered])
        # capitalised words are mostly names: their rarity says nothing about garbling
        frequencies = [zipfs[w] for t, w in zip(sentence_words, lowered, strict=True) if not t.is_capitalized]
        result.features[s].update(
            {
                "relative_length": lengths[s] / median if median else 1.0,
                "rare_word_rate": len([f for f in frequencies if 0 < f < _RARE_ZIPF]) / n,
                "oov_rate": frequencies.count(0.0) / n,
                "long_word_rate": len([w for w in lowered if len(w) > 12]) / n,
            }
        )
    result.counts = TextCounts(sum(lengths), len(analysis.sentences), total_syllables)
    return result
