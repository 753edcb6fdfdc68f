"""Dev metrics of a scorer, per MLQE-PE pair and macro-averaged.

1. Pearson r between score and -da_z (all dev MT sentences).
2. ROC AUC, suspect versus clean MT (the suggested labels).
3. ROC AUC, each MT with hter >= 0.3 versus its own post-edit (content-controlled).
4. Character F1 of the highlighted spans of suspect sentences against `bad_spans`, beside its
   bound: the F1 that perfect highlighting of exactly the BAD characters of every flagged
   sentence would reach (precision-first thresholds flag few sentences, and characters of
   sentences that are not flagged are missed whatever the span model does).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from mtlint.core.rules import SENTENCE_LEVEL
from mtlint.detector.scorer import Scorer

from .data import PAIRS, Example, mlqe, mlqe_pairs
from .featurize import Featurized, example_scores, featurize


def score_examples(scorer: Scorer, examples: list[Example]) -> list[float]:
    data = featurize(examples)
    return example_scores(data, scorer.model.predict_proba(data.rows)[:, 1])


def _f1(tp: int, predicted: int, gold: int) -> float:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def span_f1(scorer: Scorer, data: Featurized, sentence_scores: np.ndarray) -> tuple[float, float]:
    """Character F1 of what a report highlights in suspect sentences (rule spans and the span
    model's words, as ``mtlint check`` shows them) against MLQE-PE's ``bad_spans``, and its
    bound at the same thresholds: the F1 of highlighting exactly the BAD characters of every
    flagged sentence."""
    tp = predicted = gold = reachable = 0
    for i, sentence in enumerate(data.sentences):
        example = data.examples[data.owner[i]]
        offset = data.example_start[i]
        truth = {c for s, e in example.bad_spans for c in range(s + offset, e + offset)}
        truth &= set(range(sentence.start, sentence.end))
        marked: set[int] = set()
        score = float(sentence_scores[i])
        if scorer.verdict.suspect(score, sentence.findings):
            spans = scorer.spans.spans(data.tokens[i]) if scorer.spans is not None else []
            findings = [f for f in sentence.findings if f.code not in SENTENCE_LEVEL]
            findings += scorer.verdict.explain(sentence, score, [], spans)
            marked = {c for f in findings if f.code not in SENTENCE_LEVEL for c in range(f.start, f.end)}
            reachable += len(truth)
        tp += len(marked & truth)
        predicted += len(marked)
        gold += len(truth)
    return _f1(tp, predicted, gold), _f1(reachable, reachable, gold)


def dev_metrics(
    scorer: Scorer, root: Path, pairs: tuple[str, ...] = PAIRS, limit: int | None = None, curves: dict | None = None
) -> dict:
    """The metrics table; ``curves``, when given, receives (labels, scores) of suspect vs clean per pair."""
    table: dict[str, dict[str, float]] = {}
    for pair in pairs:
        mt = mlqe(root, "dev", (pair,), limit=limit, with_pe=False)
        data = featurize(mt)
        sentence_scores = scorer.model.predict_proba(data.rows)[:, 1]
        scores = np.array(example_scores(data, sentence_scores))
        da_z = np.array([e.da_z for e in mt])
        labels = [e.label for e in mt]
        known = [i for i, y in enumerate(labels) if y is not None]
        row = {"pearson": float(np.corrcoef(scores, -da_z)[0, 1]) if len(mt) > 2 else float("nan")}
        ys = [labels[i] for i in known]
        if curves is not None:
            curves[pair] = (np.array(ys), scores[known])
        row["auc_suspect_clean"] = float(roc_auc_score(ys, scores[known])) if len(set(ys)) == 2 else float("nan")
        edited = mlqe_pairs(root, "dev", (pair,), limit=limit)
        texts = [
            Example(t, None, f"{pair}/{i}/{k}")
            for i, (_, mt_text, pe_text, _) in enumerate(edited)
            for k, t in (("mt", mt_text), ("pe", pe_text))
        ]
        pair_scores = score_examples(scorer, texts)
        ys = [1, 0] * len(edited)
        row["auc_mt_vs_pe"] = float(roc_auc_score(ys, pair_scores)) if edited else float("nan")
        row["span_f1"], row["span_f1_bound"] = span_f1(scorer, data, sentence_scores)
        row["n"] = float(len(mt))
        table[pair] = row
    keys = ("pearson", "auc_suspect_clean", "auc_mt_vs_pe", "span_f1", "span_f1_bound")
    table["macro"] = {k: float(np.nanmean([table[p][k] for p in pairs])) for k in keys}
    table["macro"]["n"] = float(sum(table[p]["n"] for p in pairs))
    return table


def format_table(table: dict) -> str:
    lines = [
        "| pair | n | Pearson r (score, -da_z) | AUC suspect/clean | AUC mt vs own pe | span char F1 | span F1 bound |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for pair, row in table.items():
        lines.append(
            f"| {pair} | {int(row['n'])} | {row['pearson']:.3f} | {row['auc_suspect_clean']:.3f} | "
            f"{row['auc_mt_vs_pe']:.3f} | {row['span_f1']:.3f} | {row['span_f1_bound']:.3f} |"
        )
    return "\n".join(lines)
