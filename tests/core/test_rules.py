"""The rule registry: complete, consistent with what the checker reports, and with the README."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from mtlint import load
from mtlint.core.rules import RULES, SENTENCE_LEVEL, lookup
from tests.conftest import ROOT, SEED

RULE_BACKED = [rule for rule in RULES.values() if rule.code.startswith("MT") and not rule.code.startswith("MT9")]


@pytest.fixture(scope="module")
def checker():
    return load(grammar=False)  # LanguageTool's own findings: tests/features/test_grammar.py


@pytest.mark.parametrize("rule", RULE_BACKED, ids=lambda rule: rule.code)
def test_each_rule_fires_on_its_garbled_example_and_not_on_its_fluent_one(checker, rule):
    garbled = {f.code for f in checker.check_text(rule.garbled).findings}
    fluent = {f.code for f in checker.check_text(rule.fluent).findings}
    assert rule.code in garbled
    assert rule.code not in fluent


@pytest.fixture(scope="module")
def corpus_texts(shared_data) -> list[str]:
    """The seed, the registry's own examples, and real sentences: MLQE-PE dev machine
    translations and WMT21 human news (the kinds of text mtlint is run on)."""
    texts = [SEED.read_text(encoding="utf-8")]
    texts += [rule.garbled for rule in RULES.values()]
    data = shared_data
    for path in (data / "mlqe-pe" / "ne-en.dev.jsonl", data / "wmt21-newstest-en" / "original_en.jsonl"):
        with path.open(encoding="utf-8") as lines:
            rows = [json.loads(line) for line in itertools.islice(lines, 400)]
        texts += [" ".join(row.get("mt") or row["text"] for row in rows[i : i + 20]) for i in range(0, 400, 20)]
    return texts


def test_every_code_the_checker_reports_is_registered_with_its_default_severity(checker, corpus_texts):
    seen = set()
    for text in corpus_texts:
        for finding in checker.check_text(text).findings:
            rule = lookup(finding.code)
            assert rule is not None, f"{finding.code} is not in core/rules.py"
            if not finding.code.startswith("LT:"):  # LanguageTool rates its own matches
                assert finding.severity == rule.severity, finding
            seen.add(finding.code)
    assert {"MT101", "MT105", "MT201", "MT301", "MT401"} <= seen


def test_fixes_have_the_safety_their_rule_declares(checker, corpus_texts):
    carried = set()
    for text in corpus_texts:
        doc = checker.check_text(text)
        for finding in doc.findings + doc.folded:  # folded: into a stronger rule's finding, same fix
            if finding.fix is not None:
                assert finding.fix.safety == lookup(finding.code).fix, finding
                carried.add(finding.code)
    assert carried == {code for code, rule in RULES.items() if rule.fix and code != "LT:"}


def test_sentence_level_rules_mark_whole_sentences(checker):
    doc = checker.check_text(SEED.read_text(encoding="utf-8"))
    for sentence in doc.sentences:
        for finding in sentence.findings:
            if finding.code in SENTENCE_LEVEL:
                assert (finding.start, finding.end) == (sentence.start, sentence.end)


def test_readme_rule_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Rule codes") :].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (MT\d{3}|LT:RULE_ID) \| (\w+) \| ([\w-]+) \| (.+) \|$", table, re.M)
    expected = [
        ("LT:RULE_ID" if r.code == "LT:" else r.code, r.severity, r.fix or "-", r.summary) for r in RULES.values()
    ]
    assert rows == expected


def test_languagetool_codes_share_one_entry_and_unknown_codes_have_none():
    assert lookup("LT:EN_A_VS_AN") is RULES["LT:"]
    assert lookup("MT999") is None


def test_rules_command_lists_every_code_as_json(cli):
    result = cli("rules", "--format", "json")
    listed = json.loads(result.out)
    assert result.code == 0
    assert [entry["code"] for entry in listed] == list(RULES)
    assert all(entry["summary"] and entry["explanation"] and entry["family"] for entry in listed)


def test_rule_command_explains_one_code_and_refuses_an_unknown_one(cli):
    result = cli("rule", "MT301")
    assert result.code == 0
    assert RULES["MT301"].explanation in result.out and RULES["MT301"].garbled in result.out
    assert "safe fix" in result.out
    unknown = cli("rule", "MT999")
    assert unknown.code == 2 and "MT999" in unknown.err
    assert cli("rule", "name-variant").out == result.out  # a rule name, as `mtlint rules` prints it
    assert "did you mean 'MT301'?" in cli("rule", "MT3O1").err


def test_a_finding_takes_its_severity_from_its_rule():
    from mtlint.core.rules import finding, languagetool_finding

    made = finding("MT502", "a stem repeated", 3, 9)
    assert (made.code, made.severity, made.start, made.end) == ("MT502", RULES["MT502"].severity, 3, 9)
    with pytest.raises(KeyError):
        finding("MT999", "no such rule", 0, 1)
    assert languagetool_finding("EN_A_VS_AN", "GRAMMAR", "a/an", 0, 1).severity == RULES["LT:"].severity
    assert languagetool_finding("COMMA", "PUNCTUATION", "a comma", 0, 1).severity == "info"


def test_findings_are_made_by_the_registry_only():
    """No module writes a rule's identity at a call site: ``Finding(...)`` is called in
    ``core/rules.py`` only (everywhere else through :func:`mtlint.core.rules.finding`)."""
    import ast

    calls = []
    for folder in ("core", "features", "detector", "reports", "training", "mtlint"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = getattr(node, "func", None)
                name = getattr(name, "id", None) or getattr(name, "attr", None)
                if isinstance(node, ast.Call) and name == "Finding":
                    calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls and all(call.startswith("core/rules.py:") for call in calls), calls
