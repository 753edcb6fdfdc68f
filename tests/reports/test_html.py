"""The HTML report, opened in real headless Chromium."""

import json

import pytest

from mtlint import load
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    from mtlint.cli import main

    out = tmp_path_factory.mktemp("html") / "report.html"
    assert main(["check", str(SEED), "--no-grammar", "--format", "html", "-o", str(out)]) == 1
    return out


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    return page, problems, requests


def test_seed_report_highlights_the_offending_words(browser, seed_report):
    page, problems, requests = open_page(browser, seed_report)
    marks = page.eval_on_selector_all("mark.finding", "els => els.map(e => [e.dataset.code, e.textContent])")
    assert ["MT201", "Vladimir V."] in marks
    assert ["MT301", "Blinkon"] in marks
    assert ["MT401", "Reiterated"] in marks
    assert ["MT105", "Min."] in marks
    assert "date 2021-12-03 Blinken Trades Warnings" in page.locator("#doc-text").inner_text()
    assert page.locator(".sent.suspect").count() >= 6
    assert "Blinken x13 / Blinkon x1" in page.locator(".variants").inner_text()
    flesch = load(grammar=False).check_text(SEED.read_text(encoding="utf-8")).readability.flesch_reading_ease
    assert f"Flesch reading ease {flesch:.1f}" in page.locator("#view .meta").inner_text()
    page.hover("mark[data-code='MT201']")
    tip = page.locator("#tip").inner_text()
    assert "MT201" in tip and "sentence score" in tip
    shots = SEED.parent.parent / "artifacts"  # kept by CI
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "seed-report.png"), full_page=True)
    assert problems == [] and requests == []
    page.close()


def test_filter_sort_and_hide_clean(browser, tmp_path, cli):
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "clean-1", "text": "The council approved the budget on Monday."},
        {"id": "bad-1", "text": "Min. Echoing his gestures, Shri. Reiterated the demand, he left."},
        {"id": "clean-2", "text": "Farmers expect a good harvest this year."},
        {"id": "broken", "text": 7},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "r.html"
    cli("check", corpus, "--no-grammar", "--format", "html", "-o", out)
    page, problems, requests = open_page(browser, out)
    ids = lambda: page.eval_on_selector_all("#index tbody tr", "rs => rs.map(r => r.dataset.id)")  # noqa: E731
    assert ids() == ["clean-1", "bad-1", "clean-2", "broken"]
    page.click("#sort-score")
    assert ids()[0] == "bad-1"
    page.click("#sort-findings")
    assert ids()[0] == "bad-1"
    page.check("#hide-clean")
    assert "clean-1" not in ids() and "bad-1" in ids() and "broken" in ids()
    page.uncheck("#hide-clean")
    page.fill("#filter", "harvest")
    assert ids() == ["clean-2"]
    page.fill("#filter", "")
    page.focus("#index tbody tr")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#view h2").inner_text() in ids()
    assert problems == [] and requests == []
    page.close()


def test_document_text_is_escaped_and_never_executed(browser, tmp_path, cli):
    hostile = (
        '<script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> '
        '"><svg onload="window.pwned=3"> </script><script>window.pwned=4</script> Shri. said it.'
    )
    corpus = tmp_path / "h.jsonl"
    corpus.write_text(json.dumps({"id": '<b id="x">', "text": hostile}) + "\n")
    out = tmp_path / "h.html"
    cli("check", corpus, "--no-grammar", "--format", "html", "-o", out)
    page, problems, _ = open_page(browser, out)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#doc-text").inner_text().strip().startswith("<script>")
    assert page.locator("#x").count() == 0
    page.close()


def test_large_report_stays_paginated(browser, tmp_path, cli):
    corpus = tmp_path / "big.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "text": "Min. It rained."}) + "\n" for i in range(1000)))
    out = tmp_path / "big.html"
    cli("check", corpus, "--no-grammar", "--format", "html", "-o", out)
    page, problems, _ = open_page(browser, out)
    assert page.locator("#index tbody tr").count() == 100
    assert "of 10" in page.locator("#pager").inner_text()
    page.close()


def test_suggestions_in_the_tooltip_and_the_fixed_text_view(browser, seed_report):
    page, problems, requests = open_page(browser, seed_report)
    assert page.get_attribute("mark[data-code='MT301']", "data-fix") == "safe"
    page.hover("mark[data-code='MT301']")
    tip = page.locator("#tip").inner_text()
    assert (
        "suggestion (safe fix): spell it 'Blinken'" in tip
        and "replace \u201cBlinkon\u201d with \u201cBlinken\u201d" in tip
    )
    page.hover("mark[data-code='MT105']")
    assert "delete \u201cMin. \u201d" in page.locator("#tip").inner_text()
    assert page.locator("#fixed-text").is_hidden()
    page.click("#show-fixed")
    # the fixed text: what the view shows less the deletions it marks
    fixed = page.eval_on_selector(
        "#fixed-text", "e => [...e.childNodes].filter(n => n.nodeName !== 'DEL').map(n => n.textContent).join('')"
    )
    assert page.locator("#doc-text").is_hidden() and "Blinkon" not in fixed and "Min." not in fixed
    assert "following Mr Blinken’s visit" in fixed and "Vladimir V. He" in fixed
    assert page.get_attribute("#show-fixed", "aria-pressed") == "true"
    page.click("#show-fixed")
    assert page.locator("#doc-text").is_visible() and page.locator("#fixed-text").is_hidden()
    assert problems == [] and requests == []
    page.close()


def test_fixed_text_is_shown_as_text_never_as_html(browser, tmp_path, cli):
    hostile = '<img src=x onerror="window.pwned = 1"> The talks </script><script>window.pwned=2</script> went on. Min.'
    corpus = tmp_path / "h.jsonl"
    corpus.write_text(json.dumps({"id": "h", "text": hostile}) + "\n")
    out = tmp_path / "h.html"
    cli("check", corpus, "--no-grammar", "--format", "html", "-o", out)
    page, problems, _ = open_page(browser, out)
    page.click("#show-fixed")
    assert page.locator("#fixed-text").inner_text().startswith('<img src=x onerror="window.pwned = 1">')
    assert page.evaluate("window.pwned") is None and page.locator("#fixed-text img").count() == 0
    page.close()


def test_each_document_opens_under_its_verdict_banner_on_screen_and_in_print(browser, seed_report, tmp_path, cli):
    page, problems, requests = open_page(browser, seed_report)
    banner = page.locator("#view .verdict")
    assert banner.get_attribute("class") == "verdict verdict-garbled"
    text = banner.inner_text()
    assert text.startswith("HOLD: reads as machine translation") and "article score" in text
    reasons = page.eval_on_selector_all("#view .verdict li", "els => els.map(e => e.textContent)")
    assert any("sentences read as machine translation" in r for r in reasons)
    page.emulate_media(media="print")
    assert banner.is_visible() and "HOLD" in banner.inner_text()
    assert problems == [] and requests == []
    page.close()
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "clean", "text": "The council approved the budget on Monday."},
        {"id": "suspect", "text": "Min. Echoing his gestures, Shri. Reiterated the demand, he left."},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "r.html"
    cli("check", corpus, "--no-grammar", "--format", "html", "-o", out)
    page, problems, _ = open_page(browser, out)
    page.click("#index tbody tr[data-id='clean']")
    assert page.locator("#view .verdict").inner_text().startswith("CLEAN")
    page.click("#index tbody tr[data-id='suspect']")
    assert page.locator("#view .verdict-review strong").inner_text().startswith("REVIEW: 2 of 2 sentences to fix")
    assert page.locator("#view .verdict li").count() >= 1
    assert problems == []
    page.close()
