"""One validator (issue #16): the command line, the configuration file and the Python API
refuse the same bad numbers and types with the same message, and exit 2, never 1."""

import subprocess
import sys

import pytest

from mtlint import load
from mtlint.cli import main
from mtlint.detector.validate import InvalidValue
from tests.conftest import ROOT


def _mtlint(capsys, *args) -> tuple[int, str]:
    """``mtlint`` in this process: exit code (argparse's included) and standard error."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().err


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "flag, value, config, api, message",
    [
        ("--threshold", "7", "threshold = 7", 7, "threshold must be a number from 0 to 1, not 7"),
        ("--threshold", "nan", "threshold = nan", float("nan"), "threshold must be a number from 0 to 1, not nan"),
        ("--threshold", "x", "threshold = true", True, "threshold must be a number from 0 to 1, not "),
        ("--fail-on-score", "nan", "fail-on-score = nan", None, "fail-on-score must be a number from 0 to 1, not nan"),
        (
            "--max-suspect-ratio",
            "nan",
            "max-suspect-ratio = nan",
            None,
            "max-suspect-ratio must be a number from 0 to 1",
        ),
    ],
)
def test_the_same_bad_number_gets_the_same_message_everywhere(capsys, tmp_path, flag, value, config, api, message):
    doc = _write(tmp_path / "a.txt", "The council met on Monday.\n")
    code, err = _mtlint(capsys, "check", doc, "--no-grammar", flag, value)
    assert code == 2 and message in err
    _write(tmp_path / "mtlint.toml", config + "\n")
    code, err = _mtlint(capsys, "check", doc, "--no-grammar")
    assert code == 2 and message in err and "mtlint.toml" in err
    if api is not None:
        with pytest.raises(InvalidValue, match=message.replace("(", r"\(")):
            load(threshold=api)


def test_the_api_refuses_a_threshold_given_as_text():
    with pytest.raises(InvalidValue, match="threshold must be a number from 0 to 1, not '0.5'"):
        load(threshold="0.5")
    assert load(threshold=0.5).threshold == 0.5


@pytest.mark.parametrize(
    "args, message",
    [
        (("--jobs", "-3"), "jobs must be a whole number of at least 0 (0: every core), not -3"),
        (("--jobs", "1.5"), "jobs must be a whole number of at least 0 (0: every core), not 1.5"),
        (("--max-document-bytes", "0"), "max-document-bytes must be a whole number of at least 1, not 0"),
        (("--encoding", "bogus-enc"), "unknown encoding 'bogus-enc'"),
        (("--encoding", "rot13"), "encoding 'rot13' is not a text encoding"),
    ],
)
def test_bad_check_options_exit_2_with_a_message(capsys, tmp_path, args, message):
    doc = _write(tmp_path / "a.txt", "The council met on Monday.\n")
    code, err = _mtlint(capsys, "check", doc, "--no-grammar", *args)
    assert code == 2 and message in err


@pytest.mark.slow  # starts mtlint in a child process
@pytest.mark.parametrize(
    "args, message",
    [
        (("--encoding", "bogus-enc"), "argument --encoding: unknown encoding 'bogus-enc'"),
        (("--threshold", "nan"), "argument --threshold: threshold must be a number from 0 to 1, not nan"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2_never_a_traceback(tmp_path, args, message):
    doc = _write(tmp_path / "a.txt", "The council met on Monday.\n")
    result = subprocess.run(
        [sys.executable, "-m", "mtlint", "check", str(doc), "--no-grammar", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    # the message and a pointer to --help: no screenful of usage before it
    assert result.stderr.splitlines() == [f"mtlint check: error: {message}", "Run `mtlint check --help` for usage."]


def test_an_allow_list_must_be_a_list_not_a_string(cli, tmp_path):
    doc = _write(tmp_path / "a.txt", "Mr Blinkon met Mr Blinken. Blinken said so.\n")
    _write(tmp_path / "mtlint.toml", '[allow]\nnames = "XXBlinkonXX"\n')
    result = cli("check", doc, "--no-grammar")
    assert result.code == 2 and "allow.names must be a list of strings, not 'XXBlinkonXX'" in result.err


def test_mtlint_toml_accepts_the_tool_mtlint_table_and_says_which_it_expects(cli, tmp_path):
    doc = _write(tmp_path / "a.txt", "The council met on Monday.\n")
    _write(tmp_path / "mtlint.toml", '[tool.mtlint]\nthreshold = 0.9\ndisable = ["MT104"]\n')
    shown = cli("config", doc)
    assert shown.code == 0 and "threshold = 0.9" in shown.out and 'disable = ["MT104"]' in shown.out
    _write(tmp_path / "mtlint.toml", "threshold = 0.9\n[tool.mtlint]\nthreshold = 0.8\n")
    both = cli("check", doc, "--no-grammar")
    assert both.code == 2 and "both at the top level ('threshold') and under [tool.mtlint]: use one" in both.err
    _write(tmp_path / "mtlint.toml", "[tool.black]\nline-length = 80\n")
    other = cli("check", doc, "--no-grammar")
    assert other.code == 2 and "expected the keys at the top level or under [tool.mtlint]" in other.err


def test_an_unexpected_exception_exits_2_with_one_line_and_a_hint(cli, tmp_path, monkeypatch):
    from mtlint import reports

    def broken(*args, **kwargs):
        raise KeyError("a bug")  # a fault no handler expects

    monkeypatch.setattr(reports, "render", broken)
    doc = _write(tmp_path / "a.txt", "The council met on Monday.\n")
    result = cli("check", doc, "--no-grammar")
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.startswith("mtlint: internal error: KeyError: 'a bug'") and "please report it" in line
