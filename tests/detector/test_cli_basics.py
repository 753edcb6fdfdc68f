"""The command line's basics: the extra's install command, a quiet broken pipe, a hint on a
terminal's stdin, the format from -o's extension, global options after the command, and
`mtlint config` as valid TOML."""

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from mtlint.detector.cli import _parser
from tests.conftest import ROOT, SEED

MTLINT = [sys.executable, "-m", "mtlint"]


def test_serve_without_the_extra_prints_the_install_command(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "pydantic", None)  # how Python marks a module that cannot be imported
    result = cli("serve")
    assert result.code == 2
    assert result.err.strip() == (
        "mtlint: error: mtlint serve needs the 'serve' extra (pydantic missing): pip install 'mtlint[serve]'"
    )


@pytest.mark.slow  # real processes and a real pipe
@pytest.mark.parametrize("args", [["rules", "--format", "json"], ["check", str(SEED), "--no-grammar"]])
def test_a_closed_pipe_ends_the_run_quietly(args):
    process = subprocess.Popen(MTLINT + args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before mtlint writes (as `| head -0`)
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141  # as a process killed by SIGPIPE
    assert "Broken pipe" not in err and "Errno" not in err and "internal error" not in err


@pytest.mark.slow
def test_standard_input_on_a_terminal_gets_a_hint(tmp_path):
    main, child = pty.openpty()
    process = subprocess.Popen(MTLINT + ["check", "--no-grammar"], cwd=ROOT, stdin=child,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    os.close(child)
    os.write(main, b"The council approved the budget on Monday.\n\x04")
    out, err = process.communicate(timeout=120)
    os.close(main)
    assert "reading standard input until Ctrl-D" in err.decode()
    assert process.returncode == 0 and b"Checked 1 document(s)" in out


def test_the_format_follows_the_output_extension(cli, tmp_path):
    report = tmp_path / "report.html"
    assert cli("check", SEED, "--no-grammar", "-o", report).code == 1
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    sarif = tmp_path / "report.sarif"
    cli("check", SEED, "--no-grammar", "-o", sarif)
    assert '"version": "2.1.0"' in sarif.read_text(encoding="utf-8")
    clash = cli("check", SEED, "--no-grammar", "-o", tmp_path / "r.html", "--format", "text")
    assert clash.code == 2 and "r.html: a html file, but --format is text" in clash.err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    "argv, verbose",
    [
        (["-v", "check", "a.txt"], True),
        (["check", "a.txt", "-v"], True),
        (["check", "--verbose", "a.txt"], True),
        (["rules", "-v"], True),
        (["check", "a.txt"], False),
    ],  # fmt: skip
)
def test_global_options_work_after_the_command(argv, verbose):
    assert _parser(argv).parse_args(argv).verbose is verbose


def test_config_prints_valid_toml_with_the_effective_threshold_and_sources(cli, tmp_path):
    (tmp_path / "mtlint.toml").write_text(
        'disable = ["foreign-honorific", "LT:"]\nseverity = { MT404 = "info" }\n'
        '[[overrides]]\npaths = ["wire/*"]\ndisable = ["MT1"]\n',
        encoding="utf-8",
    )
    shown = cli("config", tmp_path)
    assert shown.code == 0
    parsed = tomllib.loads(shown.out)
    assert 0 < parsed["threshold"] < 1  # the model's, since the file sets none
    assert parsed["disable"] == ["MT101", "LT:"] and parsed["severity"] == {"MT404": "info"}
    assert parsed["overrides"] == [{"paths": ["wire/*"], "disable": ["MT1"]}]
    assert f"# {tmp_path / 'mtlint.toml'}" in shown.out and "the model's" in shown.out
    # what it prints is a configuration mtlint reads back alike
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "mtlint.toml").write_text(shown.out, encoding="utf-8")
    assert tomllib.loads(cli("config", copy).out) == parsed


def test_write_baseline_is_sorted_readable_and_old_baselines_still_load(cli, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Min. Echoing Putin’s recent gestures, Shri.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert cli("check", doc, "--no-grammar", "--write-baseline", baseline).code == 0
    lines = baseline.read_text(encoding="utf-8").splitlines()
    entries = [line for line in lines if '"fingerprint"' in line]
    assert lines[0] == '{"version": 2, "findings": [' and entries == sorted(entries)
    assert '"code": "MT105", "text": "Min."' in baseline.read_text(encoding="utf-8")
    import json

    fingerprints = {e["fingerprint"]: e["count"] for e in json.loads(baseline.read_text())["findings"]}
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"version": 1, "findings": fingerprints}), encoding="utf-8")
    assert cli("check", doc, "--no-grammar", "--baseline", old).code == 0
    assert cli("check", doc, "--no-grammar", "--baseline", baseline).code == 0
    assert Path(baseline).exists()


@pytest.mark.slow  # starts a process
def test_the_mtlint_command_lists_and_runs_the_training_commands():
    """``train`` and ``eval`` come from training, joined in the root package's mtlint.cli."""
    listed = subprocess.run([*MTLINT, "--help"], capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0
    assert {"train", "eval"} <= {line.split()[0] for line in listed.stdout.splitlines() if line.startswith("    ")}
    train = subprocess.run([*MTLINT, "train", "--help"], capture_output=True, text=True, timeout=60)
    assert train.returncode == 0 and "--deep" in train.stdout
