"""--stats says what each step of checking found and cost: fires, sentences, seconds."""

import json

from mtlint.detector.pipeline import EXTRACTORS
from tests.conftest import SEED

# the rule codes each step makes (its findings' prefixes)
PREFIXES = {
    "honorifics": ("MT1",),
    "names": ("MT2", "MT3"),
    "fragments": ("MT4",),
    "repetition": ("MT5",),
    "surface": ("MT6",),
    "readability": (),
    "model": ("MT9",),
}


def test_stats_count_each_steps_findings_sentences_and_seconds(cli, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Min. The talks went on. Officials said that that was the plan.\n", encoding="utf-8")
    stats_file = tmp_path / "stats.json"
    result = cli("check", SEED, other, "--no-grammar", "--format", "jsonl", "--stats", stats_file)
    steps = json.loads(stats_file.read_text(encoding="utf-8"))["steps"]
    assert set(steps) == {"analysis", *EXTRACTORS, "model"}  # no LanguageTool step without grammar
    sentences = [s for record in result.jsonl() for s in record["sentences"]]
    for name, prefixes in PREFIXES.items():
        codes = [[f["code"] for f in s["findings"] if f["code"].startswith(prefixes or ("-",))] for s in sentences]
        assert steps[name]["fires"] == sum(map(len, codes)), name
        assert steps[name]["sentences"] == sum(1 for found in codes if found), name
    assert steps["honorifics"]["fires"] >= 2 and steps["model"]["sentences"] >= 0
    assert all(step["seconds"] >= 0 for step in steps.values())
    assert sum(step["seconds"] for step in steps.values()) > 0


def test_languagetool_is_a_step_of_its_own(cli, tmp_path, languagetool_url):
    text = tmp_path / "a.txt"
    text.write_text("The minister gave a interview on Monday. Min.\n", encoding="utf-8")
    stats_file = tmp_path / "stats.json"
    args = ("--languagetool-url", languagetool_url, "--grammar-scope", "all", "--stats", stats_file)
    result = cli("check", text, "--format", "jsonl", *args)
    steps = json.loads(stats_file.read_text(encoding="utf-8"))["steps"]
    found = [f["code"] for s in result.jsonl()[0]["sentences"] for f in s["findings"] if f["code"].startswith("LT:")]
    assert found and steps["grammar"]["fires"] == len(found) and steps["grammar"]["seconds"] > 0
