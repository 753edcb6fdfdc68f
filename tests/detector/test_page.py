"""The news desk's page at ``GET /`` of a real ``mtlint serve``, used in real Chromium."""

import os
import signal
import subprocess
from pathlib import Path

import pytest

from benchmarks.serve import launch

pytestmark = pytest.mark.slow  # a real `mtlint serve` process


@pytest.fixture(scope="module")
def server():
    env = {k: v for k, v in os.environ.items() if k != "MTLINT_TOKEN"}
    proc, url = launch(["--no-grammar"], env=env, output=subprocess.DEVNULL)
    yield url
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def open_page(browser, url: str, width: int = 1280):
    """The page, with every request it makes recorded (any outside the server is refused)
    and every console error or CSP violation collected."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []

    def route(r):
        requests.append(r.request.url)
        if r.request.url.startswith(url):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url + "/")
    return page, requests, problems


def check_seed(page, seed_text: str) -> None:
    """Paste the seed (a real clipboard paste) and check it."""
    page.evaluate("text => navigator.clipboard.writeText(text)", seed_text)
    page.focus("#input")
    page.keyboard.press("Control+V")
    assert page.input_value("#input") == seed_text
    page.click("#check")
    page.wait_for_selector("#findings li.finding")


@pytest.mark.parametrize("width", [1280, 420])
def test_paste_the_seed_see_the_findings_and_take_the_safe_fixes(browser, server, seed_text, width):
    page, requests, problems = open_page(browser, server, width)
    check_seed(page, seed_text)
    assert page.locator("#verdict .label").inner_text().lower() in ("garbled", "review", "suspect")
    findings = page.locator("#findings li.finding")
    messages = findings.all_inner_texts()
    assert any("'Blinkon' is spelt 'Blinken'" in m and "Suggestion: spell it 'Blinken'" in m for m in messages)
    assert all("What to do:" in m for m in messages)  # visible, not in a tooltip
    starts = page.eval_on_selector_all("#findings li.finding .code", "els => els.length")
    assert starts == findings.count()
    marks = page.eval_on_selector_all("#article a.mark", "els => els.map(e => [e.dataset.code, e.textContent])")
    assert ["MT301", "Blinkon"] in marks and ["MT105", "Min."] in marks
    assert page.locator("#article .sent.suspect").count() >= 6
    page.click("#reject-all")
    assert "Blinkon" in page.input_value("#fixed")
    page.click("#accept-safe")
    fixed = page.input_value("#fixed")
    for debris in ("Blinkon", "Min.", "Shri."):
        assert debris not in fixed
    assert "following Mr Blinken’s visit" in fixed and "Vladimir V. He" in fixed  # unsafe ones not taken
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow} px of horizontal overflow at {width} px"
    assert all(r.startswith(server) for r in requests) and len(requests) >= 4  # page, css, js, API
    assert problems == []
    page.context.close()


def test_safe_fixes_are_preselected_and_each_can_be_taken_or_left(browser, server, seed_text):
    page, _, problems = open_page(browser, server)
    check_seed(page, seed_text)
    assert "Blinkon" not in page.input_value("#fixed")  # safe ones taken from the start
    item = page.locator("#findings li.finding", has_text="'Blinkon' is spelt")
    item.locator("input[type=checkbox]").uncheck()
    assert "Mr Blinkon’s visit" in page.input_value("#fixed")
    unsafe = page.locator("#findings li.finding", has_text="Vladimir V.").locator("input[type=checkbox]")
    assert not unsafe.is_checked()
    unsafe.check()
    assert "Vladimir V. Putin." in page.input_value("#fixed")
    with page.expect_download() as download:
        page.click("#download")
    assert "Vladimir V. Putin." in Path(download.value.path()).read_text(encoding="utf-8")
    assert problems == []
    page.context.close()


def test_keyboard_only(browser, server):
    page, _, problems = open_page(browser, server)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "input"
    page.keyboard.insert_text("Min. The talks in Geneva went on for hours.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#findings li.finding")
    page.wait_for_function("document.activeElement.id === 'result-title'")  # focus moves to the result
    assert page.input_value("#fixed") == "The talks in Geneva went on for hours."
    page.focus("#article a.mark")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-0"
    page.keyboard.press("Tab")  # the finding's own checkbox
    page.keyboard.press("Space")
    assert page.input_value("#fixed").startswith("Min. The talks")
    assert problems == []
    page.context.close()


def test_a_dropped_html_file_is_checked_as_its_article(browser, server, tmp_path):
    page, _, problems = open_page(browser, server)
    paragraphs = "".join(
        f"<p>The council met on Monday in the town hall and paragraph {n} of the report was read aloud.</p>"
        for n in range(6)
    )
    article = f"<article>{paragraphs}<p>Min. The vote passed.</p></article>"
    html = f"<html><body><nav>Home | News</nav>{article}</body></html>"
    path = tmp_path / "story.html"
    path.write_text(html, encoding="utf-8")
    page.set_input_files("#file", str(path))
    page.wait_for_selector("#findings li.finding")
    assert "<p>" not in page.locator("#article").inner_text()
    assert "Min." not in page.input_value("#fixed")
    assert problems == []
    page.context.close()


def test_the_page_is_served_with_a_strict_content_security_policy(server):
    import httpx

    response = httpx.get(server + "/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '<script src="/static/page.js"' in response.text and "<script>" not in response.text
    assert httpx.get(server + "/static/page.js").headers["content-type"].startswith("text/javascript")
    assert httpx.get(server + "/static/../service.py").status_code == 404


def test_a_dropped_markdown_file_is_checked_and_the_fixed_text_copied(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "/")
    note = "Min. The council met on Monday.\n\nThe vote is `the the` code and passed."
    transfer = page.evaluate_handle(
        "text => { const t = new DataTransfer(); t.items.add(new File([text], 'note.md')); return t; }", note
    )
    page.dispatch_event("#compose", "drop", {"dataTransfer": transfer})
    page.wait_for_selector("#findings li.finding")
    assert page.locator("#file-name").inner_text() == "note.md"
    codes = page.eval_on_selector_all("#findings li.finding .code", "els => els.map(e => e.textContent)")
    assert codes == ["MT105"]  # inline code is not prose: read as Markdown
    page.click("#copy")
    assert page.evaluate("navigator.clipboard.readText()") == note.removeprefix("Min. ")
    context.close()


def test_a_server_with_the_deep_stage_says_so_and_the_page_gets_its_verdicts(browser, seed_text, cli, tmp_path):
    pytest.importorskip("onnxruntime", reason="the deep extra")
    env = {k: v for k, v in os.environ.items() if k != "MTLINT_TOKEN"}
    proc, url = launch(["--no-grammar", "--deep"], env=env, output=subprocess.DEVNULL)
    try:
        page, _, problems = open_page(browser, url)
        page.wait_for_selector("#stages:not(:empty)")  # a selector, not a JS predicate: the CSP forbids eval
        assert "deep stage" in page.text_content("#stages")
        check_seed(page, seed_text)
        seed = tmp_path / "seed.txt"
        seed.write_text(seed_text, encoding="utf-8")
        expected = cli("check", seed, "--deep", "--no-grammar", "--format", "jsonl", "--exit-zero").jsonl()[0]
        assert expected["verdict"]["label"] in page.text_content("#verdict").lower()
        assert not problems
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_a_server_without_the_deep_stage_claims_none(browser, server):
    page, _, _ = open_page(browser, server)
    page.wait_for_load_state("networkidle")
    assert page.text_content("#stages") == ""
