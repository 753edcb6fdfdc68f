"""One place counts a run: the summary, the gate and the exit code see exactly the documents the
report shows (after suppression, baseline and fixing), and the last line says why."""

import json
from pathlib import Path

DOUBLED = "The minister said the the budget was ready on Monday.\n"
HONORIFIC = "The minister met Shri Modi in Delhi on Tuesday.\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def last_line(result) -> str:
    return result.err.strip().splitlines()[-1]


def test_fix_exits_on_what_remains_not_on_what_was_fixed(cli, tmp_path):
    doc = write(tmp_path / "f.txt", DOUBLED)
    result = cli("check", doc, "--no-grammar", "--fix", "--fail-on-code", "MT501")
    assert "0 finding(s)" in result.out
    assert result.code == 0, result.err
    assert doc.read_text() == "The minister said the budget was ready on Monday.\n"
    assert last_line(result) == "mtlint: gate passed: no MT501 finding (fail-on-codes MT501)"


def test_fix_on_standard_input_is_judged_on_the_fixed_text(cli):
    result = cli("check", "-", "--no-grammar", "--fix", "--fail-on-code", "MT501", stdin=DOUBLED.encode())
    assert result.out == "The minister said the budget was ready on Monday.\n"
    assert result.code == 0, result.err


def test_a_disabled_family_no_longer_scores_its_document(cli, tmp_path):
    doc = write(tmp_path / "h.txt", HONORIFIC)
    assert cli("check", doc, "--no-grammar", "--fail-on-score", "0.5").code == 1  # scores 0.9 as it is
    write(tmp_path / "mtlint.toml", 'disable = ["MT1"]\n')
    report = cli("check", doc, "--no-grammar", "--fail-on-score", "0.5", "--format", "jsonl")
    record = report.jsonl()[0]
    assert not record["suspect"] and not record["sentences"][0]["findings"]
    assert record["score"] == 0.0  # derived after suppression, like suspect
    assert report.code == 0, report.err


def test_a_baseline_that_accepts_everything_passes_a_score_gate(cli, tmp_path):
    doc = write(tmp_path / "g.txt", "Min. Echoing Putin’s recent gestures, Shri.\n" + HONORIFIC)
    baseline = tmp_path / "baseline.json"
    assert cli("check", doc, "--no-grammar", "--write-baseline", baseline).code == 0
    result = cli("check", doc, "--no-grammar", "--baseline", baseline, "--fail-on-score", "0.9")
    assert result.code == 0, result.err
    assert "0 suspect" in result.out and "0 finding(s)" in result.out
    assert last_line(result) == "mtlint: gate passed: highest document score 0.000 < 0.9 (fail-on-score 0.9)"


def test_stats_and_report_count_the_same_documents_as_the_gate(cli, tmp_path):
    doc = write(tmp_path / "f.txt", DOUBLED)
    stats = tmp_path / "stats.json"
    result = cli("check", doc, "--no-grammar", "--fix", "--stats", stats, "--format", "json")
    counted = json.loads(stats.read_text())
    assert counted["findings_by_code"] == json.loads(result.out)["summary"]["findings_by_code"] == {}


def test_the_last_line_says_which_gate_applied_and_why(cli, tmp_path):
    clean = write(tmp_path / "clean.txt", "The council approved the budget on Monday.\n")
    bad = write(tmp_path / "bad.txt", HONORIFIC)
    passed = cli("check", clean, "--no-grammar")
    assert last_line(passed) == "mtlint: gate passed: no suspect sentence (default: any suspect sentence)"
    failed = cli("check", bad, "--no-grammar")
    assert last_line(failed) == "mtlint: gate failed: 1 suspect sentence(s) (default: any suspect sentence)"
    ratio = cli("check", clean, bad, "--no-grammar", "--max-suspect-ratio", "0.6")
    assert ratio.code == 0
    assert last_line(ratio) == "mtlint: gate passed: suspect ratio 50.0% <= 60% (max-suspect-ratio 0.6)"
    both = cli("check", bad, "--no-grammar", "--fail-on-severity", "error", "--fail-on-code", "MT5")
    assert both.code == 1
    assert last_line(both) == "mtlint: gate failed: 1 finding(s) of severity error or worse (fail-on-severity error)"
    zero = cli("check", bad, "--no-grammar", "--exit-zero")
    assert zero.code == 0 and last_line(zero).endswith("; exit 0 (--exit-zero)")
