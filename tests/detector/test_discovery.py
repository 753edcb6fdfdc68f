"""File selection like ruff: globs relative to the configuration's folder, .gitignore and tool
folders skipped, and (with --force-exclude, as pre-commit and the Action run) named files
selected exactly as a folder walk selects them."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from mtlint.detector.discovery import FileSelection
from mtlint.detector.precommit import main as precommit

TEXT = "The council approved the budget on Monday.\n"


def make_repository(root: Path) -> list[str]:
    """A content repository: articles, drafts, a README, a virtual environment, node
    modules and a git-ignored build folder. Returns every file, relative to ``root``."""
    files = {
        "mtlint.toml": 'exclude = ["drafts/*", "articles/wip-*"]\n',
        ".gitignore": "build/\n*.tmp.md\n!keep.tmp.md\n",
        "README.md": "# Desk\n\n" + TEXT,
        "articles/one.md": TEXT,
        "articles/two.txt": TEXT,
        "articles/wip-three.md": TEXT,
        "articles/scratch.tmp.md": TEXT,
        "articles/keep.tmp.md": TEXT,
        "articles/notes.rst": TEXT,
        "articles/local/.gitignore": "secret.md\n",
        "articles/local/secret.md": TEXT,
        "articles/local/open.md": TEXT,
        "drafts/draft.md": TEXT,
        "build/out.md": TEXT,
        ".venv/lib/site.md": TEXT,
        "node_modules/pkg/README.md": TEXT,
    }
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return sorted(files)


EXPECTED = ["README.md", "articles/keep.tmp.md", "articles/local/open.md", "articles/one.md", "articles/two.txt"]


def checked(result) -> list[str]:
    return sorted(r["source"] for r in result.jsonl())


def test_a_folder_walk_skips_excludes_gitignored_files_and_tool_folders(cli, tmp_path, monkeypatch):
    make_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert checked(cli("check", ".", "--no-grammar", "--format", "jsonl")) == EXPECTED
    # the globs are relative to the configuration's folder, whichever folder is named
    walked = checked(cli("check", "articles", "--no-grammar", "--format", "jsonl"))
    assert walked == [f for f in EXPECTED if f.startswith("articles/")]
    monkeypatch.chdir(tmp_path / "articles")
    inside = checked(cli("check", ".", "--no-grammar", "--format", "jsonl"))
    assert inside == [f.removeprefix("articles/") for f in EXPECTED if f.startswith("articles/")]


def test_no_respect_gitignore_checks_ignored_files(cli, tmp_path, monkeypatch):
    make_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = checked(cli("check", ".", "--no-grammar", "--format", "jsonl", "--no-respect-gitignore"))
    assert "build/out.md" in result and "articles/scratch.tmp.md" in result
    assert ".venv/lib/site.md" not in result and "drafts/draft.md" not in result


def test_named_files_are_checked_as_named_unless_force_exclude(cli, tmp_path, monkeypatch):
    make_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert checked(cli("check", "drafts/draft.md", "--no-grammar", "--format", "jsonl")) == ["drafts/draft.md"]
    forced = cli("check", "drafts/draft.md", "--no-grammar", "--force-exclude")
    assert forced.code == 0 and "nothing to check" in forced.err


def test_pre_commit_and_a_folder_walk_check_the_same_files(cli, capsys, tmp_path, monkeypatch):
    every = make_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    staged = [f for f in every if f.endswith((".md", ".txt", ".rst"))]  # what the hook's `files:` passes
    assert precommit(["--format", "jsonl", *staged]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["source"] for r in records) == EXPECTED


def test_named_folders_on_the_way_are_skipped_like_a_walk_skips_them(tmp_path, monkeypatch):
    make_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    forced = FileSelection(base=str(tmp_path), force_exclude=True)
    assert forced.named(Path(".venv/lib/site.md")) == ".venv is never checked"
    assert forced.named(Path("build/out.md")) == "ignored by .gitignore"
    assert forced.named(Path("articles/one.md")) is None
    assert FileSelection(base=str(tmp_path)).named(Path(".venv/lib/site.md")) is None


@pytest.mark.parametrize(
    "glob, path, excluded",
    [
        ("drafts", "a/drafts/x.md", True),
        ("drafts/*", "drafts/x.md", True),
        ("drafts/*", "a/drafts/x.md", False),
        ("*.tmp.md", "a/b.tmp.md", True),
        ("a/b", "a/b/c.md", True),
        ("./a/*.md", "a/c.md", True),
    ],  # fmt: skip
)
def test_glob_semantics(tmp_path, glob, path, excluded):
    selection = FileSelection(exclude=(glob,), base=str(tmp_path), respect_gitignore=False)
    assert (selection.skipped(tmp_path / path) is not None) is excluded
    assert os.path.isabs(str(tmp_path))


def test_override_paths_are_relative_to_the_configuration_folder(cli, tmp_path, monkeypatch):
    (tmp_path / "wire").mkdir()
    (tmp_path / "mtlint.toml").write_text('[[overrides]]\npaths = ["wire/*"]\ndisable = ["MT1"]\n', encoding="utf-8")
    story = tmp_path / "wire" / "story.txt"
    story.write_text("The minister met Shri Modi in Delhi on Tuesday.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "wire")
    for named in (story, "story.txt"):  # an absolute path, and a path from another folder
        assert cli("check", named, "--no-grammar").code == 0
