"""Grammar and usage errors from a real LanguageTool server, through language-tool-python.

One request per batch of paragraphs (never one per sentence); match offsets are mapped back
to sentences. Findings carry the rule id (``LT:EN_A_VS_AN``). Rules that fire on correct,
human-written news (spelling of proper nouns, typography) are dropped: the list below was
chosen by ``python -m benchmarks.languagetool_rules`` on WMT21 original English news.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence

from mtlint.core.records import Edit, Fix, Sentence
from mtlint.core.rules import languagetool_finding
from mtlint.core.runs import runs

from .analysis import Analysis, FamilyResult

log = logging.getLogger("mtlint")

# Rules that fire on fluent human news more than on garbled MT, measured by
# `python -m benchmarks.languagetool_rules` (WMT21 original English vs MLQE-PE dev suspect):
# typography, house style, and proper nouns the dictionary does not know.
IGNORED_RULES = frozenset(
    {
        "EN_UNPAIRED_QUOTES",  # 3.3% of human sentences (quotes span sentences), 0.6% of garbled
        "COMMA_COMPOUND_SENTENCE",  # 2.6% vs 0.2%
        "COMMA_COMPOUND_SENTENCE_2",  # 1.0% vs 0.3%
        "COVID_19",  # 1.2% vs 0%
        "PER_CENT",  # 0.5% vs 0%
        "EN_MULTITOKEN_SPELLING_TWO",
        "EN_SPECIFIC_CASE",
        "MISSING_HYPHEN",
        "ETC_PERIOD",
        "POSSESSIVE_APOSTROPHE",
        "WHITESPACE_RULE",
        "EN_QUOTES",
        "DASH_RULE",
        "CONSECUTIVE_SPACES",
        "PUNCTUATION_PARAGRAPH_END",
        "TOO_LONG_SENTENCE",
        "PASSIVE_VOICE",
        "EXTREME_ADJECTIVES",
        "MORFOLOGIK_RULE_EN_GB",
        "OXFORD_SPELLING_Z_NOT_S",
    }
)
IGNORED_PREFIXES = ("EN_DIACRITICS_REPLACE_", "EN_COMPOUNDS_", "EN_GB_SIMPLE_REPLACE", "EN_US_SIMPLE_REPLACE")
SPELLING_RULE = "MORFOLOGIK_RULE_EN_US"
CATEGORIES = ("GRAMMAR", "TYPOS", "MISC", "PUNCTUATION", "STYLE", "CONFUSED_WORDS", "OTHER")
# one feature per category: its match count in the sentence, capped at MAX_COUNT and scaled to
# [0, 1], so that the grammar stage's largest possible effect is known (detector.grammar_stage)
FEATURES = tuple(f"lt_{category.lower()}" for category in CATEGORIES)
# Which sentences LanguageTool checks: those whose verdict it can change, or all of them; "auto"
# (the default) checks every sentence of an article a person reads (a file, standard input, a
# text body, the page) and the verdict band of corpus records (JSONL lines, JSON records, batches).
MAX_COUNT = 2
PARAGRAPH_BREAK = "\n\n"  # between the sentences of one request: LanguageTool reads paragraphs
BATCH_CHARS = 20000
RETRIES = 3
TIMEOUT = 60.0  # seconds per request; the server gives up on a text after maxCheckTimeMillis
RECONNECT_SECONDS = 30.0  # after an outage, how often the server is tried again


class GrammarChecker:
    """Checks documents against one LanguageTool server. When it stays down, grammar is off
    (one warning) and the server is tried again every ``reconnect_seconds``, so a long run or
    the service gets grammar back once it answers; ``skipped()`` tells the calling thread
    whether a check of its went without grammar since ``skipped(reset=True)``."""

    def __init__(
        self,
        url: str,
        language: str = "en-US",
        retries: int = RETRIES,
        backoff: float = 0.5,
        timeout: float = TIMEOUT,
        cache_size: int = 20000,
        reconnect_seconds: float = RECONNECT_SECONDS,
    ):
        self.url = url
        self.timeout = timeout
        self.language = language
        self.retries = retries
        self.backoff = backoff
        self.available = True
        self.reconnect_seconds = reconnect_seconds
        self._retry_at = 0.0
        self._warned = threading.Lock()
        # one client per thread, connected on first use, so an unreachable server is handled
        # like a dead one and concurrent documents never share a connection
        self._local = threading.local()
        self.cache_size = cache_size
        self._cache: OrderedDict[bytes, list] = OrderedDict()
        self._cache_lock = threading.Lock()

    def check(self, text: str) -> list:
        """Matches for one text, from the cache or the server (retried with backoff; raises
        once retries are spent). Corpora repeat boilerplate (bylines, disclaimers, wire
        credits): a text seen before costs no request."""
        key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        matches = self._request(text)
        with self._cache_lock:
            self._cache[key] = matches
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return matches

    def _request(self, text: str) -> list:
        """``_send`` retried with exponential backoff; the last failure propagates."""
        delay = self.backoff
        for _ in range(self.retries):
            try:
                return self._send(text)
            except Exception:  # language_tool_python wraps transport errors in several types
                time.sleep(delay)
                delay *= 2
        return self._send(text)

    def _send(self, text: str) -> list:
        tool = getattr(self._local, "tool", None)
        if tool is None:
            import language_tool_python

            # the client's request timeout is a class attribute (300 s): set ours, for the
            # connection the constructor makes too
            client = type("Client", (language_tool_python.LanguageTool,), {"_TIMEOUT": self.timeout})
            tool = self._local.tool = client(self.language, remote_server=self.url)
        return tool.check(text)

    def check_sentences(self, sentences: Sequence[Sentence]) -> FamilyResult | None:
        """Grammar features and findings of ``sentences`` (any subset of a document, in
        order), or None once the server is gone (the scorer's grammar hook). The sentences are sent as paragraphs of a
        few large requests, never one request each."""
        result = FamilyResult.empty(len(sentences))
        if not self._up():
            self._local.skipped = True
            return None
        try:
            for batch in _batches(sentences):
                text = PARAGRAPH_BREAK.join(sentences[i].text for i in batch)
                starts = list(
                    itertools.accumulate((len(sentences[i].text) + len(PARAGRAPH_BREAK) for i in batch[:-1]), initial=0)
                )
                for match in self.check(text):
                    k = bisect.bisect_right(starts, match.offset) - 1
                    _add(result, batch[k], sentences[batch[k]], match, match.offset - starts[k])
        except Exception as exc:
            with self._warned:
                if self.available:
                    log.warning(
                        "LanguageTool at %s stopped answering (%s); grammar is off until it answers "
                        "again (tried every %g s)",
                        self.url,
                        exc,
                        self.reconnect_seconds,
                    )
                self.available = False
                self._retry_at = time.monotonic() + self.reconnect_seconds
            self._local.skipped = True
            return None
        for feats in result.features:
            for key, count in feats.items():
                feats[key] = min(count, MAX_COUNT) / MAX_COUNT
        return result

    def _up(self) -> bool:
        """Whether to ask the server: it answers, or it has been down long enough to try again."""
        if self.available:
            return True
        with self._warned:
            if self.available or time.monotonic() < self._retry_at:
                return self.available
            self._retry_at = time.monotonic() + self.reconnect_seconds  # one thread tries at a time
        try:
            self._send("Ping.")  # one attempt: the next try is due in reconnect_seconds anyway
        except Exception:
            return False
        with self._warned:
            if not self.available:
                log.warning("LanguageTool at %s answers again; grammar is back on", self.url)
            self.available = True
        return True

    def skipped(self, reset: bool = False) -> bool:
        """Whether a check on this thread went without grammar (the server was down) since the
        last reset; ``reset`` starts over (a document's check does, to say so in its record)."""
        was = getattr(self._local, "skipped", False)
        if reset:
            self._local.skipped = False
        return was

    def extract(self, analysis: Analysis) -> FamilyResult:
        """Every sentence of ``analysis`` checked, as a feature family."""
        found = self.check_sentences(analysis.sentences)
        return FamilyResult.empty(len(analysis.sentences)) if found is None else found


def _batches(sentences: Sequence[Sentence]) -> list[list[int]]:
    """Indices of consecutive sentences, at most BATCH_CHARS of text a batch with the breaks
    between them (a longer sentence alone)."""
    return list(runs(range(len(sentences)), lambda i: len(sentences[i].text) + len(PARAGRAPH_BREAK), BATCH_CHARS))


def _add(result: FamilyResult, s: int, sentence: Sentence, match, offset: int) -> None:
    """Record ``match``, found ``offset`` characters into ``sentence`` (the ``s``-th)."""
    rule = match.rule_id
    if rule in IGNORED_RULES or rule.startswith(IGNORED_PREFIXES) or offset >= len(sentence.text):
        return  # a house-style rule, or a match on the paragraph break between sentences
    length = min(match.error_length, len(sentence.text) - offset)
    matched = sentence.text[offset : offset + length]
    if rule.startswith("MORFOLOGIK") and (matched[:1].isupper() or rule != SPELLING_RULE):
        return  # proper nouns and British spellings are not errors in news
    category = match.category if match.category in CATEGORIES else "OTHER"
    feats = result.features[s]
    feats[f"lt_{category.lower()}"] = feats.get(f"lt_{category.lower()}", 0.0) + 1
    hint = f" (suggest: {', '.join(match.replacements[:3])})" if match.replacements else ""
    start = sentence.start + offset
    fix = None
    if match.replacements:  # LanguageTool's first suggestion: plausible, but an editor decides
        better = match.replacements[0]
        fix = Fix((Edit(start, start + length, better),), "unsafe", f"replace {matched!r} with {better!r}")
    result.findings[s].append(languagetool_finding(rule, category, match.message + hint, start, start + length, fix))
