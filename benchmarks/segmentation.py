"""Segmentation throughput (sentences/s) on news documents built from ``../shared/data``.

python -m benchmarks.segmentation [--sentences 20000]
"""

from __future__ import annotations

import argparse
import time

from benchmarks.corpus import documents
from mtlint.detector.segment import sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20000)
    args = parser.parse_args(argv)
    docs = documents(args.sentences)
    sentences(docs[0].text)  # warm the word lists
    started = time.perf_counter()
    found = sum(len(sentences(doc.text)) for doc in docs)
    elapsed = time.perf_counter() - started
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} documents, {chars:,} characters -> {found:,} sentences in {elapsed:.2f} s")
    print(f"segmentation: {found / elapsed:,.0f} sentences/s, {chars / elapsed / 1e6:.1f} M chars/s (one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
