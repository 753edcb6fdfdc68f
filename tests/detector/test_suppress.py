"""Suppression: every selector validated (CLI, configuration, inline, JSONL), the same-line
form, unused suppressions reported as MT001, and a directive scan that is linear."""

import gc
import json
import time
from pathlib import Path

import pytest

from mtlint.detector import suppress

HONORIFIC = "The minister met Shri Modi in Delhi on Tuesday."
CLEAN = "The council approved the budget on Monday."


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def findings(result) -> list[tuple[str, int]]:
    return [(f["code"], f["start"]) for r in result.jsonl() for s in r["sentences"] for f in s["findings"]]


@pytest.mark.parametrize(
    "config, hint",
    [
        ('fail-on-codes = ["MT2O1"]\n', "did you mean 'MT201'?"),
        ('disable = ["MT9999"]\n', "did you mean 'MT901'?"),
        ('disable = ["foreign-honorfic"]\n', "did you mean 'foreign-honorific'?"),
        ('severity = { MT40 = "info", MT44 = "info" }\n', "'MT44'"),
        ('[[overrides]]\npaths = ["*"]\ndisable = ["MT1O1"]\n', "did you mean 'MT101'?"),
    ],
)
def test_a_typo_in_the_configuration_exits_2_with_a_hint(cli, tmp_path, config, hint):
    write(tmp_path / "mtlint.toml", config)
    doc = write(tmp_path / "a.txt", HONORIFIC + "\n")
    result = cli("check", doc, "--no-grammar")
    assert result.code == 2 and hint in result.err and "mtlint.toml" in result.err


def test_a_typo_on_the_command_line_exits_2_with_a_hint(cli, capsys, tmp_path):
    doc = write(tmp_path / "a.txt", HONORIFIC + "\n")
    for code in ("XX99", "MT2O1"):
        with pytest.raises(SystemExit) as usage:  # argparse's usage error
            cli("check", doc, "--no-grammar", "--fail-on-code", code)
        assert usage.value.code == 2 and f"unknown rule code or name {code!r}" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli("check", doc, "--no-grammar", "--fail-on-code", "MT2O1")
    assert "did you mean 'MT201'?" in capsys.readouterr().err


def test_rule_names_work_wherever_codes_do(cli, tmp_path):
    doc = write(tmp_path / "a.txt", HONORIFIC + "\n")
    assert cli("check", doc, "--no-grammar", "--fail-on-code", "foreign-honorific", "--exit-zero").code == 0
    assert cli("check", doc, "--no-grammar", "--fail-on-code", "foreign-honorific").code == 1
    write(tmp_path / "mtlint.toml", 'disable = ["foreign-honorific"]\n')
    assert findings(cli("check", doc, "--no-grammar", "--format", "jsonl")) == []


@pytest.mark.parametrize(
    "directive, message",
    [
        ("<!-- mtlint: disabel=MT501 -->", "unknown mtlint directive 'disabel' (did you mean 'disable'?)"),
        ("<!-- mtlint: disable=MT5O1 -->", "unknown rule code or name 'MT5O1' (did you mean 'MT501'?)"),
        ("<!-- mtlint disable -->", "expected `mtlint: KIND[=CODES]`"),
        ("<!-- mtlint: enable=MT501 -->", "`enable` takes no codes: it ends the open `disable`"),
    ],
)
def test_a_typo_in_an_inline_directive_makes_the_document_an_error_naming_its_line(cli, tmp_path, directive, message):
    doc = write(tmp_path / "a.md", f"{CLEAN}\n{directive}\n{HONORIFIC}\n")
    result = cli("check", doc, "--no-grammar", "--format", "jsonl")
    record = result.jsonl()[0]
    assert result.code == 2 and record["status"] == "error"
    assert record["error"] == f"{doc}:2: {directive}: {message}"


def test_a_typo_in_a_jsonl_suppress_field_is_an_error_record(cli, tmp_path):
    rows = [{"id": "a", "text": HONORIFIC, "mtlint_suppress": ["MT101"]},
            {"id": "b", "text": HONORIFIC, "mtlint_suppress": ["MT1O1"]}]  # fmt: skip
    corpus = write(tmp_path / "c.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    result = cli("check", corpus, "--no-grammar", "--format", "jsonl")
    good, bad = result.jsonl()
    assert good["status"] == "ok" and not good["suspect"]
    assert bad["status"] == "error" and bad["error"] == (
        f"{corpus}:2: suppress field: unknown rule code or name 'MT1O1' (did you mean 'MT101'?)"
    )
    assert result.code == 2


def test_same_line_and_next_line_forms_take_codes_prefixes_and_names(cli, tmp_path):
    doc = write(
        tmp_path / "a.md",
        f"{HONORIFIC} <!-- mtlint: disable-line=foreign-honorific -->\n\n"
        f"<!-- mtlint: disable-next-line=MT1 -->\n{HONORIFIC}\n\n{HONORIFIC}\n",
    )
    result = cli("check", doc, "--no-grammar", "--format", "jsonl")
    last = doc.read_text().rindex("Shri")
    assert findings(result) == [("MT101", last)]


def test_an_unused_suppression_is_reported_as_mt001(cli, tmp_path):
    text = (
        f"{CLEAN} <!-- mtlint: disable-line=MT501 -->\n\n"
        f"<!-- mtlint: disable-next-line=MT101,MT5 -->\n{HONORIFIC}\n\n"
        "<!-- mtlint: disable -->\nNothing to hide here.\n<!-- mtlint: enable -->\n"
    )
    doc = write(tmp_path / "a.md", text)
    result = cli("check", doc, "--no-grammar", "--format", "jsonl")
    reported = [f for s in result.jsonl()[0]["sentences"] for f in s["findings"]]
    assert [(f["code"], f["start"], f["message"]) for f in reported] == [
        ("MT001", text.index("<!-- mtlint: disable-line"), "unused suppression (MT501): it matched no finding"),
        ("MT001", text.index("<!-- mtlint: disable-next"), "unused suppression (MT5): it matched no finding"),
        ("MT001", text.index("<!-- mtlint: disable -->"), "unused suppression (every code): it matched no finding"),
    ]
    assert result.code == 0  # a warning: the default gate fails on suspect sentences only
    assert cli("check", doc, "--no-grammar", "--fail-on-code", "unused-suppression").code == 1
    write(tmp_path / "mtlint.toml", 'disable = ["MT001"]\n')
    assert findings(cli("check", doc, "--no-grammar", "--format", "jsonl")) == []


def test_directives_are_found_with_their_spans_and_codes():
    text = "a <!-- mtlint: disable=MT1, mt501 --> b <!-- other --> c <!--mtlint:enable--> <!-- mtlint: disable"
    found = suppress.directives(text)
    assert [(d.kind, d.codes, text[d.start : d.end]) for d in found] == [
        ("disable", frozenset({"MT1", "MT501"}), "<!-- mtlint: disable=MT1, mt501 -->"),
        ("enable", frozenset({"*"}), "<!--mtlint:enable-->"),
    ]


def _seconds(text: str) -> float:
    gc.disable()  # a collection in one timing but not the other is noise, not growth
    try:
        started = time.perf_counter()
        suppress.directives(text)
        return time.perf_counter() - started
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "head, unit",
    [
        ("<!-- mtlint: disable=", " "),
        ("<!-- mtlint: disable=", "MT1, "),
        ("", "<!--"),
        ("", "<!-- mtlint: enable -->-->"),
    ],  # fmt: skip
)
def test_directive_scan_grows_linearly_on_adversarial_input(head, unit):
    """The old pattern was cubic on an unterminated directive followed by spaces (2,000 spaces
    4.1 s). Growth, not absolute time: ten times the input costs about ten times more (a
    quadratic scan would cost a hundred)."""
    small = min(_seconds(head + unit * 300) for _ in range(7))
    large = min(_seconds(head + unit * 3000) for _ in range(7))
    assert large < 40 * max(small, 2e-5)


def test_a_directive_quoted_in_markdown_code_is_an_example_not_a_directive(cli, tmp_path):
    doc = write(
        tmp_path / "docs.md",
        "# Suppression\n\nWrite `<!-- mtlint: disable-line=MT501 -->` after the line.\n\n"
        "```\n<!-- mtlint: disabel=MT501 -->\n```\n\n"
        f"<!-- mtlint: disable-next-line=MT101 -->\n{HONORIFIC}\n",
    )
    result = cli("check", doc, "--no-grammar", "--format", "jsonl")
    record = result.jsonl()[0]
    assert record["status"] == "ok" and findings(result) == [] and result.code == 0
