"""Dev metrics of a scorer, per MLQE-PE pair and macro-averaged.

1. Pearson r between score and -da_z (all dev MT sentences).
2. ROC AUC, suspect versus clean MT (the suggested labels).
3. ROC AUC, each MT with hter >= 0.3 versus its own post-edit (content-controlled).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from detector.scorer import Scorer

from .data import PAIRS, Example, mlqe, mlqe_pairs
from .featurize import example_scores, featurize


def score_examples(scorer: Scorer, examples: list[Example]) -> list[float]:
    data = featurize(examples)
    return example_scores(data, scorer.predict_proba(data.sentences))


def dev_metrics(scorer: Scorer, root: Path, pairs: tuple[str, ...] = PAIRS, limit: int | None = None) -> dict:
    table: dict[str, dict[str, float]] = {}
    for pair in pairs:
        mt = mlqe(root, "dev", (pair,), limit=limit, with_pe=False)
        scores = np.array(score_examples(scorer, mt))
        da_z = np.array([e.da_z for e in mt])
        labels = [e.label for e in mt]
        known = [i for i, y in enumerate(labels) if y is not None]
        row = {"pearson": float(np.corrcoef(scores, -da_z)[0, 1]) if len(mt) > 2 else float("nan")}
        ys = [labels[i] for i in known]
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
        row["n"] = float(len(mt))
        table[pair] = row
    keys = ("pearson", "auc_suspect_clean", "auc_mt_vs_pe")
    table["macro"] = {k: float(np.nanmean([table[p][k] for p in pairs])) for k in keys}
    table["macro"]["n"] = float(sum(table[p]["n"] for p in pairs))
    return table


def format_table(table: dict) -> str:
    lines = [
        "| pair | n | Pearson r (score, -da_z) | AUC suspect/clean | AUC mt vs own pe |",
        "|---|---:|---:|---:|---:|",
    ]
    for pair, row in table.items():
        lines.append(
            f"| {pair} | {int(row['n'])} | {row['pearson']:.3f} | "
            f"{row['auc_suspect_clean']:.3f} | {row['auc_mt_vs_pe']:.3f} |"
        )
    return "\n".join(lines)
