"""A plain ``pip install .`` is a complete mtlint, grammar aside: no extras, no ``mtlint
provision``, no data in the home folder. Its records equal the development set-up's on text,
Markdown, HTML and JSONL inputs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow

HTML = """<!doctype html><html><head><title>Council approves budget</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Council approves budget</h1>
<p>The city council approved the budget on Monday after a debate that lasted most of the day.
Members said the plan would pay for new schools and repair the roads in the north.</p>
<p>Reiterated Putin's demand, the minister with Shri. on the sidelines of the meeting.</p>
<p>The mayor said the vote showed that the council could still agree on what matters most to
the people who live here, and thanked the staff who prepared the figures.</p>
</article><footer>Copyright 2024 The Daily Example</footer></body></html>
"""
MARKDOWN = """---
title: Notes
---
# Talks

The talks went well, Mr. Smith said on Monday.

```python
print("code is not prose")
```

Sergei V. on the sidelines said the the talks would go on.
"""


def _inputs(folder: Path) -> list[Path]:
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    rows = [{"id": "a", "text": "Min. The council met on Monday."}, {"id": "b", "text": "Blinkon met Blinken."}]
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return sorted(folder.iterdir())


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_a_plain_pip_install_checks_every_input_format_like_the_full_set_up(tmp_path, cli):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # pip may use its cache and the registry; nothing else from this machine's set-up
    source = tmp_path / "src"  # pip builds in the source tree: a copy keeps the checkout clean
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__"))
    installed = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", str(source)], capture_output=True, text=True, timeout=1500
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    # one import name: the repository's folders install under mtlint, none at the top level
    [site] = env_dir.glob("lib/python*/site-packages")
    [dist_info] = site.glob("mtlint-*.dist-info")
    top_level = {line.split("/")[0] for line in (dist_info / "RECORD").read_text().splitlines()}
    assert "mtlint" in top_level
    assert not top_level & {"core", "detector", "features", "reports", "training"}, top_level
    probe = "import mtlint, importlib.util; print(callable(mtlint.load), importlib.util.find_spec('core'))"
    imported = subprocess.run([python, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert imported.stdout.split() == ["True", "None"], imported.stderr
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MTLINT_", "NLTK_", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), PATH=f"{env_dir / 'bin'}:/usr/bin:/bin")
    paths = _inputs(tmp_path / "inputs")
    args = ["check", *map(str, paths), "--format", "jsonl", "--no-progress", "--jobs", "1"]

    fresh = subprocess.run([env_dir / "bin" / "mtlint", *args, "--no-grammar"], capture_output=True, text=True,
                           env=env, cwd=tmp_path, timeout=600)  # fmt: skip
    expected = cli(*args, "--no-grammar")
    assert fresh.returncode == expected.code == 1, fresh.stderr  # suspect sentences, no error
    assert _records(fresh.stdout) == expected.jsonl()
    records = _records(fresh.stdout)
    assert len(records) == 5 and all(r["status"] == "ok" for r in records)
    assert {Path(r["source"]).suffix for r in records} == {".txt", ".md", ".html", ".jsonl"}

    # without --no-grammar, the one optional piece says what is missing and the records stand
    plain = subprocess.run([env_dir / "bin" / "mtlint", *args], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=600)  # fmt: skip
    assert "no LanguageTool server found" in plain.stderr and "mtlint languagetool start" in plain.stderr
    assert "Traceback" not in plain.stderr
    assert _records(plain.stdout) == records
    # no provisioning happened: what mtlint derived from its packages lives in the empty home's cache
    assert sorted(p.name.split("-")[0] for p in (home / ".cache" / "mtlint").iterdir()) == ["cmu", "wordfreq"]
