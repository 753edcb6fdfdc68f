"""Throughput of each feature family (sentences/s, one core, no LanguageTool).

    python -m benchmarks.features [--sentences 10000]

Target for all families together, including segmentation, tagging and the model: 5,000
sentences/s on one core.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.corpus import documents
from detector import segment
from detector.pipeline import FAMILIES, Detector
from features.analysis import Analysis


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10000)
    args = parser.parse_args(argv)
    docs = documents(args.sentences)
    detector = Detector.create()
    detector.check(documents(40)[0])  # load word lists, tagger, model

    started = time.perf_counter()
    for doc in docs:
        doc.sentences = segment.sentences(doc.text)
    timings = {"segmentation": time.perf_counter() - started}
    n = sum(len(d.sentences) for d in docs)
    started = time.perf_counter()
    analyses = [Analysis.of(doc) for doc in docs]
    timings["tokens + POS tags"] = time.perf_counter() - started
    for name, family in FAMILIES.items():
        started = time.perf_counter()
        for analysis in analyses:
            family(analysis)
        timings[name] = time.perf_counter() - started
    started = time.perf_counter()
    for doc, analysis in zip(docs, analyses, strict=True):
        detector.score_sentences(doc.sentences, analysis.tokens)
    timings["model"] = time.perf_counter() - started

    fresh = documents(args.sentences)
    started = time.perf_counter()
    for doc in fresh:
        detector.check(doc)
    end_to_end = time.perf_counter() - started

    print(f"{n} sentences in {len(docs)} documents")
    for name, seconds in timings.items():
        print(f"  {name:20s} {n / seconds:12,.0f} sentences/s")
    families = sum(seconds for name, seconds in timings.items() if name != "model")
    print(f"  {'all families':20s} {n / families:12,.0f} sentences/s (segmentation, tags and every family, no model)")
    print(f"  {'end to end':20s} {n / end_to_end:12,.0f} sentences/s (target 5,000)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
