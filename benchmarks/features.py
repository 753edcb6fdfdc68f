"""Throughput of each feature family (sentences/s, one core, no LanguageTool).

    python -m benchmarks.features [--sentences 10000] [--repeat 3]

Target for all families together, including segmentation, tagging and the model: 5,000
sentences/s on one core. Each figure is the best of ``--repeat`` runs over the same
documents: the machine is shared, and the least disturbed run is the one that measures the
code (the first run also fills the syllable memo that a long run keeps warm).
"""

from __future__ import annotations

import argparse
import gc
import time

from benchmarks.corpus import documents
from mtlint.core.records import Document
from mtlint.detector import segment
from mtlint.detector.pipeline import Detector


def stages(detector: Detector, docs: list[Document]) -> dict[str, float]:
    """Seconds per step as ``mtlint check`` counts them for ``--stats`` (``Document.steps``:
    tokens and tags, each family, the model), and end to end (segmentation and the rest too)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for doc in docs:
        detector.check(doc)
        for name, step in doc.steps.items():
            timings[name] = timings.get(name, 0.0) + step.seconds
    timings["end to end"] = time.perf_counter() - started
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    detector = Detector.create()
    detector.check(documents(40)[0])  # load word lists, tagger, model
    gc.freeze()  # as `mtlint check` does once its tables are loaded

    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, seconds in stages(detector, documents(args.sentences)).items():
            best[name] = min(best.get(name, seconds), seconds)
    docs = documents(args.sentences)
    n = sum(len(segment.sentences(doc.text)) for doc in docs)

    print(f"{n} sentences in {len(docs)} documents, best of {args.repeat} runs")
    for name, seconds in best.items():
        if name != "end to end":
            print(f"  {name:20s} {n / seconds:12,.0f} sentences/s")
    families = sum(seconds for name, seconds in best.items() if name not in ("model", "end to end"))
    print(f"  {'all families':20s} {n / families:12,.0f} sentences/s (tags and every family, no model)")
    print(f"  {'end to end':20s} {n / best['end to end']:12,.0f} sentences/s (target 5,000)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
