"""Time and memory on adversarial inputs: the worst case per extractor, and a 50 MB line.

    python -m benchmarks.adversarial [--big-mb 50]

Each family runs on inputs built to trigger catastrophic regex backtracking or quadratic
loops (long runs of one character, of initials, of titles, of brackets, of mojibake...);
the figure is the worst time per family. Then one document of a single line of ``--big-mb``
megabytes goes through the whole pipeline, with its time and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import time

from core.records import Document
from detector import segment
from detector.pipeline import FAMILIES, Detector
from features.analysis import Analysis

N = 20000
ADVERSARIAL = {
    "one letter": "a" * N * 5,
    "one capital word": "Blinken " * N,
    "initials": "A. " * N,
    "titles": "Mr. Shri. " * N,
    "brackets": "(" * N + ")" * (N // 2),
    "quotes": "“" * N,
    "mojibake": "Ã©â€™" * N,
    "glued": ("ab" + "Cd") * N,
    "spaces before punctuation": "word , " * N,
    "non-Latin": "правительство " * N,
    "digits": "1,2.3:" * N,
    "apostrophes": "'s n't " * N,
    "controls": "\u202e\u200f" * N,
    "hyphens": "-".join(["Biden"] * N),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=int, default=50)
    args = parser.parse_args(argv)
    detector = Detector.create()
    detector.check(Document(id="warm", source="warm", text="Load the word lists. Mr Blinken said so."))
    worst: dict[str, tuple[float, str]] = {}
    for label, text in ADVERSARIAL.items():
        doc = Document(id=label, source="adversarial", text=text)
        started = time.perf_counter()
        doc.sentences = segment.sentences(text)
        analysis = Analysis.of(doc)
        worst_seg = time.perf_counter() - started
        if worst_seg > worst.get("segmentation + tags", (0.0, ""))[0]:
            worst["segmentation + tags"] = (worst_seg, label)
        for name, family in FAMILIES.items():
            started = time.perf_counter()
            family(analysis)
            elapsed = time.perf_counter() - started
            if elapsed > worst.get(name, (0.0, ""))[0]:
                worst[name] = (elapsed, label)
    size = max(len(t) for t in ADVERSARIAL.values())
    print(f"worst time per extractor on {len(ADVERSARIAL)} adversarial inputs of up to {size:,} characters")
    for name, (seconds, label) in worst.items():
        print(f"  {name:22s} {seconds * 1000:9.1f} ms  ({label})")

    line = ("The council approved the budget after a long debate on Monday, " * 20)[:-2] + ". "
    text = (line * (args.big_mb * 1_000_000 // len(line) + 1))[: args.big_mb * 1_000_000].replace(". ", "; ")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    doc = detector.check(Document(id="big", source="big", text=text))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"one line of {len(text) / 1e6:.0f} MB: {doc.status}, {len(doc.sentences):,} sentences in {elapsed:.1f} s; "
        f"peak RSS {peak / 1024:.0f} MiB (was {before / 1024:.0f} MiB before it)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
