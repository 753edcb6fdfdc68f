"""The shared per-document analysis every extractor reads: tokens and POS tags per sentence.

Built once per document so no extractor tokenises or tags again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from mtlint.core.records import Document, Finding, Sentence

from .tagger import default_tagger

# words (with inner hyphens/apostrophes), clitics split the way UD EWT splits them,
# numbers, and single punctuation marks
_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*(?:['’](?!(?:s|re|ve|ll|d|m)\b)[^\W\d_]+)*"
_TOKEN = re.compile(
    r"[^\W\d_]+(?=n['’]t\b)|n['’]t\b|['’](?:s|re|ve|ll|d|m)\b"
    r"|\d+(?:[.,:]\d+)*|\b[A-Z]\.|" + _WORD + r"|\S",
)


class Token(NamedTuple):
    """A word or mark with absolute offsets into Document.text, its POS tag, and two facts every
    extractor asks (a tuple with plain fields: documents make millions of tokens, and the
    extractors read these flags millions of times)."""

    text: str
    start: int
    end: int
    tag: str = ""
    is_word: bool = False  # starts with a letter
    is_capitalized: bool = False  # starts with an upper-case letter
    lower: str = ""  # the text in lower case (asked of every token by several families)


def _cut(text: str, base: int) -> tuple[list[str], list[int], list[int]]:
    """The tokens of ``text`` as _TOKEN finds them, with their offsets plus ``base``. No token
    spans a blank, so each run of non-blanks is cut on its own, and one of letters only (most
    of them) is a word as it stands: half the time of running the pattern over every token."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    end = 0
    for run in text.split():
        start = text.find(run, end)
        end = start + len(run)
        if run.isalpha():
            words.append(run)
            starts.append(start + base)
            ends.append(end + base)
            continue
        for match in _TOKEN.finditer(text, start, end):
            words.append(match.group())
            starts.append(match.start() + base)
            ends.append(match.end() + base)
    return words, starts, ends


def words(text: str) -> list[str]:
    """The tokens of ``text`` as :meth:`Analysis.of` cuts them, without tags (cheap)."""
    return _cut(text, 0)[0]


class TextCounts(NamedTuple):
    """Words, sentences and syllables: what a document's readability is computed from, once,
    from the counts of all its chunks."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def plus(self, other: TextCounts) -> TextCounts:
        return TextCounts(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables)


@dataclass(slots=True)
class Analysis:
    """A segmented document with tokens and tags for each sentence and, once the families ran,
    their numbers for each sentence (the scorer's input; the records carry only findings)."""

    document: Document
    tokens: list[list[Token]] = field(default_factory=list)
    features: list[dict[str, float]] = field(default_factory=list)
    counts: TextCounts = TextCounts()  # the families' counts of these sentences
    mentions: Counter[str] = field(default_factory=Counter)  # of each name in these sentences
    # the mentions of each name in the whole document, when these sentences are one chunk of it
    # (a name spelt right in one chunk and wrong in another is still a variant: MT301)
    document_mentions: Counter[str] | None = None

    @classmethod
    def of(cls, document: Document) -> Analysis:
        tagger = default_tagger()
        tokens = []
        new = tuple.__new__  # a Token without its Python-level __new__: documents make millions
        for sentence in document.sentences:
            words, starts, ends = _cut(sentence.text, sentence.start)
            tokens.append(
                [
                    new(Token, (word, start, end, tag, word[0].isalpha(), word[0].isupper(), word.lower()))
                    for word, start, end, tag in zip(words, starts, ends, tagger.tag(words), strict=True)
                ]
            )
        return cls(document=document, tokens=tokens)

    @property
    def sentences(self) -> list[Sentence]:
        return self.document.sentences

    @property
    def text(self) -> str:
        return self.document.text


@dataclass(slots=True)
class FamilyResult:
    """What one extractor family returns: numeric features and findings per sentence."""

    features: list[dict[str, float]]
    findings: list[list[Finding]]
    counts: TextCounts | None = None  # for the document's readability (summed over chunks)
    mentions: Counter[str] | None = None  # of each name, for the document's name inventory (summed over chunks)

    @classmethod
    def empty(cls, n: int) -> FamilyResult:
        return cls(features=[{} for _ in range(n)], findings=[[] for _ in range(n)])
