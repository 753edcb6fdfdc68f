"""``--fix`` never loses or damages data, and no output overwrites an input (issue #30, items
3 and 4): real files, links, FIFOs, gzip archives and a real child process."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest

from mtlint.detector.fixes import FixResult
from mtlint.detector.inputs import ReadOptions
from mtlint.detector.rewrite import ChangedMeanwhile, rewrite_in_place
from tests.conftest import ROOT
from tests.detector.test_cli_fix import DEBRIS, FIXED


@pytest.mark.parametrize(
    "make_args",
    [
        lambda d: [d / "a.txt", "--fix", "-o", d / "a.txt"],
        lambda d: [d / "c.jsonl", "--format", "jsonl", "-o", d / "c.jsonl"],
        lambda d: [d / "a.txt", "-o", d / "report.txt", "--stats", d / "report.txt"],
        lambda d: [d / "a.txt", "-o", d / "link-to-a.txt"],
        lambda d: [d / "a.txt", "--format", "jsonl", "-o", d / "hard-a.txt"],
        lambda d: [d / "a.txt", d / "c.jsonl", "--stats", d / "c.jsonl"],
        lambda d: [d / "a.txt", "--baseline", d / "base.json", "--write-baseline", d / "base.json"],
    ],
)
def test_an_output_that_is_an_input_or_another_output_is_refused_before_any_work(cli, tmp_path, make_args):
    (tmp_path / "a.txt").write_text(DEBRIS, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": DEBRIS}) + "\n", encoding="utf-8")
    (tmp_path / "base.json").write_text('{"version": 1, "findings": {}}\n', encoding="utf-8")
    (tmp_path / "link-to-a.txt").symlink_to(tmp_path / "a.txt")
    os.link(tmp_path / "a.txt", tmp_path / "hard-a.txt")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = cli("check", "--no-grammar", *make_args(tmp_path))
    assert result.code == 2 and "mtlint: error: " in result.err
    assert " is also " in result.err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing written or fixed


@pytest.mark.slow  # a real pipe behind /dev/stdin needs a child process
def test_fix_of_a_path_that_is_a_pipe_is_refused_and_nothing_hangs(tmp_path):
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "mtlint", "check", "/dev/stdin", "--input-format", "jsonl", "--fix", "-o", out],
        cwd=ROOT, input=json.dumps({"text": DEBRIS}).encode() + b"\n", capture_output=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert b"--fix: /dev/stdin is a FIFO, not a regular file" in result.stderr
    assert not out.exists()


def test_fix_of_a_named_fifo_is_refused_without_opening_it(cli, tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)  # no writer: opening it would block for ever
    result = cli("check", "--no-grammar", "--fix", fifo)
    assert result.code == 2 and f"--fix: {fifo} is a FIFO" in result.err


def test_fix_keeps_owner_group_xattrs_and_hard_links_and_fixes_a_links_target(cli, tmp_path):
    target = tmp_path / "article.txt"
    target.write_text(DEBRIS, encoding="utf-8")
    os.link(target, tmp_path / "hard.txt")
    (tmp_path / "soft.txt").symlink_to(target)
    if os.geteuid() == 0:
        os.chown(target, 1234, 4321)
    try:
        os.setxattr(target, "user.mtlint-test", b"kept")
        xattrs = True
    except OSError:  # a file system without user attributes
        xattrs = False
    owner = target.stat().st_uid, target.stat().st_gid
    result = cli("check", "--no-grammar", "--fix", tmp_path / "soft.txt")
    assert "fixed 4 issue(s) in 1 document(s)" in result.err
    assert (tmp_path / "soft.txt").is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED == (tmp_path / "hard.txt").read_text(encoding="utf-8")
    assert target.stat().st_nlink == 2 and (target.stat().st_uid, target.stat().st_gid) == owner
    if xattrs:
        assert os.getxattr(target, "user.mtlint-test") == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "hard.txt", "soft.txt"]  # no temp left


def test_a_read_only_file_is_an_error_record_and_the_run_goes_on(cli, tmp_path):
    locked, free = tmp_path / "locked.txt", tmp_path / "free.txt"
    for path in (locked, free):
        path.write_text(DEBRIS, encoding="utf-8")
    locked.chmod(0o444)
    result = cli("check", "--no-grammar", "--fix", "--format", "jsonl", locked, free)
    records = result.jsonl()
    assert [r["status"] for r in records] == ["error", "ok"]
    assert records[0]["error"] == f"{locked}: not fixed: read-only file (make it writable to fix it)"
    assert locked.read_text(encoding="utf-8") == DEBRIS and free.read_text(encoding="utf-8") == FIXED
    assert result.code == 2


def test_a_file_changed_since_it_was_checked_is_not_overwritten(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DEBRIS + "A line appended during the run.\n", encoding="utf-8")
    with pytest.raises(ChangedMeanwhile, match="changed since it was checked"):
        rewrite_in_place(path, FixResult(DEBRIS, FIXED), ReadOptions())
    assert path.read_text(encoding="utf-8") == DEBRIS + "A line appended during the run.\n"
    rewrite_in_place(path, FixResult(path.read_text(encoding="utf-8"), "Fixed.\n"), ReadOptions())
    assert path.read_text(encoding="utf-8") == "Fixed.\n"


def test_gzip_text_stays_gzip_and_a_gz_output_is_gzip(cli, tmp_path):
    packed = tmp_path / "a.txt.gz"
    packed.write_bytes(gzip.compress(DEBRIS.encode()))
    cli("check", "--no-grammar", "--fix", packed)
    assert gzip.decompress(packed.read_bytes()).decode() == FIXED
    corpus, out = tmp_path / "c.jsonl", tmp_path / "fixed.jsonl.gz"
    corpus.write_text(json.dumps({"id": "a", "text": DEBRIS}) + "\n", encoding="utf-8")
    cli("check", "--no-grammar", "--fix", corpus, "-o", out)
    assert json.loads(gzip.decompress(out.read_bytes()))["text"] == FIXED


def test_a_damaged_archive_keeps_its_good_records(cli, tmp_path):
    archive, out = tmp_path / "c.jsonl.gz", tmp_path / "out.jsonl"
    lines = [
        json.dumps({"id": str(n), "text": DEBRIS if n == 0 else f"Report {n} was filed on time."}) for n in range(200)
    ]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    archive.write_bytes(data[: len(data) - 30])  # the end of the stream is cut off
    result = cli("check", "--no-grammar", "--fix", archive, "-o", out)
    assert result.code == 2 and "cannot read further" in result.err
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert written[0] == {"id": "0", "text": FIXED}
    assert [r["id"] for r in written] == [str(n) for n in range(len(written))] and len(written) > 100


def test_keep_original_may_not_name_a_field_the_record_needs_and_keeps_an_earlier_original(cli, tmp_path):
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": DEBRIS, "original": "first"}) + "\n", encoding="utf-8")
    refused = cli("check", "--no-grammar", "--fix", corpus, "-o", out, "--keep-original", "id")
    assert refused.code == 2 and "--keep-original id is also the --id-field" in refused.err and not out.exists()
    cli("check", "--no-grammar", "--fix", corpus, "-o", out, "--keep-original", "original")
    assert json.loads(out.read_text(encoding="utf-8")) == {"id": "a", "text": FIXED, "original": "first"}
