"""Train the scorer on MLQE-PE, DEMETR and synthetic artifacts; pick the threshold on dev.

Only CC0 (MLQE-PE), MIT (DEMETR) and generated data train the shipped model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import precision_recall_curve

from detector.scorer import Scorer

from .data import PAIRS, Example, demetr, documents, mlqe
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
    fluency_C: float = 1.0


def training_examples(cfg: TrainConfig) -> list[Example]:
    train = mlqe(cfg.data, "train", PAIRS, limit=cfg.limit)
    clean = [e for e in train if e.label == 0]
    synthetic = [e for doc in corrupt_documents(documents(clean), cfg.synthetic_rate, cfg.seed) for e in doc]
    examples = [e for e in train if e.label is not None] + synthetic
    if cfg.use_demetr:
        every = 1 if cfg.limit is None else max(1, 30000 // max(1, cfg.limit))
        examples += demetr(cfg.data, every=every)
    return examples


def choose_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The score that maximises F1 of 'suspect' on dev."""
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(thresholds[int(np.argmax(f1[:-1]))])


def train(cfg: TrainConfig, log=print) -> tuple[Scorer, dict]:
    started = time.perf_counter()
    examples = training_examples(cfg)
    data = featurize(examples)
    log(
        f"featurised {len(examples)} examples ({len(data.sentences)} sentences)"
        f" in {time.perf_counter() - started:.0f} s"
    )
    scorer = Scorer(C=cfg.C, fluency_C=cfg.fluency_C, random_state=cfg.seed)
    scorer.fit(data.sentences, np.array(data.labels))
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
    log(f"threshold {scorer.threshold:.3f} (max F1 on MLQE-PE dev)")
    return scorer, info
