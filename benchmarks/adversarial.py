"""Time and memory on adversarial inputs: every pattern family at two sizes, the worst case
per extractor, and 25 MB lines.

    python -m benchmarks.adversarial [--big-mb 25] [--patterns-only]

First each family of patterns that sees user text (the Markdown and comment masks, inline
``<!-- mtlint: -->`` directives, HTML extraction) runs on the shapes that made it backtrack
or loop (an unterminated ``<!--`` repeated, ``](`` repeated, a run of backticks, a tag with
many attributes...) at 10x and 100x a base size, in CPU time: linear growth is a ratio near
10, quadratic near 100 (``tests/detector/test_adversarial_growth.py`` checks the ratio of the
same shapes). Then each extractor runs on inputs built to trigger catastrophic regex backtracking or quadratic
loops (long runs of one character, of initials, of titles, of brackets, of mojibake...);
the figure is the worst time per family. Then single-line documents of ``--big-mb``
megabytes (the default is the reader's per-document limit) go through the whole pipeline,
each in a process forked from the warmed-up one, with its time and that process's peak
memory: prose with sentence ends, and lines without punctuation (ordinary words, and one
word repeated, which gives a finding every two words). The target is under 600 MiB each.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from mtlint.core.records import Document, Sentence
from mtlint.detector import markdown, segment, suppress
from mtlint.detector.inputs import MAX_DOCUMENT_BYTES, html_document
from mtlint.detector.modelfile import load_default
from mtlint.detector.pipeline import EXTRACTORS, Detector
from mtlint.features.analysis import Analysis

BASE = 2000  # characters; the families run at 10x and 100x this


def _md(text: str) -> object:
    return markdown.mask(text, markdown=True)


def _html(text: str) -> object:
    return html_document(text, "adversarial.html")


def _spans(text: str) -> object:
    """The span model's word spans over one long sentence (every word garbled)."""
    doc = Document(id="spans", source="adversarial", text=text)
    doc.sentences = [Sentence(0, len(text), text)]
    return load_default().spans.spans(Analysis.of(doc).tokens[0])


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


# family: (the function under test, the adversarial text of about ``size`` characters)
PATTERN_FAMILIES: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "comment: '<!--' repeated, unterminated": (
        lambda t: markdown.mask(t, markdown=False),
        lambda n: _repeat("<!--", n),
    ),
    "comment: '<!-- a -->' repeated": (lambda t: markdown.mask(t, markdown=False), lambda n: _repeat("<!-- a -->", n)),
    "directive: unterminated, then spaces": (suppress.directives, lambda n: "<!-- mtlint: disable=" + " " * n),
    "directive: '<!-- mtlint: disable=' repeated": (suppress.directives, lambda n: _repeat("<!-- mtlint: disable=", n)),
    "directive: closed, with spaces": (suppress.directives, lambda n: _repeat("<!-- mtlint: disable=MT101   -->", n)),
    "link target: '](' repeated": (_md, lambda n: _repeat("](", n)),
    "link target: '](x \"' repeated": (_md, lambda n: _repeat('](x "', n)),
    "inline code: one backtick run": (_md, lambda n: _repeat("`", n)),
    "inline code: runs of rising length": (
        _md,
        lambda n: "".join("`" * k + "a" for k in range(1, int((2 * n) ** 0.5))),
    ),
    "inline code: '``a' repeated": (_md, lambda n: _repeat("``a", n)),
    "fence: '```' lines": (_md, lambda n: _repeat("```\n", n)),
    "fence: unterminated, indented": (_md, lambda n: _repeat(" ~~~ a\n", n)),
    "indented code: blank-separated": (_md, lambda n: _repeat("\n\n    x", n)),
    "front matter: unterminated": (_md, lambda n: _repeat("a: b\n", n, head="---\n")),
    "URL: 'http://' repeated": (_md, lambda n: _repeat("http://", n)),
    "URL: 'www.' repeated with spaces": (_md, lambda n: _repeat("www. ", n)),
    "span model: 'the ' repeated": (_spans, lambda n: _repeat("the ", n)),
    "HTML: paragraphs": (_html, lambda n: _repeat("<p>The council approved it on Monday.</p>", n * 2, "<article>")),
    "HTML: attributes on one tag": (
        _html,
        lambda n: "<article><p " + " ".join(f"a{i}=x" for i in range(n // 200)) + ">The vote passed.</p>",
    ),
    "HTML: nested divs": (_html, lambda n: "<div>" * (n // 10) + "<p>The vote passed.</p>" + "</div>" * (n // 10)),
}


def family_seconds(function: Callable[[str], object], text: str, repeats: int = 3) -> float:
    """The best of ``repeats`` timings of ``function(text)`` in CPU seconds of this thread:
    other processes on a busy machine do not count, so growth ratios stay comparable."""
    best = float("inf")
    for _ in range(repeats):
        started = time.thread_time()
        function(text)
        best = min(best, time.thread_time() - started)
    return best


def print_families(base: int = BASE) -> None:
    print(f"pattern families at {10 * base:,} and {100 * base:,} characters, CPU time "
          "(linear: ratio ~10, quadratic ~100)")  # fmt: skip
    for name, (function, shape) in PATTERN_FAMILIES.items():
        small = family_seconds(function, shape(10 * base))
        large = family_seconds(function, shape(100 * base))
        print(f"  {name:42s} {small * 1000:8.2f} ms {large * 1000:9.2f} ms  x{large / small:5.1f}")


N = 20000  # repetitions of each shape's unit at the larger size; the smaller is N // 10
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "one letter": lambda n: "a" * n * 5,
    "one capital word": lambda n: "Blinken " * n,
    "initials": lambda n: "A. " * n,
    "titles": lambda n: "Mr. Shri. " * n,
    "brackets": lambda n: "(" * n + ")" * (n // 2),
    "quotes": lambda n: "“" * n,
    "mojibake": lambda n: "Ã©â€™" * n,
    "glued": lambda n: ("ab" + "Cd") * n,
    "spaces before punctuation": lambda n: "word , " * n,
    "non-Latin": lambda n: "правительство " * n,
    "digits": lambda n: "1,2.3:" * n,
    "marks without spaces": lambda n: "." * n * 5,
    "apostrophes": lambda n: "'s n't " * n,
    "controls": lambda n: "\u202e\u200f" * n,
    "hyphens": lambda n: "-".join(["Biden"] * n),
}
BIG_LINES = {
    "prose with sentence ends": "The council approved the budget after a long debate on Monday. ",
    "no punctuation": "the council approved the budget after a long debate on monday and ",
    "no punctuation, one word": "the ",
}
_detector: Detector | None = None


def _big(pattern: str, size: int) -> tuple[str, int, int, float, float]:
    """Check one line of ``size`` characters in this (forked) process: status, sentences,
    findings, seconds and peak RSS in MiB."""
    text = (pattern * (size // len(pattern) + 1))[:size]
    started = time.perf_counter()
    doc = _detector.check(Document(id="big", source="big", text=text))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return doc.status, len(doc.sentences), len(doc.findings), elapsed, peak


def _extractor_seconds(n: int) -> dict[str, dict[str, float]]:
    """CPU seconds of segmentation and each extractor on every shape at ``n`` units."""
    seconds: dict[str, dict[str, float]] = {}
    for label, shape in ADVERSARIAL.items():
        text = shape(n)
        doc = Document(id=label, source="adversarial", text=text)
        started = time.thread_time()
        doc.sentences = segment.sentences(text)
        analysis = Analysis.of(doc)
        seconds.setdefault("segmentation + tags", {})[label] = time.thread_time() - started
        for name, family in EXTRACTORS.items():
            started = time.thread_time()
            family(analysis)
            seconds.setdefault(name, {})[label] = time.thread_time() - started
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=int, default=MAX_DOCUMENT_BYTES // 1_000_000)
    parser.add_argument("--patterns-only", action="store_true", help="only the pattern families")
    args = parser.parse_args(argv)
    _html("<p>Load trafilatura.</p>")
    print_families()
    if args.patterns_only:
        return 0
    global _detector
    _detector = detector = Detector.create()
    detector.check(Document(id="warm", source="warm", text="Load the word lists. Mr Blinken said so."))
    timings = {size: _extractor_seconds(size) for size in (N // 10, N)}
    print(f"extractors on {len(ADVERSARIAL)} adversarial shapes at {N // 10:,} and {N:,} units, CPU time: "
          "the slowest shape at the larger size")  # fmt: skip
    for name, large in timings[N].items():
        label = max(large, key=large.get)
        small, big = timings[N // 10][name][label], large[label]
        print(f"  {name:22s} {small * 1000:8.1f} ms {big * 1000:9.1f} ms  x{big / max(small, 1e-6):5.1f}  ({label})")

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"one line of {args.big_mb} MB, each in a process forked from this one ({base:.0f} MiB peak before)")
    for label, pattern in BIG_LINES.items():
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            status, sentences, findings, elapsed, peak = pool.submit(_big, pattern, args.big_mb * 1_000_000).result()
        print(
            f"  {label:26s} {status}, {sentences:,} sentences, {findings:,} findings in {elapsed:.1f} s; "
            f"peak RSS {peak:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
