"""The scores a model gives MLQE-PE dev, to show that a refactoring left the model alone.

    python -m benchmarks.dev_scores --out before.npz [--model FILE] [--grammar] [--limit N]
    python -m benchmarks.dev_scores --compare before.npz [--model FILE] [--grammar] [--limit N]

Every dev machine translation and post-edit goes through the public API (``mtlint.load``),
twelve consecutive sentences of one pair to a document, as ``mtlint check`` reads them; the
sentence scores, verdicts and finding codes are written, or compared with an earlier run's
(scores to ``--tolerance``, verdicts and codes exactly). ``--grammar`` checks every sentence
with the LanguageTool server mtlint finds (``grammar_scope="all"``), so the grammar stage
scores every sentence.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from mtlint import load
from mtlint.training.data import PAIRS, documents, mlqe
from mtlint.training.paths import data_root


def dev_scores(model: Path | None, root: Path, grammar: bool, limit: int | None) -> dict[str, np.ndarray]:
    """Scores, verdicts and codes (one '|'-joined string per sentence) of MLQE-PE dev."""
    checker = load(model=model, grammar=grammar, grammar_scope="all", threshold=None)
    scores, suspect, codes = [], [], []
    for pair in PAIRS:
        for n, group in enumerate(documents(mlqe(root, "dev", (pair,), limit=limit), 12)):
            doc = checker.check_text("\n\n".join(e.text.replace("\n", " ") for e in group), id=f"{pair}/{n}")
            for sentence in doc.sentences:
                scores.append(sentence.score)
                suspect.append(sentence.suspect)
                codes.append("|".join(sorted(f.code for f in sentence.findings)))
    return {"scores": np.array(scores), "suspect": np.array(suspect), "codes": np.array(codes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--model", type=Path, help="model file (default: the shipped model)")
    parser.add_argument("--grammar", action="store_true", help="with the LanguageTool server mtlint finds")
    parser.add_argument("--limit", type=int, help="dev rows per pair")
    parser.add_argument("--out", type=Path, help="write the scores here (.npz)")
    parser.add_argument("--compare", type=Path, help="compare with the scores written here")
    parser.add_argument("--tolerance", type=float, default=1e-6)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    now = dev_scores(args.model, data_root(args.data), args.grammar, args.limit)
    print(f"{len(now['scores'])} dev sentences scored in {time.perf_counter() - started:.0f} s")
    if args.out:
        np.savez_compressed(args.out, **now)
        print(f"wrote {args.out}")
    if args.compare is None:
        return 0
    with np.load(args.compare, allow_pickle=False) as archive:
        before = {name: archive[name] for name in archive.files}
    if len(before["scores"]) != len(now["scores"]):
        print(f"different sentences: {len(before['scores'])} before, {len(now['scores'])} now")
        return 1
    gap = float(np.max(np.abs(before["scores"] - now["scores"]), initial=0.0))
    verdicts = int(np.sum(before["suspect"] != now["suspect"]))
    codes = int(np.sum(before["codes"] != now["codes"]))
    print(f"largest score difference {gap:.3g}; verdicts changed {verdicts}; finding codes changed {codes}")
    return 0 if gap <= args.tolerance and not verdicts and not codes else 1


if __name__ == "__main__":
    raise SystemExit(main())
