"""A fast part-of-speech tagger (Penn Treebank tags) learned from UD English EWT.

No packaged tagger installs offline from the registries (spaCy and NLTK fetch their models
from the web), so mtlint learns its own: a lexicon of each word's tag given the previous tag,
backed off to the word's most frequent tag, then to suffix and shape classes. It tags about a
million tokens a second in pure Python and reaches the accuracy printed by
``python -m mtlint.training.tagger`` on the EWT dev split, which is what the fragment rules need
(finite verbs, subjects, determiners).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

_SUFFIX_LENGTHS = (4, 3, 2, 1)
FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
DATA_FILE = "pos_lexicon.json.gz"
_EMPTY: dict[str, str] = {}
_WORD_MEMO_SIZE = 200_000  # distinct tokens remembered; then the memo starts again


def _shape(word: str) -> str:
    if word.isalpha():  # most words: one C call instead of two scans
        return "CAP" if word[0].isupper() else "LOW"
    if any(c.isdigit() for c in word):
        return "NUM"
    if not any(c.isalpha() for c in word):
        return "PUNCT"
    if word[0].isupper():
        return "CAP"
    return "LOW"


class LexiconTagger:
    """Greedy left-to-right tagger: P(tag | word, previous tag) from counts, with back-off.
    (scikit-learn's conventions without its base class, whose import would cost every
    ``mtlint check`` half a second.)

    Parameters
    ----------
    min_context_count : int
        A (previous tag, word) pair must be seen this often to override the word's own tag.
    """

    def __init__(self, min_context_count: int = 1):
        self.min_context_count = min_context_count

    def fit(self, X: Sequence[Sequence[str]], y: Sequence[Sequence[str]]) -> LexiconTagger:
        words: dict[str, Counter[str]] = defaultdict(Counter)
        context: dict[str, Counter[str]] = defaultdict(Counter)
        suffixes: dict[str, Counter[str]] = defaultdict(Counter)
        for tokens, tags in zip(X, y, strict=True):
            prev = "<s>"
            for token, tag in zip(tokens, tags, strict=True):
                key = token.lower().replace("’", "'")
                words[key][tag] += 1
                context[f"{prev} {key}"][tag] += 1
                for n in _SUFFIX_LENGTHS:
                    if len(key) > n:
                        suffixes[f"{_shape(token)}:{key[-n:]}"][tag] += 1
                prev = tag
        self.lexicon_ = {w: c.most_common(1)[0][0] for w, c in words.items()}
        self.context_ = {
            k: c.most_common(1)[0][0]
            for k, c in context.items()
            if sum(c.values()) >= self.min_context_count and c.most_common(1)[0][0] != self.lexicon_[k.split(" ", 1)[1]]
        }
        self.suffix_ = {k: c.most_common(1)[0][0] for k, c in suffixes.items()}
        self.finite_ = sorted(w for w, c in words.items() if sum(c[t] for t in FINITE_VERB_TAGS) >= 2)
        for cache in ("_by_previous_table", "_word_memo"):  # built from the tables just replaced
            self.__dict__.pop(cache, None)
        return self

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """Tags of one sentence's tokens."""
        by_previous, memo = self._by_previous(), self._words()
        tags: list[str] = []
        context = by_previous.get("<s>", _EMPTY)
        for i, token in enumerate(tokens):
            entry = memo.get(token) or self._word(token)
            tag = context.get(entry[0]) or entry[2 if i else 1]
            tags.append(tag)
            context = by_previous.get(tag, _EMPTY)
        return tags

    def _by_previous(self) -> dict[str, dict[str, str]]:
        """``context_`` regrouped by previous tag, so tagging builds no keys (cached)."""
        table = self.__dict__.get("_by_previous_table")
        if table is None:
            table = {}
            for joined, tag in self.context_.items():
                prev, word = joined.split(" ", 1)
                table.setdefault(prev, {})[word] = tag
            self.__dict__["_by_previous_table"] = table
        return table

    def _words(self) -> dict[str, tuple[str, str, str]]:
        """Tokens seen so far: their look-up key and their own tag, first in a sentence and
        later (news repeats its words: one look-up a token instead of three, and no lower-casing)."""
        memo = self.__dict__.get("_word_memo")
        if memo is None or len(memo) >= _WORD_MEMO_SIZE:
            memo = self.__dict__["_word_memo"] = {}
        return memo

    def _word(self, token: str) -> tuple[str, str, str]:
        key = token.lower().replace("’", "'")
        own = self.lexicon_.get(key)
        entry = (key, own or self._unknown(token, key, 0), own or self._unknown(token, key, 1))
        self._words()[token] = entry
        return entry

    def _unknown(self, token: str, key: str, position: int) -> str:
        shape = _shape(token)
        if shape == "NUM":
            return "CD"
        if shape == "CAP" and position > 0:
            return "NNP"
        for n in _SUFFIX_LENGTHS:
            tag = self.suffix_.get(f"{shape}:{key[-n:]}")
            if tag:
                return tag
        return "NN"

    def predict(self, X: Sequence[Sequence[str]]) -> list[list[str]]:
        return [self.tag(tokens) for tokens in X]

    def score(self, X: Sequence[Sequence[str]], y: Sequence[Sequence[str]]) -> float:
        """Token accuracy."""
        right = total = 0
        for predicted, gold in zip(self.predict(X), y, strict=True):
            right += sum(p == g for p, g in zip(predicted, gold, strict=True))
            total += len(gold)
        return right / total if total else 0.0

    def save(self, path: Path) -> None:
        """Write the learned tables as gzipped JSON (data, not code)."""
        state = {
            "lexicon": self.lexicon_,
            "context": self.context_,
            "suffix": self.suffix_,
            "finite": self.finite_,
        }
        payload = json.dumps({"params": {"min_context_count": self.min_context_count}, "state": state}, sort_keys=True)
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(payload)

    @classmethod
    def load(cls, path: Path | None = None) -> LexiconTagger:
        if path is None:
            data = resources.files("mtlint.features").joinpath("data", DATA_FILE).read_bytes()
        else:
            data = Path(path).read_bytes()
        payload = json.loads(gzip.decompress(data))
        tagger = cls(**payload["params"])
        tagger.lexicon_ = payload["state"]["lexicon"]
        tagger.context_ = payload["state"]["context"]
        tagger.suffix_ = payload["state"]["suffix"]
        tagger.finite_ = payload["state"]["finite"]
        return tagger

    def can_be_finite(self, word: str) -> bool:
        """Whether a lower-case word was seen as a finite verb (or, unseen, looks like one)."""
        if not hasattr(self, "_finite_set"):
            self._finite_set = frozenset(self.finite_)
        key = word.lower().replace("’", "'")
        if key in self._finite_set:
            return True
        return key not in self.lexicon_ and key.endswith(("ed", "es", "s")) and len(key) > 3


@lru_cache(maxsize=1)
def default_tagger() -> LexiconTagger:
    """The tagger shipped in ``features/data`` (built by ``python -m mtlint.training.tagger``)."""
    return LexiconTagger.load()
