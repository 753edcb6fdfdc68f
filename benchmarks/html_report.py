"""How fast a large HTML report opens and responds in headless Chromium.

    python -m benchmarks.html_report [--documents 10000]

Checks a corpus of short documents from ``../shared/data``, writes the report, opens it in
Debian's Chromium (Playwright) and prints the time to a usable index, to sort by score, to
filter, and to open a document.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import sentences
from mtlint.core.records import Document
from mtlint.detector.pipeline import Detector
from mtlint.reports import render
from mtlint.reports.base import RunInfo


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    args = parser.parse_args(argv)
    lines = sentences(args.documents * 3)
    detector = Detector.create()
    docs = [detector.check(Document(id=f"doc-{i}", source="bench", text=" ".join(lines[3 * i : 3 * i + 3])))
            for i in range(args.documents)]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        with open(path, "w", encoding="utf-8") as out:
            render("html", docs, out, RunInfo(inputs=["bench"], model="default", threshold=detector.threshold,
                                              version="bench", grammar=False))  # fmt: skip
        size = path.stat().st_size / 1e6
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("#index tbody tr")
            opened = time.perf_counter() - started
            started = time.perf_counter()
            page.click("#sort-score")
            page.wait_for_function("document.querySelector('#index tbody tr') !== null")
            sorted_in = time.perf_counter() - started
            started = time.perf_counter()
            page.fill("#filter", "minister")
            page.wait_for_function("document.querySelector('#pager').innerText.includes('documents')")
            filtered = time.perf_counter() - started
            started = time.perf_counter()
            page.click("#index tbody tr")
            page.wait_for_selector("#doc-text")
            opened_doc = time.perf_counter() - started
            browser.close()
    print(f"report of {args.documents:,} documents ({size:.1f} MB) in headless Chromium")
    print(f"  open to a usable index {opened:6.2f} s (target 3 s)")
    print(f"  sort by score          {sorted_in:6.2f} s")
    print(f"  filter                 {filtered:6.2f} s")
    print(f"  open a document        {opened_doc:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
