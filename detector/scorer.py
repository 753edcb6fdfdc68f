"""The scorer: the model file's parts, and how they judge the sentences of a document.

A :class:`Scorer` holds the first-stage :class:`~detector.model.SentenceModel`, the optional
grammar stage (:mod:`detector.grammar_stage`), the span model that says which words look
garbled (:mod:`detector.spans`) and the :class:`~detector.verdict.Verdict` with the model's
thresholds; :mod:`detector.modelfile` reads and writes them, ``mtlint train`` fits them
(:mod:`mtlint.training.fit`). :meth:`Scorer.judge` runs the stages on a run of sentences and
returns their scores, verdicts and new findings; it changes nothing it is given.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from mtlint.core.records import Finding, Sentence
from mtlint.features.analysis import FamilyResult, Token

from .deep import DeepStage
from .grammar_stage import GrammarStage
from .model import DEEP, Driver, Row, SentenceModel
from .spans import SpanModel
from .verdict import Verdict, rule_backed

# LanguageTool's features and findings of the sentences it is given, or None when the server
# is gone (``GrammarChecker.check_sentences`` is one).
GrammarHook = Callable[[Sequence[Sentence]], FamilyResult | None]


@dataclass
class Judgement:
    """What the scorer concluded about a run of sentences, in their order."""

    scores: list[float]  # calibrated P(garbled), after the grammar stage where it ran
    suspect: list[bool]
    findings: list[list[Finding]]  # new ones: LanguageTool's, and the model's (MT900/MT901)
    drivers: list[list[Driver]]  # the largest terms of each score, for reports
    grammar_checked: int = 0  # how many of the sentences LanguageTool checked
    deep_checked: int = 0  # how many of the sentences the deep stage scored
    deep_seconds: float = 0.0  # the deep model's time on them

    def judged(self, sentences: Sequence[Sentence]) -> list[Sentence]:
        """New records of the sentences, complete with the judgement: its score, verdict and
        drivers (the reasons for the score, written once, here) and its findings after the
        families'. The sentences given stay as they were."""
        return [
            sentence.judged(score, suspect, sentence.findings + found, tuple(drivers))
            for sentence, score, suspect, found, drivers in zip(
                sentences, self.scores, self.suspect, self.findings, self.drivers, strict=True
            )
        ]


@dataclass
class Scorer:
    """The parts of a trained model (see the module's docstring)."""

    model: SentenceModel
    verdict: Verdict
    spans: SpanModel | None = None
    grammar: GrammarStage | None = None

    def judge(
        self,
        sentences: Sequence[Sentence],
        features: Sequence[Mapping[str, float]],
        tokens: Sequence[Sequence[Token]],
        verdict: Verdict | None = None,
        grammar: GrammarHook | None = None,
        grammar_scope: str = "verdict",
        deep: DeepStage | None = None,
        deep_scope: str = "all",
    ) -> Judgement:
        """Score and judge ``sentences`` (their ``features`` and ``tokens`` in the same order)
        under ``verdict`` (default: the model's): the first stage; the grammar stage where
        ``grammar`` is given; the deep stage where ``deep`` is (on every sentence no rule
        explains, or with ``deep_scope="verdict"`` those of them whose verdict it can change);
        the verdict (the deep path's model-only threshold for the sentences it scored);
        MT900/MT901 for suspect sentences no rule explains."""
        verdict = verdict or self.verdict
        rows = [Row(s.text, f) for s, f in zip(sentences, features, strict=True)]
        scores, drivers = self.model.explain(rows)
        found: list[list[Finding]] = [[] for _ in sentences]
        moved, checked = (
            self._grammar_stage(sentences, scores, drivers, found, verdict, grammar, grammar_scope)
            if grammar is not None
            else (False, 0)
        )
        scored: set[int] = set()
        started = time.perf_counter()
        if deep is not None:
            scored = self._deep_stage(sentences, scores, drivers, verdict, deep, deep_scope)
        seconds = time.perf_counter() - started if scored else 0.0
        judgement = Judgement(scores.tolist(), [], found, drivers, checked, len(scored), seconds)
        deep_verdict = deep.verdict_for(verdict) if deep is not None else verdict
        for i, sentence in enumerate(sentences):
            score = judgement.scores[i]
            if i in scored:
                suspect = deep_verdict.suspect(score, sentence.findings)
            else:
                suspect = verdict.suspect(score, sentence.findings, grammar=moved)
            judgement.suspect.append(suspect)
            if suspect:
                spans = self.spans.spans(tokens[i]) if self.spans is not None else []
                found[i].extend(verdict.explain(sentence, score, drivers[i], spans))
        return judgement

    @staticmethod
    def _deep_stage(
        sentences: Sequence[Sentence],
        scores: np.ndarray,
        drivers: list[list[Driver]],
        verdict: Verdict,
        deep: DeepStage,
        scope: str,
    ) -> set[int]:
        """Score the sentences of ``scope`` that no rule explains with the deep model and
        combine: their scores and drivers change in place. Returns which sentences it scored."""
        selected = [i for i, sentence in enumerate(sentences) if not rule_backed(sentence.findings)]
        if scope != "all":
            low, high = deep.band(verdict)
            selected = [i for i in selected if low <= scores[i] < high]
        if not selected:
            return set()
        deep_logits = deep.model.logits([sentences[i].text for i in selected])
        X = np.column_stack([scores[selected], deep_logits])
        scores[selected] = deep.predict_proba(X)[:, 1]
        for i, push in zip(selected, deep.coef_[1] * deep_logits, strict=True):
            if push > 0:
                drivers[i] = _pushed(drivers[i], [(DEEP, float(push))])
        return set(selected)

    def _grammar_stage(
        self,
        sentences: Sequence[Sentence],
        scores: np.ndarray,
        drivers: list[list[Driver]],
        found: list[list[Finding]],
        verdict: Verdict,
        grammar: GrammarHook,
        scope: str,
    ) -> tuple[bool, int]:
        """Have ``grammar`` check the sentences whose verdict it can change (every sentence
        with scope "all", or with a model that has no grammar stage: then grammar only adds
        findings); move their scores and drivers in place and add its findings to ``found``.
        Returns whether the verdicts take the thresholds chosen with grammar (not where the
        stage could not judge the scores: no stage, or the server is gone), and how many
        sentences LanguageTool checked."""
        stage = self.grammar
        if stage is None or scope == "all":
            selected = list(range(len(sentences)))
        else:
            # grammar findings are no rule evidence: each sentence keeps its own threshold
            cut = [verdict.limit(s.findings, grammar=True) for s in sentences]
            selected = [i for i, score in enumerate(scores) if stage.lower_bound(cut[i]) <= score < cut[i]]
        if not selected:
            return stage is not None, 0
        checked = grammar([sentences[i] for i in selected])
        if checked is None:
            return False, 0  # the server is gone (warned once): first-stage scores stand
        for i, findings in zip(selected, checked.findings, strict=True):
            found[i].extend(findings)
        if stage is None:
            return False, len(selected)
        X = stage.matrix(scores[selected], checked.features)
        scores[selected] = stage.predict_proba(X)[:, 1]
        for i, terms in zip(selected, stage.terms(X), strict=True):
            pushes = [(name, float(t)) for name, t in zip(stage.features, terms, strict=True) if t > 0]
            drivers[i] = _pushed(drivers[i], pushes)
        return True, len(selected)


def _pushed(drivers: list[Driver], pushes: list[Driver]) -> list[Driver]:
    """A later stage's pushes on a logit among a sentence's drivers: the largest first, as many
    as before (at least three)."""
    return sorted(drivers + pushes, key=lambda d: -d[1])[: max(3, len(drivers))]
