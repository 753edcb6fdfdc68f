import gzip
import json

import jsonschema
import pytest

from tests.conftest import SCHEMA, SEED

validator = jsonschema.Draft202012Validator(SCHEMA)


def assert_records_valid(records: list[dict], texts: dict[str, str] | None = None) -> None:
    for record in records:
        validator.validate(record)
        text = (texts or {}).get(record["id"])
        for s in record["sentences"]:
            if text is not None:
                assert text[s["start"] : s["end"]] == s["text"]
            for f in s["findings"]:
                assert s["start"] <= f["start"] <= f["end"] <= s["end"]


def test_seed_text_output_names_positions_and_reasons(cli):
    result = cli("check", SEED, "--no-grammar")
    assert result.code == 1
    assert f"{SEED}:2:" in result.out
    for code in ("MT101", "MT102", "MT105", "MT201", "MT301", "MT401", "MT402"):
        assert code in result.out
    assert "suspect" in result.out.splitlines()[-2] and result.out.splitlines()[-1] == "grammar: off"


def test_seed_jsonl_validates_against_the_schema(cli, seed_text):
    result = cli("check", SEED, "--no-grammar", "--format", "jsonl")
    records = result.jsonl()
    assert len(records) == 1 and records[0]["status"] == "ok" and records[0]["suspect"]
    assert_records_valid(records, {str(SEED): seed_text})


def test_json_format_has_version_summary_and_documents(cli):
    result = cli("check", SEED, "--no-grammar", "--format", "json")
    payload = json.loads(result.out)
    assert set(payload) >= {"version", "summary", "documents"}
    assert payload["summary"]["documents"] == 1
    assert_records_valid(payload["documents"])


def test_jsonl_corpus_keeps_order_ids_and_reports_bad_lines(cli, tmp_path):
    corpus = tmp_path / "corpus.jsonl.gz"
    lines = [
        json.dumps({"id": "a", "text": "The minister met reporters on Thursday. He said little."}),
        "{not json",
        json.dumps({"text": "Reiterated Putin's demand, which he made on Wednesday."}),
        json.dumps({"id": "n", "text": 42}),
        json.dumps({"id": "custom", "body": "Shri. Modi spoke."}),
    ]
    corpus.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    result = cli("check", corpus, "--no-grammar", "--format", "jsonl")
    records = result.jsonl()
    assert [r["id"] for r in records] == ["a", f"{corpus}:2", f"{corpus}:3", "n", "custom"]
    assert [r["status"] for r in records] == ["ok", "error", "ok", "error", "error"]
    assert "malformed JSON" in records[1]["error"] and f"{corpus}:2" in records[1]["error"]
    assert "not a string" in records[3]["error"]
    assert result.code == 2
    assert_records_valid(records)


def test_text_field_and_id_field_options(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"key": "k1", "body": "Echoing his gestures, Shri."}) + "\n")
    records = cli(
        "check",
        corpus,
        "--no-grammar",
        "--format",
        "jsonl",
        "--text-field",
        "body",
        "--id-field",
        "key",
    ).jsonl()
    assert records[0]["id"] == "k1"
    assert any(f["code"] == "MT101" for s in records[0]["sentences"] for f in s["findings"])


def test_html_page_is_checked_on_its_extracted_article_text(cli, tmp_path, seed_text):
    paragraphs = "".join(f"<p>{line}</p>" for line in seed_text.splitlines()[1:])
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>t</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Blinken trades warnings</h1>{paragraphs}</article>"
        "<footer>© News Corp</footer></body></html>",
        encoding="utf-8",
    )
    records = cli("check", page, "--no-grammar", "--format", "jsonl").jsonl()
    assert records[0]["status"] == "ok" and records[0]["suspect"]
    codes = {f["code"] for s in records[0]["sentences"] for f in s["findings"]}
    assert {"MT201", "MT301"} <= codes
    assert all("News Corp" not in s["text"] for s in records[0]["sentences"])


def test_directory_is_walked_with_include_and_exclude_globs(cli, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("The council approved the budget on Monday.")
    (tmp_path / "sub" / "b.md").write_text("Min. The council met.")
    (tmp_path / "sub" / "skip.txt").write_text("Shri. ignored.")
    (tmp_path / "data.csv").write_text("x,y")
    records = cli("check", tmp_path, "--no-grammar", "--format", "jsonl", "--exclude", "skip*").jsonl()
    assert [r["id"] for r in records] == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.md")]
    assert_records_valid(records)


def test_stdin_is_read_with_dash(cli):
    result = cli("check", "-", "--no-grammar", "--format", "jsonl", stdin=b"Min. He spoke.")
    records = result.jsonl()
    assert records[0]["id"] == "<stdin>"
    assert records[0]["sentences"][0]["text"] == "Min."


def test_exit_codes(cli, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The council approved the budget on Monday after a long debate.")
    assert cli("check", clean, "--no-grammar").code == 0
    assert cli("check", SEED, "--no-grammar").code == 1
    assert cli("check", SEED, "--no-grammar", "--exit-zero").code == 0
    assert cli("check", tmp_path / "missing.txt", "--no-grammar").code == 2
    with pytest.raises(SystemExit) as usage:
        cli("check", "--format", "nope")
    assert usage.value.code == 2


def test_undecodable_and_binary_files_become_error_records(cli, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café au lait".encode("latin-1"))
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    records = cli("check", bad, binary, "--no-grammar", "--format", "jsonl").jsonl()
    assert "byte 3" in records[0]["error"] and str(bad) in records[0]["error"]
    assert "binary" in records[1]["error"]
    replaced = cli("check", bad, "--no-grammar", "--format", "jsonl", "--encoding-errors", "replace").jsonl()
    assert replaced[0]["status"] == "ok"


def test_output_file_is_written_atomically(cli, tmp_path):
    out = tmp_path / "out.jsonl"
    cli("check", SEED, "--no-grammar", "--format", "jsonl", "-o", out)
    assert json.loads(out.read_text())["id"] == str(SEED)
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert out.stat().st_mode & 0o044  # readable by others, like any file the user writes


def test_threshold_option_changes_the_verdict(cli):
    records = cli("check", SEED, "--no-grammar", "--format", "jsonl", "--threshold", "1").jsonl()
    assert not records[0]["suspect"]
    assert not any(s["suspect"] for s in records[0]["sentences"])


def test_jobs_gives_the_same_output_as_one_process(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": str(i), "text": f"Min. Report {i} was filed. Shri. It rained."}) + "\n" for i in range(20)
        )
    )
    one = cli("check", corpus, "--no-grammar", "--format", "jsonl", "--jobs", "1").out
    two = cli("check", corpus, "--no-grammar", "--format", "jsonl", "--jobs", "2").out
    assert one == two


def test_version(cli, capsys):
    with pytest.raises(SystemExit) as done:
        cli("--version")
    assert done.value.code == 0
    assert "mtlint 0." in capsys.readouterr().out
