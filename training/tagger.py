"""Build the shipped POS lexicon from UD English EWT train and report its dev accuracy.

python -m mtlint.training.tagger [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import time
from importlib import resources
from pathlib import Path

from mtlint.features.tagger import DATA_FILE, LexiconTagger
from mtlint.training.paths import data_root
from mtlint.training.ud import read_conllu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=None, help="where to write the lexicon")
    args = parser.parse_args(argv)
    ud = data_root(args.data) / "ud-english-ewt"
    train = list(read_conllu(ud / "train.conllu"))
    dev = list(read_conllu(ud / "dev.conllu"))
    tagger = LexiconTagger().fit([f for f, _ in train], [t for _, t in train])
    started = time.perf_counter()
    accuracy = tagger.score([f for f, _ in dev], [t for _, t in dev])
    elapsed = time.perf_counter() - started
    tokens = sum(len(f) for f, _ in dev)
    out = args.out or Path(str(resources.files("mtlint.features").joinpath("data", DATA_FILE)))
    tagger.save(out)
    print(f"EWT dev XPOS accuracy {accuracy:.4f} on {tokens} tokens; {tokens / elapsed:,.0f} tokens/s")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
