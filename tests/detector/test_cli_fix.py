"""``mtlint check --fix``, ``--unsafe-fixes`` and ``--diff`` on real files."""

from __future__ import annotations

import json
import os

from tests.conftest import SEED
from tests.detector.test_cli import validator

DEBRIS = (
    "Mr Blinken arrived on Monday. Mr Blinken spoke to reporters. Min. Mr Blinken left early. "
    "Reporters followed Mr Blinkon to the car, Shri.\n"
    "The council approved the the budget.\n"
)
FIXED = (
    "Mr Blinken arrived on Monday. Mr Blinken spoke to reporters. Mr Blinken left early. "
    "Reporters followed Mr Blinken to the car.\n"
    "The council approved the budget.\n"
)


def test_seed_diff_changes_only_the_debris_and_writes_nothing(cli, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.read_bytes())
    result = cli("check", "--no-grammar", "--diff", path)
    assert result.code == 1
    assert path.read_bytes() == SEED.read_bytes()
    removed = [line for line in result.out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in result.out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) == 3
    assert "Blinkon" in "".join(removed) and "Blinkon" not in "".join(added)
    assert "Min." not in "".join(added) and "Shri" not in "".join(added)
    assert "Vladimir V. He" in result.out  # unsafe: not offered without --unsafe-fixes
    unsafe = cli("check", "--no-grammar", "--diff", "--unsafe-fixes", path)
    assert "+WASHINGTON" in unsafe.out and "Vladimir V. Putin. He" in unsafe.out
    assert "Sergei V. Lavrov on the sidelines" in unsafe.out


def test_fix_twice_is_idempotent_and_leaves_nothing_to_diff(cli, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.read_bytes())
    first = cli("check", "--no-grammar", "--fix", path)
    assert "fixed 5 issue(s) in 1 document(s)" in first.err
    fixed = path.read_bytes()
    assert b"Blinkon" not in fixed and b"Min." not in fixed
    for code in ("MT101", "MT102", "MT105", "MT301", "MT501"):
        assert f" {code} " not in first.out  # the report is of the fixed text
    second = cli("check", "--no-grammar", "--fix", path)
    assert "fixed 0 issue(s)" in second.err and path.read_bytes() == fixed
    assert cli("check", "--no-grammar", "--diff", path).code == 0


def test_fix_keeps_bom_crlf_encoding_and_permissions(cli, tmp_path):
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(("\ufeff" + DEBRIS.replace("\n", "\r\n")).encode("utf-8"))
    os.chmod(crlf, 0o640)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Café. " + DEBRIS).encode("latin-1"))
    cli("check", "--no-grammar", "--fix", crlf)
    assert crlf.read_bytes() == ("\ufeff" + FIXED.replace("\n", "\r\n")).encode("utf-8")
    assert oct(crlf.stat().st_mode & 0o777) == oct(0o640)
    cli("check", "--no-grammar", "--fix", "--encoding", "latin-1", latin)
    assert latin.read_bytes() == ("Café. " + FIXED).encode("latin-1")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary files left


def test_jsonl_fix_writes_every_line_with_the_text_fixed(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    rows = [{"id": "a", "text": DEBRIS, "extra": [1]}, {"id": "b", "text": "It rained on Monday."}, {"id": "c"}]
    lines = [json.dumps(rows[0]), "not json", "", json.dumps(rows[1]), json.dumps(rows[2])]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = cli("check", "--no-grammar", "--fix", corpus, "--keep-original", "original", "-o", out)
    assert result.code == 2  # two lines are not documents: reported, and kept
    written = out.read_text(encoding="utf-8").split("\n")
    assert json.loads(written[0]) == {"id": "a", "text": FIXED, "extra": [1], "original": DEBRIS}
    assert written[1:3] == ["not json", ""]
    assert json.loads(written[3]) == rows[1]  # unchanged: no copy of its text under --keep-original
    assert json.loads(written[4]) == rows[2] and written[5:] == [""]
    assert f"{corpus}:2: malformed JSON" in result.err and f"{corpus}:5: field 'text' is missing" in result.err
    assert corpus.read_text(encoding="utf-8").startswith(json.dumps(rows[0]))  # the input is untouched


def test_stdin_fix_prints_the_fixed_text(cli):
    result = cli("check", "--no-grammar", "--fix", "-", stdin=DEBRIS.encode())
    assert result.out == FIXED


def test_diff_of_jsonl_names_the_record(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": DEBRIS}) + "\n", encoding="utf-8")
    result = cli("check", "--no-grammar", "--diff", corpus)
    assert result.code == 1 and f"--- {corpus}:1" in result.out and "+The council approved the budget." in result.out


def test_records_carry_fixes_in_document_offsets(cli, seed_text):
    record = cli("check", SEED, "--no-grammar", "--format", "jsonl").jsonl()[0]
    validator.validate(record)
    fixes = {f["code"]: f["fix"] for s in record["sentences"] for f in s["findings"] if "fix" in f}
    edit = fixes["MT301"]["edits"][0]
    assert seed_text[edit["start"] : edit["end"]] == "Blinkon" and edit["replacement"] == "Blinken"
    assert fixes["MT201"]["safety"] == "unsafe" and fixes["MT105"]["safety"] == "safe"
    assert all("fix" not in f for s in record["sentences"] for f in s["findings"] if f["code"] == "MT401")


def test_text_report_shows_the_fix_under_the_span(cli):
    out = cli("check", SEED, "--no-grammar").out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if " MT301 " in line)
    assert lines[at + 3] == "    fix (safe): spell it 'Blinken', as the article does 13 times"
    assert lines[at + 4].startswith("    -> ") and "following Mr Blinken’s visit." in lines[at + 4]


def test_suppressed_and_allowed_findings_are_not_fixed(cli, tmp_path):
    (tmp_path / "mtlint.toml").write_text('allow = { names = ["Blinkon"] }\n', encoding="utf-8")
    allowed = tmp_path / "allowed.txt"
    allowed.write_text(DEBRIS, encoding="utf-8")
    cli("check", "--no-grammar", "--fix", allowed)
    assert "Mr Blinkon" in allowed.read_text(encoding="utf-8") and "Min." not in allowed.read_text(encoding="utf-8")
    inline = tmp_path / "inline.md"
    inline.write_text("<!-- mtlint: disable=MT105 -->\n" + DEBRIS, encoding="utf-8")
    cli("check", "--no-grammar", "--fix", inline)
    assert "Min." in inline.read_text(encoding="utf-8") and "the the" not in inline.read_text(encoding="utf-8")


def test_folders_fix_text_files_and_leave_jsonl_and_html_alone(cli, tmp_path, caplog):
    (tmp_path / "a.txt").write_text(DEBRIS, encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": DEBRIS}) + "\n", encoding="utf-8")
    page = tmp_path / "p.html"
    page.write_text(f"<html><body><article><p>{DEBRIS}</p></article></body></html>", encoding="utf-8")
    before = corpus.read_bytes(), page.read_bytes()
    result = cli("check", "--no-grammar", "--fix", tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == FIXED
    assert (corpus.read_bytes(), page.read_bytes()) == before
    assert '"text"' not in result.out  # no record went into the report
    assert "JSONL files found in a folder are not fixed" in caplog.text
    assert "HTML inputs are not fixed" in caplog.text


def test_fix_of_jsonl_on_standard_input_is_refused(cli):
    result = cli("check", "--no-grammar", "--fix", "--input-format", "jsonl", "-", stdin=b'{"text": "Min. Hi."}\n')
    assert result.code == 2 and "give the file as a path" in result.err


def test_fix_on_worker_processes_writes_what_one_process_writes(cli, tmp_path):
    folders = {jobs: tmp_path / f"jobs{jobs}" for jobs in (1, 2)}
    for folder in folders.values():
        folder.mkdir()
        for n in range(12):  # enough documents for --jobs 2 to start its worker pool
            (folder / f"a{n:02}.txt").write_text(DEBRIS if n % 3 else "The talks went on.\n", encoding="utf-8")
    for jobs, folder in folders.items():
        cli("check", "--no-grammar", "--fix", "--jobs", jobs, folder)
    one = {path.name: path.read_text(encoding="utf-8") for path in folders[1].iterdir()}
    two = {path.name: path.read_text(encoding="utf-8") for path in folders[2].iterdir()}
    assert one == two
    assert sorted(set(one.values())) == sorted({FIXED, "The talks went on.\n"})
