"""Screening figures: garbled recall and fluent false alarms, split by evidence.

    python -m benchmarks.screening [--data ../shared/data] [--model FILE] [--threshold X]
                                   [--grammar] [--examples 3]

Garbled: MLQE-PE dev machine translations with raw DA < 30 and the seed's rule-explained
garbled sentences. Fluent: WMT21 news (original and human-translated English, by article;
evaluation only) and the garbled sentences' own post-edits. Targets (issue 18): rule-backed
flags on at most 0.25% of fluent news sentences; at most 0.5% of fluent news sentences, 10%
of articles and 1% of post-edits flagged; garbled recall at least 0.80; AUC garbled vs news
at least 0.92 and vs post-edits at least 0.95. See :mod:`training.screening`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mtlint.detector import modelfile
from mtlint.training.paths import data_root
from mtlint.training.screening import format_screening, screening


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--model", type=Path, help="model file (default: the shipped model)")
    parser.add_argument("--threshold", type=float, help="default: the model's")
    parser.add_argument("--grammar", action="store_true", help="with the LanguageTool server mtlint finds")
    parser.add_argument("--examples", type=int, default=3, help="fluent sentences shown per rule code")
    parser.add_argument("--deep", action="store_true", help="with the deep stage on every sentence (its thresholds)")
    args = parser.parse_args(argv)
    scorer = modelfile.load(args.model) if args.model else modelfile.load_default()
    grammar = None
    if args.grammar:
        from mtlint.features.grammar import GrammarChecker
        from mtlint.features.languagetool.server import find_url

        url = find_url(None)
        if url is None:
            parser.error("no LanguageTool server found (`mtlint languagetool start`)")
        grammar = GrammarChecker(url).check_sentences
    started = time.perf_counter()
    deep = None
    if args.deep:
        from mtlint.detector.deep import load as load_deep

        deep = load_deep(threads=0)
    figures = screening(scorer, data_root(args.data), args.threshold, grammar, args.examples, deep)
    print(format_screening(figures, show_examples=args.examples > 0))
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
