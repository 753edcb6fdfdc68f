"""The HTML report on paper and on a phone (#27), in real Chromium: every finding's message is
in the printed PDF, only suspect sentences are shaded, the fixed-text view marks what changed,
and at 420 px nothing overflows and tooltips stay inside the viewport."""

import io
import json
import re
import unicodedata

import pytest
from pypdf import PdfReader

from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    from mtlint.cli import main

    folder = tmp_path_factory.mktemp("print")
    out, records = folder / "report.html", folder / "seed.jsonl"
    assert main(["check", str(SEED), "--no-grammar", "--format", "html", "-o", str(out)]) == 1
    main(["check", str(SEED), "--no-grammar", "--format", "jsonl", "-o", str(records)])
    return out, json.loads(records.read_text(encoding="utf-8").splitlines()[0])


def squeeze(text: str) -> str:
    """Text without whitespace (a PDF's lines break where the page does) or ligatures ("fi")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_the_printed_report_shows_every_finding_message(browser, seed_report):
    path, record = seed_report
    page = browser.new_page()
    page.goto(path.as_uri())
    pdf = PdfReader(io.BytesIO(page.pdf(print_background=True)))
    printed = squeeze(" ".join(p.extract_text() for p in pdf.pages))
    messages = {f["message"] for s in record["sentences"] for f in s["findings"]}
    assert len(messages) >= 10
    for message in messages:
        assert squeeze(message) in printed, message
    assert squeeze("spell it 'Blinken'") in printed  # suggestions too
    page.close()


def test_only_suspect_sentences_are_shaded(browser, seed_report):
    path, _ = seed_report
    page = browser.new_page()
    page.goto(path.as_uri())
    shades = page.eval_on_selector_all(
        "#doc-text .sent", "els => els.map(e => [e.classList.contains('suspect'), getComputedStyle(e).backgroundColor])"
    )
    clean = {colour for suspect, colour in shades if not suspect}
    suspect = {colour for suspect, colour in shades if suspect}
    assert clean == {"rgba(0, 0, 0, 0)"} and len(suspect) == 1 and suspect != clean
    page.close()


def test_the_fixed_text_view_marks_what_changed(browser, seed_report):
    path, _ = seed_report
    page = browser.new_page()
    page.goto(path.as_uri())
    page.click("#show-fixed")
    deleted = page.eval_on_selector_all("#fixed-text del.change", "els => els.map(e => e.textContent)")
    inserted = page.eval_on_selector_all("#fixed-text ins.change", "els => els.map(e => e.textContent)")
    assert "Blinkon" in deleted and "Blinken" in inserted and any("Min" in d for d in deleted)
    visible = page.evaluate(
        "[...document.querySelectorAll('#fixed-text > *, #fixed-text')].map(e => e.innerText).join('')"
    )
    assert "Blinken’s visit" in visible
    page.close()


def test_at_420_px_nothing_overflows_and_tooltips_stay_in_view(browser, seed_report):
    path, _ = seed_report
    page = browser.new_page(viewport={"width": 420, "height": 800}, has_touch=True)
    page.goto(path.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    status = page.locator("#index tbody tr td").nth(3).bounding_box()
    assert status["x"] + status["width"] <= 420
    for code in ("MT201", "MT404"):  # one near the start, one at the very end of the article
        mark = page.locator(f"mark[data-code='{code}']").first
        mark.scroll_into_view_if_needed()
        mark.tap()
        box = page.locator("#tip").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 420, box
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    page.close()
