"""Screenshots of the news desk's page and of the HTML report, at desktop width and at 420 px.

    python -m benchmarks.screenshots [--out artifacts/screenshots] [--grammar]

Starts a real ``mtlint serve`` on loopback, pastes the seed article into its page, checks it
and photographs the result; writes the seed's HTML report with ``mtlint check`` and
photographs it too, on screen and as printed (PDF page images are not taken: the PDF itself
is written). Uses Debian's Chromium through Playwright, as the browser tests do.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from benchmarks.serve import launch

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bee0d77b0f2086e2.txt"
WIDTHS = {"desktop": 1280, "420px": 420}


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "screenshots"))
    parser.add_argument("--grammar", action="store_true", help="use the LanguageTool server (default: off)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    grammar = [] if args.grammar else ["--no-grammar"]
    report = out / "report.html"
    subprocess.run(
        [sys.executable, "-m", "mtlint", "check", str(SEED), *grammar, "--format", "html", "-o", str(report)],
        check=False,  # exit 1: the seed is suspect
    )
    env = {k: v for k, v in os.environ.items() if k != "MTLINT_TOKEN"}
    proc, url = launch(grammar, env=env)
    written = []
    try:
        with sync_playwright() as p:
            executable = shutil.which("chromium") or shutil.which("chromium-browser")
            browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
            for name, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(url + "/")
                page.fill("#input", SEED.read_text(encoding="utf-8"))
                page.click("#check")
                page.wait_for_selector("#findings li.finding")
                written.append(out / f"page-{name}.png")
                page.screenshot(path=str(written[-1]), full_page=True)
                page.goto(report.as_uri())
                written.append(out / f"report-{name}.png")
                page.screenshot(path=str(written[-1]), full_page=True)
                page.close()
            page = browser.new_page()
            page.goto(report.as_uri())
            written.append(out / "report-print.pdf")
            page.pdf(path=str(written[-1]), print_background=True)
            browser.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
