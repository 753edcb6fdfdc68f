"""``mtlint train`` and ``mtlint eval`` (their arguments are declared by detector.cli, which
imports this module only when one of them runs)."""

from __future__ import annotations

import argparse
import json

import numpy as np
from sklearn.metrics import roc_auc_score

from .paths import data_root


def train_command(args: argparse.Namespace) -> int:
    from detector.scorer import default_model_path
    from features.languagetool.server import find_url

    from .card import write_card
    from .evaluate import dev_metrics, format_table
    from .screening import format_screening, screening
    from .train import TrainConfig, train

    cfg = TrainConfig(
        data=data_root(args.data),
        limit=args.limit,
        use_demetr=not args.no_demetr,
        seed=args.seed,
        news_weight=args.news_weight,
        grammar_url=None if args.no_grammar else find_url(args.languagetool_url),
    )
    scorer, info = train(cfg)
    out = args.out or default_model_path()
    table = dev_metrics(scorer, cfg.data, limit=args.limit)
    print(format_table(table))
    figures = None
    if args.limit is None:
        figures = screening(scorer, cfg.data)
        print(format_screening(figures))
    out.parent.mkdir(parents=True, exist_ok=True)
    scorer.save(out)
    if args.out is None:
        write_card(out.with_name("MODEL_CARD.md"), info, table, cfg, figures)
    print(f"wrote {out}")
    return 0


def eval_command(args: argparse.Namespace) -> int:
    from detector.scorer import Scorer, load_default

    from .data import Example, read_jsonl
    from .evaluate import dev_metrics, format_table, score_examples

    scorer = Scorer.load(args.model) if args.model else load_default()
    if args.dev or not args.files:
        curves: dict = {}
        print(format_table(dev_metrics(scorer, data_root(args.data), limit=args.limit, curves=curves)))
        if args.limit is None:  # the screening sets are fixed: all of them or none
            from .screening import format_screening, screening

            print("\nScreening (`python -m benchmarks.screening`):")
            print(format_screening(screening(scorer, data_root(args.data))))
        if args.plots:
            from .plots import write_plots

            for path in write_plots(curves, args.plots, scorer.threshold):
                print(f"wrote {path}")
    for path in args.files:
        records = list(read_jsonl(path))
        examples = [Example(r["text"], int(r["label"]), str(r.get("id", i))) for i, r in enumerate(records)]
        scores = np.array(score_examples(scorer, examples))
        labels = np.array([e.label for e in examples])
        predicted = scores >= scorer.threshold
        tp = int((predicted & (labels == 1)).sum())
        result = {
            "file": str(path),
            "n": len(examples),
            "auc": float(roc_auc_score(labels, scores)) if len(set(labels)) == 2 else None,
            "precision": tp / max(1, int(predicted.sum())),
            "recall": tp / max(1, int((labels == 1).sum())),
            "threshold": scorer.threshold,
        }
        print(json.dumps(result))
    return 0
