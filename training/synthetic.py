"""Synthetic round-trip-translation artifacts, written into clean English documents.

Each corruption mimics what the seed article shows: honorific debris ("Shri."), a name cut
at an initial ("Vladimir V."), a one-off misspelling of a name the document spells right
elsewhere, a dropped subject ("Reiterated Putin's demand"), a stray abbreviation sentence
("Min."), swapped or repeated words, a dropped verb; and what round-trip translation does
to small words: a wrong preposition ("call from the minister"), a dropped or wrong article;
a sentence split before its last phrase ("... to flee the country. United States in late
January."), a verb capitalised after a name ("Anton Trinowski Contributed to").
Seeded and reproducible; the corrupted sentence is labelled 1 and the span of the change
is kept.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from .data import Example

_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,}) ([A-Z][a-z]{3,})\b")
_CAPWORD = re.compile(r"\b[A-Z][a-z]{4,}\b")
_SUBJECT = re.compile(r"^(?:He|She|They|It|We|The \w+|This \w+) (\w+ed|\w+s)\b")
_VERB = re.compile(r"\b(is|was|are|were|has|had|have|said|says|became|made|took|\w{3,}ed)\b")
_WORD = re.compile(r"\b[a-z]{3,}\b")
_PREPOSITIONS = ("in", "on", "at", "of", "for", "to", "from", "with", "by", "about", "into", "over")
_PREPOSITION = re.compile(r"\b(?:" + "|".join(_PREPOSITIONS) + r")\b")
_ARTICLE = re.compile(r"\b(?:the|a|an) ")
_LAST_PHRASE = re.compile(r" ((?:in|on|at|from|by|with|after|before|during) [^,;]{6,40})\.$")
_NAME_VERB = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+ ([a-z]{3,}ed) (?=[a-z])")
HONORIFICS = ("Shri.", "Smt.", "Sh.", "Shri")


@dataclass(frozen=True)
class Corruption:
    text: str
    span: tuple[int, int]
    kind: str


def honorific(text: str, rng: random.Random) -> Corruption | None:
    word = rng.choice(HONORIFICS)
    if text.endswith(".") and rng.random() < 0.5:
        out = f"{text[:-1]} with {word}"
        return Corruption(out if out.endswith(".") else out + ".", (len(text) - 1, len(out)), "honorific")
    m = _NAME.search(text)
    if not m:
        return None
    out = text[: m.start()] + word + " " + text[m.start() :]
    return Corruption(out, (m.start(), m.start() + len(word)), "honorific")


def truncate_name(text: str, rng: random.Random) -> Corruption | None:
    m = _NAME.search(text)
    if not m:
        return None
    out = text[: m.end(1)] + f" {m.group(2)[0]}."
    return Corruption(out, (m.start(1), len(out)), "truncated_name")


def drop_subject(text: str, rng: random.Random) -> Corruption | None:
    m = _SUBJECT.match(text)
    if not m:
        return None
    verb = m.group(1)
    out = verb[0].upper() + verb[1:] + text[m.end(1) :]
    return Corruption(out, (0, len(verb)), "no_subject")


def stray_abbreviation(text: str, rng: random.Random) -> Corruption | None:
    word = rng.choice(("Min.", "Sh.", "Hon."))
    return Corruption(f"{word} {text}", (0, len(word)), "stray_abbreviation")


def swap_words(text: str, rng: random.Random) -> Corruption | None:
    words = list(_WORD.finditer(text))
    if len(words) < 4:
        return None
    i = rng.randrange(1, len(words) - 1)
    a, b = words[i], words[i + 1]
    out = text[: a.start()] + b.group() + text[a.end() : b.start()] + a.group() + text[b.end() :]
    return Corruption(out, (a.start(), b.end()), "word_swap")


def repeat_word(text: str, rng: random.Random) -> Corruption | None:
    words = list(_WORD.finditer(text))
    if not words:
        return None
    w = rng.choice(words)
    out = text[: w.end()] + " " + w.group() + text[w.end() :]
    return Corruption(out, (w.start(), w.end() + 1 + len(w.group())), "repeated_word")


def drop_verb(text: str, rng: random.Random) -> Corruption | None:
    m = _VERB.search(text, 1)
    if not m:
        return None
    out = (text[: m.start()] + text[m.end() :]).replace("  ", " ", 1)
    return Corruption(out, (max(0, m.start() - 1), min(len(out), m.start() + 1)), "no_verb")


def wrong_preposition(text: str, rng: random.Random) -> Corruption | None:
    sites = list(_PREPOSITION.finditer(text))
    if not sites:
        return None
    m = rng.choice(sites)
    word = rng.choice([p for p in _PREPOSITIONS if p != m.group()])
    return Corruption(text[: m.start()] + word + text[m.end() :], (m.start(), m.start() + len(word)), "preposition")


def article_error(text: str, rng: random.Random) -> Corruption | None:
    """Drop an article, or swap "the" and "a" (languages without articles lose them)."""
    sites = list(_ARTICLE.finditer(text))
    if not sites:
        return None
    m = rng.choice(sites)
    if rng.random() < 0.6:
        return Corruption(text[: m.start()] + text[m.end() :], (m.start(), m.start() + 1), "article_dropped")
    word = "a " if m.group() == "the " else "the "
    return Corruption(text[: m.start()] + word + text[m.end() :], (m.start(), m.start() + len(word) - 1), "article")


def split_fragment(text: str, rng: random.Random) -> Corruption | None:
    """Cut the last phrase off as a verbless sentence of its own."""
    m = _LAST_PHRASE.search(text)
    if not m or m.start() < 20:
        return None
    phrase = m.group(1)
    out = f"{text[: m.start()]}. {phrase[0].upper()}{phrase[1:]}."
    return Corruption(out, (m.start() + 2, len(out)), "split_fragment")


def capitalise_verb(text: str, rng: random.Random) -> Corruption | None:
    m = _NAME_VERB.search(text)
    if not m:
        return None
    verb = m.group(1)
    out = text[: m.start(1)] + verb[0].upper() + verb[1:] + text[m.end(1) :]
    return Corruption(out, m.span(1), "capitalised_verb")


SENTENCE_CORRUPTIONS: tuple[Callable[[str, random.Random], Corruption | None], ...] = (
    honorific,
    truncate_name,
    drop_subject,
    stray_abbreviation,
    swap_words,
    repeat_word,
    drop_verb,
    wrong_preposition,
    article_error,
    split_fragment,
    capitalise_verb,
)


def misspell_name(doc: list[str], rng: random.Random) -> tuple[int, Corruption] | None:
    """Misspell one mention of a name the document uses at least twice."""
    counts = Counter(m.group() for text in doc for m in _CAPWORD.finditer(text))
    names = [name for name, n in counts.items() if n >= 2]
    if not names:
        return None
    name = rng.choice(names)
    sites = [(i, m) for i, text in enumerate(doc) for m in _CAPWORD.finditer(text) if m.group() == name]
    i, m = rng.choice(sites)
    pos = rng.randrange(2, len(name))
    vowels = "aeiou"
    repl = rng.choice([v for v in vowels if v != name[pos]]) if name[pos] in vowels else name[pos] + name[pos]
    variant = name[:pos] + repl + name[pos + 1 :]
    text = doc[i]
    return i, Corruption(
        text[: m.start()] + variant + text[m.end() :],
        (m.start(), m.start() + len(variant)),
        "name_variant",
    )


def corrupt_documents(docs: list[list[Example]], rate: float = 0.35, seed: int = 0) -> list[list[Example]]:
    """Copies of clean documents with about ``rate`` of their sentences corrupted (label 1)."""
    rng = random.Random(seed)
    out: list[list[Example]] = []
    for doc in docs:
        texts = [e.text for e in doc]
        labels = [0] * len(doc)
        if len(doc) > 1 and rng.random() < 0.8:
            hit = misspell_name(texts, rng)
            if hit:
                i, c = hit
                texts[i], labels[i] = c.text, 1
        for i in range(len(doc)):
            if labels[i] or rng.random() > rate:
                continue
            for corrupt in rng.sample(SENTENCE_CORRUPTIONS, len(SENTENCE_CORRUPTIONS)):
                c = corrupt(texts[i], rng)
                if c is not None:
                    texts[i], labels[i] = c.text, 1
                    break
        group = doc[0].group + "/synthetic"
        out.append(
            [
                replace(e, text=t, label=y, group=group, kind="synthetic", da_z=None)
                for e, t, y in zip(doc, texts, labels, strict=True)
            ]
        )
    return out
