"""Hostile input, round two (issue #16): devices, FIFOs, unbounded streams, JSON beyond the
parser's limits, invalid Unicode, undecodable file names, byte-order marks. Nothing hangs,
nothing is lost, every record is in input order and the output is valid UTF-8."""

import json
import os
import subprocess
import sys

import pytest

from mtlint.core.formats import FORMATS
from mtlint.detector import inputs
from mtlint.detector.inputs import ReadOptions
from tests.conftest import ROOT


def _mtlint(*args, stdin=None, timeout=180) -> subprocess.CompletedProcess:
    """The real command in a child process (what a hang or a traceback would show up in)."""
    return subprocess.run(
        [sys.executable, "-m", "mtlint", *map(str, args)],
        cwd=ROOT,
        stdin=stdin,
        capture_output=True,
        timeout=timeout,
    )


def _records(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]


@pytest.mark.slow  # starts mtlint in a child process
def test_folder_walk_reads_regular_files_and_skips_fifos_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Monday.")
    os.mkfifo(tmp_path / "b.txt")  # no writer: opening it would block for ever
    (tmp_path / "c.txt").write_text("The vote passed.")
    result = _mtlint("check", tmp_path, "--no-grammar", "--format", "jsonl")
    assert [r["id"] for r in _records(result.stdout)] == [str(tmp_path / "a.txt"), str(tmp_path / "c.txt")]
    assert b"b.txt: skipped: a FIFO, not a regular file" in result.stderr
    assert result.returncode in (0, 1)


def test_named_devices_are_error_records_and_the_other_inputs_are_checked(cli, tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text("The council met on Monday.")
    result = cli("check", "/dev/zero", ok, "/dev/urandom", "--no-grammar", "--format", "jsonl")
    records = result.jsonl()
    assert [(r["id"], r["status"]) for r in records] == [
        ("/dev/zero", "error"),
        (str(ok), "ok"),
        ("/dev/urandom", "error"),
    ]
    assert records[0]["error"] == "/dev/zero: a character device, not a file"
    assert result.code == 2


@pytest.mark.slow  # starts mtlint in a child process
def test_an_unbounded_stdin_ends_in_an_error_record_at_the_document_limit():
    with open("/dev/zero", "rb") as zero:
        result = _mtlint(
            "check", "-", "--no-grammar", "--format", "jsonl", "--max-document-bytes", "1000000", stdin=zero
        )
    [record] = _records(result.stdout)
    assert record["status"] == "error"
    assert "over the 1,000,000-byte document limit" in record["error"]
    assert result.returncode == 2


@pytest.mark.slow  # starts mtlint in a child process
def test_an_unbounded_jsonl_stream_ends_in_error_records():
    with open("/dev/zero", "rb") as zero:
        result = _mtlint(
            "check", "-", "--input-format", "jsonl", "--no-grammar", "--format", "jsonl",
            "--max-document-bytes", "1000", stdin=zero,
        )  # fmt: skip
    records = _records(result.stdout)
    assert [r["status"] for r in records] == ["error", "error"]
    assert "line over the 1,000-byte limit" in records[0]["error"]
    assert "no line end" in records[1]["error"] and "the rest is not read" in records[1]["error"]
    assert result.returncode == 2


def test_a_long_jsonl_line_is_its_own_error_record_and_the_next_lines_are_read(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = [
        {"id": "a", "text": "The council met."},
        {"id": "big", "text": "word " * 1000},
        {"id": "c", "text": "Yes."},
    ]
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = cli("check", corpus, "--no-grammar", "--format", "jsonl", "--max-document-bytes", "2000")
    records = result.jsonl()
    assert [(r["id"], r["status"]) for r in records] == [("a", "ok"), (f"{corpus}:2", "error"), ("c", "ok")]
    assert "line over the 2,000-byte limit" in records[1]["error"]


def test_a_file_over_the_document_limit_is_an_error_record(cli, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("The council met on Monday. " * 100)
    records = cli("check", big, "--no-grammar", "--format", "jsonl", "--max-document-bytes", "1000").jsonl()
    assert records[0]["status"] == "error" and "over the 1,000-byte document limit" in records[0]["error"]


@pytest.mark.slow  # starts mtlint in a child process
def test_json_beyond_limits_and_lone_surrogates_are_that_lines_error_record_in_order(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "a", "text": "The council met."}\n'
        '{"id": "int", "text": "x", "n": ' + "9" * 5000 + "}\n" + "[" * 100_000 + "]" * 100_000 + "\n"
        '{"id": "s", "text": "bad \\ud800 here."}\n'
        '{"id": "e", "text": "The vote passed."}\n'
    )
    result = _mtlint("check", corpus, "--no-grammar", "--format", "jsonl")
    records = _records(result.stdout)
    assert [(r["id"], r["status"]) for r in records] == [
        ("a", "ok"),
        (f"{corpus}:2", "error"),
        (f"{corpus}:3", "error"),
        ("s", "error"),
        ("e", "ok"),
    ]
    assert "JSON beyond limits: Exceeds the limit (4300 digits)" in records[1]["error"]
    assert records[2]["error"] == f"{corpus}:3: JSON beyond limits: nested too deeply"
    assert "lone surrogate U+D800 at character 4" in records[3]["error"]
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_a_lone_surrogate_counts_as_an_error_in_the_text_format(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "s", "text": "bad \\ud800 here."}\n')
    result = cli("check", corpus, "--no-grammar")
    assert result.code == 2 and "1 error(s)" in result.out and "lone surrogate" in result.out


@pytest.mark.slow  # starts mtlint in a child process
@pytest.mark.parametrize("fmt", FORMATS)
def test_undecodable_file_names_are_escaped_in_every_format(tmp_path, fmt):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xff.txt"), "wb") as handle:
        handle.write(b"Min. The council met on Monday, Shri. said.\n")
    raw_name = os.fsdecode(os.path.join(folder, b"bad\xff.txt"))
    out = tmp_path / f"report.{fmt}"
    result = _mtlint("check", raw_name, "--no-grammar", "--format", fmt, "-o", out)
    assert result.returncode == 1, result.stderr
    written = out.read_bytes().decode("utf-8")  # valid UTF-8, or this raises
    if fmt == "html":
        assert "bad\\xff.txt" in written
    else:
        assert "bad\\xff.txt" in written or "bad\\\\xff.txt" in written  # JSON escapes the backslash


@pytest.mark.slow  # starts mtlint in a child process
def test_undecodable_file_name_on_stdout_is_valid_utf8(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xff.txt"), "wb") as handle:
        handle.write(b"The council met on Monday.\n")
    result = _mtlint("check", os.fsdecode(os.path.join(folder, b"bad\xff.txt")), "--no-grammar", "--format", "json")
    report = json.loads(result.stdout.decode("utf-8"))
    assert report["documents"][0]["id"].endswith("bad\\xff.txt")
    assert b"\xff" not in result.stdout


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8-sig", "\ufeffThe council met on Monday.".encode()),
        ("utf-16-le", "\ufeffThe council met on Monday.".encode("utf-16-le")),
        ("utf-16-be", "\ufeffThe council met on Monday.".encode("utf-16-be")),
        ("utf-32-le", "\ufeffThe council met on Monday.".encode("utf-32-le")),
        ("utf-32-be", "\ufeffThe council met on Monday.".encode("utf-32-be")),
    ],
)
def test_byte_order_marks_name_the_encoding(cli, tmp_path, encoding, data):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    [record] = cli("check", path, "--no-grammar", "--format", "jsonl").jsonl()
    assert record["status"] == "ok", record["error"]
    assert record["sentences"][0]["text"] == "The council met on Monday."
    assert record["sentences"][0]["start"] == 1  # the mark is U+FEFF at offset 0, in no sentence
    assert not [f for s in record["sentences"] for f in s["findings"] if f["code"] == "MT606"]


def test_fix_writes_a_utf16_file_back_in_utf16_with_its_mark(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffThe council approved the the budget.\n".encode("utf-16-le"))
    cli("check", "--no-grammar", "--fix", path)
    assert path.read_bytes().decode("utf-16-le") == "\ufeffThe council approved the budget.\n"


def test_an_explicit_encoding_is_honoured_before_the_binary_check(cli, tmp_path):
    path = tmp_path / "no-bom.txt"
    path.write_bytes("The council met on Monday.".encode("utf-16-le"))  # NUL bytes, but text
    [plain] = cli("check", path, "--no-grammar", "--format", "jsonl").jsonl()
    assert plain["status"] == "error" and "binary file (NUL bytes)" in plain["error"]
    [read] = cli("check", path, "--no-grammar", "--format", "jsonl", "--encoding", "utf-16-le").jsonl()
    assert read["status"] == "ok" and read["sentences"][0]["text"] == "The council met on Monday."


def test_a_missing_named_file_is_an_error_record_and_the_others_are_checked(cli, tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text("The council met on Monday.")
    missing = tmp_path / "missing.txt"
    result = cli("check", missing, ok, "--no-grammar", "--format", "jsonl")
    records = result.jsonl()
    assert [(r["id"], r["status"]) for r in records] == [(str(missing), "error"), (str(ok), "ok")]
    assert records[0]["error"] == f"{missing}: no such file or directory"
    assert result.code == 2


def test_a_reader_failure_becomes_that_inputs_error_record(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("The council met.")
    second.write_text("The vote passed.")
    # a bytes-to-bytes codec passes the encoding lookup but fails when it decodes
    docs = list(inputs.read_inputs([str(first), str(second)], ReadOptions(encoding="rot13")))
    assert [d.status for d in docs] == ["error", "error"]
    assert docs[0].error.startswith(f"{first}: cannot read: LookupError")


@pytest.mark.slow  # starts mtlint in a child process
def test_no_input_matched_warns_and_exits_2(tmp_path):
    (tmp_path / "data.csv").write_text("a,b\n")
    result = _mtlint("check", tmp_path, "--no-grammar")
    assert result.returncode == 2
    assert b"no input matched" in result.stderr and b"*.txt" in result.stderr


def test_an_output_error_names_the_target_not_the_temporary_file(cli, tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text("The council met on Monday.")
    target = tmp_path / "report.json"
    target.mkdir()  # the rename onto it fails
    result = cli("check", ok, "--no-grammar", "--format", "json", "-o", target)
    assert result.code == 2
    assert result.err.strip() == f"mtlint: error: {target}: cannot write: Is a directory"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_paths_come_back_from_the_reader_as_valid_text():
    assert inputs.valid_text(os.fsdecode(b"/x/bad\xff.txt")) == "/x/bad\\xff.txt"
    assert inputs.valid_text("lone \ud800") == "lone \\ud800"
    assert inputs.valid_text("plain é") == "plain é"
