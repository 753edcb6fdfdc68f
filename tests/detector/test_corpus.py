"""Corpus filtering from the command line: pass-through records, ``--keep``/``--rejected``,
input that explains itself, and a run that reports (``mtlint check`` on real JSONL files)."""

from __future__ import annotations

import json

import pytest

from mtlint.core.columns import COLUMNS
from mtlint.detector.batch import MtlintBatch
from mtlint.detector.inputs import ReadOptions
from mtlint.detector.sizing import count_documents

GARBLED = "Min. Echoing his gestures, Shri."
FLUENT = "The council approved the budget on Monday after a long debate."


def _corpus(path, rows: int = 12) -> list[str]:
    """Lines of a scraped corpus (fields url, body, kind) with the usual damage: a malformed
    line, a record without the text field, a number for a text, an array, a blank line."""
    lines = [
        json.dumps({"url": f"u{i}", "body": GARBLED if i % 3 == 0 else FLUENT, "kind": "wire" if i % 2 else "blog"})
        for i in range(rows)
    ]
    lines[4:4] = ['{"url": "bad", "body": "a\tb"}', json.dumps({"url": "nobody"}), json.dumps({"url": "n", "body": 7})]
    lines.append("[1, 2]")
    path.write_text("\n".join(lines[:6] + [""] + lines[6:]) + "\n", encoding="utf-8")
    return lines


def _records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _original(record: dict) -> dict | str:
    """The input record a pass-through record carries (its own fields, mtlint's taken off)."""
    if "mtlint_input" in record:
        return record["mtlint_input"]
    return {k: v for k, v in record.items() if not k.startswith("mtlint_")}


def test_keep_splits_the_corpus_every_record_once_with_its_fields(cli, tmp_path):
    corpus, kept, dropped, stats = (tmp_path / n for n in ("c.jsonl", "kept.jsonl", "dropped.jsonl", "s.json"))
    lines = _corpus(corpus)
    result = cli("check", corpus, "--no-grammar", "--text-field", "body", "--keep", "clean",
                 "-o", kept, "--rejected", dropped, "--stats", stats)  # fmt: skip
    assert result.code == 2  # four lines are not documents: reported, and routed with the rejected
    out_kept, out_dropped = _records(kept), _records(dropped)
    assert len(out_kept) + len(out_dropped) == len(lines)
    originals = [_original(r) for r in out_kept + out_dropped]
    expected = [json.loads(line) if line.startswith("{") and "\t" not in line else line for line in lines]
    assert sorted(map(json.dumps, originals)) == sorted(map(json.dumps, expected))
    assert all(set(COLUMNS) <= set(r) for r in out_kept + out_dropped)
    assert all(r["mtlint_verdict"] == "clean" and not r["mtlint_suspect"] for r in out_kept)
    assert {r["mtlint_verdict"] for r in out_dropped} == {"review", None}  # None: the four errors
    assert [r["body"] for r in out_kept] == [FLUENT] * 8
    assert sum(r["mtlint_status"] == "error" for r in out_dropped) == 4
    summary = json.loads(stats.read_text())
    assert (summary["kept"], summary["dropped"], summary["documents"]) == (8, 8, 16)
    assert summary["verdicts"] == {"clean": 8, "review": 4, "garbled": 0}
    assert "kept 8, dropped 8 to" in result.err and f"wrote {kept}" in result.err


def test_keep_by_suspect_sentences_matches_keep_by_verdict_here(cli, tmp_path):
    corpus, by_verdict, by_sentences = tmp_path / "c.jsonl", tmp_path / "v.jsonl", tmp_path / "s.jsonl"
    _corpus(corpus)
    cli("check", corpus, "--no-grammar", "--text-field", "body", "--keep", "clean", "-o", by_verdict)
    cli("check", corpus, "--no-grammar", "--text-field", "body", "--keep", "not-suspect", "-o", by_sentences)
    kept = _records(by_sentences)
    assert kept == _records(by_verdict) and len(kept) == 8


def test_keep_by_score_condition_and_exit_within_max_errors(cli, tmp_path):
    corpus, kept = tmp_path / "c.jsonl", tmp_path / "kept.jsonl"
    _corpus(corpus)
    result = cli("check", corpus, "--no-grammar", "--text-field", "body", "--keep", "score<0.5", "--max-errors", "4",
                 "--exit-zero", "-o", kept)  # fmt: skip
    assert result.code == 0
    assert [r["mtlint_score"] < 0.5 for r in _records(kept)] == [True] * 8
    assert cli("check", corpus, "--no-grammar", "--text-field", "body", "--max-errors", "3",
               "--exit-zero", "--format", "jsonl").code == 2  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep", "cleanish"], "unknown condition 'cleanish'"),
        (["--keep", "score<2"], "must be a number from 0 to 1"),
        (["--rejected", "r.jsonl"], "--rejected needs --keep"),
        (["--keep", "suspect", "--format", "text"], "--keep splits records"),
    ],
)
def test_bad_keep_options_are_usage_errors(cli, capsys, tmp_path, args, message):
    corpus = tmp_path / "c.jsonl"
    _corpus(corpus)
    try:
        result = cli("check", corpus, "--no-grammar", *args)
        code, err = result.code, result.err
    except SystemExit as exc:  # argparse's own message for a value it refuses
        code, err = exc.code, capsys.readouterr().err
    assert code == 2 and message in err


def test_passthrough_adds_the_same_fields_as_the_batch_callable(cli, tmp_path):
    rows = [{"id": "a", "text": GARBLED, "lang": "en"}, {"id": "b", "text": FLUENT, "lang": "en"}, {"id": "c"}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    records = cli("check", corpus, "--no-grammar", "--format", "passthrough").jsonl()
    batch = MtlintBatch(grammar=False)(rows)
    assert records[2]["mtlint_error"].endswith(batch[2]["mtlint_error"].removeprefix("batch:3"))
    for record in records + batch:
        record.pop("mtlint_error")  # the error names the input: the file's line, the batch's row
    assert records == batch


def test_jsonl_on_stdin_is_detected_and_text_field_implies_jsonl(cli):
    stdin = "".join(json.dumps({"url": f"u{i}", "body": GARBLED}) + "\n" for i in range(3)).encode()
    records = cli("check", "-", "--no-grammar", "--text-field", "body", "--format", "passthrough", stdin=stdin).jsonl()
    assert [r["url"] for r in records] == ["u0", "u1", "u2"] and all(r["mtlint_suspect"] for r in records)
    records = cli("check", "-", "--no-grammar", "--format", "jsonl", stdin=stdin.replace(b"body", b"text")).jsonl()
    assert len(records) == 3 and records[0]["id"] == "<stdin>:1"
    text = cli("check", "-", "--no-grammar", "--format", "jsonl", stdin=b"{not json} " + GARBLED.encode()).jsonl()
    assert len(text) == 1 and text[0]["id"] == "<stdin>" and text[0]["suspect"]


def test_a_missing_text_field_is_told_once_with_the_fields_present(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"url": f"u{i}", "body": FLUENT, "kind": "x"}) + "\n" for i in range(50)))
    result = cli("check", corpus, "--no-grammar", "--format", "jsonl", "-o", tmp_path / "out.jsonl")
    assert result.code == 2
    told = "50 input(s): field 'text' is missing (the record has url, body, kind; try --text-field body)"
    assert result.err.count(told) == 1 and result.err.count("field 'text'") == 1
    assert f"(first: {corpus}:1)" in result.err


def test_malformed_lines_and_wrong_types_are_told_in_full(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"text": "a\tb"}\n{"text": 5}\n{"text": ["x"]}\n{"url": "https://a.example/b"}\n', encoding="utf-8"
    )
    records = cli("check", corpus, "--no-grammar", "--format", "jsonl").jsonl()
    assert records[0]["error"].endswith("malformed JSON: Invalid control character at column 12")
    assert records[1]["error"].endswith("field 'text' is a number, not a string")
    assert records[2]["error"].endswith("field 'text' is an array, not a string")
    assert records[3]["error"].endswith("field 'text' is missing (the record has url)")  # a URL is no text


def test_stats_have_time_rates_a_score_histogram_and_counts_by_field(cli, tmp_path):
    corpus, stats = tmp_path / "c.jsonl", tmp_path / "s.json"
    _corpus(corpus)
    cli("check", corpus, "--no-grammar", "--text-field", "body", "--format", "jsonl", "-o", tmp_path / "o.jsonl",
        "--stats", stats, "--stats-by", "kind")  # fmt: skip
    data = json.loads(stats.read_text())
    assert data["timing"]["seconds"] > 0 and data["timing"]["documents_per_second"] > 0
    assert data["timing"]["sentences_per_second"] > 0
    histogram = data["score_histogram"]
    assert len(histogram) == 10 and sum(b["documents"] for b in histogram) == data["documents"] - data["errors"]
    assert histogram[-1]["documents"] == 4  # the four garbled ones
    by_kind = data["by_field"]["values"]
    assert data["by_field"]["field"] == "kind" and set(by_kind) == {"wire", "blog", "(none)"}
    assert (by_kind["wire"]["documents"], by_kind["blog"]["documents"], by_kind["(none)"]["errors"]) == (6, 6, 4)
    assert by_kind["blog"]["suspect_documents"] == 2 and by_kind["blog"]["review"] == 2  # rows 0 and 6


def test_fix_and_check_in_one_pass_keep_original_only_where_changed(cli, tmp_path):
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out.jsonl"
    rows = [{"id": "a", "text": "The council approved the the budget."}, {"id": "b", "text": FLUENT}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    cli("check", corpus, "--no-grammar", "--fix", "--format", "passthrough", "--keep-original", "original", "-o", out)
    fixed, unchanged = _records(out)
    assert fixed["text"] == "The council approved the budget." and fixed["original"] == rows[0]["text"]
    assert "MT501" not in fixed["mtlint_codes"] and not fixed["mtlint_suspect"]
    assert "original" not in unchanged and unchanged["text"] == FLUENT


def test_the_progress_total_counts_records_and_files_ahead(tmp_path):
    corpus, text = tmp_path / "c.jsonl", tmp_path / "a.txt"
    lines = _corpus(corpus)
    text.write_text(FLUENT)
    assert count_documents([str(corpus), str(text)], ReadOptions()) == len(lines) + 1
    assert count_documents(["-"], ReadOptions()) is None and count_documents([str(tmp_path)], ReadOptions()) is None


def test_fixing_jsonl_from_stdin_needs_the_pass_through_records(cli):
    stdin = (json.dumps({"id": "a", "text": "The council approved the the budget."}) + "\n").encode()
    records = cli("check", "-", "--no-grammar", "--fix", "--format", "passthrough", stdin=stdin).jsonl()
    assert records[0]["text"] == "The council approved the budget." and records[0]["mtlint_status"] == "ok"
    refused = cli("check", "-", "--no-grammar", "--fix", "--format", "jsonl", stdin=stdin)
    assert refused.code == 2 and "--fix on JSONL from standard input" in refused.err
