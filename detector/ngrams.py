"""Hashed character and word n-grams for the fluency model, computed on numpy arrays.

scikit-learn's HashingVectorizer builds every n-gram as a Python string: 150 µs a sentence,
three quarters of mtlint's time. ``NgramHasher`` hashes code points with a rolling polynomial
over the whole batch at once and gives the same kind of features, about 20 times faster:
counts of hashed character n-grams (case kept) and lower-cased word n-grams (words are runs of
``\\w``, every other non-space character is a token of its own), each block scaled by one over
the square root of its n-gram count.

Hashes are computed modulo 2**64 with fixed constants, so they are the same in every process
and on every platform (Python's ``hash`` is salted per process).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from mtlint.core.lexicons import SURNAME_TITLES

_BASE = 1_000_003  # odd, so invertible modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 2**64)
_SPACE, _WORD, _OTHER = 0, 1, 2
_TITLE = re.compile(rf"\b(?:{'|'.join(SURNAME_TITLES)})\.? (?=[A-Z])")
# the titles no other title starts with ("Mr" for "Mrs"): a text without one has no title
_TITLE_STEMS = tuple(t for t in SURNAME_TITLES if not any(t != o and t.startswith(o) for o in SURNAME_TITLES))
_LETTERS = re.compile(r"[A-Za-z]{3,}")
_LOWER_LETTERS = re.compile(r"[a-z]{3,}")


@lru_cache(maxsize=1)
def _british_to_american() -> dict[str, str]:
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    return BRITISH_ENGLISH_SPELLINGS


def respell(text: str, table: Mapping[str, str]) -> str:
    """``text`` with each word that ``table`` holds (in lower case) replaced by its entry,
    keeping the word's case (most texts have no such word: one look-up of their words, and
    the text comes back as it is)."""
    if table.keys().isdisjoint(_LOWER_LETTERS.findall(text.lower())):
        return text

    def one(match: re.Match[str]) -> str:
        word = match.group()
        other = table.get(word.lower())
        if other is None:
            return word
        if word.isupper():
            return other.upper()
        return other[0].upper() + other[1:] if word[0].isupper() else other

    return _LETTERS.sub(one, text)


def american_spelling(text: str) -> str:
    """``text`` with its British spellings made American."""
    return respell(text, _british_to_american())


Entries = tuple[np.ndarray, np.ndarray, np.ndarray]


def _mix(h: np.ndarray, salt: int) -> np.ndarray:
    """SplitMix64's finaliser: spreads a polynomial hash over all 64 bits."""
    h = h ^ np.uint64(salt)
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


@lru_cache(maxsize=1)
def _bmp_classes() -> np.ndarray:
    """Space, word (``\\w``) or other, for every code point of the Basic Multilingual Plane."""
    return np.array(
        [_WORD if (c := chr(i)).isalnum() or c == "_" else _SPACE if c.isspace() else _OTHER for i in range(65536)],
        dtype=np.uint8,
    )


def _classes(cp: np.ndarray) -> np.ndarray:
    table = _bmp_classes()
    classes = table[np.minimum(cp, 65535)]
    astral = np.flatnonzero(cp > 65535)
    for i in astral:
        c = chr(int(cp[i]))
        classes[i] = _WORD if c.isalnum() else _SPACE if c.isspace() else _OTHER
    return classes


def _powers(base: int, size: int) -> np.ndarray:
    steps = np.full(size, base, dtype=np.uint64)
    steps[0] = 1
    return np.cumprod(steps, dtype=np.uint64)


class _Powers:
    """BASE**i and BASE**-i modulo 2**64, grown on demand. Both tables are replaced in one
    assignment, so a thread never sees one grown and the other not (the service checks
    documents on several threads)."""

    def __init__(self) -> None:
        self.tables = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        up, down = self.tables
        if len(up) < n:
            size = max(n, 2 * len(up))
            up, down = self.tables = (_powers(_BASE, size), _powers(_BASE_INVERSE, size))
        return up[:n], down[:n]


_POWERS = _Powers()


def _code_points(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts' code points joined by one separator, and each position's text (-1 on a
    separator)."""
    joined = "\x00".join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    row = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(cp)]
    row[np.cumsum(lengths + 1)[:-1] - 1] = -1
    return cp, row


class NgramHasher:
    """Texts to a sparse matrix of hashed n-gram counts: ``n_features`` columns of character
    n-grams, then ``n_features`` of word n-grams. A scikit-learn transformer by convention
    (fit/transform), without its base class: scoring imports neither scikit-learn nor scipy.

    Parameters
    ----------
    n_features : int
        Hash buckets per block.
    char_ngrams, word_ngrams : tuple of int
        Smallest and largest n (inclusive).
    titles : bool
        Leave out the English titles before a name ("Mr", "Mrs", "Ms", "Dr", with or without
        a stop). In the training data a title is four times as common in garbled machine
        translation as in fluent text, and "Mr" without a stop (British house style, the
        seed's) occurs only there; a model that saw titles scored "Mr Lavrov arrived." 0.93
        for machine translation and "Ms Baerbock arrived." 0.25, and flagged 8 of 20 short
        fluent news sentences such as "Mr Xi spoke for an hour." Models trained before it
        hash the text as it is.
    american : bool
        Hash British spellings as American ones ("centre" as "center", "organised" as
        "organized"; breame's 1,730 pairs): MLQE-PE's post-editors and UD EWT write American
        English, so a model that saw both spellings learned British spelling as machine
        translation (measured: "The centre organised a labour rally." 0.62 and flagged, "The
        center organized a labor rally." 0.24). Models trained before it hash the text as it is.
    """

    def __init__(
        self,
        n_features: int = 2**18,
        char_ngrams: tuple[int, int] = (2, 4),
        word_ngrams: tuple[int, int] = (1, 2),
        titles: bool = True,
        american: bool = True,
    ):
        self.n_features = n_features
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.titles = titles
        self.american = american

    def fit(self, X: Sequence[str], y: object = None) -> NgramHasher:
        """Nothing to learn: hashing needs no vocabulary."""
        return self

    def transform(self, X: Sequence[str]):
        """A ``scipy.sparse`` CSR matrix (scipy is imported here: scoring uses :meth:`entries`)."""
        from scipy import sparse

        rows, cols, values = self.entries(X)
        shape = (len(X), 2 * self.n_features)
        return sparse.coo_matrix((values, (rows, cols)), shape=shape).tocsr()

    def entries(self, X: Sequence[str]) -> Entries:
        """(row, column, value) of every n-gram occurrence; repeats add up. A linear model
        scores from these directly (``np.bincount``) without building a matrix."""
        if not len(X):
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        if self.titles:  # the pattern only where a title's letters are (substring tests are cheaper)
            X = [_TITLE.sub("", text) if any(stem in text for stem in _TITLE_STEMS) else text for text in X]
        if self.american:
            X = [american_spelling(text) for text in X]
        char_rows, char_cols = self._char_ngrams(X)
        word_rows, word_cols = self._word_ngrams(X)
        values = []
        for rows in (char_rows, word_rows):
            counts = np.bincount(rows, minlength=len(X))
            values.append(1.0 / np.sqrt(np.maximum(counts, 1))[rows])
        return (
            np.concatenate([char_rows, word_rows]),
            np.concatenate([char_cols, word_cols + self.n_features]),
            np.concatenate(values),
        )

    def _char_ngrams(self, X: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        cp, row = _code_points(X)
        low, high = self.char_ngrams
        h = cp.copy()
        rows, cols = [], []
        for n in range(1, high + 1):
            if n > 1:
                h = h[:-1] * np.uint64(_BASE) + cp[n - 1 :]
            if n >= low:
                first, last = row[: len(h)], row[n - 1 :]
                keep = (first == last) & (first >= 0)
                rows.append(first[keep])
                cols.append(self._bucket(h[keep], n))
        return np.concatenate(rows), np.concatenate(cols)

    def _word_ngrams(self, X: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        cp, row = _code_points([text.lower() for text in X])
        classes = _classes(cp)
        classes[row < 0] = _SPACE
        word = classes == _WORD
        other = classes == _OTHER
        before = np.zeros_like(word)  # is the previous character a word character
        before[1:] = word[:-1]
        after = np.zeros_like(word)
        after[:-1] = word[1:]
        starts = np.flatnonzero((word & ~before) | other)
        ends = np.flatnonzero((word & ~after) | other)
        up, down = _POWERS.get(len(cp))
        prefix = np.zeros(len(cp) + 1, dtype=np.uint64)
        np.cumsum(cp * up, dtype=np.uint64, out=prefix[1:])
        token = (prefix[ends + 1] - prefix[starts]) * down[starts]  # the token's own hash, wherever it is
        token_row = row[starts]
        low, high = self.word_ngrams
        h = token
        rows, cols = [], []
        for n in range(1, high + 1):
            if n > 1:
                h = h[:-1] * np.uint64(_BASE) + _mix(token[n - 1 :], 0)
            if n >= low:
                first = token_row[: len(h)]
                keep = first == token_row[n - 1 :]
                rows.append(first[keep])
                cols.append(self._bucket(h[keep], 100 + n))
        return np.concatenate(rows), np.concatenate(cols)

    def _bucket(self, h: np.ndarray, salt: int) -> np.ndarray:
        return (_mix(h, salt) % np.uint64(self.n_features)).astype(np.int64)
