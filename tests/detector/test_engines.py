"""The README's Ray Data, Dask and Spark recipes, run as printed (extracted from README.md, so
they cannot drift) on local engines, each checked against ``mtlint check --keep not-suspect``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

GARBLED = "Min. Echoing his gestures, Shri."
FLUENT = "The council approved the budget on Monday after a long debate."


def _snippet(marker: str) -> str:
    """The README's Python block that contains ``marker``."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    found = [block for block in blocks if marker in block]
    assert len(found) == 1, f"one README recipe with {marker!r}, found {len(found)}"
    return found[0]


@pytest.fixture
def corpus(tmp_path, monkeypatch, cli) -> dict[str, float]:
    """A folder ``corpus/`` of JSONL files in the working directory; returns what the CLI keeps
    from it (id -> score)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for part in range(3):
        rows = [
            {"id": f"{part}-{i}", "text": GARBLED if i % 2 else f"{FLUENT} Part {part}, item {i}.", "domain": "x"}
            for i in range(4)
        ]
        (folder / f"part-{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "corpus", "--no-grammar", "--keep", "not-suspect", "-o", "kept.jsonl")
    assert result.code == 1  # the garbled half is suspect
    kept = {r["id"]: r["mtlint_score"] for r in map(json.loads, (tmp_path / "kept.jsonl").read_text().splitlines())}
    assert len(kept) == 6
    return kept


def _written(folder: str, pattern: str) -> dict[str, float]:
    rows = [json.loads(line) for path in sorted(Path(folder).glob(pattern)) for line in path.read_text().splitlines()]
    return {r["id"]: r["mtlint_score"] for r in rows}


def _run(prelude: str, marker: str, **env: str) -> None:
    """The README recipe with ``marker`` after ``prelude`` (the engine's local set-up), in a
    process of its own in the working directory: a deadlock fails the test, it does not hang it."""
    done = subprocess.run(
        [sys.executable, "-c", f"{prelude}\n{_snippet(marker)}"],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, **env),
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_ray_recipe_on_a_local_cluster_of_two_cpus(corpus):
    pytest.importorskip("ray", reason="the ray extra: pip install 'mtlint[ray]'")
    _run("import ray\nray.init(num_cpus=2, include_dashboard=False)", "import ray")
    assert _written("clean", "*.json") == pytest.approx(corpus)


def test_dask_recipe(corpus):
    pytest.importorskip("dask.dataframe", reason="the dask extra: pip install 'mtlint[dask]'")
    _run("", "import dask")
    assert _written("clean", "*.jsonl") == pytest.approx(corpus)


def test_spark_recipe_through_map_in_pandas_on_a_local_session(corpus):
    pytest.importorskip("pyspark", reason="the spark extra: pip install 'mtlint[spark]'")
    prelude = (
        "from pyspark.sql import SparkSession\n"
        'SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()'
    )
    _run(prelude, "pyspark", PYSPARK_PYTHON=sys.executable)  # Spark's workers: this environment's Python
    assert _written("clean", "part-*.json") == pytest.approx(corpus)
