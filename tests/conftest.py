"""Shared fixtures: the seed article, the CLI, a real LanguageTool server, a real browser, and
what lies outside the repository (the shared data sets, the fetched SARIF schema)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from mtlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bee0d77b0f2086e2.txt"
SCHEMA = json.loads((ROOT / "detector" / "schema" / "record.schema.json").read_text())
# fetched by scripts/setup.sh into the virtual environment that runs the tests
SARIF_SCHEMA = Path(sys.prefix) / "share" / "sarif" / "sarif-2.1.0-rtm.5.json"


# Tests that use these fixtures get the marker, so `-m "not languagetool and not browser"`
# deselects exactly the tests that need the real server or the real browser, and
# `-m "not shared_data"` those that read the shared data sets.
_FIXTURE_MARKERS = {
    "languagetool_url": "languagetool",
    "browser": "browser",
    "shared_data": "shared_data",
    "sarif_schema": "sarif_schema",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in _FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def jsonl(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``mtlint`` in-process; ``stdin`` bytes go to standard input."""

    def run(*args: str, stdin: bytes | None = None) -> CliResult:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data sets (``../shared/data`` or ``$MTLINT_DATA``): the test is skipped,
    saying where they are looked for, on a checkout without them."""
    from mtlint.training.paths import data_root

    try:
        return data_root()
    except FileNotFoundError as exc:
        pytest.skip(f"{exc}; the data sets are not part of the repository")


@pytest.fixture(scope="session")
def sarif_schema() -> dict:
    """The official SARIF 2.1.0 JSON schema; skipped until ``bash scripts/setup.sh`` fetched it."""
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"no SARIF schema at {SARIF_SCHEMA}: `bash scripts/setup.sh` fetches it (npm)")
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def languagetool_url() -> str:
    """The real LanguageTool server (started by scripts/test.sh, or here if it is not)."""
    from mtlint.features.languagetool import server

    url = server.find_url()
    if url is None:
        url = server.start().url
    return url


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Debian's chromium is not installed: run scripts/setup.sh"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()
