"""Grammar is visible whenever it is on (#27): a person checking a text sees every LanguageTool
finding, corpus records keep the cheap verdict band, the summary says how much LanguageTool
saw, and LanguageTool's suggestions are unsafe fixes. Every door follows the CLI's defaults."""

import json
import subprocess
import sys

import pytest

from mtlint import load
from mtlint.detector.batch import MtlintBatch
from tests.conftest import ROOT

ERROR = "This is a error in the report."


def test_stdin_shows_the_languagetool_finding_and_says_grammar_was_on(languagetool_url):
    done = subprocess.run(
        [sys.executable, "-m", "mtlint", "check", "-", "--languagetool-url", languagetool_url],
        input=ERROR,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert "LT:EN_A_VS_AN" in done.stdout
    assert "fix (unsafe): replace 'a' with 'an'" in done.stdout
    assert "grammar: on, 1 of 1 sentences checked (scope auto" in done.stdout


def test_records_keep_the_verdict_band_and_texts_get_every_sentence(cli, tmp_path, languagetool_url):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "r", "text": ERROR}) + "\n")
    text = tmp_path / "a.txt"
    text.write_text(ERROR + "\n")
    url = ("--languagetool-url", languagetool_url)
    record = cli("check", corpus, *url, "--format", "jsonl").jsonl()[0]
    assert "LT:EN_A_VS_AN" not in json.dumps(record)  # a fluent-scored record: not in the band
    article = cli("check", text, *url, "--format", "jsonl").jsonl()[0]
    assert [f["code"] for s in article["sentences"] for f in s["findings"]] == ["LT:EN_A_VS_AN"]
    forced = cli("check", corpus, *url, "--grammar-scope", "all", "--format", "jsonl").jsonl()[0]
    assert "LT:EN_A_VS_AN" in json.dumps(forced)
    summary = cli("check", corpus, *url).out.splitlines()[-1]
    assert summary.startswith("grammar: on, 0 of 1 sentences checked (scope auto")


def test_the_grammar_scope_comes_from_the_configuration(cli, tmp_path, languagetool_url):
    (tmp_path / "mtlint.toml").write_text('grammar-scope = "all"\n')
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "r", "text": ERROR}) + "\n")
    out = cli("check", corpus, "--languagetool-url", languagetool_url).out
    assert "LT:EN_A_VS_AN" in out and "scope all: every sentence" in out
    (tmp_path / "mtlint.toml").write_text('grammar-scope = "everything"\n')
    bad = cli("check", corpus, "--languagetool-url", languagetool_url)
    assert bad.code == 2 and "grammar-scope must be one of auto, verdict, all" in bad.err


def test_the_api_and_the_batch_callable_follow_the_cli(cli, tmp_path, languagetool_url, monkeypatch):
    monkeypatch.setenv("MTLINT_LANGUAGETOOL_URL", languagetool_url)  # what `auto` finds, as the CLI does
    path = tmp_path / "a.txt"
    path.write_text(ERROR)
    expected = cli("check", path, "--format", "jsonl").jsonl()[0]
    api = load().check_text(ERROR, id=str(path), source=str(path)).to_dict()
    assert api == expected and "LT:EN_A_VS_AN" in json.dumps(api)
    rows = [{"id": "r", "text": ERROR}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps(rows[0]) + "\n")
    from_cli = cli("check", corpus, "--format", "jsonl").jsonl()[0]
    from_batch = MtlintBatch(sentences=True)(rows)[0]
    assert from_batch["mtlint_score"] == pytest.approx(from_cli["score"])


def test_languagetool_suggestions_are_unsafe_fixes(languagetool_url):
    checker = load(grammar=True, languagetool_url=languagetool_url)
    doc = checker.check_text(ERROR)
    (finding,) = doc.findings
    assert finding.fix.safety == "unsafe" and finding.fix.edits[0].replacement == "an"
    assert checker.fix_text(ERROR) == ERROR  # unsafe: not applied by default
    assert checker.fix(doc, unsafe=True).text == "This is an error in the report."
