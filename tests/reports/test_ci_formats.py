import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from mtlint.core.formats import FORMATS
from tests.conftest import SEED


def test_sarif_validates_against_the_official_2_1_0_schema(cli, sarif_schema):
    result = cli("check", SEED, "--no-grammar", "--format", "sarif")
    log = json.loads(result.out)
    jsonschema.validate(log, sarif_schema)
    results = log["runs"][0]["results"]
    truncated = [r for r in results if r["ruleId"] == "MT201"]
    assert truncated[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_sarif_fixes_replace_character_ranges_of_the_file(cli, seed_text, sarif_schema):
    log = json.loads(cli("check", SEED, "--no-grammar", "--format", "sarif").out)
    jsonschema.validate(log, sarif_schema)
    fixed = {r["ruleId"]: r["fixes"][0] for r in log["runs"][0]["results"] if "fixes" in r}
    assert {"MT101", "MT105", "MT201", "MT301"} <= set(fixed)  # the seed's MT102 is folded into MT101
    change = fixed["MT301"]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == SEED.as_uri()
    region, inserted = change["replacements"][0]["deletedRegion"], change["replacements"][0]["insertedContent"]
    assert seed_text[region["charOffset"] : region["charOffset"] + region["charLength"]] == "Blinkon"
    assert inserted["text"] == "Blinken" and fixed["MT301"]["properties"]["safety"] == "safe"
    assert fixed["MT201"]["properties"]["safety"] == "unsafe"


def test_github_annotation_carries_the_suggestion(cli):
    out = cli("check", SEED, "--no-grammar", "--format", "github").out
    line = next(line for line in out.splitlines() if "MT301" in line)
    assert line.endswith("(safe fix: spell it 'Blinken', as the article does 13 times)")


def test_sarif_rules_carry_the_registry_descriptions_and_help(cli):
    from mtlint.core.rules import RULES

    log = json.loads(cli("check", SEED, "--no-grammar", "--format", "sarif").out)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"MT101", "MT201", "MT301", "MT401"} <= set(rules)
    for code, rule in rules.items():
        entry = RULES[code]
        assert rule["name"] == entry.name
        assert rule["shortDescription"]["text"] == entry.summary
        assert rule["fullDescription"]["text"] == entry.explanation
        assert entry.garbled in rule["help"]["text"] and entry.fluent in rule["help"]["markdown"]


def test_github_annotations_point_at_line_and_column(cli, seed_text):
    lines = cli("check", SEED, "--no-grammar", "--format", "github").out.splitlines()
    truncated = next(line for line in lines if "MT201" in line)
    assert truncated.startswith(f"::error file={SEED},line=2,col=")
    col = int(truncated.split("col=")[1].split(",")[0])
    assert seed_text.splitlines()[1][col - 1 :].startswith("Vladimir V.")


def test_junit_has_a_testcase_per_document_and_a_failure_per_suspect_one(cli, tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "ok", "text": "The council approved the budget on Monday."})
        + "\n"
        + json.dumps({"id": "bad", "text": "Min. Echoing his gestures, Shri."})
        + "\nnot json\n"
    )
    suite = ET.fromstring(cli("check", corpus, "--no-grammar", "--format", "junit").out)
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"ok", "bad", f"{corpus}:3"}
    assert cases["ok"].find("failure") is None
    assert cases["bad"].find("failure") is not None
    assert cases[f"{corpus}:3"].find("error") is not None
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("errors") == "1"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_an_error_record(cli, tmp_path, fmt):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\xff\xfe")  # not "\xff\xfe\x00\x00": that is an empty UTF-32 file, with its BOM
    result = cli("check", bad, "--no-grammar", "--format", fmt)
    assert result.code == 2
    assert "bad.txt" in result.out


def test_sarif_columns_count_utf16_code_units_after_an_emoji(cli, tmp_path, sarif_schema):
    doc = tmp_path / "emoji notes.md"
    text = "Crowds cheered 🎉 as the minister met Shri Modi in Delhi.\n"
    doc.write_text(text, encoding="utf-8")
    log = json.loads(cli("check", doc, "--no-grammar", "--format", "sarif").out)
    jsonschema.validate(log, sarif_schema)
    run = log["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    result = next(r for r in run["results"] if r["ruleId"] == "MT101")
    region = result["locations"][0]["physicalLocation"]["region"]
    units = text.encode("utf-16-le")
    start = 2 * (region["startColumn"] - 1)
    assert units[start : start + 8].decode("utf-16-le") == "Shri"  # one past the code-point column
    assert region["startColumn"] == text.index("Shri") + 2
    assert region["charOffset"] == region["startColumn"] - 1 and region["charLength"] == 4
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == doc.as_uri()
    assert all(r["helpUri"] and r["help"]["text"] for r in run["tool"]["driver"]["rules"])


def test_html_findings_sit_at_the_file_level_with_their_place_in_the_article(cli, tmp_path, sarif_schema):
    page = tmp_path / "story.html"
    body = "<p>The council approved the budget on Monday after a long debate in the chamber.</p>"
    page.write_text(f"<html><body><article>{body}<p>The minister met Shri Modi in Delhi on Tuesday.</p>"
                    "</article></body></html>", encoding="utf-8")  # fmt: skip
    log = json.loads(cli("check", page, "--no-grammar", "--format", "sarif").out)
    jsonschema.validate(log, sarif_schema)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "MT101")
    location = result["locations"][0]["physicalLocation"]
    assert "region" not in location and "fixes" not in result
    assert "in the article text extracted from the page: line 2, column" in result["message"]["text"]
    annotation = next(line for line in cli("check", page, "--no-grammar", "--format", "github").out.splitlines()
                      if "MT101" in line)  # fmt: skip
    assert annotation.startswith(f"::error file={page},title=mtlint MT101::") and "line=" not in annotation
    assert f"{page}: (extracted article 2:" in cli("check", page, "--no-grammar").out
