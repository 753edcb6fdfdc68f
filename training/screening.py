"""Screening figures: does mtlint flag garbled English and leave fluent English alone?

Garbled: MLQE-PE dev machine translations with raw DA < 30 (all pairs) and the seed
article's rule-explained garbled sentences. Fluent: WMT21 news (original English and
professional translations into English, grouped into articles; evaluation only) and the
human post-edits of the same garbled sentences (same topic, so no model wins by telling
Wikipedia from news); the WMT21 news again in British house style (a fair model flags it as
often); and DEMETR's human references, fluent news that the shipped model never trained on
and that, unlike WMT21, model choices may be tuned on (``--news-weight`` trains on them).
Everything is scored as ``mtlint check`` scores it, at the model's
threshold, and every flag is split by its evidence: rule-backed (a finding of one of mtlint's
rules that is not info) or model-only (MT900).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from mtlint.core.lexicons import SURNAME_TITLES
from mtlint.core.records import Document, Sentence
from mtlint.core.rules import MODEL_CODES
from mtlint.detector.deep import DeepStage
from mtlint.detector.ngrams import respell
from mtlint.detector.pipeline import analyse
from mtlint.detector.scorer import GrammarHook, Scorer
from mtlint.detector.verdict import rule_backed

from .data import Example, demetr_references, mlqe_garbled, wmt21_fluent
from .featurize import featurize
from .paths import REPO_ROOT

SEED = REPO_ROOT / "seeds" / "000_bee0d77b0f2086e2.txt"
# The seed's garbled sentences that a rule explains (by their opening words) ...
SEED_GARBLED = (
    "WASHINGTON – Foreign Secretary",
    "Russian Foreign Minister Sergei V.",
    "Mr Blinken said he would not allow",
    "Min.",
    "Echoing Putin’s recent gestures",
    "“Attracting Ukraine",
    "Reiterated Putin’s demand",
    "United States in late January.",
    "Following the US sanctions round",
    "While managing the crisis",
    "Anton Trinowski Contributed",
)
# ... and those that are garbled (or no sentence) with no rule to explain them: neither set.
SEED_UNCLEAR = ("date 2021-12-03", "The goal of the talks", "Mr Blinken made an unusual call")


@dataclass
class Line:
    """One input line (an example): its highest sentence score and what flagged it."""

    text: str
    kind: str
    group: str
    score: float = 0.0
    rule_flag: bool = False  # a flagged sentence with rule evidence (verdict.rule_backed)
    model_flag: bool = False  # a flagged sentence with only the model's evidence
    codes: set[str] = field(default_factory=set)  # codes of every finding on the line

    @property
    def flagged(self) -> bool:
        return self.rule_flag or self.model_flag


def _judge(line: Line, sentence: Sentence) -> None:
    line.score = max(line.score, sentence.score)
    line.codes.update(f.code for f in sentence.findings)
    if sentence.suspect:
        rule = rule_backed(sentence.findings)
        line.rule_flag |= rule
        line.model_flag |= not rule


def screen(
    scorer: Scorer,
    examples: list[Example],
    threshold: float,
    grammar: GrammarHook | None = None,
    doc_size: int = 60,
    deep: DeepStage | None = None,
) -> list[Line]:
    """Score ``examples`` as ``mtlint check`` does (``deep``: with ``--deep``), consecutive
    examples of one group (an article) in one document of at most ``doc_size`` lines."""
    data = featurize(examples, doc_size)
    verdict = scorer.verdict.at(threshold)
    judgement = scorer.judge(data.sentences, data.features, data.tokens, verdict, grammar, deep=deep)
    judged = judgement.judged(data.sentences)
    lines = [Line(e.text, e.kind, e.group) for e in examples]
    for owner, sentence in zip(data.owner, judged, strict=True):
        _judge(lines[owner], sentence)
    return lines


def screen_seed(
    scorer: Scorer, threshold: float, grammar: GrammarHook | None = None, deep: DeepStage | None = None
) -> list[Line]:
    """The seed article as one document; each sentence a line of kind seed-garbled,
    seed-fluent or seed-unclear."""
    doc = Document(id="seed", source=str(SEED), text=SEED.read_text(encoding="utf-8"))
    analysis = analyse(doc)
    verdict = scorer.verdict.at(threshold)
    judgement = scorer.judge(doc.sentences, analysis.features, analysis.tokens, verdict, grammar, deep=deep)
    doc.sentences = judgement.judged(doc.sentences)
    lines = []
    for sentence in doc.sentences:
        kind = "seed-fluent"
        if sentence.text.startswith(SEED_GARBLED):
            kind = "seed-garbled"
        elif sentence.text.startswith(SEED_UNCLEAR):
            kind = "seed-unclear"
        line = Line(sentence.text, kind, "seed")
        _judge(line, sentence)
        lines.append(line)
    return lines


_TITLE_STOP = re.compile(rf"\b({'|'.join(SURNAME_TITLES)})\.(?= [A-Z])")


def british_house_style(text: str) -> str:
    """``text`` as a British newsroom writes it: British spellings (breame's pairs) and titles
    without a stop ("Mr Lavrov"). Fluent news stays fluent in either style, so a fair model
    flags both the same."""
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS

    return _TITLE_STOP.sub(r"\1", respell(text, AMERICAN_ENGLISH_SPELLINGS))


def _share(lines: list[Line], what: Callable[[Line], bool]) -> float:
    return float(np.mean([what(line) for line in lines])) if lines else float("nan")


def _auc(garbled: list[Line], fluent: list[Line]) -> float:
    scores = [line.score for line in garbled + fluent]
    return float(roc_auc_score([1] * len(garbled) + [0] * len(fluent), scores))


def _rates(lines: list[Line]) -> dict[str, float]:
    return {
        "n": float(len(lines)),
        "flagged": _share(lines, lambda x: x.flagged),
        "rule": _share(lines, lambda x: x.rule_flag),
        "model": _share(lines, lambda x: x.model_flag),
    }


def screening(
    scorer: Scorer,
    root: Path,
    threshold: float | None = None,
    grammar: GrammarHook | None = None,
    examples: int = 3,
    deep: DeepStage | None = None,
) -> dict:
    """Every screening figure at ``threshold`` (default: the model's), with per-rule counts on
    fluent text and up to ``examples`` fluent sentences each rule fires on; ``deep``: with the
    deep stage on every sentence (its own thresholds)."""
    threshold = scorer.verdict.threshold if threshold is None else threshold

    def screened(chosen: list[Example]) -> list[Line]:
        return screen(scorer, chosen, threshold, grammar, deep=deep)

    mlqe_lines = screened(mlqe_garbled(root))
    news_examples = wmt21_fluent(root)
    news = screened(news_examples)
    british_news = screened([replace(e, text=british_house_style(e.text)) for e in news_examples])
    references = screened(demetr_references(root))
    seed = screen_seed(scorer, threshold, grammar, deep)
    garbled = [x for x in mlqe_lines if x.kind == "mt"] + [x for x in seed if x.kind == "seed-garbled"]
    post_edits = [x for x in mlqe_lines if x.kind == "pe"]
    articles: dict[str, bool] = defaultdict(bool)
    for line in news:
        articles[line.group] |= line.flagged
    rules: dict[str, dict] = {}
    for name, fluent in (("news", news), ("pe", post_edits)):
        fired = Counter(code for line in fluent for code in line.codes if code not in MODEL_CODES)
        for code, count in fired.items():
            entry = rules.setdefault(code, {"news": 0.0, "pe": 0.0, "examples": []})
            entry[name] = count / len(fluent)
            room = max(0, examples - len(entry["examples"]))
            entry["examples"] += [x.text for x in fluent if code in x.codes][:room]
    return {
        "threshold": threshold,
        "model_threshold": (
            deep.verdict_for(scorer.verdict.at(threshold)) if deep else scorer.verdict.at(threshold)
        ).limits(grammar is not None)[1],
        "garbled": _rates(garbled),
        "garbled_seed": _rates([x for x in seed if x.kind == "seed-garbled"]),
        "news": _rates(news),
        "news_original": _rates([x for x in news if x.kind == "news"]),
        "news_translation": _rates([x for x in news if x.kind == "translation"]),
        "news_british": _rates(british_news),
        "articles": {"n": float(len(articles)), "flagged": float(np.mean(list(articles.values())))},
        "pe": _rates(post_edits),
        "references": _rates(references),
        "seed_fluent": _rates([x for x in seed if x.kind == "seed-fluent"]),
        "seed_fluent_flagged": [x.text for x in seed if x.kind == "seed-fluent" and x.flagged],
        "auc_news": _auc(garbled, news),
        "auc_pe": _auc(garbled, post_edits),
        "rules": dict(sorted(rules.items())),
    }


def _pct(value: float) -> str:
    return f"{100 * value:.2f}%"


def format_screening(figures: dict, show_examples: bool = False) -> str:
    """The screening table (and, with ``show_examples``, the fluent sentences each rule fires on)."""
    rows = [
        ("garbled (MLQE-PE dev DA < 30 + seed)", "garbled", "recall"),
        ("  of which the seed's rule-explained", "garbled_seed", "recall"),
        ("fluent WMT21 news (all)", "news", "flagged"),
        ("  original English", "news_original", "flagged"),
        ("  human translations", "news_translation", "flagged"),
        ("  all of it in British house style", "news_british", "flagged"),
        ("post-edits of the garbled MT", "pe", "flagged"),
        ("DEMETR's human references (news, free to tune on)", "references", "flagged"),
        ("seed, fluent sentences", "seed_fluent", "flagged"),
    ]
    out = [
        f"threshold {figures['threshold']:.4f} (rule-backed), {figures['model_threshold']:.4f} (model-only)",
        "| set | n | share flagged | rule-backed | model-only |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key, what in rows:
        r = figures[key]
        shares = " | ".join(_pct(r[k]) for k in ("flagged", "rule", "model"))
        out.append(f"| {label} ({what}) | {int(r['n'])} | {shares} |")
    a = figures["articles"]
    out += [
        "",
        f"fluent WMT21 articles with any flag: {_pct(a['flagged'])} of {int(a['n'])}",
        f"AUC garbled vs fluent news: {figures['auc_news']:.3f}; vs their own post-edits: {figures['auc_pe']:.3f}",
        "seed fluent sentences flagged: " + (" | ".join(figures["seed_fluent_flagged"]) or "none"),
        "",
        "| rule | fires on fluent news | on post-edits |",
        "|---|---:|---:|",
    ]
    out += [f"| {code} | {_pct(r['news'])} | {_pct(r['pe'])} |" for code, r in figures["rules"].items()]
    if show_examples:
        for code, r in figures["rules"].items():
            out.append(f"{code}:")
            out += [f"    {text[:160]}" for text in r["examples"]]
    return "\n".join(out)
