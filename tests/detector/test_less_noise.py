"""Less noise (#27): one finding per problem where two rules flag the same words with the same
fix, and --min-severity / display-severity for what the report shows (the gate counts all)."""

import json

from mtlint import load
from tests.conftest import SEED


def test_one_finding_per_problem_the_stronger_rule_keeps_it(seed_text):
    doc = load(grammar=False).check_text(seed_text)
    shri = [f for f in doc.findings if doc.text[f.start : f.end] == "Shri." and f.start > 1200]
    assert [f.code for f in shri] == ["MT101"]
    assert "(also MT102: title 'Shri.' ends the sentence, not a name)" in shri[0].message
    assert [f.code for f in doc.folded] == ["MT102"]


def test_a_disabled_winner_leaves_the_other_finding_standing(tmp_path, cli, seed_text):
    (tmp_path / "mtlint.toml").write_text('disable = ["MT101"]\n')
    article = tmp_path / "a.txt"
    article.write_text(seed_text)
    record = cli("check", article, "--no-grammar", "--format", "jsonl").jsonl()[0]
    codes = [f["code"] for s in record["sentences"] for f in s["findings"]]
    assert "MT102" in codes and "MT101" not in codes


def test_a_baseline_accepts_the_folded_finding_too(tmp_path, cli):
    baseline = tmp_path / "b.json"
    cli("check", SEED, "--no-grammar", "--write-baseline", baseline)
    assert {"MT101", "MT102"} <= {e["code"] for e in json.loads(baseline.read_text())["findings"]}
    again = cli("check", SEED, "--no-grammar", "--baseline", baseline, "--format", "jsonl").jsonl()[0]
    assert [f for s in again["sentences"] for f in s["findings"]] == []


def test_min_severity_hides_info_from_the_report_but_not_from_the_gate(tmp_path, cli):
    shown = cli("check", SEED, "--no-grammar", "--min-severity", "warning", "--format", "jsonl")
    codes = {f["code"] for s in shown.jsonl()[0]["sentences"] for f in s["findings"]}
    assert "MT104" not in codes and "MT502" not in codes and "MT301" in codes
    (tmp_path / "mtlint.toml").write_text('display-severity = "error"\nfail-on-codes = ["MT104"]\n')
    article = tmp_path / "a.txt"
    article.write_text(SEED.read_text(encoding="utf-8"))
    gated = cli("check", article, "--no-grammar")
    assert gated.code == 1 and "MT104" not in gated.out and "MT402" not in gated.out  # gate on a hidden code
    (tmp_path / "mtlint.toml").write_text('display-severity = "loud"\n')
    assert "display-severity must be one of info, warning, error" in cli("check", article, "--no-grammar").err


def test_info_notes_come_last_in_the_terminal_table(cli):
    from mtlint.core.records import Summary
    from mtlint.reports.base import codes_by_weight

    summary = Summary(findings_by_code={"MT104": 5, "MT101": 2, "MT402": 3, "MT502": 2})
    assert [code for code, _ in codes_by_weight(summary)] == ["MT402", "MT101", "MT104", "MT502"]
