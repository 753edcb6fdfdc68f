import json
import os
import pty
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED


def _screen(leader: int, follower: int) -> str:
    """What a process wrote to the terminal whose ends are ``leader`` and ``follower``: read
    until it closes its end (the parent's copy of the follower is closed first)."""
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal is gone
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_stats_file_counts_per_code_and_per_source(cli, tmp_path):
    stats = tmp_path / "stats.json"
    cli("check", SEED, "--no-grammar", "--stats", stats, "--format", "jsonl")
    data = json.loads(stats.read_text())
    assert data["documents"] == 1 and data["findings_by_code"]["MT201"] == 2
    source = data["by_source"][str(SEED)]
    assert source["sentences"] == data["sentences"] and 0 < source["suspect_ratio"] < 1


@pytest.mark.slow
def test_on_a_terminal_output_is_coloured_with_a_summary_table():
    leader, follower = pty.openpty()
    env = dict(os.environ, COLUMNS="120")
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mtlint", "check", str(SEED), "--no-grammar"],
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    screen = _screen(leader, follower)
    assert proc.returncode == 1
    assert "\x1b[" in screen  # ANSI colour
    assert "Findings by code" in screen and "MT201" in screen


def test_piped_output_has_no_colour_and_no_progress(cli):
    result = cli("check", SEED, "--no-grammar")
    assert "\x1b[" not in result.out and "\x1b[" not in result.err


@pytest.mark.slow
def test_progress_on_a_terminal_shows_total_percentage_and_eta_and_a_summary_stays(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(f'{{"id": "{i}", "text": "The council met on day {i}."}}\n' for i in range(300)))
    leader, follower = pty.openpty()
    env = dict(os.environ, COLUMNS="160")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mtlint",
            "check",
            str(corpus),
            "--no-grammar",
            "--format",
            "jsonl",
            "-o",
            str(tmp_path / "out.jsonl"),
        ],  # fmt: skip
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=ROOT,
        env=env,
    )
    screen = _screen(leader, follower)
    assert proc.wait(timeout=120) == 0
    assert "/300" in screen and "%" in screen and "ETA" in screen
    assert "mtlint: 300 document(s)" in screen and f"wrote {tmp_path / 'out.jsonl'}" in screen
