"""Train the scorer on MLQE-PE, DEMETR and synthetic artifacts; pick the threshold on dev.

Only CC0 (MLQE-PE), MIT (DEMETR) and generated data train the shipped model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from detector.scorer import Scorer

from .data import PAIRS, Example, base_group, demetr, documents, mlqe, mlqe_pairs
from .featurize import example_scores, featurize
from .synthetic import corrupt_documents


@dataclass
class TrainConfig:
    data: Path
    limit: int | None = None  # MLQE-PE rows per pair (None: all)
    use_demetr: bool = True
    synthetic_rate: float = 0.35
    seed: int = 0
    C: float = 0.3
    fluency_C: float = 3.0


def training_examples(cfg: TrainConfig) -> list[Example]:
    train = mlqe(cfg.data, "train", PAIRS, limit=cfg.limit)
    clean = [e for e in train if e.label == 0]
    synthetic = [e for doc in corrupt_documents(documents(clean, size=12), cfg.synthetic_rate, cfg.seed) for e in doc]
    examples = [e for e in train if e.label is not None] + synthetic
    if cfg.use_demetr:
        every = 1 if cfg.limit is None else max(1, 30000 // max(1, cfg.limit))
        examples += demetr(cfg.data, every=every)
    return examples


TARGET_FALSE_POSITIVE_RATE = 0.05


def choose_threshold(scores: np.ndarray, labels: np.ndarray, fpr: float = TARGET_FALSE_POSITIVE_RATE) -> float:
    """The lowest score that flags at most ``fpr`` of dev's fluent sentences (clean MT and
    human post-edits): screening must not bury editors in false alarms."""
    clean = np.sort(scores[labels == 0])
    return float(np.quantile(clean, 1 - fpr, method="higher")) + 1e-9


def train(cfg: TrainConfig, log=print) -> tuple[Scorer, dict]:
    started = time.perf_counter()
    examples = training_examples(cfg)
    data = featurize(examples)
    log(
        f"featurised {len(examples)} examples ({len(data.sentences)} sentences)"
        f" in {time.perf_counter() - started:.0f} s"
    )
    pairs = mlqe_pairs(cfg.data, "train", PAIRS, limit=cfg.limit)
    span_tokens, span_labels = data.span_training()
    scorer = Scorer(C=cfg.C, fluency_C=cfg.fluency_C, random_state=cfg.seed)
    scorer.fit(
        data.sentences,
        np.array(data.labels),
        groups=[base_group(examples[i].group) for i in data.owner],
        fluency_texts=[mt for _, mt, _, _ in pairs] + [pe for _, _, pe, _ in pairs],
        fluency_labels=[1] * len(pairs) + [0] * len(pairs),
        fluency_groups=[g for *_, g in pairs] * 2,
        span_tokens=span_tokens,
        span_labels=span_labels,
    )
    log(f"fitted in {time.perf_counter() - started:.0f} s")
    dev = [e for e in mlqe(cfg.data, "dev", PAIRS, limit=cfg.limit) if e.label is not None]
    dev_data = featurize(dev)
    dev_scores = np.array(example_scores(dev_data, scorer.predict_proba(dev_data.sentences)))
    scorer.threshold = choose_threshold(dev_scores, np.array([e.label for e in dev]))
    info = {
        "examples": len(examples),
        "sentences": len(data.sentences),
        "seconds": round(time.perf_counter() - started),
        "threshold": scorer.threshold,
    }
    log(f"threshold {scorer.threshold:.3f} ({TARGET_FALSE_POSITIVE_RATE:.0%} of fluent dev sentences above it)")
    return scorer, info
