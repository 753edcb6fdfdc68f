"""``--jobs`` worker processes under real signals (issue #30, item 5): workers die with their
parent, Ctrl-C prints one line, a killed worker loses only its parcel (error records), and
SIGTERM leaves no temporary file. Every test starts real ``mtlint`` processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow
RECORDS = 600


def _corpus(tmp_path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": str(n), "text": text}) + "\n" for n in range(RECORDS)))
    return corpus


def _start(tmp_path: Path, *args, **popen) -> subprocess.Popen:
    command = [sys.executable, "-m", "mtlint", "check", _corpus(tmp_path), "--jobs", "2", "--no-grammar", *args]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _workers(proc: subprocess.Popen, count: int = 2) -> list[int]:
    """The worker pids, once the parent has forked them (after loading the model)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        children = _children(proc.pid)
        if len(children) >= count:
            time.sleep(0.5)  # let them take a parcel each
            return children
        time.sleep(0.05)
    raise AssertionError("the workers never started")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie is dead, waiting for a parent to reap it


def _gone(pids: list[int], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def test_a_killed_worker_loses_only_its_parcel(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = _start(tmp_path, "--format", "jsonl", "-o", out)
    victim = _workers(proc)[0]
    os.kill(victim, signal.SIGKILL)
    _, err = proc.communicate(timeout=600)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [str(n) for n in range(RECORDS)]  # every document, in order
    lost = [r for r in records if r["status"] == "error"]
    assert 1 <= len(lost) <= 16  # one parcel
    assert all(r["error"].endswith("not checked: its worker process died (killed by SIGKILL)") for r in lost)
    assert proc.returncode == 2, err


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(tmp_path, sig):
    proc = _start(tmp_path, "--format", "jsonl")
    workers = _workers(proc)
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert _gone(workers), f"workers {workers} outlived their parent"


def test_sigterm_removes_temporary_files_and_leaves_the_output_alone(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier report\n")
    proc = _start(tmp_path, "--format", "jsonl", "-o", out)
    _workers(proc)
    assert any(p.name.startswith(".out.jsonl.") for p in tmp_path.iterdir())  # the report being written
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err.decode().splitlines()[-1].startswith("mtlint: terminated after ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "out.jsonl"]
    assert out.read_text() == "an earlier report\n"


def test_ctrl_c_to_the_process_group_prints_one_line(tmp_path):
    proc = _start(tmp_path, "--format", "jsonl", start_new_session=True)
    workers = _workers(proc)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    _, err = proc.communicate(timeout=60)
    lines = err.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtlint: interrupted after "), lines
    assert proc.returncode == 130
    assert _gone(workers)
