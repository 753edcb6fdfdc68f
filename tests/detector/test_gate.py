"""The CI gate: fail conditions, configuration, baseline, suppression, Markdown, pre-commit."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

GARBLED = "Min. Echoing Putin’s recent gestures, Shri.\n"
CLEAN = "The council approved the budget on Monday after a long debate.\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def codes(records):
    return sorted({f["code"] for r in records for s in r["sentences"] for f in s["findings"]})


def test_default_fails_on_any_suspect_sentence(cli, tmp_path):
    assert cli("check", write(tmp_path / "a.txt", GARBLED), "--no-grammar").code == 1
    assert cli("check", write(tmp_path / "b.txt", CLEAN), "--no-grammar").code == 0


def test_fail_on_score(cli, tmp_path):
    doc = write(tmp_path / "a.txt", GARBLED)
    assert cli("check", doc, "--no-grammar", "--fail-on-score", "0.5").code == 1
    assert cli("check", doc, "--no-grammar", "--fail-on-score", "1.0").code == 0


def test_fail_on_code_and_severity(cli, tmp_path):
    doc = write(tmp_path / "a.txt", GARBLED)
    assert cli("check", doc, "--no-grammar", "--fail-on-code", "MT105").code == 1
    assert cli("check", doc, "--no-grammar", "--fail-on-code", "MT2").code == 0  # no name findings here
    assert cli("check", doc, "--no-grammar", "--fail-on-severity", "error").code == 1
    clean = write(tmp_path / "b.txt", "The talks went well, officials said on Monday.\n")
    assert cli("check", clean, "--no-grammar", "--fail-on-severity", "info").code == 0


def test_max_suspect_ratio_is_a_corpus_limit(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    rows = [{"id": str(i), "text": CLEAN} for i in range(19)] + [{"id": "bad", "text": "Min."}]
    write(corpus, "".join(json.dumps(r) + "\n" for r in rows))
    assert cli("check", corpus, "--no-grammar").code == 1
    assert cli("check", corpus, "--no-grammar", "--max-suspect-ratio", "0.2").code == 0
    assert cli("check", corpus, "--no-grammar", "--max-suspect-ratio", "0.01").code == 1


def test_baseline_round_trip_survives_moved_lines_and_renamed_files(cli, tmp_path):
    old = write(tmp_path / "old.txt", CLEAN + GARBLED)
    baseline = tmp_path / "baseline.json"
    written = cli("check", old, "--no-grammar", "--write-baseline", baseline)
    assert written.code == 0  # bootstrapping under `set -e`: the findings are accepted, not failed
    assert "written to the baseline" in written.err.splitlines()[-1]
    assert json.loads(baseline.read_text())["findings"]
    moved = write(tmp_path / "renamed.txt", "\n\nA new first line was added here today.\n" + CLEAN + GARBLED)
    accepted = cli("check", moved, "--no-grammar", "--baseline", baseline, "--format", "jsonl")
    assert accepted.code == 0 and codes(accepted.jsonl()) == []
    new = write(tmp_path / "new.txt", CLEAN + GARBLED + "Reiterated the demand of the minister, he left.\n")
    result = cli("check", new, "--no-grammar", "--baseline", baseline, "--format", "jsonl")
    assert result.code == 1 and codes(result.jsonl()) == ["MT401"]


def test_inline_suppression_in_text_and_markdown(cli, tmp_path):
    doc = write(
        tmp_path / "a.md",
        "<!-- mtlint: disable=MT105 -->\nMin. The vote passed.\n<!-- mtlint: enable -->\n"
        "<!-- mtlint: disable-next-line -->\nEchoing his gestures, Shri.\n\n"  # a paragraph of its own:
        "Min. It rained.\n",  # Markdown's single line breaks are soft
    )
    records = cli("check", doc, "--no-grammar", "--format", "jsonl").jsonl()
    found = [(f["code"], s["text"]) for s in records[0]["sentences"] for f in s["findings"] if f["code"] < "MT2"]
    assert found == [("MT105", "Min.")]
    assert records[0]["sentences"][-2]["start"] > doc.read_text().index("It rained") - 10


def test_jsonl_field_lists_suppressed_codes(cli, tmp_path):
    corpus = write(
        tmp_path / "c.jsonl", json.dumps({"id": "a", "text": "Min.", "mtlint_suppress": ["MT105", "MT9"]}) + "\n"
    )
    records = cli("check", corpus, "--no-grammar", "--format", "jsonl").jsonl()
    assert [f["code"] for s in records[0]["sentences"] for f in s["findings"] if f["code"] == "MT105"] == []


def test_markdown_code_front_matter_and_urls_are_not_checked(cli, tmp_path):
    doc = write(
        tmp_path / "a.md",
        "---\ntitle: Shri. Min.\n---\n\n# Report\n\nSee http://example.com/Shri.Min for details.\n\n"
        "```\nMin. Shri. the the\n```\n\nThe council met. Use `Shri.` carefully.\n",
    )
    records = cli("check", doc, "--no-grammar", "--format", "jsonl").jsonl()
    text = doc.read_text()
    assert [c for c in codes(records) if not c.startswith("MT9")] == []  # no rule fires on code or URLs
    for s in records[0]["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]


def test_config_file_is_found_from_the_inputs_and_flags_win(cli, tmp_path):
    project = tmp_path / "project"
    (project / "news").mkdir(parents=True)
    write(
        project / "pyproject.toml",
        '[tool.mtlint]\ndisable = ["MT105"]\nfail-on-severity = "error"\n'
        '[[tool.mtlint.overrides]]\npaths = ["*/wire/*"]\ndisable = ["MT1"]\n',
    )
    doc = write(project / "news" / "a.txt", "Min. The council met.\n")
    records = cli("check", doc, "--no-grammar", "--format", "jsonl")
    assert "MT105" not in codes(records.jsonl())
    shown = cli("config", doc)
    assert 'disable = ["MT105"]' in shown.out and str(project / "pyproject.toml") in shown.out
    write(project / "mtlint.toml", "threshold = 0.99\n")  # mtlint.toml wins over pyproject.toml
    assert "threshold = 0.99" in cli("config", doc).out
    assert cli("check", doc, "--no-grammar", "--threshold", "0.2", "--format", "jsonl").code == 1
    (project / "wire").mkdir()
    wire = write(project / "wire" / "b.txt", "Echoing his gestures, Shri.\n")
    (project / "mtlint.toml").unlink()
    assert not [
        c for c in codes(cli("check", wire, "--no-grammar", "--format", "jsonl").jsonl()) if c.startswith("MT1")
    ]


def test_allow_lists_accept_names_and_honorifics(cli, tmp_path):
    write(tmp_path / "mtlint.toml", '[allow]\nhonorifics = ["Shri"]\n')
    doc = write(tmp_path / "a.txt", "The minister, Shri. Modi, spoke on Monday.\n")
    assert not [c for c in codes(cli("check", doc, "--no-grammar", "--format", "jsonl").jsonl()) if c == "MT101"]


@pytest.mark.parametrize(
    "content, message",
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ("threshold = 7\n", "threshold must be a number"),
        ('[allow]\nplaces = ["x"]\n', "unknown key 'places' in allow"),
        ('[[overrides]]\npaths = ["*"]\nfoo = 1\n', "unknown key 'foo' in overrides[0]"),
        ("threshold = \n", "cannot read configuration"),
    ],
)
def test_bad_configuration_is_an_error_naming_it(cli, tmp_path, content, message):
    write(tmp_path / "mtlint.toml", content)
    doc = write(tmp_path / "a.txt", CLEAN)
    result = cli("check", doc, "--no-grammar")
    assert result.code == 2 and message in result.err and "mtlint.toml" in result.err


@pytest.mark.slow
def test_pre_commit_hook_runs_in_a_scratch_repository(tmp_path):
    pre_commit = shutil.which("pre-commit", path=os.path.dirname(sys.executable))
    assert pre_commit, "pre-commit is a dev dependency: run scripts/setup.sh"
    repo = tmp_path / "content"
    repo.mkdir()
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t",
    )
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    write(repo / "good.md", "# Notes\n\nThe council approved the budget on Monday.\n")
    write(repo / "bad.md", "# Notes\n\nMin. Echoing his gestures, Shri.\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    run = lambda *files: subprocess.run(  # noqa: E731
        [pre_commit, "try-repo", str(ROOT), "mtlint", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    good = run("good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = run("bad.md")
    assert bad.returncode == 1 and "MT105" in bad.stdout


def test_fail_on_verdict_fails_on_a_garbled_article_only(cli, tmp_path, seed_text):
    seed = write(tmp_path / "seed.txt", seed_text)
    fluent = write(tmp_path / "fluent.txt", "The council approved the budget on Monday. The mayor was pleased.\n")
    assert cli("check", seed, "--no-grammar", "--fail-on-verdict", "garbled").code == 1
    assert cli("check", fluent, "--no-grammar", "--fail-on-verdict", "review").code == 0
    (tmp_path / "mtlint.toml").write_text('fail-on-verdict = "garbled"\n', encoding="utf-8")
    assert cli("check", seed, "--no-grammar").code == 1
    (tmp_path / "mtlint.toml").write_text('fail-on-verdict = "bad"\n', encoding="utf-8")
    assert cli("check", seed, "--no-grammar").code == 2
