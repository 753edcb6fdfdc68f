"""The sentence verdict: which scores make a sentence suspect, and what MT900/MT901 say.

Precision first: a sentence that one of mtlint's rules explains (a finding of an MT rule that
is not info, nor the model's own) is suspect at ``threshold``; one that only the model suspects
needs ``model_threshold``, chosen so that at most 0.25% of fluent English is flagged on the
model's word alone, or ``grammar_model_threshold`` where the grammar stage moved its score.
This is the one verdict rule: ``mtlint check``, training and evaluation all ask it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from mtlint.core.records import Finding, Sentence
from mtlint.core.rules import MODEL_CODES, finding

from .model import DEEP, FLUENCY, Driver

Span = tuple[int, int]
# what a driver means to a reader of an MT900 finding, in plain words
PLAIN_DRIVERS = {
    FLUENCY: "its word choice and word order read like machine translation, not like an editor's English",
    DEEP: "a transformer fine-tuned on machine translation reads the whole sentence as garbled",
    "oov_rate": "it has words that are not English or are misspelt",
    "rare_word_rate": "it has many rare words for its length",
    "long_word_rate": "it has many very long words",
}


def rule_backed(findings: Iterable[Finding]) -> bool:
    """Whether one of mtlint's rules (not LanguageTool, not the model) found something more
    than informational."""
    return any(f.severity != "info" and f.code.startswith("MT") and f.code not in MODEL_CODES for f in findings)


@dataclass(frozen=True)
class Verdict:
    """The thresholds a sentence's score must meet.

    threshold : suspect at or above this score with rule evidence (chosen on dev by
        ``mtlint train``; ``--threshold`` replaces it: :meth:`at`).
    model_threshold : the same without rule evidence (MT900; chosen on fluent English);
        None: ``threshold``. Never below ``threshold``.
    grammar_model_threshold : the same once the grammar stage has moved the score (chosen on
        the same fluent English checked by LanguageTool: grammar only raises scores, so a
        threshold chosen without it flags more fluent text with it); None: ``model_threshold``.
    """

    threshold: float = 0.5
    model_threshold: float | None = None
    grammar_model_threshold: float | None = None

    def at(self, threshold: float | None) -> Verdict:
        """This verdict with the rule-backed threshold set by a run (None: the model's)."""
        return self if threshold is None else replace(self, threshold=threshold)

    def limits(self, grammar: bool = False) -> tuple[float, float]:
        """(rule-backed, model-only) thresholds; ``grammar``: for scores the grammar stage moved."""
        model = self.model_threshold
        if grammar and self.grammar_model_threshold is not None:
            model = self.grammar_model_threshold
        return self.threshold, max(self.threshold, self.threshold if model is None else model)

    def limit(self, findings: Iterable[Finding], grammar: bool = False) -> float:
        """The score at or above which a sentence with ``findings`` is suspect."""
        return self.limits(grammar)[not rule_backed(findings)]

    def suspect(self, score: float, findings: Iterable[Finding], grammar: bool = False) -> bool:
        return score >= self.limit(findings, grammar)

    def explain(
        self, sentence: Sentence, score: float, drivers: Sequence[Driver], spans: Sequence[Span]
    ) -> list[Finding]:
        """For a suspect sentence that no rule explains: the model's verdict on it (MT900),
        in plain words from its ``drivers``, and the words the span model finds garbled (MT901)."""
        if rule_backed(sentence.findings):
            return []
        words = [sentence.text[start - sentence.start : end - sentence.start] for start, end in spans]
        reasons = [PLAIN_DRIVERS[name] for name, _ in drivers if name in PLAIN_DRIVERS]
        reasons = reasons or ["it reads like machine translation as a whole, not one word or phrase"]
        where = " Look first at " + ", ".join(f"'{w}'" for w in words[:3]) + "." if words else ""
        message = f"reads like garbled machine translation (score {score:.2f}): {'; '.join(reasons)}.{where}"
        found = [finding("MT900", message, sentence.start, sentence.end)]
        found += [
            finding("MT901", f"'{w}' reads as garbled (words a post-editor would change)", start, end)
            for w, (start, end) in zip(words, spans, strict=True)
        ]
        return found
